/**
 * BrainSTEM's shared vocabularies (taxonomies): species, strains, brain regions, setup types and
 * behavioral paradigms. Everyone can read them on either portal.
 */
import { brainstemNode } from './fields.ts';
import {
  filterInput,
  nameFilters,
  namedFilter,
  nameSort,
  relationCondition,
  sortEnum,
  textCondition,
} from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { BehavioralParadigmType, BrainRegionType, SetupTypeType, SpeciesType, StrainType } from './refs.ts';

brainstemNode(SpeciesType, 'species', 'A species (e.g. Mus musculus).', (_, doc) => ({
  name: doc.requiredText('name', 'Name.'),
  description: doc.text('description', 'Description.'),
  rrid: doc.text('rrid', 'Research Resource Identifier.'),
  rridUrl: doc.text('rrid_url', 'Web page of the RRID.'),
  externalIdentifiers: doc.json('external_identifiers', 'Identifiers in other registries.'),
}));

brainstemNode(
  StrainType,
  'strain',
  'A strain or line of a species (e.g. C57BL/6J); subjects name theirs.',
  (_, doc, rel) => ({
    name: doc.requiredText('name', 'Name.'),
    description: doc.text('description', 'Description.'),
    species: rel.toOne(SpeciesType, 'species', 'species', 'Its species.'),
    rrid: doc.text('rrid', 'Research Resource Identifier.'),
    rridUrl: doc.text('rrid_url', 'Web page of the RRID.'),
    externalIdentifiers: doc.json('external_identifiers', 'Identifiers in other registries.'),
  }),
);

brainstemNode(BrainRegionType, 'brainregion', 'A brain region of an atlas.', (_, doc) => ({
  name: doc.requiredText('name', 'Name, e.g. "Field CA1".'),
  acronym: doc.requiredText('acronym', 'Acronym in its atlas, e.g. "CA1".'),
  atlas: doc.requiredText('atlas', 'Atlas code, e.g. "AIA" (Allen) or "PW1997" (Paxinos & Watson).'),
  description: doc.text('description', 'Description.'),
}));

brainstemNode(SetupTypeType, 'setuptype', 'A kind of experimental setup.', (_, doc) => ({
  name: doc.requiredText('name', 'Name.'),
  description: doc.text('description', 'Description.'),
  category: doc.text('category', 'Category letter (I, E, A, H, V, F or U).'),
}));

brainstemNode(
  BehavioralParadigmType,
  'behavioralparadigm',
  'A behavioral paradigm (e.g. a T-maze alternation task).',
  (_, doc, rel) => ({
    name: doc.requiredText('name', 'Name.'),
    description: doc.text('description', 'Description.'),
    categoryId: doc.text('category', 'BrainSTEM id of its behavioral category.'),
    species: rel.toMany(SpeciesType, 'species', 'species', 'Species it is used with.'),
    originalPublication: doc.text('original_publication', 'Where it was first described.'),
    referenceUrl: doc.text('reference_url', 'A reference web page.'),
    rrid: doc.text('rrid', 'Research Resource Identifier.'),
    externalIdentifiers: doc.json('external_identifiers', 'Identifiers in other registries.'),
  }),
);

const catalog = { filter: namedFilter, sort: nameSort };
brainstemRootFields({
  model: 'species',
  type: SpeciesType,
  typeName: 'Species',
  one: 'species',
  many: 'speciesList',
  noun: 'species',
  ...catalog,
});
brainstemRootFields({
  model: 'strain',
  type: StrainType,
  typeName: 'Strain',
  one: 'strain',
  many: 'strains',
  noun: 'strains',
  sort: nameSort,
  filter: filterInput('StrainFilter', 'Conditions on strains.', {
    ...nameFilters('strain'),
    species: relationCondition('species.id', 'Of this species (BrainSTEM id).'),
  }),
  includes: { species: { relation: 'species', model: 'species' } },
});
brainstemRootFields({
  model: 'brainregion',
  type: BrainRegionType,
  typeName: 'BrainRegion',
  one: 'brainRegion',
  many: 'brainRegions',
  noun: 'brain regions',
  filter: filterInput('BrainRegionFilter', 'Conditions on brain regions.', {
    ...nameFilters('region'),
    acronym: textCondition('acronym', 'Exactly this acronym, e.g. "CA1".'),
    atlas: textCondition('atlas', 'In this atlas, e.g. "AIA".'),
  }),
  sort: sortEnum('BrainRegionSort', 'brain regions', { NAME: ['name', 'name'], ACRONYM: ['acronym', 'acronym'] }),
});
brainstemRootFields({
  model: 'setuptype',
  type: SetupTypeType,
  typeName: 'SetupType',
  one: 'setupType',
  many: 'setupTypes',
  noun: 'setup types',
  ...catalog,
});
brainstemRootFields({
  model: 'behavioralparadigm',
  type: BehavioralParadigmType,
  typeName: 'BehavioralParadigm',
  one: 'behavioralParadigm',
  many: 'behavioralParadigms',
  noun: 'behavioral paradigms',
  ...catalog,
});
