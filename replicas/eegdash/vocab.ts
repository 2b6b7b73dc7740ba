/**
 * General domain vocabulary for the EEGDash seed: paradigms, populations, hardware, licences,
 * people. Nothing here is copied from a real catalogue entry; it is the kind of wording any
 * electrophysiology archive is full of.
 */

export type Modality = 'eeg' | 'meg' | 'ieeg' | 'emg';

export const MODALITY_LABEL: Record<Modality, string> = { eeg: 'EEG', meg: 'MEG', ieeg: 'iEEG', emg: 'EMG' };

export interface Paradigm {
  key: string;
  /** Lower-case phrase used in titles and READMEs. */
  label: string;
  /** BIDS task labels; a dataset uses one naming style. */
  tasks: readonly (readonly string[])[];
  /** Docs-table "modality of exp" and "type of exp" tags. */
  stimulus: string;
  type: string;
  /** Seconds per recording. */
  duration: readonly [number, number];
  modalities: readonly Modality[];
}

export const PARADIGMS: readonly Paradigm[] = [
  {
    key: 'rest',
    label: 'resting state',
    tasks: [['rest'], ['RestingState'], ['eyesclosed', 'eyesopen'], ['restEC', 'restEO']],
    stimulus: 'Resting State',
    type: 'Resting-state',
    duration: [120, 600],
    modalities: ['eeg', 'meg', 'ieeg'],
  },
  {
    key: 'oddball',
    label: 'auditory oddball',
    tasks: [['oddball'], ['AuditoryOddball'], ['P300'], ['auditoryoddball', 'rest']],
    stimulus: 'Auditory',
    type: 'Attention',
    duration: [300, 1200],
    modalities: ['eeg', 'meg'],
  },
  {
    key: 'visual-oddball',
    label: 'visual oddball',
    tasks: [['VisualOddball'], ['visualoddball'], ['threestimoddball']],
    stimulus: 'Visual',
    type: 'Attention',
    duration: [300, 1100],
    modalities: ['eeg'],
  },
  {
    key: 'motor-imagery',
    label: 'motor imagery',
    tasks: [['MotorImagery'], ['imagery'], ['motorimagery', 'motorexecution'], ['leftright']],
    stimulus: 'Visual',
    type: 'Motor',
    duration: [200, 600],
    modalities: ['eeg', 'meg'],
  },
  {
    key: 'nback',
    label: 'n-back working memory',
    tasks: [['nback'], ['NBack'], ['workingmemory'], ['0back', '2back']],
    stimulus: 'Visual',
    type: 'Memory',
    duration: [400, 1200],
    modalities: ['eeg', 'meg', 'ieeg'],
  },
  {
    key: 'sleep',
    label: 'overnight sleep',
    tasks: [['sleep'], ['Sleep'], ['nap']],
    stimulus: 'Sleep',
    type: 'Sleep',
    duration: [18_000, 30_000],
    modalities: ['eeg'],
  },
  {
    key: 'faces',
    label: 'face perception',
    tasks: [['FaceRecognition'], ['faces'], ['facerecognition'], ['FacePerception']],
    stimulus: 'Visual',
    type: 'Perception',
    duration: [600, 1800],
    modalities: ['eeg', 'meg', 'ieeg'],
  },
  {
    key: 'ssvep',
    label: 'steady-state visual evoked potentials',
    tasks: [['ssvep'], ['SSVEP'], ['flicker']],
    stimulus: 'Visual',
    type: 'Perception',
    duration: [180, 600],
    modalities: ['eeg'],
  },
  {
    key: 'gonogo',
    label: 'go/no-go inhibition',
    tasks: [['gonogo'], ['GoNoGo'], ['stopsignal']],
    stimulus: 'Visual',
    type: 'Attention',
    duration: [400, 900],
    modalities: ['eeg', 'meg'],
  },
  {
    key: 'flanker',
    label: 'Eriksen flanker',
    tasks: [['flanker'], ['Flanker'], ['arrowflanker']],
    stimulus: 'Visual',
    type: 'Attention',
    duration: [400, 900],
    modalities: ['eeg'],
  },
  {
    key: 'mmn',
    label: 'mismatch negativity',
    tasks: [['mmn'], ['MMN'], ['passive', 'active']],
    stimulus: 'Auditory',
    type: 'Perception',
    duration: [600, 1500],
    modalities: ['eeg', 'meg'],
  },
  {
    key: 'language',
    label: 'naturalistic speech listening',
    tasks: [['listening'], ['reading'], ['sentences'], ['story']],
    stimulus: 'Auditory',
    type: 'Other',
    duration: [600, 2400],
    modalities: ['eeg', 'meg', 'ieeg'],
  },
  {
    key: 'memory',
    label: 'episodic memory encoding',
    tasks: [['encoding', 'retrieval'], ['freerecall'], ['memory'], ['pairedassociates']],
    stimulus: 'Visual',
    type: 'Memory',
    duration: [900, 2400],
    modalities: ['eeg', 'ieeg'],
  },
  {
    key: 'reward',
    label: 'reward learning',
    tasks: [['gambling'], ['reward'], ['probabilisticlearning'], ['bandit']],
    stimulus: 'Visual',
    type: 'Learning',
    duration: [600, 1800],
    modalities: ['eeg', 'meg'],
  },
  {
    key: 'movie',
    label: 'movie watching',
    tasks: [['movie'], ['naturalistic'], ['DespicableMe', 'ThePresent']],
    stimulus: 'Multisensory',
    type: 'Perception',
    duration: [200, 900],
    modalities: ['eeg', 'meg', 'ieeg'],
  },
  {
    key: 'somatosensory',
    label: 'somatosensory stimulation',
    tasks: [['somatosensory'], ['median'], ['tactile']],
    stimulus: 'Tactile',
    type: 'Perception',
    duration: [300, 900],
    modalities: ['eeg', 'meg'],
  },
  {
    key: 'monitoring',
    label: 'clinical seizure monitoring',
    tasks: [['monitoring'], ['seizure'], ['interictal'], ['ictal', 'interictal']],
    stimulus: 'Other',
    type: 'Clinical/Intervention',
    duration: [900, 3600],
    modalities: ['ieeg', 'eeg'],
  },
  {
    key: 'anesthesia',
    label: 'propofol sedation',
    tasks: [['sedation'], ['anesthesia'], ['induction', 'emergence']],
    stimulus: 'Anesthesia',
    type: 'Clinical/Intervention',
    duration: [1200, 3600],
    modalities: ['eeg'],
  },
  {
    key: 'gesture',
    label: 'hand gesture',
    tasks: [['gesture'], ['grasp'], ['typing'], ['pinch', 'grasp', 'rest']],
    stimulus: 'Motor',
    type: 'Motor',
    duration: [60, 900],
    modalities: ['emg'],
  },
  {
    key: 'force',
    label: 'isometric force tracking',
    tasks: [['isometric'], ['force'], ['mvc', 'ramp']],
    stimulus: 'Motor',
    type: 'Motor',
    duration: [30, 300],
    modalities: ['emg'],
  },
];

