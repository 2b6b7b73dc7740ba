/**
 * Typed views of DANDI's metadata documents (dandischema). Documents keep the shape of the schema
 * version they were written under, so every field here is nullable and lists default to empty.
 */
import type {
  ActivityLike,
  AssetsSummary,
  Contributor,
  Participant,
  PropertyValue,
  Typed,
} from '../../datasources/dandi-types.ts';
import { builder } from '../../src/builder.ts';

export const OntologyTermType = builder.objectRef<Typed>('OntologyTerm').implement({
  description:
    'A controlled-vocabulary term from a metadata document (species, approach, technique, sex, standard, ...).',
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: 'Human-readable name, e.g. "Mus musculus - House mouse".',
      resolve: (p) => p.name ?? null,
    }),
    identifier: t.string({
      nullable: true,
      description: 'Ontology identifier, often a URL (e.g. an NCBITaxon or PATO IRI) or an RRID.',
      resolve: (p) => p.identifier ?? null,
    }),
  }),
});

const terms = (list: Typed[] | undefined): Typed[] =>
  Array.isArray(list) ? list.filter((x) => x && typeof x === 'object') : [];
const strings = (list: unknown): string[] =>
  Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];

export const AffiliationType = builder.objectRef<Typed>('Affiliation').implement({
  description: 'An institution a person is affiliated with.',
  fields: (t) => ({
    name: t.string({ nullable: true, description: 'Institution name.', resolve: (p) => p.name ?? null }),
    identifier: t.string({
      nullable: true,
      description: 'ROR identifier URL, when given.',
      resolve: (p) => p.identifier ?? null,
    }),
  }),
});

export const ContributorType = builder.objectRef<Contributor>('Contributor').implement({
  description: "A person or organization credited in a dandiset's metadata.",
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: 'Name; people are written "Last, First".',
      resolve: (p) => p.name ?? null,
    }),
    kind: t.string({
      nullable: true,
      description: '"Person" or "Organization" (the document\'s `schemaKey`).',
      resolve: (p) => p.schemaKey ?? null,
    }),
    identifier: t.string({
      nullable: true,
      description: 'ORCID for people, ROR for organizations.',
      resolve: (p) => p.identifier ?? null,
    }),
    email: t.string({
      nullable: true,
      description: 'Contact e-mail, when published.',
      resolve: (p) => p.email ?? null,
    }),
    url: t.string({ nullable: true, description: 'Web page.', resolve: (p) => p.url ?? null }),
    roles: t.stringList({
      description: 'DataCite roles, e.g. "dcite:ContactPerson", "dcite:Author".',
      resolve: (p) => strings(p.roleName),
    }),
    isContactPerson: t.boolean({
      description: 'True when the roles include dcite:ContactPerson.',
      resolve: (p) => strings(p.roleName).includes('dcite:ContactPerson'),
    }),
    includeInCitation: t.boolean({
      nullable: true,
      description: 'Whether the name appears in the citation (absent in many documents).',
      resolve: (p) => p.includeInCitation ?? null,
    }),
    awardNumber: t.string({
      nullable: true,
      description: 'Grant number, for funders.',
      resolve: (p) => p.awardNumber ?? null,
    }),
    affiliations: t.field({
      type: [AffiliationType],
      description: 'Institutions of a person.',
      resolve: (p) => terms(p.affiliation),
    }),
  }),
});

