/**
 * Vocabulary for the synthetic BrainSTEM archive. People, labs and projects are invented;
 * species, strains, atlases, brain regions and vendors are the real-world names a neuroscience
 * lab notebook would hold.
 */

export interface LabDef {
  name: string;
  pi: [first: string, last: string];
  members: [string, string][];
  institution: string;
  department: string;
  city: string;
  country: string;
  slug: string;
  /** Research focus: picks species, modalities and topics for the lab's projects. */
  focus: 'rodent-ephys' | 'rodent-ophys' | 'human-eeg' | 'primate-ephys' | 'zebrafish-ophys';
}

// Lab 0 is alice's, lab 1 is bob's; the rest fill the archive.
export const LABS: LabDef[] = [
  {
    name: 'Lindqvist Lab',
    pi: ['Alice', 'Lindqvist'],
    members: [
      ['Jonas', 'Berg'],
      ['Mira', 'Sandoval'],
    ],
    institution: 'Nordic Institute for Neuroscience',
    department: 'Department of Neurobiology',
    city: 'Uppsala',
    country: 'Sweden',
    slug: 'lindqvistlab',
    focus: 'rodent-ephys',
  },
  {
    name: 'Okafor Lab',
    pi: ['Bob', 'Okafor'],
    members: [
      ['Chiara', 'Ferri'],
      ['Daniel', 'Mensah'],
    ],
    institution: 'Westbrook University',
    department: 'Center for Neural Circuits',
    city: 'Toronto',
    country: 'Canada',
    slug: 'okaforlab',
    focus: 'rodent-ophys',
  },
  {
    name: 'Moreau Lab',
    pi: ['Claire', 'Moreau'],
    members: [['Hugo', 'Lambert']],
    institution: 'Institut des Sciences Cognitives',
    department: 'Systems Neuroscience',
    city: 'Lyon',
    country: 'France',
    slug: 'moreaulab',
    focus: 'human-eeg',
  },
  {
    name: 'Tanaka Lab',
    pi: ['Kenji', 'Tanaka'],
    members: [
      ['Yui', 'Nakamura'],
      ['Sora', 'Ito'],
    ],
    institution: 'Kansai Brain Research Center',
    department: 'Laboratory for Neural Dynamics',
    city: 'Osaka',
    country: 'Japan',
    slug: 'tanakalab',
    focus: 'primate-ephys',
  },
  {
    name: 'Alvarez Lab',
    pi: ['Lucia', 'Alvarez'],
    members: [['Mateo', 'Ruiz']],
    institution: 'Universidad del Pacifico',
    department: 'Instituto de Neurociencias',
    city: 'Valparaiso',
    country: 'Chile',
    slug: 'alvarezlab',
    focus: 'zebrafish-ophys',
  },
  {
    name: 'Petrov Lab',
    pi: ['Ivan', 'Petrov'],
    members: [['Anna', 'Volkova']],
    institution: 'Baltic Center for Brain Science',
    department: 'Neurophysiology Unit',
    city: 'Riga',
    country: 'Latvia',
    slug: 'petrovlab',
    focus: 'rodent-ephys',
  },
];

export const SPECIES = [
  { name: 'Mus musculus', common: 'mouse', rrid: 'NCBITaxon_10090' },
  { name: 'Rattus norvegicus', common: 'rat', rrid: 'NCBITaxon_10116' },
  { name: 'Macaca mulatta', common: 'rhesus macaque', rrid: 'NCBITaxon_9544' },
  { name: 'Homo sapiens', common: 'human', rrid: 'NCBITaxon_9606' },
  { name: 'Danio rerio', common: 'zebrafish', rrid: 'NCBITaxon_7955' },
  { name: 'Callithrix jacchus', common: 'marmoset', rrid: 'NCBITaxon_9483' },
  { name: 'Drosophila melanogaster', common: 'fruit fly', rrid: 'NCBITaxon_7227' },
] as const;

/** [strain, species index, supplier index or -1] */
export const STRAINS: [string, number, number][] = [
  ['C57BL/6J', 0, 1],
  ['C57BL/6NCrl', 0, 0],
  ['Thy1-GCaMP6s (GP4.3)', 0, 1],
  ['PV-Cre', 0, 1],
  ['SST-Cre', 0, 1],
  ['VGAT-ChR2-EYFP', 0, 1],
  ['Ai14', 0, 1],
  ['DAT-IRES-Cre', 0, 1],
  ['CaMKIIa-Cre', 0, 1],
  ['Long-Evans', 1, 0],
  ['Sprague Dawley', 1, 2],
  ['Wistar', 1, 2],
  ['TH-Cre (Long-Evans)', 1, -1],
  ['Rhesus macaque (Indian origin)', 2, -1],
  ['Human participant', 3, -1],
  ['AB (wild type)', 4, -1],
  ['nacre', 4, -1],
  ['elavl3:H2B-GCaMP6s', 4, -1],
  ['Common marmoset', 5, -1],
  ['Canton-S', 6, -1],
];

