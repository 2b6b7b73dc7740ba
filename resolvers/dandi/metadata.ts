/**
 * Typed views of DANDI's metadata documents (dandischema). Documents keep the shape of the schema
 * version they were written under, so every object here is a loose document read through the
 * shared readers (resolvers/document.ts): every field is nullable and lists default to empty.
 */
import { builder } from '../../src/builder.ts';
import {
  documentFields,
  partType,
  readBoolean,
  readInt,
  readObject,
  readObjects,
  readText,
  readTexts,
} from '../document.ts';

/** A metadata object as sent: any keys, any values. */
export type MetadataObject = Record<string, unknown>;

export const OntologyTermType = partType(
  'OntologyTerm',
  'A controlled-vocabulary term from a metadata document (species, approach, technique, sex, standard, ...).',
  (doc) => ({
    name: doc.text('name', 'Human-readable name, e.g. "Mus musculus - House mouse".'),
    identifier: doc.text('identifier', 'Ontology identifier, often a URL (e.g. an NCBITaxon or PATO IRI) or an RRID.'),
    kind: doc.text(
      'schemaKey',
      'Which dandischema type the term is (`schemaKey`), e.g. "SpeciesType", "Anatomy", "Disorder", "GenericType".',
    ),
  }),
);

/** A list of objects, where old documents may hold a lone object instead. */
export const readObjectList = (v: unknown): MetadataObject[] => {
  const one = readObject(v);
  return one ? [one] : readObjects(v);
};

export const ContactPointType = partType(
  'ContactPoint',
  'How to reach someone about a resource (dandischema `ContactPoint`).',
  (doc) => ({
    email: doc.text('email', 'E-mail address.'),
    url: doc.text('url', 'Web page.'),
  }),
);

export const AccessRequirementsType = partType(
  'AccessRequirements',
  'Whether data are open or embargoed (dandischema `AccessRequirements`; DANDI sets the first entry itself).',
  (doc, t) => ({
    status: doc.text('status', '"dandi:OpenAccess" or "dandi:EmbargoedAccess".'),
    isEmbargoed: t.boolean({
      description: 'True when the status is dandi:EmbargoedAccess.',
      resolve: (p) => readText(p.status) === 'dandi:EmbargoedAccess',
    }),
    embargoedUntil: doc.text('embargoedUntil', 'Date (YYYY-MM-DD) the embargo ends, for embargoed data.'),
    description: doc.text('description', 'Free-text description of the access conditions.'),
    contactPoint: doc.object(ContactPointType, 'contactPoint', 'Whom to contact for access.'),
  }),
);

export const EthicsApprovalType = partType(
  'EthicsApproval',
  'An ethics approval the data were collected under (dandischema `EthicsApproval`).',
  (doc) => ({
    identifier: doc.text('identifier', 'Approved protocol identifier, e.g. an IRB or IACUC number.'),
    contactPoint: doc.object(ContactPointType, 'contactPoint', 'Who to contact about the approval.'),
  }),
);

export const DisorderType = partType(
  'Disorder',
  'A disorder a dandiset is about or a subject has (dandischema `Disorder`).',
  (doc) => ({
    name: doc.text('name', 'Name of the disorder.'),
    identifier: doc.text('identifier', 'Ontology identifier, often a URL (e.g. a DOID or MONDO IRI).'),
    dxdate: doc.texts('dxdate', 'Dates (or date-times) of diagnosis, as written in the document.'),
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
    contactPoints: t.field({
      type: [ContactPointType],
      description: 'How to reach an organization (its `contactPoint`; people have none).',
      resolve: (p) => readObjectList(p.contactPoint),
    }),
  }),
);

export const DandiEquipmentType = partType(
  'DandiEquipment',
  'A piece of equipment an activity used (dandischema `Equipment`, e.g. an ecephys probe).',
  (doc) => ({
    identifier: doc.text('identifier', 'Identifier of the equipment.'),
    name: doc.text('name', 'Name.'),
    description: doc.text('description', 'Description.'),
  }),
);

