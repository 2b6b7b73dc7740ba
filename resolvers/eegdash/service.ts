/**
 * The EEGDash service itself, outside its databases: `eegdashInfo` (`GET /`: name, version,
 * databases), `eegdashHealth` (`GET /health`), and the admin IP fence: `eegdashBlockedClients`
 * (`GET /admin/security/blocked`) and `unblockEegdashClient` (`POST /admin/security/unblock`),
 * both behind the caller's admin token (UNAUTHENTICATED without one, before anything is sent;
 * FORBIDDEN when the archive refuses it).
 */
import { isIP } from 'node:net';
import type { BlockedClient, EegdashHealth, EegdashInfo } from '../../datasources/eegdash-service.ts';
import { inputError } from '../../src/http/archive-error.ts';
import { builder } from '../../src/builder.ts';

const InfoType = builder.objectRef<EegdashInfo>('EEGDashInfo').implement({
  description: 'What the EEGDash API says about itself (`GET /`).',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true, description: 'The API\'s name, e.g. "EEGDash API".' }),
    version: t.exposeString('version', { nullable: true, description: 'The API version it reports.' }),
    databases: t.exposeStringList('databases', {
      description:
        'Names of the databases it serves, e.g. "eegdash", "eegdash_staging" (the `database` argument takes the ones the gateway knows).',
    }),
    document: t.field({
      type: 'JSON',
      description: 'The whole answer as the archive sent it.',
      resolve: (i) => i.body,
    }),
  }),
});

const HealthType = builder.objectRef<EegdashHealth>('EEGDashHealth').implement({
  description: 'The state of the EEGDash API and its database (`GET /health`).',
  fields: (t) => ({
    status: t.exposeString('status', { description: 'The API\'s own word for its state, "healthy" when all is well.' }),
    healthy: t.boolean({
      description: 'True when the status is "healthy" and MongoDB (when reported) is "connected".',
      resolve: (h) => h.status === 'healthy' && (h.mongodb === null || h.mongodb === 'connected'),
    }),
    mongodb: t.exposeString('mongodb', {
      nullable: true,
      description: 'The state of its MongoDB connection, e.g. "connected"; null when not reported.',
    }),
    document: t.field({
      type: 'JSON',
      description: 'The whole answer as the archive sent it.',
      resolve: (h) => h.body,
    }),
  }),
});

const BlockedClientType = builder.objectRef<BlockedClient>('EEGDashBlockedClient').implement({
  description: 'A client address the EEGDash IP fence blocks (it gets HTTP 403 "Blocked" for every request).',
  fields: (t) => ({
    ip: t.exposeString('ip', { description: 'The blocked IP address.' }),
    offenseCount: t.exposeInt('offenseCount', {
      nullable: true,
      description: 'Offences counted against it (e.g. rate-limit violations); null when not reported.',
    }),
    blockedAt: t.exposeString('blockedAt', {
      nullable: true,
      description: 'When it was blocked (ISO-8601), when reported.',
    }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it was blocked, when reported.' }),
    entry: t.field({ type: 'JSON', description: 'The entry as the archive sent it.', resolve: (b) => b.entry }),
  }),
});

interface Unblocked {
  ip: string;
  wasBlocked: boolean;
}

const UnblockedType = builder.objectRef<Unblocked>('EEGDashUnblocked').implement({
  description: 'The outcome of lifting a block.',
  fields: (t) => ({
    ip: t.exposeString('ip', { description: 'The address.' }),
    wasBlocked: t.exposeBoolean('wasBlocked', {
      description: 'True when it was blocked and is not any more; false when the archive had no block on it.',
    }),
  }),
});

const ADMIN = 'Needs the EEGDash admin token in `X-EEGDash-Token` (UNAUTHENTICATED without, FORBIDDEN when refused).';

builder.queryField('eegdashInfo', (t) =>
  t.field({
    type: InfoType,
    nullable: true,
    description: "The EEGDash API's name, version and databases (`GET /`).",
    resolve: (_, __, ctx) => ctx.eegdash.info(),
  }),
);

builder.queryField('eegdashHealth', (t) =>
  t.field({
    type: HealthType,
    nullable: true,
    description:
      "The EEGDash API's health (`GET /health`); null with an ARCHIVE_* error when it does not answer, or answers an error.",
    resolve: (_, __, ctx) => ctx.eegdash.health(),
  }),
);

builder.queryField('eegdashBlockedClients', (t) =>
  t.field({
    type: [BlockedClientType],
    nullable: { list: true, items: false },
    description: `Client addresses the EEGDash IP fence blocks, with their offence counts (\`GET /admin/security/blocked\`). ${ADMIN}`,
    resolve: (_, __, ctx) => ctx.eegdash.admin.blockedClients(),
  }),
);

builder.mutationField('unblockEegdashClient', (t) =>
  t.field({
    type: UnblockedType,
    nullable: true,
    description: `Lifts the EEGDash IP fence's block on one address (\`POST /admin/security/unblock\`). ${ADMIN} Not retried.`,
    args: { ip: t.arg.string({ required: true, description: 'The IPv4 or IPv6 address, e.g. "203.0.113.7".' }) },
    resolve: async (_, { ip }, ctx) => {
      const address = ip.trim();
      if (isIP(address) === 0)
        throw inputError(
          `\`ip\` must be an IPv4 or IPv6 address, got "${ip.slice(0, 60)}"`,
          { argument: 'ip' },
          'eegdash',
        );
      return { ip: address, wasBlocked: await ctx.eegdash.admin.unblockClient(address) };
    },
  }),
);