export const SUPPLIERS: [string, string][] = [
  ['Charles River Laboratories', 'https://www.criver.com'],
  ['The Jackson Laboratory', 'https://www.jax.org'],
  ['Envigo', 'https://www.envigo.com'],
  ['NeuroNexus', 'https://www.neuronexus.com'],
  ['IMEC', 'https://www.neuropixels.org'],
  ['Intan Technologies', 'https://intantech.com'],
  ['Cambridge NeuroTech', 'https://www.cambridgeneurotech.com'],
  ['Thorlabs', 'https://www.thorlabs.com'],
  ['Doric Lenses', 'https://doriclenses.com'],
  ['Inscopix', 'https://www.inscopix.com'],
  ['Brain Products', 'https://www.brainproducts.com'],
  ['Addgene', 'https://www.addgene.org'],
];

/** [device, supplier index] */
export const HARDWARE: [string, number][] = [
  ['Neuropixels 1.0 probe', 4],
  ['Neuropixels 2.0 probe', 4],
  ['Buzsaki64 silicon probe', 3],
  ['A1x32-Poly3 probe', 3],
  ['RHD2164 headstage', 5],
  ['RHD USB interface board', 5],
  ['ASSY-236 H10 probe', 6],
  ['Bergamo II two-photon microscope', 7],
  ['Fiber photometry console', 8],
  ['nVista 3.0 miniscope', 9],
  ['actiCHamp Plus amplifier', 10],
  ['Open Ephys acquisition board', 5],
];

/** AIA acronyms/names for mice, a few rat atlas (PW1997) regions; [acronym, name, atlas]. */
export const REGIONS: [string, string, string][] = [
  ['CA1', 'Field CA1', 'AIA'],
  ['CA3', 'Field CA3', 'AIA'],
  ['DG', 'Dentate gyrus', 'AIA'],
  ['SUB', 'Subiculum', 'AIA'],
  ['ENTm', 'Entorhinal area, medial part', 'AIA'],
  ['ENTl', 'Entorhinal area, lateral part', 'AIA'],
  ['VISp', 'Primary visual area', 'AIA'],
  ['VISl', 'Lateral visual area', 'AIA'],
  ['VISam', 'Anteromedial visual area', 'AIA'],
  ['MOp', 'Primary motor area', 'AIA'],
  ['MOs', 'Secondary motor area', 'AIA'],
  ['SSp-bfd', 'Primary somatosensory area, barrel field', 'AIA'],
  ['PL', 'Prelimbic area', 'AIA'],
  ['ILA', 'Infralimbic area', 'AIA'],
  ['ACAd', 'Anterior cingulate area, dorsal part', 'AIA'],
  ['ORBl', 'Orbital area, lateral part', 'AIA'],
  ['RSPd', 'Retrosplenial area, dorsal part', 'AIA'],
  ['LGd', 'Dorsal part of the lateral geniculate complex', 'AIA'],
  ['LP', 'Lateral posterior nucleus of the thalamus', 'AIA'],
  ['MD', 'Mediodorsal nucleus of thalamus', 'AIA'],
  ['RE', 'Nucleus of reuniens', 'AIA'],
  ['CP', 'Caudoputamen', 'AIA'],
  ['ACB', 'Nucleus accumbens', 'AIA'],
  ['VTA', 'Ventral tegmental area', 'AIA'],
  ['SNc', 'Substantia nigra, compact part', 'AIA'],
  ['BLA', 'Basolateral amygdalar nucleus', 'AIA'],
  ['CEA', 'Central amygdalar nucleus', 'AIA'],
  ['MS', 'Medial septal nucleus', 'AIA'],
  ['LHA', 'Lateral hypothalamic area', 'AIA'],
  ['SCm', 'Superior colliculus, motor related', 'AIA'],
  ['PAG', 'Periaqueductal gray', 'AIA'],
  ['CB', 'Cerebellum', 'AIA'],
  ['CA1', 'Field CA1 of hippocampus', 'PW1997'],
  ['DG', 'Dentate gyrus', 'PW1997'],
  ['PrL', 'Prelimbic cortex', 'PW1997'],
  ['MEnt', 'Medial entorhinal cortex', 'PW1997'],
  ['MS', 'Medial septal nucleus', 'PW1997'],
  ['AcbC', 'Accumbens nucleus, core', 'PW1997'],
];

