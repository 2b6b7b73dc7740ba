/**
 * The typed part of a dandiset's metadata a curator writes (the fields DANDI requires to publish:
 * description, license, contributors with a contact person, plus keywords, study targets and an
 * acknowledgement), and its translation into the dandischema document. Everything else goes in
 * as raw JSON next to it; typed fields win over the same keys of the raw document.
 */
import { inputError } from '../../src/http/archive-error.ts';
import { builder } from '../../src/builder.ts';
import { isObject } from '../../datasources/list.ts';

export interface ContributorInputValue {
  kind?: 'Person' | 'Organization' | null;
  name: string;
  email?: string | null;
  identifier?: string | null;
  roleNames?: readonly string[] | null;
  includeInCitation?: boolean | null;
  affiliations?: readonly string[] | null;
  awardNumber?: string | null;
  url?: string | null;
}

export interface MetadataInputValue {
  description?: string | null;
  license?: readonly string[] | null;
  keywords?: readonly string[] | null;
  studyTargets?: readonly string[] | null;
  acknowledgement?: string | null;
  contributors?: readonly ContributorInputValue[] | null;
}

const ContributorKindEnum = builder.enumType('DandiContributorKind', {
  description: 'Whether a contributor is a person or an organization (dandischema `schemaKey`).',
  values: {
    PERSON: { value: 'Person', description: 'A person; DANDI wants the name as "Last, First".' },
    ORGANIZATION: { value: 'Organization', description: 'An organization, e.g. a funder or a lab.' },
  } as const,
});

export const ContributorInput = builder.inputType('DandiContributorInput', {
  description: 'One contributor of a dandiset (dandischema `Person` or `Organization`).',
  fields: (t) => ({
    kind: t.field({ type: ContributorKindEnum, description: 'Person (the default) or organization.' }),
    name: t.string({ required: true, description: 'Name; for a person "Last, First" (e.g. "Doe, Jane").' }),
    email: t.string({ description: 'E-mail address (DANDI asks for one for the contact person).' }),
    identifier: t.string({
      description: 'ORCID of a person (e.g. "0000-0002-1825-0097") or ROR id of an organization.',
    }),
    roleNames: t.stringList({
      description:
        'Roles as DataCite CURIEs, e.g. ["dcite:ContactPerson", "dcite:Author"]; one contributor must be the contact person.',
    }),
    includeInCitation: t.boolean({ description: 'Whether the name appears in the citation (DANDI default: true).' }),
    affiliations: t.stringList({ description: 'Names of the affiliations of a person.' }),
    awardNumber: t.string({ description: 'Award number, for a funding organization.' }),
    url: t.string({ description: 'Web page of the contributor.' }),
  }),
});

export const MetadataInput = builder.inputType('DandisetMetadataInput', {
  description:
    "The common fields of a dandiset's metadata, typed. Left out: unchanged (or, on create, absent); an empty list clears a list.",
  fields: (t) => ({
    description: t.string({ description: 'What the dataset is (required to publish).' }),
    license: t.stringList({
      description: 'SPDX licenses, e.g. ["spdx:CC-BY-4.0"] or ["spdx:CC0-1.0"] (required to publish).',
    }),
    keywords: t.stringList({ description: 'Keywords.' }),
    studyTargets: t.stringList({ description: 'What the study is about (dandischema `studyTarget`).' }),
    acknowledgement: t.string({ description: 'Acknowledgements.' }),
    contributors: t.field({
      type: [ContributorInput],
      description: 'Every contributor, in order (replaces the list); one must have the role dcite:ContactPerson.',
    }),
  }),
});

const CURIE_ROLE = /^dcite:[A-Za-z]+$/;
const SPDX = /^spdx:[A-Za-z0-9.+-]+$/;

function contributorDocument(c: ContributorInputValue, at: string): Record<string, unknown> {
  const kind = c.kind ?? 'Person';
  if (c.name.trim() === '') throw inputError('A contributor needs a name', { argument: `${at}.name` }, 'dandi');
  for (const role of c.roleNames ?? [])
    if (!CURIE_ROLE.test(role))
      throw inputError(
        `"${role.slice(0, 40)}" is not a DataCite role (e.g. "dcite:ContactPerson")`,
        { argument: `${at}.roleNames` },
        'dandi',
      );
  return {
    schemaKey: kind,
    name: c.name,
    ...(c.email != null ? { email: c.email } : {}),
    ...(c.identifier != null ? { identifier: c.identifier } : {}),
    roleName: [...(c.roleNames ?? [])],
    includeInCitation: c.includeInCitation ?? true,
    ...(c.affiliations?.length
      ? { affiliation: c.affiliations.map((name) => ({ schemaKey: 'Affiliation', name })) }
      : {}),
    ...(c.awardNumber != null ? { awardNumber: c.awardNumber } : {}),
    ...(c.url != null ? { url: c.url } : {}),
  };
}

/** The dandischema keys of the typed fields that were given (null and absent leave a key alone). */
export function metadataDocument(
  input: MetadataInputValue | null | undefined,
  argument = 'metadata',
): Record<string, unknown> {
  if (!input) return {};
  const doc: Record<string, unknown> = {};
  if (input.description != null) doc.description = input.description;
  if (input.license != null) {
    for (const l of input.license)
      if (!SPDX.test(l))
        throw inputError(
          `"${l.slice(0, 40)}" is not an SPDX license CURIE (e.g. "spdx:CC-BY-4.0")`,
          { argument: `${argument}.license` },
          'dandi',
        );
    doc.license = [...input.license];
  }
  if (input.keywords != null) doc.keywords = [...input.keywords];
  if (input.studyTargets != null) doc.studyTarget = [...input.studyTargets];
  if (input.acknowledgement != null) doc.acknowledgement = input.acknowledgement;
  if (input.contributors != null)
    doc.contributor = input.contributors.map((c, i) => contributorDocument(c, `${argument}.contributors.${i}`));
  return doc;
}

/** The raw metadata argument: a JSON object, or nothing. */
export function rawDocument(value: unknown, argument = 'rawMetadata'): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw inputError('The raw metadata must be a JSON object', { argument }, 'dandi');
  return value;
}