export interface Condition {
  pathology: string;
  /** Legacy `clinical.group` / `clinical_group` value. */
  group: string;
  population: string;
  purpose: string;
}

export const CONDITIONS: readonly Condition[] = [
  {
    pathology: 'Epilepsy',
    group: 'epilepsy',
    population: 'patients with drug-resistant epilepsy',
    purpose: 'seizure onset localisation',
  },
  {
    pathology: "Parkinson's",
    group: 'parkinsons',
    population: "patients with Parkinson's disease",
    purpose: 'biomarker discovery',
  },
  {
    pathology: 'Schizophrenia/Psychosis',
    group: 'schizophrenia',
    population: 'patients with schizophrenia and matched controls',
    purpose: 'biomarker discovery',
  },
  {
    pathology: 'Depression',
    group: 'depression',
    population: 'adults with major depressive disorder',
    purpose: 'treatment monitoring',
  },
  {
    pathology: 'ADHD',
    group: 'adhd',
    population: 'children with ADHD and typically developing peers',
    purpose: 'diagnosis support',
  },
  {
    pathology: 'Autism',
    group: 'autism',
    population: 'autistic adolescents and controls',
    purpose: 'biomarker discovery',
  },
  {
    pathology: 'Stroke',
    group: 'stroke',
    population: 'chronic stroke survivors',
    purpose: 'rehabilitation monitoring',
  },
  {
    pathology: 'Dementia',
    group: 'dementia',
    population: "patients with Alzheimer's disease and healthy older adults",
    purpose: 'diagnosis support',
  },
  {
    pathology: 'TBI',
    group: 'tbi',
    population: 'adults after mild traumatic brain injury',
    purpose: 'outcome prediction',
  },
  {
    pathology: 'Insomnia',
    group: 'insomnia',
    population: 'adults with chronic insomnia',
    purpose: 'treatment monitoring',
  },
];

export interface Population {
  phrase: string;
  ages: readonly [number, number];
  subjectType: string;
}

export const POPULATIONS: readonly Population[] = [
  { phrase: 'healthy adults', ages: [18, 45], subjectType: 'Healthy' },
  { phrase: 'young adults', ages: [18, 30], subjectType: 'Healthy' },
  { phrase: 'older adults', ages: [60, 85], subjectType: 'Healthy' },
  { phrase: 'children', ages: [5, 12], subjectType: 'Development' },
  { phrase: 'adolescents', ages: [12, 18], subjectType: 'Development' },
  { phrase: 'university students', ages: [18, 28], subjectType: 'Healthy' },
];