/** [name, category, description] */
export const SETUP_TYPES: [string, string, string][] = [
  ['Home cage', 'H', 'Standard housing cage used for sleep and rest recordings'],
  ['Linear track', 'E', 'Elevated linear track with reward wells at both ends'],
  ['Open field', 'E', 'Square open arena for free exploration'],
  ['T-maze', 'E', 'Figure-eight / T-maze for spatial alternation'],
  ['Head-fixed virtual reality rig', 'V', 'Head-fixed rig with treadmill and virtual corridor display'],
  ['Operant chamber', 'A', 'Sound-attenuated operant box with nose pokes and levers'],
  ['Recording booth', 'I', 'Electrically shielded booth for human EEG'],
  ['Primate chair rig', 'F', 'Primate chair with eye tracking and touchscreen'],
  ['Larval imaging platform', 'U', 'Agarose-mounted larval zebrafish under a light-sheet/two-photon objective'],
  ['Sleep box', 'H', 'Enclosed box for long sleep recordings'],
];

/** [paradigm, species indices] */
export const PARADIGMS: [string, number[]][] = [
  ['Spatial alternation', [0, 1]],
  ['Morris water maze', [0, 1]],
  ['Passive visual stimulation', [0, 2, 4]],
  ['Go/no-go discrimination', [0, 1, 2]],
  ['Fear conditioning', [0, 1]],
  ['Free foraging', [0, 1]],
  ['Resting state', [3]],
  ['Oddball paradigm', [3]],
  ['Delayed match to sample', [2, 3]],
  ['Optokinetic response', [4]],
];

export const JOURNALS: [string, string][] = [
  ['bioRxiv', 'https://www.biorxiv.org'],
  ['eLife', 'https://elifesciences.org'],
  ['Neuron', 'https://www.cell.com/neuron'],
  ['Nature Neuroscience', 'https://www.nature.com/neuro'],
  ['Journal of Neuroscience', 'https://www.jneurosci.org'],
  ['Cell Reports', 'https://www.cell.com/cell-reports'],
  ['PLOS Biology', 'https://journals.plos.org/plosbiology'],
  ['Scientific Data', 'https://www.nature.com/sdata'],
  ['NeuroImage', 'https://www.sciencedirect.com/journal/neuroimage'],
  ['Current Biology', 'https://www.cell.com/current-biology'],
  ['eNeuro', 'https://www.eneuro.org'],
  ['Science', 'https://www.science.org'],
];

export const TOPICS: Record<LabDef['focus'], string[]> = {
  'rodent-ephys': [
    'Theta sequences in {r} during spatial navigation',
    'Sharp-wave ripples in {r} during sleep',
    'Replay of maze trajectories in {r}',
    'Grid cell dynamics in {r}',
    'Septal control of hippocampal theta via {r}',
    'Prefrontal-hippocampal coupling in {r}',
    'Cooling-induced perturbation of {r} rhythms',
    'Mossy cell activity in {r}',
    'Head-direction signals in {r}',
    'Spike timing in {r} during fear memory retrieval',
    'Large-scale Neuropixels recordings across {r}',
  ],
  'rodent-ophys': [
    'Two-photon imaging of {r} during visual discrimination',
    'Dopamine release in {r} during reward learning',
    'Fiber photometry of {r} in social behavior',
    'Miniscope imaging of {r} place cells',
    'Calcium dynamics of interneurons in {r}',
    'Optogenetic silencing of {r} in decision making',
    'Population coding of locomotion in {r}',
  ],
  'human-eeg': [
    'Resting-state EEG of {r} networks',
    'Auditory oddball responses over {r}',
    'Sleep spindles and memory consolidation ({r})',
    'Visual working memory load and {r} alpha',
    'Motor imagery decoding from {r}',
  ],
  'primate-ephys': [
    'Working memory activity in {r} of macaques',
    'Saccade planning signals in {r}',
    'Laminar recordings in {r}',
    'Attention modulation of {r} populations',
  ],
  'zebrafish-ophys': [
    'Whole-brain imaging of larval zebrafish {r}',
    'Optokinetic circuits in zebrafish {r}',
    'Prey capture activity in zebrafish {r}',
  ],
};

export const TOPIC_REGIONS: Record<LabDef['focus'], string[]> = {
  'rodent-ephys': ['CA1', 'CA3', 'DG', 'ENTm', 'MS', 'PL', 'RE', 'SUB'],
  'rodent-ophys': ['VISp', 'ACB', 'VTA', 'BLA', 'MOs', 'SSp-bfd', 'CA1', 'CP'],
  'human-eeg': ['frontal', 'parietal', 'occipital', 'temporal', 'central'],
  'primate-ephys': ['MOs', 'PL', 'LP', 'SCm'],
  'zebrafish-ophys': ['tectum', 'hindbrain', 'pretectum', 'habenula'],
};

export const TAGS = [
  'hippocampus',
  'sleep',
  'navigation',
  'neuropixels',
  'silicon-probe',
  'calcium-imaging',
  'optogenetics',
  'reward',
  'memory',
  'theta',
  'ripples',
  'visual-cortex',
  'eeg',
  'resting-state',
  'decision-making',
  'interneurons',
  'dopamine',
  'head-fixed',
  'freely-moving',
  'pilot',
  'curated',
  'nwb',
];