export const DandiAgentType = partType(
  'DandiAgent',
  'Who or what carried out an activity: software (e.g. dandi-cli, the DANDI API), a person, an organization or an agent.',
  (doc) => ({
    kind: doc.text('schemaKey', '"Software", "Person", "Organization" or "Agent" (the `schemaKey`).'),
    name: doc.text('name', 'Name, e.g. "DANDI Command Line Interface".'),
    identifier: doc.text(
      'identifier',
      'Identifier, e.g. "RRID:SCR_019009" for dandi-cli, "RRID:SCR_017571" for the DANDI API.',
    ),
    version: doc.text('version', 'Software version.'),
    url: doc.text('url', 'Web page.'),
  }),
);

export const DandiActivityType = partType(
  'DandiActivity',
  'A provenance entry of a metadata document: a recording `Session`, a `Project`, an `Activity` such as dandi-cli\'s "Metadata generation", or the `PublishActivity` of a publication.',
  (doc, t) => ({
    kind: doc.text('schemaKey', '"Session", "Project", "Activity" or "PublishActivity" (the `schemaKey`).'),
    id: doc.text('id', 'Document-local id, often "urn:uuid:…".'),
    identifier: doc.text('identifier', 'Identifier, e.g. a session id from the data file.'),
    name: doc.text('name', 'Name, e.g. "Acquisition session", "Metadata generation", "DANDI publish".'),
    description: doc.text('description', 'Description.'),
    startDate: doc.text('startDate', 'Start time as written in the document (ISO-8601, offset kept).'),
    endDate: doc.text('endDate', 'End time as written in the document (ISO-8601, offset kept).'),
    associatedWith: t.field({
      type: [DandiAgentType],
      description: 'Who or what carried it out (`wasAssociatedWith`).',
      resolve: (p) => readObjectList(p.wasAssociatedWith),
    }),
    used: t.field({
      type: [DandiEquipmentType],
      description: 'Equipment used.',
      resolve: (p) => readObjectList(p.used),
    }),
  }),
);

/** `publishedBy` is a PublishActivity, or (schema allows) a bare URL: that becomes an activity with only an id. */
export const readActivity = (v: unknown): MetadataObject | null =>
  readObject(v) ?? (readText(v) ? { id: readText(v) } : null);

export const RelatedParticipantType = partType(
  'RelatedParticipant',
  'Another subject a subject is related to (dandischema `RelatedParticipant`).',
  (doc) => ({
    identifier: doc.text('identifier', 'Identifier of the related subject.'),
    name: doc.text('name', 'Name.'),
    url: doc.text('url', 'Web page.'),
    relation: doc.text('relation', 'How they are related, e.g. "dandi:isChildOf", "dandi:isSiblingOf".'),
  }),
);

export const GenotypeAlleleType = partType(
  'GenotypeAllele',
  'One allele of a structured genotype (dandischema `Allele`).',
  (doc) => ({
    identifiers: doc.texts('identifier', 'Allele identifiers.'),
    alleleSymbol: doc.text('alleleSymbol', 'Allele symbol.'),
    alleleType: doc.text('alleleType', 'Allele type.'),
  }),
);

export const GenotypeLocusType = partType(
  'GenotypeLocus',
  'The locus of a structured genotype (dandischema `Locus`).',
  (doc) => ({
    identifiers: doc.texts('identifier', 'Locus identifiers.'),
    locusType: doc.text('locusType', 'Locus type.'),
  }),
);

