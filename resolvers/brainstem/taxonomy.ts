/**
 * BrainSTEM's shared vocabularies (taxonomies): species, strains, brain regions, setup types and
 * behavioral paradigms. Everyone can read them on either portal.
 */
import { brainstemNode } from './fields.ts';
import { nameFilters, namedFilter, nameSort, relationCondition, textCondition } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { BehavioralParadigmType, BrainRegionType, SetupTypeType, SpeciesType, StrainType } from './refs.ts';

brainstemNode(SpeciesType, 'A species (e.g. Mus musculus).', (_, doc) => ({
  name: doc.requiredText('name', 'Name.'),
  description: doc.text('description', 'Description.'),
  rrid: doc.text('rrid', 'Research Resource Identifier.'),
  rridUrl: doc.text('rrid_url', 'Web page of the RRID.'),
  externalIdentifiers: doc.json('external_identifiers', 'Identifiers in other registries.'),
}));

brainstemNode(StrainType, 'A strain or line of a species (e.g. C57BL/6J); subjects name theirs.', (_, doc, rel) => ({
  name: doc.requiredText('name', 'Name.'),
  description: doc.text('description', 'Description.'),
  species: rel.toOne(SpeciesType, 'species', 'Its species.'),
  rrid: doc.text('rrid', 'Research Resource Identifier.'),
  rridUrl: doc.text('rrid_url', 'Web page of the RRID.'),
  externalIdentifiers: doc.json('external_identifiers', 'Identifiers in other registries.'),
}));

brainstemNode(BrainRegionType, 'A brain region of an atlas.', (_, doc) => ({
  name: doc.requiredText('name', 'Name, e.g. "Field CA1".'),
  acronym: doc.requiredText('acronym', 'Acronym in its atlas, e.g. "CA1".'),
  atlas: doc.requiredText('atlas', 'Atlas code, e.g. "AIA" (Allen) or "PW1997" (Paxinos & Watson).'),
  description: doc.text('description', 'Description.'),
}));

brainstemNode(SetupTypeType, 'A kind of experimental setup.', (_, doc) => ({
  name: doc.requiredText('name', 'Name.'),
  description: doc.text('description', 'Description.'),
  category: doc.text('category', 'Category letter (I, E, A, H, V, F or U).'),
}));

brainstemNode(BehavioralParadigmType, 'A behavioral paradigm (e.g. a T-maze alternation task).', (_, doc, rel) => ({
  name: doc.requiredText('name', 'Name.'),
  description: doc.text('description', 'Description.'),
  categoryId: doc.text('category', 'BrainSTEM id of its behavioral category.'),
  species: rel.toMany(SpeciesType, 'species', 'Species it is used with.'),
  originalPublication: doc.text('original_publication', 'Where it was first described.'),
  referenceUrl: doc.text('reference_url', 'A reference web page.'),
  rrid: doc.text('rrid', 'Research Resource Identifier.'),
  externalIdentifiers: doc.json('external_identifiers', 'Identifiers in other registries.'),
}));

const catalog = { filter: namedFilter, sort: nameSort };
brainstemRootFields(SpeciesType, catalog);
brainstemRootFields(StrainType, {
  sort: nameSort,
  filter: {
    ...nameFilters('strain'),
    species: relationCondition('species.id', 'Of this species (BrainSTEM id).'),
  },
  includes: ['species'],
});
brainstemRootFields(BrainRegionType, {
  filter: {
    ...nameFilters('region'),
    acronym: textCondition('acronym', 'Exactly this acronym, e.g. "CA1".'),
    atlas: textCondition('atlas', 'In this atlas, e.g. "AIA".'),
  },
  sort: { NAME: ['name', 'name'], ACRONYM: ['acronym', 'acronym'] },
});
brainstemRootFields(SetupTypeType, catalog);
brainstemRootFields(BehavioralParadigmType, catalog);
