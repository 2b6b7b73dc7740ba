/**
 * General neuroscience vocabulary the seed draws from: ontology-backed species and sexes,
 * the approach / technique / neurodata-type names dandi-cli derives from NWB files,
 * brain regions, tasks, people and institutions. Only domain vocabulary, no archive records.
 */

export interface Species {
  name: string;
  identifier: string;
  common: string;
  /** Age range in days, for ISO-8601 durations. */
  ageDays: [number, number];
  weight: number;
}

export const SPECIES: readonly Species[] = [
  {
    name: 'Mus musculus - House mouse',
    identifier: 'http://purl.obolibrary.org/obo/NCBITaxon_10090',
    common: 'mouse',
    ageDays: [35, 420],
    weight: 55,
  },
  {
    name: 'Rattus norvegicus - Norway rat',
    identifier: 'http://purl.obolibrary.org/obo/NCBITaxon_10116',
    common: 'rat',
    ageDays: [50, 500],
    weight: 12,
  },
  {
    name: 'Homo sapiens - Human',
    identifier: 'http://purl.obolibrary.org/obo/NCBITaxon_9606',
    common: 'human',
    ageDays: [6570, 27375],
    weight: 10,
  },
  {
    name: 'Macaca mulatta - Rhesus monkey',
    identifier: 'http://purl.obolibrary.org/obo/NCBITaxon_9544',
    common: 'macaque',
    ageDays: [1460, 5475],
    weight: 8,
  },
  {
    name: 'Danio rerio - Zebra fish',
    identifier: 'http://purl.obolibrary.org/obo/NCBITaxon_7955',
    common: 'zebrafish',
    ageDays: [5, 9],
    weight: 5,
  },
  {
    name: 'Drosophila melanogaster - Fruit fly',
    identifier: 'http://purl.obolibrary.org/obo/NCBITaxon_7227',
    common: 'fly',
    ageDays: [2, 10],
    weight: 3,
  },
  {
    name: 'Callithrix jacchus - Common marmoset',
    identifier: 'http://purl.obolibrary.org/obo/NCBITaxon_9483',
    common: 'marmoset',
    ageDays: [700, 3000],
    weight: 3,
  },
  {
    name: 'Caenorhabditis elegans',
    identifier: 'http://purl.obolibrary.org/obo/NCBITaxon_6239',
    common: 'worm',
    ageDays: [2, 5],
    weight: 2,
  },
  {
    name: 'Mustela putorius furo - Domestic ferret',
    identifier: 'http://purl.obolibrary.org/obo/NCBITaxon_9669',
    common: 'ferret',
    ageDays: [40, 200],
    weight: 2,
  },
];

export const SEXES = [
  { name: 'Male', identifier: 'http://purl.obolibrary.org/obo/PATO_0000384' },
  { name: 'Female', identifier: 'http://purl.obolibrary.org/obo/PATO_0000383' },
] as const;

export interface Modality {
  key: string;
  approach: string;
  techniques: string[];
  variables: string[];
  /** Typical NWB file sizes for this modality, bytes. */
  sizeRange: [number, number];
}

export const MODALITIES: Record<string, Modality> = {
  ecephys: {
    key: 'ecephys',
    approach: 'electrophysiological approach',
    techniques: [
      'multi electrode extracellular electrophysiology recording technique',
      'spike sorting technique',
      'signal filtering technique',
    ],
    variables: ['ElectricalSeries', 'ElectrodeGroup', 'Units', 'LFP', 'ProcessingModule'],
    sizeRange: [2e7, 4e10],
  },
  icephys: {
    key: 'icephys',
    approach: 'electrophysiological approach',
    techniques: ['current clamp technique', 'voltage clamp technique', 'patch clamp technique'],
    variables: ['CurrentClampSeries', 'CurrentClampStimulusSeries', 'VoltageClampSeries', 'VoltageClampStimulusSeries'],
    sizeRange: [4e5, 1.5e8],
  },
  ophys: {
    key: 'ophys',
    approach: 'microscopy approach; cell population imaging',
    techniques: ['two-photon microscopy technique', 'analytical technique'],
    variables: ['TwoPhotonSeries', 'ImagingPlane', 'PlaneSegmentation', 'Fluorescence', 'ProcessingModule'],
    sizeRange: [1e8, 6e10],
  },
  behavior: {
    key: 'behavior',
    approach: 'behavioral approach',
    techniques: ['behavioral technique'],
    variables: ['BehavioralEvents', 'Position', 'SpatialSeries', 'BehavioralTimeSeries'],
    sizeRange: [1e5, 4e8],
  },
  ogen: {
    key: 'ogen',
    approach: 'optogenetic approach',
    techniques: ['surgical technique'],
    variables: ['OptogeneticSeries', 'OptogeneticStimulusSite'],
    sizeRange: [1e6, 5e8],
  },
  image: {
    key: 'image',
    approach: 'microscopy approach; cell population imaging',
    techniques: ['one-photon microscopy technique'],
    variables: ['OnePhotonSeries', 'ImagingPlane'],
    sizeRange: [5e7, 3e9],
  },
};