export interface Device {
  manufacturer: string;
  model: string;
  extensions: readonly string[];
  sfreqs: readonly number[];
  /** Sensor counts this device is typically used with. */
  counts: readonly number[];
  layout: 'tenten' | 'egi' | 'biosemi' | 'neuromag' | 'ctf' | 'kit' | 'ieeg' | 'emg' | 'emotiv';
}

export const DEVICES: Record<Modality, readonly Device[]> = {
  eeg: [
    {
      manufacturer: 'Brain Products',
      model: 'BrainAmp DC',
      extensions: ['.vhdr'],
      sfreqs: [250, 500, 1000],
      counts: [32, 64, 96],
      layout: 'tenten',
    },
    {
      manufacturer: 'Brain Products',
      model: 'actiCHamp Plus',
      extensions: ['.vhdr', '.set'],
      sfreqs: [500, 1000],
      counts: [32, 64, 128],
      layout: 'tenten',
    },
    {
      manufacturer: 'BioSemi',
      model: 'ActiveTwo',
      extensions: ['.bdf', '.set'],
      sfreqs: [256, 512, 1024, 2048],
      counts: [32, 64, 128],
      layout: 'biosemi',
    },
    {
      manufacturer: 'Electrical Geodesics',
      model: 'Net Amps 300',
      extensions: ['.set', '.edf'],
      sfreqs: [250, 500, 1000],
      counts: [129, 257, 65],
      layout: 'egi',
    },
    {
      manufacturer: 'Neuroscan',
      model: 'SynAmps RT',
      extensions: ['.set', '.edf'],
      sfreqs: [500, 1000],
      counts: [64, 32],
      layout: 'tenten',
    },
    {
      manufacturer: 'g.tec',
      model: 'g.USBamp',
      extensions: ['.edf', '.set'],
      sfreqs: [256, 512],
      counts: [16, 32, 64],
      layout: 'tenten',
    },
    {
      manufacturer: 'ANT Neuro',
      model: 'eego mylab',
      extensions: ['.edf', '.set'],
      sfreqs: [500, 1000, 2048],
      counts: [32, 64],
      layout: 'tenten',
    },
    {
      manufacturer: 'Compumedics',
      model: 'Grael',
      extensions: ['.edf'],
      sfreqs: [256, 512],
      counts: [19, 21, 25],
      layout: 'tenten',
    },
    {
      manufacturer: 'Emotiv',
      model: 'EPOC X',
      extensions: ['.edf'],
      sfreqs: [128, 256],
      counts: [14],
      layout: 'emotiv',
    },
  ],
  meg: [
    {
      manufacturer: 'Elekta',
      model: 'Neuromag VectorView',
      extensions: ['.fif'],
      sfreqs: [1000, 600, 2000],
      counts: [306],
      layout: 'neuromag',
    },
    {
      manufacturer: 'MEGIN',
      model: 'TRIUX neo',
      extensions: ['.fif'],
      sfreqs: [1000, 2000],
      counts: [306],
      layout: 'neuromag',
    },
    {
      manufacturer: 'CTF',
      model: 'CTF-275',
      extensions: ['.ds'],
      sfreqs: [600, 1200, 2400],
      counts: [275],
      layout: 'ctf',
    },
    {
      manufacturer: 'KIT/Yokogawa',
      model: 'PQ1160C',
      extensions: ['.con'],
      sfreqs: [1000, 2000],
      counts: [157, 160],
      layout: 'kit',
    },
  ],
  ieeg: [
    {
      manufacturer: 'Natus',
      model: 'Quantum',
      extensions: ['.edf'],
      sfreqs: [512, 1024, 2048],
      counts: [0],
      layout: 'ieeg',
    },
    {
      manufacturer: 'Nihon Kohden',
      model: 'JE-120A',
      extensions: ['.edf', '.vhdr'],
      sfreqs: [1000, 2000],
      counts: [0],
      layout: 'ieeg',
    },
    {
      manufacturer: 'Blackrock Microsystems',
      model: 'NeuroPort',
      extensions: ['.nwb', '.edf'],
      sfreqs: [1000, 2000],
      counts: [0],
      layout: 'ieeg',
    },
    {
      manufacturer: 'Micromed',
      model: 'SD LTM 64 Express',
      extensions: ['.vhdr', '.set'],
      sfreqs: [512, 1024, 2048],
      counts: [0],
      layout: 'ieeg',
    },
  ],
  emg: [
    {
      manufacturer: 'Delsys',
      model: 'Trigno Avanti',
      extensions: ['.edf'],
      sfreqs: [1259.259, 2148.148],
      counts: [8, 16],
      layout: 'emg',
    },
    {
      manufacturer: 'OT Bioelettronica',
      model: 'Quattrocento',
      extensions: ['.bdf', '.edf'],
      sfreqs: [2048, 5120],
      counts: [64, 128],
      layout: 'emg',
    },
    {
      manufacturer: 'Noraxon',
      model: 'Ultium EMG',
      extensions: ['.edf'],
      sfreqs: [2000, 4000],
      counts: [8, 16],
      layout: 'emg',
    },
    {
      manufacturer: 'BioSemi',
      model: 'ActiveTwo',
      extensions: ['.bdf'],
      sfreqs: [2048, 4096],
      counts: [32],
      layout: 'emg',
    },
  ],
};

