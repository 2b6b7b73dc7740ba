/**
 * Root fields about the DANDI instance itself: `dandiInfo` (`/info/`: server and schema versions,
 * with the schema check dandi-cli runs), `dandiStats` (`/stats/`) and `dandiMe` (`/users/me/`,
 * the caller's account: UNAUTHENTICATED without a key, before anything is sent).
 */
import { GATEWAY_SCHEMA_VERSION } from '../../datasources/dandi.ts';
import type { DandiInfo, DandiMe, DandiStats, UserStatus } from '../../datasources/dandi-types.ts';
import { builder } from '../../src/builder.ts';
import { readText, readTexts } from '../document.ts';

const serviceUrl = (info: DandiInfo, name: string): string | null => readText(info.services?.[name]?.url);

const DandiInfoType = builder.objectRef<DandiInfo>('DandiInfo').implement({
  description: 'The DANDI instance the gateway talks to, as its `/info/` describes it.',
  fields: (t) => ({
    serverVersion: t.string({
      description: 'Version of the archive server (dandi-archive).',
      resolve: (i) => i.version,
    }),
    schemaVersion: t.string({
      description: 'dandischema version the server writes metadata under, e.g. "0.7.0".',
      resolve: (i) => i.schema_version,
    }),
    allowedSchemaVersions: t.stringList({
      description: 'Schema versions the server accepts metadata in (`allowed_schema_versions`).',
      resolve: (i) => readTexts(i.allowed_schema_versions),
    }),
    gatewaySchemaVersion: t.string({
      description: "The dandischema version the gateway's typed metadata fields follow.",
      resolve: () => GATEWAY_SCHEMA_VERSION,
    }),
    schemaCompatible: t.boolean({
      description:
        "dandi-cli's `check_schema_version`: true when the server's `schemaVersion` is the gateway's; when false, typed fields may miss keys the server now writes (`rawMetadata` still has them).",
      resolve: (i) => i.schema_version === GATEWAY_SCHEMA_VERSION,
    }),
    gatewaySchemaAllowed: t.boolean({
      description: "True when the gateway's schema version is among `allowedSchemaVersions`.",
      resolve: (i) => readTexts(i.allowed_schema_versions).includes(GATEWAY_SCHEMA_VERSION),
    }),
    schemaUrl: t.string({
      nullable: true,
      description: 'JSON Schema of the Dandiset model.',
      resolve: (i) => readText(i.schema_url),
    }),
    instanceName: t.string({
      nullable: true,
      description: 'Instance name, e.g. "DANDI".',
      resolve: (i) => readText(i.instance_config?.instance_name),
    }),
    instanceIdentifier: t.string({
      nullable: true,
      description: 'RRID of the instance, e.g. "RRID:SCR_017571".',
      resolve: (i) => readText(i.instance_config?.instance_identifier),
    }),
    instanceUrl: t.string({
      nullable: true,
      description: 'Home page of the instance.',
      resolve: (i) => readText(i.instance_config?.instance_url),
    }),
    doiPrefix: t.string({
      nullable: true,
      description: 'DOI prefix of published versions, e.g. "10.48324" (null on instances without DOIs).',
      resolve: (i) => readText(i.instance_config?.doi_prefix),
    }),
    licenses: t.stringList({
      description: 'Licences dandisets may use, e.g. "spdx:CC-BY-4.0".',
      resolve: (i) => readTexts(i.instance_config?.licenses),
    }),
    apiUrl: t.string({
      nullable: true,
      description: 'The API, as the server names it.',
      resolve: (i) => serviceUrl(i, 'api'),
    }),
    webUrl: t.string({ nullable: true, description: 'The web UI.', resolve: (i) => serviceUrl(i, 'webui') }),
    jupyterhubUrl: t.string({
      nullable: true,
      description: 'The instance JupyterHub.',
      resolve: (i) => serviceUrl(i, 'jupyterhub'),
    }),
    cliMinimalVersion: t.string({
      nullable: true,
      description: 'Oldest dandi-cli the server accepts (`cli-minimal-version`).',
      resolve: (i) => readText(i['cli-minimal-version']),
    }),
    cliBadVersions: t.stringList({
      description: 'dandi-cli versions the server refuses (`cli-bad-versions`).',
      resolve: (i) => readTexts(i['cli-bad-versions']),
    }),
    raw: t.field({ type: 'JSON', description: 'The `/info/` document exactly as sent.', resolve: (i) => i }),
  }),
});

const DandiStatsType = builder.objectRef<DandiStats>('DandiStats').implement({
  description: 'Archive-wide counts (`/stats/`, a snapshot the server recomputes periodically).',
  fields: (t) => ({
    dandisetCount: t.exposeInt('dandiset_count', { description: 'Number of dandisets.' }),
    publishedDandisetCount: t.exposeInt('published_dandiset_count', {
      description: 'Number of dandisets with at least one published version.',
    }),
    userCount: t.exposeInt('user_count', { description: 'Number of registered users.' }),
    size: t.field({ type: 'SafeInt', description: 'Total bytes stored.', resolve: (s) => s.size }),
  }),
});

const DandiUserStatusEnum = builder.enumType('DandiUserStatus', {
  description: 'Where a DANDI account stands in the approval process.',
  values: {
    INCOMPLETE: { value: 'INCOMPLETE', description: 'Sign-up questionnaire not finished.' },
    PENDING: { value: 'PENDING', description: 'Waiting for approval.' },
    APPROVED: { value: 'APPROVED', description: 'Approved: may create and edit dandisets.' },
    REJECTED: { value: 'REJECTED', description: 'Refused.' },
  } as const satisfies Record<string, { value: UserStatus; description: string }>,
});

const DandiAccountType = builder.objectRef<DandiMe>('DandiAccount').implement({
  description: 'The DANDI account of the caller (the owner of the `X-Dandi-Api-Key`).',
  fields: (t) => ({
    username: t.exposeString('username', { description: 'Username (the GitHub login for GitHub accounts).' }),
    name: t.string({ nullable: true, description: 'Full name.', resolve: (u) => readText(u.name) }),
    admin: t.exposeBoolean('admin', { description: 'Whether the account is an administrator.' }),
    status: t.field({ type: DandiUserStatusEnum, description: 'Approval status.', resolve: (u) => u.status }),
  }),
});

builder.queryField('dandiInfo', (t) =>
  t.field({
    type: DandiInfoType,
    nullable: true,
    description: 'The DANDI server: its version, schema versions (with the schema check dandi-cli runs) and services.',
    resolve: (_, __, ctx) => ctx.dandi.info(),
  }),
);

builder.queryField('dandiStats', (t) =>
  t.field({
    type: DandiStatsType,
    nullable: true,
    description: 'Archive-wide counts of dandisets, users and bytes.',
    resolve: (_, __, ctx) => ctx.dandi.archiveStats(),
  }),
);

builder.queryField('dandiMe', (t) =>
  t.field({
    type: DandiAccountType,
    nullable: true,
    description:
      "The caller's DANDI account. Needs `X-Dandi-Api-Key`: without it, null with UNAUTHENTICATED and nothing sent.",
    resolve: (_, __, ctx) => ctx.dandi.me(),
  }),
);