/** Modality combinations a dandiset may record, with rough frequencies. */
export const MODALITY_SETS: readonly { keys: string[][]; weight: number }[] = [
  { keys: [['ecephys']], weight: 16 },
  { keys: [['behavior', 'ecephys']], weight: 14 },
  { keys: [['icephys']], weight: 10 },
  { keys: [['ophys']], weight: 10 },
  { keys: [['behavior', 'ophys']], weight: 8 },
  { keys: [['behavior', 'ecephys', 'ogen']], weight: 5 },
  { keys: [['behavior']], weight: 5 },
  { keys: [['ecephys'], ['behavior']], weight: 5 },
  { keys: [['ophys'], ['behavior']], weight: 4 },
  { keys: [['image']], weight: 3 },
  { keys: [['icephys'], ['image']], weight: 3 },
];

export const STANDARDS = {
  nwb: { schemaKey: 'StandardsType', identifier: 'RRID:SCR_015242', name: 'Neurodata Without Borders (NWB)' },
  bids: { schemaKey: 'StandardsType', identifier: 'RRID:SCR_016124', name: 'Brain Imaging Data Structure (BIDS)' },
  ome: { schemaKey: 'StandardsType', identifier: 'DOI:10.25504/FAIRsharing.9af712', name: 'OME/NGFF Standard' },
} as const;

export const REGIONS: readonly { name: string; uberon: string; short: string }[] = [
  { name: 'hippocampal formation', uberon: 'UBERON_0002421', short: 'hippocampus' },
  { name: 'primary motor cortex', uberon: 'UBERON_0001384', short: 'motor cortex' },
  { name: 'visual cortex', uberon: 'UBERON_0000411', short: 'visual cortex' },
  { name: 'barrel cortex', uberon: 'UBERON_0010415', short: 'barrel cortex' },
  { name: 'prefrontal cortex', uberon: 'UBERON_0000451', short: 'prefrontal cortex' },
  { name: 'thalamus', uberon: 'UBERON_0001897', short: 'thalamus' },
  { name: 'striatum', uberon: 'UBERON_0002435', short: 'striatum' },
  { name: 'cerebellum', uberon: 'UBERON_0002037', short: 'cerebellum' },
  { name: 'amygdala', uberon: 'UBERON_0001876', short: 'amygdala' },
  { name: 'olfactory bulb', uberon: 'UBERON_0002264', short: 'olfactory bulb' },
  { name: 'hypothalamus', uberon: 'UBERON_0001898', short: 'hypothalamus' },
  { name: 'entorhinal cortex', uberon: 'UBERON_0002728', short: 'entorhinal cortex' },
  { name: 'superior colliculus', uberon: 'UBERON_0001945', short: 'superior colliculus' },
  { name: 'spinal cord', uberon: 'UBERON_0002240', short: 'spinal cord' },
  { name: 'ventral tegmental area', uberon: 'UBERON_0002691', short: 'VTA' },
  { name: 'habenula', uberon: 'UBERON_0001904', short: 'habenula' },
];

export const TASKS: readonly string[] = [
  'a delayed response task',
  'spatial navigation in a virtual corridor',
  'an auditory discrimination task',
  'visual stimulus presentation',
  'a go/no-go licking task',
  'free exploration of an open field',
  'a working memory task',
  'reward-guided decision making',
  'sleep and quiet wakefulness',
  'whisker-based object localization',
  'a reaching and grasping task',
  'fear conditioning',
  'odor-guided foraging',
  'an evidence accumulation task',
  'spontaneous activity at rest',
];

export const CELL_TYPES: readonly string[] = [
  'pyramidal neurons',
  'parvalbumin interneurons',
  'somatostatin interneurons',
  'granule cells',
  'dopaminergic neurons',
  'Purkinje cells',
  'mossy cells',
  'place cells',
  'grid cells',
  'motor neurons',
];

export const GENOTYPES: readonly string[] = [
  'wild type',
  'Pvalb-IRES-Cre',
  'Sst-IRES-Cre',
  'Vip-IRES-Cre',
  'Emx1-IRES-Cre',
  'Slc17a7-IRES2-Cre',
  'Thy1-GCaMP6s',
  'Ai14',
  'Ai32',
  'Ai148',
  'Dat-IRES-Cre',
  'Tac1-Cre',
  'Rbp4-Cre_KL100',
];

