/**
 * Value types several BrainSTEM objects share: download links, extra fields and the access
 * maps of projects and groups, each read tolerantly (older records use other shapes, spec §4.3).
 */
import type { AccessFlags } from '../../datasources/brainstem-types.ts';
import { builder } from '../../src/builder.ts';
import { readBoolean, readObject, readObjects, readText } from '../document.ts';
import { vocabularyEnum } from '../vocabulary.ts';

const DownloadRepository = vocabularyEnum(
  'DownloadRepository',
  "Where a session's data can be downloaded, as BrainSTEM labels it.",
  {
    CRCNS: { value: 'CRCNS', description: 'CRCNS.org.' },
    DANDI: { value: 'DANDI', description: 'The DANDI Archive.' },
    FIGSHARE: { value: 'Figshare', description: 'Figshare.' },
    GITHUB: { value: 'GitHub', description: 'GitHub.' },
    GLOBUS: { value: 'Globus', description: 'A Globus endpoint.' },
    MENDELEY: { value: 'Mendeley', description: 'Mendeley Data.' },
    ZENODO: { value: 'Zenodo', description: 'Zenodo.' },
    WEBSHARE: { value: 'Webshare', description: 'A web share.' },
    OTHER: { value: 'Other', description: 'Anywhere else (also any label this gateway does not know).' },
  },
);

type Repository = NonNullable<ReturnType<typeof DownloadRepository.read>>;

export interface DownloadLinkValue {
  repository: Repository;
  url: string;
}

export const DownloadLinkType = builder.objectRef<DownloadLinkValue>('DownloadLink').implement({
  description: "A place a session's data can be downloaded from.",
  fields: (t) => ({
    repository: t.field({
      type: DownloadRepository.ref,
      description: 'The repository, as labelled in BrainSTEM.',
      resolve: (l) => l.repository,
    }),
    url: t.exposeString('url', { description: 'The URL (http, https or ftp).' }),
  }),
});

export const DownloadLinkInput = builder.inputType('DownloadLinkInput', {
  description: 'A download link of a session.',
  fields: (t) => ({
    repository: t.field({ type: DownloadRepository.ref, required: true, description: 'The repository.' }),
    url: t.string({ required: true, description: 'The URL; BrainSTEM accepts http://, https:// and ftp:// only.' }),
  }),
});

/** Download links in the current (`repository`/`url`) or pre-2025-10 (`Repository`/`URL`) shape. */
export function downloadLinks(value: unknown): DownloadLinkValue[] {
  return readObjects(value).map((l) => {
    const label = readText(l.repository) ?? readText(l.Repository);
    return {
      repository: DownloadRepository.read(label) ?? 'Other',
      url: readText(l.url) ?? readText(l.URL) ?? '',
    };
  });
}

/** `extra_fields` as one object: `[]`, legacy `[{name, value}]` lists and null all read as objects. */
export function extraFields(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      readObjects(value).flatMap((e) => (typeof e.name === 'string' ? [[e.name, e.value] as const] : [])),
    );
  }
  return readObject(value) ?? {};
}

export interface AccessValue {
  holder: string;
  flags: AccessFlags;
}

export const AccessType = builder.objectRef<AccessValue>('BrainstemAccess').implement({
  description: "One user's (by email) or group's (by name) rights on a BrainSTEM project or group.",
  fields: (t) => ({
    holder: t.exposeString('holder', { description: 'User email or group name.' }),
    canChange: t.boolean({
      description: 'May add and change records (contributor).',
      resolve: (a) => a.flags.can_change === true || a.flags.is_manager === true || a.flags.is_owner === true,
    }),
    isManager: t.boolean({
      description: 'May manage members.',
      resolve: (a) => a.flags.is_manager === true || a.flags.is_owner === true,
    }),
    isOwner: t.boolean({
      description: 'Owns it (may delete it and make it public).',
      resolve: (a) => a.flags.is_owner === true,
    }),
  }),
});

/** A membership map (`{"email or group": {can_change, is_manager, is_owner}}`) as entries. */
export const accessList = (value: unknown): AccessValue[] =>
  Object.entries(readObject(value) ?? {}).map(([holder, v]) => {
    const flags = readObject(v) ?? {};
    const flag = (key: keyof AccessFlags) => readBoolean(flags[key]) ?? undefined;
    return {
      holder,
      flags: { can_change: flag('can_change'), is_manager: flag('is_manager'), is_owner: flag('is_owner') },
    };
  });

export const AccessChangeInput = builder.inputType('BrainstemAccessChange', {
  description: "A change to one member's rights: flags left out become false; `remove` takes the member out.",
  fields: (t) => ({
    holder: t.string({ required: true, description: 'User email (for users) or group name (for groups).' }),
    canChange: t.boolean({ defaultValue: false, description: 'May add and change records.' }),
    isManager: t.boolean({ defaultValue: false, description: 'May manage members.' }),
    isOwner: t.boolean({ defaultValue: false, description: 'Owns it.' }),
    remove: t.boolean({ defaultValue: false, description: 'Remove this member instead.' }),
  }),
});

/** The archive's merge-patch map for `users`/`groups` (spec §4.1). */
export function accessPatch(changes: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of changes as {
    holder: string;
    canChange?: boolean;
    isManager?: boolean;
    isOwner?: boolean;
    remove?: boolean;
  }[]) {
    out[c.holder] = c.remove
      ? { remove: true }
      : { can_change: c.canChange === true, is_manager: c.isManager === true, is_owner: c.isOwner === true };
  }
  return out;
}
