/**
 * Typed views of DANDI's metadata documents (dandischema). Documents keep the shape of the schema
 * version they were written under, so every object here is a loose document read through the
 * shared readers (resolvers/document.ts): every field is nullable and lists default to empty.
 */
import { builder, type ObjectFieldBuilder } from '../../src/builder.ts';
import { documentFields, readBoolean, readInt, readObject, readObjects, readText, readTexts } from '../document.ts';

/** A metadata object as sent: any keys, any values. */
export type MetadataObject = Record<string, unknown>;

/** Field builders for an embedded metadata object (already in hand: nothing to load). */
const fieldsOf = (t: ObjectFieldBuilder<MetadataObject>) => documentFields<MetadataObject, MetadataObject>(t, (p) => p);

export const OntologyTermType = builder.objectRef<MetadataObject>('OntologyTerm').implement({
  description:
    'A controlled-vocabulary term from a metadata document (species, approach, technique, sex, standard, ...).',
  fields: (t) => {
    const f = fieldsOf(t);
    return {
      name: f.text('name', 'Human-readable name, e.g. "Mus musculus - House mouse".'),
      identifier: f.text('identifier', 'Ontology identifier, often a URL (e.g. an NCBITaxon or PATO IRI) or an RRID.'),
    };
  },
});

export const AffiliationType = builder.objectRef<MetadataObject>('Affiliation').implement({
  description: 'An institution a person is affiliated with.',
  fields: (t) => {
    const f = fieldsOf(t);
    return {
      name: f.text('name', 'Institution name.'),
      identifier: f.text('identifier', 'ROR identifier URL, when given.'),
    };
  },
});

export const ContributorType = builder.objectRef<MetadataObject>('Contributor').implement({
  description: "A person or organization credited in a dandiset's metadata.",
  fields: (t) => {
    const f = fieldsOf(t);
    return {
      name: f.text('name', 'Name; people are written "Last, First".'),
      kind: f.text('schemaKey', '"Person" or "Organization" (the document\'s `schemaKey`).'),
      identifier: f.text('identifier', 'ORCID for people, ROR for organizations.'),
      email: f.text('email', 'Contact e-mail, when published.'),
      url: f.text('url', 'Web page.'),
      roles: f.texts('roleName', 'DataCite roles, e.g. "dcite:ContactPerson", "dcite:Author".'),
      isContactPerson: t.boolean({
        description: 'True when the roles include dcite:ContactPerson.',
        resolve: (p) => readTexts(p.roleName).includes('dcite:ContactPerson'),
      }),
      includeInCitation: t.boolean({
        nullable: true,
        description: 'Whether the name appears in the citation (absent in many documents).',
        resolve: (p) => readBoolean(p.includeInCitation),
      }),
      awardNumber: f.text('awardNumber', 'Grant number, for funders.'),
      affiliations: t.field({
        type: [AffiliationType],
        description: 'Institutions of a person.',
        resolve: (p) => readObjects(p.affiliation),
      }),
    };
  },
});

/** `variableMeasured` entries are plain strings in summaries and PropertyValues in assets. */
export const variableNames = (list: unknown): string[] =>
  (Array.isArray(list) ? list : [])
    .map((v) => readText(v) ?? readText(readObject(v)?.value))
    .filter((v): v is string => v !== null);

export const AssetsSummaryType = builder.objectRef<MetadataObject>('AssetsSummary').implement({
  description: "What a version's files contain, as the archive computed it from their metadata.",
  fields: (t) => {
    const f = fieldsOf(t);
    const termList = (key: string, description: string) =>
      t.field({ type: [OntologyTermType], description, resolve: (p) => readObjects(p[key]) });
    return {
      numberOfBytes: t.field({
        type: 'SafeInt',
        nullable: true,
        description: 'Total size in bytes.',
        resolve: (p) => readInt(p.numberOfBytes),
      }),
      numberOfFiles: f.int('numberOfFiles', 'Number of files.'),
      numberOfSubjects: f.int('numberOfSubjects', 'Number of distinct subjects.'),
      numberOfSamples: f.int('numberOfSamples', 'Number of samples (tissue, slices), when recorded.'),
      numberOfCells: f.int('numberOfCells', 'Number of cells, when recorded.'),
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
});

export const ParticipantType = builder.objectRef<MetadataObject>('Participant').implement({
  description: "A subject an asset's data were recorded from (its `wasAttributedTo`).",
  fields: (t) => {
    const f = fieldsOf(t);
    const termField = (key: string, description: string) =>
      t.field({ type: OntologyTermType, nullable: true, description, resolve: (p) => readObject(p[key]) });
    return {
      identifier: f.text('identifier', 'Subject identifier within the dandiset.'),
      species: termField('species', 'Species.'),
      sex: termField('sex', 'Sex, e.g. "Male", "Female", "Unknown".'),
      strain: termField('strain', 'Strain, when given.'),
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
    };
  },
});

export const ActivityType = builder.objectRef<MetadataObject>('RecordingSession').implement({
  description: "The session an asset's data were recorded in (the `Session` entry of its `wasGeneratedBy`).",
  fields: (t) => {
    const f = fieldsOf(t);
    return {
      identifier: f.text('identifier', 'Session identifier from the data file.'),
      name: f.text('name', 'Session name.'),
      description: f.text('description', 'Session description.'),
      startDate: f.text('startDate', 'Start time as written in the document (ISO-8601, offset kept).'),
    };
  },
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