/** Laboratory strains by species common name. */
export const STRAINS: Record<string, readonly string[]> = {
  mouse: ['C57BL/6J', 'C57BL/6N', 'BALB/c', 'CD-1'],
  rat: ['Long Evans', 'Sprague Dawley', 'Wistar'],
};

export const FIRST_NAMES: readonly string[] = [
  'Lauren',
  'Ezequiel',
  'Brandon',
  'Esther',
  'Mei',
  'Arjun',
  'Sofia',
  'Jonas',
  'Aisha',
  'Hiroshi',
  'Camila',
  'Tomasz',
  'Nadia',
  'Kwame',
  'Ingrid',
  'Rafael',
  'Yuki',
  'Olivia',
  'Mateo',
  'Priya',
  'Lukas',
  'Fatima',
  'Chen',
  'Elena',
  'Samuel',
  'Amara',
  'Daniel',
  'Leila',
  'Björn',
  'Zoë',
  'Andrés',
  'Noor',
  'Gabriel',
  'Hana',
  'Marcus',
  'Irene',
  'Kofi',
  'Sara',
  'Dmitri',
  'Ana',
];

export const LAST_NAMES: readonly string[] = [
  'Nguyen',
  'Garcia',
  'Müller',
  'Okafor',
  'Tanaka',
  'Kowalski',
  'Haddad',
  'Johansson',
  'Rossi',
  'Patel',
  'Kim',
  'Silva',
  'Novak',
  'Mensah',
  'Larsen',
  'Moreau',
  'Ivanova',
  'Chen',
  'Schmidt',
  'Fernández',
  'Yamamoto',
  'Brown',
  'Cohen',
  'Singh',
  'Dubois',
  'Andersen',
  'Costa',
  'Wójcik',
  'Nakamura',
  'Baker',
  'Hernández',
  'Lindqvist',
  'Osei',
  'Papadopoulos',
  'Reyes',
  'Sato',
  'Walsh',
  'Zhang',
  'Abebe',
  'Ortiz',
];

export const INSTITUTIONS: readonly { name: string; ror: string; domain: string }[] = [
  { name: 'Massachusetts Institute of Technology', ror: 'https://ror.org/042nb2s44', domain: 'mit.edu' },
  { name: 'Harvard University', ror: 'https://ror.org/03vek6s52', domain: 'harvard.edu' },
  { name: 'Stanford University', ror: 'https://ror.org/00f54p054', domain: 'stanford.edu' },
  { name: 'University of California, San Francisco', ror: 'https://ror.org/043mz5j54', domain: 'ucsf.edu' },
  { name: 'University of Minnesota', ror: 'https://ror.org/017zqws13', domain: 'umn.edu' },
  { name: 'Allen Institute', ror: 'https://ror.org/03cpe7c52', domain: 'alleninstitute.org' },
  { name: 'New York University', ror: 'https://ror.org/0190ak572', domain: 'nyu.edu' },
  { name: 'Columbia University', ror: 'https://ror.org/00hj8s172', domain: 'columbia.edu' },
  { name: 'University College London', ror: 'https://ror.org/02jx3x895', domain: 'ucl.ac.uk' },
  { name: 'Janelia Research Campus', ror: 'https://ror.org/013sk6x84', domain: 'janelia.hhmi.org' },
  { name: 'Princeton University', ror: 'https://ror.org/00hx57361', domain: 'princeton.edu' },
  { name: 'California Institute of Technology', ror: 'https://ror.org/05dxps055', domain: 'caltech.edu' },
  { name: 'University of Washington', ror: 'https://ror.org/00cvxb145', domain: 'uw.edu' },
  { name: 'Johns Hopkins University', ror: 'https://ror.org/00za53h95', domain: 'jhu.edu' },
  { name: 'Yale University', ror: 'https://ror.org/03v76x132', domain: 'yale.edu' },
  { name: 'University of California, Berkeley', ror: 'https://ror.org/01an7q238', domain: 'berkeley.edu' },
  { name: 'Cold Spring Harbor Laboratory', ror: 'https://ror.org/02qz8b764', domain: 'cshl.edu' },
  { name: 'University of Southern California', ror: 'https://ror.org/03taz7m60', domain: 'usc.edu' },
];