export const GenotypeInfoType = partType(
  'GenotypeInfo',
  'A structured genotype entry (dandischema `GenotypeInfo`): a locus and its alleles.',
  (doc, t) => ({
    locus: doc.object(GenotypeLocusType, 'locus', 'The locus.'),
    alleles: t.field({
      type: [GenotypeAlleleType],
      description: 'The alleles at the locus.',
      resolve: (p) => readObjectList(p.alleles),
    }),
    wasGeneratedBy: t.field({
      type: [DandiActivityType],
      description: 'How the genotype was determined (sessions).',
      resolve: (p) => readObjectList(p.wasGeneratedBy),
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
    genotypeInfo: t.field({
      type: [GenotypeInfoType],
      description: 'Genotype, when given as structured `GenotypeInfo` entries (empty when given as text).',
      resolve: (p) => (typeof p.genotype === 'string' ? [] : readObjectList(p.genotype)),
    }),
    altNames: doc.texts('altName', 'Other names of the subject.'),
    cellLine: doc.text('cellLine', 'Cell line, for in-vitro subjects.'),
    vendor: doc.object(ContributorType, 'vendor', 'The organization that supplied the subject.'),
    disorders: t.field({
      type: [DisorderType],
      description: 'Disorders of the subject.',
      resolve: (p) => readObjectList(p.disorder),
    }),
    relatedParticipants: t.field({
      type: [RelatedParticipantType],
      description: 'Related subjects, e.g. its parent.',
      resolve: (p) => readObjectList(p.relatedParticipant),
    }),
    sameAs: doc.texts('sameAs', 'Identifiers of the same subject elsewhere.'),
  }),
);

export const BioSampleType = builder.objectRef<MetadataObject>('BioSample');

BioSampleType.implement({
  description:
    "A sample an asset's data were derived from (dandischema `BioSample`): a cell from a slice from a tissue sample, each deriving from the next.",
  fields: (t) => {
    const doc = documentFields<MetadataObject, MetadataObject>(t, (d) => d);
    return {
      identifier: doc.text('identifier', 'Sample identifier.'),
      sampleType: doc.object(OntologyTermType, 'sampleType', 'Kind of sample, e.g. "cell", "slice", "tissuesample".'),
      assayTypes: t.field({
        type: [OntologyTermType],
        description: 'Assays done on the sample.',
        resolve: (p) => readObjectList(p.assayType),
      }),
      anatomy: t.field({
        type: [OntologyTermType],
        description: 'Where in the body the sample comes from.',
        resolve: (p) => readObjectList(p.anatomy),
      }),
      wasDerivedFrom: t.field({
        type: [BioSampleType],
        description: 'The samples this one was taken from (a cell from a slice, a slice from tissue).',
        resolve: (p) => readObjectList(p.wasDerivedFrom),
      }),
      subjects: t.field({
        type: [ParticipantType],
        description: 'The subjects the sample comes from (`wasAttributedTo`).',
        resolve: (p) => readObjectList(p.wasAttributedTo),
      }),
      sameAs: doc.texts('sameAs', 'Identifiers of the same sample elsewhere.'),
      hasMembers: doc.texts('hasMember', 'Identifiers of the samples it consists of.'),
    };
  },
});

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

export interface ValidationErrorValue {
  field: string;
  message: string;
  path?: string;
}

/** A validation error as DANDI lists it, whatever of it was sent. */
export const validationErrors = (list: unknown): ValidationErrorValue[] =>
  readObjects(list).map((e) => ({
    field: typeof e.field === 'string' ? e.field : '',
    message: typeof e.message === 'string' ? e.message : '',
    ...(typeof e.path === 'string' ? { path: e.path } : {}),
  }));

export const DandiValidationErrorType = builder.objectRef<ValidationErrorValue>('DandiValidationError').implement({
  description: 'Why DANDI finds metadata invalid: the field at fault and the message of its validator.',
  fields: (t) => ({
    field: t.exposeString('field', {
      description:
        'Dotted path of the field at fault, e.g. "ethicsApproval.0.identifier" ("" when the whole document).',
    }),
    message: t.exposeString('message', { description: 'What is wrong, e.g. "Field required".' }),
  }),
});