export const OPENNEURO_LICENSES = [
  'CC0',
  'CC0',
  'CC0',
  'CC0',
  'CC0',
  'CC0',
  'CC0',
  'CC0',
  'CC0',
  'CC-BY-4.0',
  'CC0-1.0',
] as const;
export const NEMAR_LICENSES = [
  'CC-BY-4.0',
  'CC0',
  'CC-BY-SA 4.0',
  'CC-BY-NC-SA-4.0',
  'CC-BY-NC-ND-4.0',
  'ODC-By-1.0',
  'CC BY 4.0',
] as const;

export const BIDS_VERSIONS = ['1.2.0', '1.4.0', '1.6.0', '1.7.0', '1.8.0', '1.9.0', '1.10.0'] as const;

export const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Carlos',
  'Chen',
  'Daniela',
  'David',
  'Elena',
  'Emma',
  'Farah',
  'Felix',
  'Giulia',
  'Hana',
  'Hiroshi',
  'Ines',
  'Jakob',
  'Jia',
  'Joanna',
  'Jonas',
  'Julia',
  'Karim',
  'Laura',
  'Lucas',
  'Maria',
  'Mateo',
  'Mei',
  'Mohammed',
  'Nadia',
  'Nikolai',
  'Olga',
  'Omar',
  'Pablo',
  'Priya',
  'Rafael',
  'Rosa',
  'Samuel',
  'Sara',
  'Sofia',
  'Tariq',
  'Thomas',
  'Tomasz',
  'Valentina',
  'Wei',
  'Yusuf',
  'Zoe',
  'Arnav',
  'Leila',
  'Pieter',
  'Ingrid',
] as const;

export const LAST_NAMES = [
  'Abadi',
  'Bauer',
  'Becker',
  'Bianchi',
  'Castro',
  'Chen',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Gupta',
  'Hansen',
  'Hoffmann',
  'Ibrahim',
  'Ito',
  'Jansen',
  'Kim',
  'Kowalski',
  'Kumar',
  'Larsen',
  'Laurent',
  'Lee',
  'Lopez',
  'Martin',
  'Meyer',
  'Moreau',
  'Nakamura',
  'Nguyen',
  'Novak',
  'Okafor',
  'Olsen',
  'Park',
  'Petrov',
  'Rossi',
  'Santos',
  'Schmidt',
  'Silva',
  'Singh',
  'Sousa',
  'Tanaka',
  'Vargas',
  'Visser',
  'Wagner',
  'Wang',
  'Weber',
  'Yamamoto',
  'Zhang',
  'Zielinski',
  'Haddad',
  'Lindqvist',
  'Moretti',
] as const;

export const INSTITUTIONS = [
  'Institute of Cognitive Neuroscience',
  'Center for Brain Research',
  'Department of Psychology, State University',
  'Neurology Clinic, University Hospital',
  'Computational Neuroscience Lab',
  'Institute for Human Brain Sciences',
  'Sleep Research Unit',
  'Epilepsy Surgery Center',
  'Human Neurophysiology Laboratory',
  'Motor Control Lab',
] as const;

export const FUNDERS = [
  'National Institutes of Health',
  'National Science Foundation',
  'European Research Council',
  'Wellcome Trust',
  'Deutsche Forschungsgemeinschaft',
  'Swiss National Science Foundation',
  'Japan Society for the Promotion of Science',
  'Canadian Institutes of Health Research',
  'Australian Research Council',
  'Dutch Research Council (NWO)',
] as const;

export const VALIDATOR_ISSUES = [
  'EVENTS_TSV_MISSING',
  'SIDECAR_KEY_RECOMMENDED',
  'CHANNELS_COLUMN_SFREQ',
  'PARTICIPANT_ID_MISMATCH',
  'README_FILE_MISSING',
  'INCONSISTENT_SUBJECTS',
  'TSV_ADDITIONAL_COLUMNS_UNDEFINED',
] as const;