export const AssetsSummaryType = builder.objectRef<AssetsSummary>('AssetsSummary').implement({
  description: "What a version's files contain, as the archive computed it from their metadata.",
  fields: (t) => ({
    numberOfBytes: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Total size in bytes.',
      resolve: (p) => p.numberOfBytes ?? null,
    }),
    numberOfFiles: t.int({ nullable: true, description: 'Number of files.', resolve: (p) => p.numberOfFiles ?? null }),
    numberOfSubjects: t.int({
      nullable: true,
      description: 'Number of distinct subjects.',
      resolve: (p) => p.numberOfSubjects ?? null,
    }),
    numberOfSamples: t.int({
      nullable: true,
      description: 'Number of samples (tissue, slices), when recorded.',
      resolve: (p) => p.numberOfSamples ?? null,
    }),
    numberOfCells: t.int({
      nullable: true,
      description: 'Number of cells, when recorded.',
      resolve: (p) => p.numberOfCells ?? null,
    }),
    species: t.field({
      type: [OntologyTermType],
      description: 'Species of the subjects.',
      resolve: (p) => terms(p.species),
    }),
    approaches: t.field({
      type: [OntologyTermType],
      description: 'Experimental approaches, e.g. "electrophysiological approach".',
      resolve: (p) => terms(p.approach),
    }),
    measurementTechniques: t.field({
      type: [OntologyTermType],
      description: 'Measurement techniques, e.g. "spike sorting technique".',
      resolve: (p) => terms(p.measurementTechnique),
    }),
    dataStandards: t.field({
      type: [OntologyTermType],
      description: 'Data standards, e.g. NWB, BIDS.',
      resolve: (p) => terms(p.dataStandard),
    }),
    variablesMeasured: t.stringList({
      description: 'Variables measured (NWB neurodata types such as "ElectricalSeries").',
      resolve: (p) =>
        (Array.isArray(p.variableMeasured) ? p.variableMeasured : [])
          .map((v) => (typeof v === 'string' ? v : typeof v?.value === 'string' ? v.value : null))
          .filter((v): v is string => v !== null),
    }),
  }),
});

export const ParticipantType = builder.objectRef<Participant>('Participant').implement({
  description: "A subject an asset's data were recorded from (its `wasAttributedTo`).",
  fields: (t) => ({
    identifier: t.string({
      nullable: true,
      description: 'Subject identifier within the dandiset.',
      resolve: (p) => p.identifier ?? null,
    }),
    species: t.field({
      type: OntologyTermType,
      nullable: true,
      description: 'Species.',
      resolve: (p) => p.species ?? null,
    }),
    sex: t.field({
      type: OntologyTermType,
      nullable: true,
      description: 'Sex, e.g. "Male", "Female", "Unknown".',
      resolve: (p) => p.sex ?? null,
    }),
    strain: t.field({
      type: OntologyTermType,
      nullable: true,
      description: 'Strain, when given.',
      resolve: (p) => p.strain ?? null,
    }),
    age: t.string({
      nullable: true,
      description: 'Age as an ISO-8601 duration, e.g. "P90D".',
      resolve: (p) => ageOf(p.age),
    }),
    ageReference: t.string({
      nullable: true,
      description: 'What the age counts from: "dandi:BirthReference" or "dandi:GestationalReference".',
      resolve: (p) => (typeof p.age?.valueReference?.value === 'string' ? p.age.valueReference.value : null),
    }),
    genotype: t.string({
      nullable: true,
      description: 'Genotype, when given as text.',
      resolve: (p) => (typeof p.genotype === 'string' ? p.genotype : null),
    }),
  }),
});

function ageOf(age: PropertyValue | undefined): string | null {
  return typeof age?.value === 'string' ? age.value : null;
}

export const ActivityType = builder.objectRef<ActivityLike>('RecordingSession').implement({
  description: "The session an asset's data were recorded in (the `Session` entry of its `wasGeneratedBy`).",
  fields: (t) => ({
    identifier: t.string({
      nullable: true,
      description: 'Session identifier from the data file.',
      resolve: (p) => p.identifier ?? null,
    }),
    name: t.string({ nullable: true, description: 'Session name.', resolve: (p) => p.name ?? null }),
    description: t.string({
      nullable: true,
      description: 'Session description.',
      resolve: (p) => p.description ?? null,
    }),
    startDate: t.string({
      nullable: true,
      description: 'Start time as written in the document (ISO-8601, offset kept).',
      resolve: (p) => p.startDate ?? null,
    }),
  }),
});

export interface DigestEntry {
  algorithm: string;
  value: string;
}

export const DigestType = builder.objectRef<DigestEntry>('Digest').implement({
  description: "A checksum of an asset's content.",
  fields: (t) => ({
    algorithm: t.exposeString('algorithm', {
      description: 'Algorithm, e.g. "dandi:dandi-etag", "dandi:sha2-256", "dandi:dandi-zarr-checksum".',
    }),
    value: t.exposeString('value', { description: 'Checksum value.' }),
  }),
});

export { terms, strings };
