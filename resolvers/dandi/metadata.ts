/**
 * Typed views of DANDI's metadata documents (dandischema). Documents keep the shape of the schema
 * version they were written under, so every object here is a loose document read through the
 * shared readers (resolvers/document.ts): every field is nullable and lists default to empty.
 */
import { builder } from '../../src/builder.ts';
import { partType, readBoolean, readInt, readObject, readObjects, readText, readTexts } from '../document.ts';

/** A metadata object as sent: any keys, any values. */
export type MetadataObject = Record<string, unknown>;

export const OntologyTermType = partType(
  'OntologyTerm',
  'A controlled-vocabulary term from a metadata document (species, approach, technique, sex, standard, ...).',
  (doc) => ({
    name: doc.text('name', 'Human-readable name, e.g. "Mus musculus - House mouse".'),
    identifier: doc.text('identifier', 'Ontology identifier, often a URL (e.g. an NCBITaxon or PATO IRI) or an RRID.'),
  }),
);

export const AffiliationType = partType('Affiliation', 'An institution a person is affiliated with.', (doc) => ({
  name: doc.text('name', 'Institution name.'),
  identifier: doc.text('identifier', 'ROR identifier URL, when given.'),
}));

export const ContributorType = partType(
  'Contributor',
  "A person or organization credited in a dandiset's metadata.",
  (doc, t) => ({
    name: doc.text('name', 'Name; people are written "Last, First".'),
    kind: doc.text('schemaKey', '"Person" or "Organization" (the document\'s `schemaKey`).'),
    identifier: doc.text('identifier', 'ORCID for people, ROR for organizations.'),
    email: doc.text('email', 'Contact e-mail, when published.'),
    url: doc.text('url', 'Web page.'),
    roles: doc.texts('roleName', 'DataCite roles, e.g. "dcite:ContactPerson", "dcite:Author".'),
    isContactPerson: t.boolean({
      description: 'True when the roles include dcite:ContactPerson.',
      resolve: (p) => readTexts(p.roleName).includes('dcite:ContactPerson'),
    }),
    includeInCitation: t.boolean({
      nullable: true,
      description: 'Whether the name appears in the citation (absent in many documents).',
      resolve: (p) => readBoolean(p.includeInCitation),
    }),
    awardNumber: doc.text('awardNumber', 'Grant number, for funders.'),
    affiliations: t.field({
      type: [AffiliationType],
      description: 'Institutions of a person.',
      resolve: (p) => readObjects(p.affiliation),
    }),
  }),
);

/** `variableMeasured` entries are plain strings in summaries and PropertyValues in assets. */
export const variableNames = (list: unknown): string[] =>
  (Array.isArray(list) ? list : [])
    .map((v) => readText(v) ?? readText(readObject(v)?.value))
    .filter((v): v is string => v !== null);

export const AssetsSummaryType = partType(
  'AssetsSummary',
  "What a version's files contain, as the archive computed it from their metadata.",
  (doc, t) => {
    const termList = (key: string, description: string) =>
      t.field({ type: [OntologyTermType], description, resolve: (p) => readObjects(p[key]) });
    return {
      numberOfBytes: t.field({
        type: 'SafeInt',
        nullable: true,
        description: 'Total size in bytes.',
        resolve: (p) => readInt(p.numberOfBytes),
      }),
      numberOfFiles: doc.int('numberOfFiles', 'Number of files.'),
      numberOfSubjects: doc.int('numberOfSubjects', 'Number of distinct subjects.'),
      numberOfSamples: doc.int('numberOfSamples', 'Number of samples (tissue, slices), when recorded.'),
      numberOfCells: doc.int('numberOfCells', 'Number of cells, when recorded.'),
      species: termList('species', 'Species of the subjects.'),
      approaches: termList('approach', 'Experimental approaches, e.g. "electrophysiological approach".'),
      measurementTechniques: termList(
        'measurementTechnique',
        'Measurement techniques, e.g. "spike sorting technique".',
      ),
      dataStandards: termList('dataStandard', 'Data standards, e.g. NWB, BIDS.'),
      variablesMeasured: t.stringList({
        description: 'Variables measured (NWB neurodata types such as "ElectricalSeries").',
        resolve: (p) => variableNames(p.variableMeasured),
      }),
    };
  },
);

export const ParticipantType = partType(
  'Participant',
  "A subject an asset's data were recorded from (its `wasAttributedTo`).",
  (doc, t) => ({
    identifier: doc.text('identifier', 'Subject identifier within the dandiset.'),
    species: doc.object(OntologyTermType, 'species', 'Species.'),
    sex: doc.object(OntologyTermType, 'sex', 'Sex, e.g. "Male", "Female", "Unknown".'),
    strain: doc.object(OntologyTermType, 'strain', 'Strain, when given.'),
    age: t.string({
      nullable: true,
      description: 'Age as an ISO-8601 duration, e.g. "P90D".',
      resolve: (p) => readText(readObject(p.age)?.value),
    }),
    ageReference: t.string({
      nullable: true,
      description: 'What the age counts from: "dandi:BirthReference" or "dandi:GestationalReference".',
      resolve: (p) => readText(readObject(readObject(p.age)?.valueReference)?.value),
    }),
    genotype: t.string({
      nullable: true,
      description: 'Genotype, when given as text.',
      resolve: (p) => (typeof p.genotype === 'string' ? readText(p.genotype) : null),
    }),
  }),
);

export const ActivityType = partType(
  'RecordingSession',
  "The session an asset's data were recorded in (the `Session` entry of its `wasGeneratedBy`).",
  (doc) => ({
    identifier: doc.text('identifier', 'Session identifier from the data file.'),
    name: doc.text('name', 'Session name.'),
    description: doc.text('description', 'Session description.'),
    startDate: doc.text('startDate', 'Start time as written in the document (ISO-8601, offset kept).'),
  }),
);

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