export const FUNDERS: readonly { name: string; ror: string; award: string }[] = [
  { name: 'National Institute of Neurological Disorders and Stroke', ror: 'https://ror.org/01s5ya894', award: 'R01NS' },
  { name: 'National Institute of Mental Health', ror: 'https://ror.org/04xeg9z08', award: 'R01MH' },
  { name: 'National Institutes of Health', ror: 'https://ror.org/01cwqze88', award: 'U19NS' },
  { name: 'National Science Foundation', ror: 'https://ror.org/021nxhr62', award: 'IOS-' },
  { name: 'Simons Foundation', ror: 'https://ror.org/01cmst727', award: 'SCGB-' },
  { name: 'Wellcome Trust', ror: 'https://ror.org/029chgv08', award: 'WT' },
];

export const CITATION_ROLES: readonly string[] = [
  'dcite:Author',
  'dcite:Conceptualization',
  'dcite:DataCollector',
  'dcite:FormalAnalysis',
  'dcite:Investigation',
  'dcite:Methodology',
  'dcite:Software',
  'dcite:Supervision',
  'dcite:Visualization',
];

/** dandi-cli releases by the year they were current; asset metadata records the generator. */
export const CLI_VERSIONS: Record<number, readonly string[]> = {
  2020: ['0.6.4', '0.7.2'],
  2021: ['0.13.2', '0.18.0', '0.29.0'],
  2022: ['0.39.6', '0.46.3'],
  2023: ['0.48.1', '0.54.0', '0.58.0'],
  2024: ['0.59.1', '0.61.2', '0.63.1'],
  2025: ['0.66.7', '0.68.1', '0.69.3'],
  2026: ['0.71.2', '0.74.0'],
};

/** dandischema versions current in each year. */
export const SCHEMA_VERSIONS: Record<number, string> = {
  2020: '0.4.4',
  2021: '0.6.0',
  2022: '0.6.3',
  2023: '0.6.4',
  2024: '0.6.8',
  2025: '0.6.10',
  2026: '0.7.0',
};

export function weightedPick<T extends { weight: number }>(items: readonly T[], r: number): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let x = r * total;
  for (const item of items) {
    x -= item.weight;
    if (x < 0) return item;
  }
  return items[items.length - 1] as T;
}

/** Disorders human subjects and dandisets are `about` (Disease Ontology terms). */
export const DISORDERS: readonly { name: string; identifier: string }[] = [
  { name: 'epilepsy', identifier: 'http://purl.obolibrary.org/obo/DOID_1826' },
  { name: 'temporal lobe epilepsy', identifier: 'http://purl.obolibrary.org/obo/DOID_3328' },
  { name: "Parkinson's disease", identifier: 'http://purl.obolibrary.org/obo/DOID_14330' },
  { name: 'essential tremor', identifier: 'http://purl.obolibrary.org/obo/DOID_4990' },
];

/** Animal vendors (Participant `vendor`, an Organization). */
export const VENDORS: readonly { name: string; identifier: string; url: string }[] = [
  { name: 'The Jackson Laboratory', identifier: 'https://ror.org/021sy4w91', url: 'https://www.jax.org' },
  { name: 'Charles River Laboratories', identifier: 'https://ror.org/03ndmsg87', url: 'https://www.criver.com' },
  { name: 'Envigo', identifier: 'https://ror.org/01cgmh418', url: 'https://www.envigo.com' },
];

/** MGI ids of the transgenic loci behind GENOTYPES, for structured `GenotypeInfo` entries. */
export const GENOTYPE_LOCI: Record<string, { locus: string; allele: string; type: string }> = {
  'Pvalb-IRES-Cre': { locus: 'MGI:97821', allele: 'MGI:3590684', type: 'Targeted (Recombinase)' },
  'Sst-IRES-Cre': { locus: 'MGI:98326', allele: 'MGI:4838416', type: 'Targeted (Recombinase)' },
  'Vip-IRES-Cre': { locus: 'MGI:98933', allele: 'MGI:4431361', type: 'Targeted (Recombinase)' },
  'Emx1-IRES-Cre': { locus: 'MGI:95387', allele: 'MGI:2684610', type: 'Targeted (Recombinase)' },
  'Dat-IRES-Cre': { locus: 'MGI:106918', allele: 'MGI:3689434', type: 'Targeted (Recombinase)' },
  Ai14: { locus: 'MGI:104735', allele: 'MGI:3809524', type: 'Targeted (Reporter)' },
  Ai32: { locus: 'MGI:104735', allele: 'MGI:5013789', type: 'Targeted (Reporter)' },
};

/** Protocol repositories dandisets cite in `protocol`. */
export const PROTOCOL_HOSTS: readonly string[] = [
  'https://www.protocols.io/view',
  'https://dx.doi.org/10.17504/protocols.io',
];
