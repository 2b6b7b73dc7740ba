/**
 * BrainSTEM's shared vocabularies (taxonomies): species, strains, brain regions, setup types and
 * behavioral paradigms. Everyone can read them on either portal.
 */
import { brainstemNode, json, optText, text, toMany, toOne } from './fields.ts';
import { filterInput, nameFilters, namedFilter, nameSort, relationFilter, sortEnum } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { BehavioralParadigmType, BrainRegionType, SetupTypeType, SpeciesType, StrainType } from './refs.ts';

brainstemNode(SpeciesType, 'species', 'A species (e.g. Mus musculus).', (t) => ({
  name: text(t, 'name', 'Name.'),
  description: optText(t, 'description', 'Description.'),
  rrid: optText(t, 'rrid', 'Research Resource Identifier.'),
  rridUrl: optText(t, 'rrid_url', 'Web page of the RRID.'),
  externalIdentifiers: json(t, 'external_identifiers', 'Identifiers in other registries.'),
}));

brainstemNode(StrainType, 'strain', 'A strain or line of a species (e.g. C57BL/6J); subjects name theirs.', (t) => ({
  name: text(t, 'name', 'Name.'),
  description: optText(t, 'description', 'Description.'),
  species: toOne(t, SpeciesType, 'species', 'species', 'Its species.'),
  rrid: optText(t, 'rrid', 'Research Resource Identifier.'),
  rridUrl: optText(t, 'rrid_url', 'Web page of the RRID.'),
  externalIdentifiers: json(t, 'external_identifiers', 'Identifiers in other registries.'),
}));

brainstemNode(BrainRegionType, 'brainregion', 'A brain region of an atlas.', (t) => ({
  name: text(t, 'name', 'Name, e.g. "Field CA1".'),
  acronym: text(t, 'acronym', 'Acronym in its atlas, e.g. "CA1".'),
  atlas: text(t, 'atlas', 'Atlas code, e.g. "AIA" (Allen) or "PW1997" (Paxinos & Watson).'),
  description: optText(t, 'description', 'Description.'),
}));

brainstemNode(SetupTypeType, 'setuptype', 'A kind of experimental setup.', (t) => ({
  name: text(t, 'name', 'Name.'),
  description: optText(t, 'description', 'Description.'),
  category: optText(t, 'category', 'Category letter (I, E, A, H, V, F or U).'),
}));

brainstemNode(
  BehavioralParadigmType,
  'behavioralparadigm',
  'A behavioral paradigm (e.g. a T-maze alternation task).',
  (t) => ({
    name: text(t, 'name', 'Name.'),
    description: optText(t, 'description', 'Description.'),
    categoryId: optText(t, 'category', 'BrainSTEM id of its behavioral category.'),
    species: toMany(t, SpeciesType, 'species', 'species', 'Species it is used with.'),
    originalPublication: optText(t, 'original_publication', 'Where it was first described.'),
    referenceUrl: optText(t, 'reference_url', 'A reference web page.'),
    rrid: optText(t, 'rrid', 'Research Resource Identifier.'),
    externalIdentifiers: json(t, 'external_identifiers', 'Identifiers in other registries.'),
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
    species: relationFilter('species.id', 'Of this species (BrainSTEM id).'),
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
    acronym: { type: 'String', key: 'acronym', description: 'Exactly this acronym, e.g. "CA1".' },
    atlas: { type: 'String', key: 'atlas', description: 'In this atlas, e.g. "AIA".' },
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
