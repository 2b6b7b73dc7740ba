/**
 * The vocabulary the BrainSTEM model registry is written in: field kinds, model specs and the
 * small constructors that keep `models.ts` readable. No data and no behaviour live here.
 */

/**
 * `super` is the superuser portal the docs listed until 2025-10 (spec §2.2): read-only here,
 * for a superuser's token only, and it shows every record whatever its project or group.
 */
export type Portal = 'public' | 'private' | 'super';

export type FieldKind =
  | 'id' // uuid string, or integer for user/group
  | 'string'
  | 'html' // rich text, stored as an HTML string
  | 'enum'
  | 'bool'
  | 'int'
  | 'date' // YYYY-MM-DD
  | 'datetime' // ISO-8601 with Z
  | 'duration' // DRF DurationField text, "HH:MM:SS"
  | 'json' // free JSON (details, specifications, ...)
  | 'strings' // tags: string[]
  | 'fk' // to-one relation, id or null
  | 'm2m' // to-many relation, id[]
  | 'reverse' // read-only to-many computed from another model's fk/m2m
  | 'links' // dynamic-rest's relative sub-resource paths
  | 'members' // project/group users/groups maps
  | 'extra_fields'
  | 'download_links'
  | 'computed'; // read-only value derived from other records (user.groups_own_json)

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Related model (registry key) for fk/m2m/reverse. A key not in the registry is a relation to
   * a model this replica does not serve (licenses, breedings, ...): always empty, never valid. */
  target?: string;
  /** For `reverse`: the forward field on `target` that points back here. */
  via?: string;
  required?: boolean;
  /** Required on POST only (DRF `required` but with a model default for PUT-less updates). */
  requiredOnCreate?: boolean;
  readOnly?: boolean;
  /** Writable on POST, ignored afterwards (procedurelog.type style). */
  createOnly?: boolean;
  nullable?: boolean;
  /** Empty strings allowed (DRF `allow_blank`). Required strings are never blank. */
  maxLength?: number;
  choices?: readonly string[];
  unique?: boolean;
  /** Value a POST stores when the field is left out. */
  default?: () => unknown;
  /** At least one item (m2m that the spec calls "at least one"). */
  nonEmpty?: boolean;
}

/**
 * Who can see a record. `project`: through the projects reached by following `via` (empty = the
 * record is a project). `group`: through the group that owns the personal attribute reached by
 * following `via` (its `_group`), public when that attribute's `is_public` is set. `global`:
 * everyone (taxonomies, resources, users, dissemination).
 */
export type Scope =
  | { kind: 'project'; via: readonly string[] }
  | { kind: 'group'; via: readonly string[] }
  | { kind: 'global' }
  /** Only the creator (`_owner`) sees it, and only on the private portal (approvals). */
  | { kind: 'owner' };

/**
 * Who can write. `scoped`: contributors of the owning project(s) / members of the owning group.
 * `approval`: POST/PATCH file an approval instead of changing the record; DELETE is admin-only.
 * `admin`: nobody this replica knows. `self`: a user may PATCH only their own profile.
 * `group-manager`: managers/owners of the group (group itself, laboratory.group).
 * `creator`: the user who created it (publications have no owning project or group).
 */
export type WritePolicy = 'scoped' | 'approval' | 'admin' | 'self' | 'group-manager' | 'creator';

export interface ModelSpec {
  /** Registry key: the URL model name. */
  key: string;
  app: string;
  listKey: string;
  detailKey: string;
  idKind: 'uuid' | 'int';
  fields: readonly FieldSpec[];
  uniqueTogether?: readonly (readonly string[])[];
  scope: Scope;
  write: WritePolicy;
  /** Keys of the `links` field and the relations they name (served as `{id}/{link}/`). */
  links?: Readonly<Record<string, string>>;
  /** Approval envelope keys for `write: 'approval'` models. */
  approval?: { listKey: string; detailKey: string };
  /** Model name used in DRF messages ("project with this name already exists."). */
  verboseName: string;
  /** Methods on which DELETE returns 400 while an epoch references the record. */
  epochProtected?: boolean;
  /** Marked provisional: the spec has no API page for it (epoch). */
  provisional?: boolean;
  /** Portals that serve it (default both). */
  portals?: readonly Portal[];
  /** For approval models: the model whose records they propose. */
  approvalOf?: string;
}

/** Internal bookkeeping on stored records; never serialized (serialization walks `fields`). */
export interface RecordMeta {
  _seq: number;
  /** Owning group id of personal attributes. */
  _group?: number;
  /** Creating user id (publications, approvals). */
  _owner?: number;
}

export type Rec = Record<string, unknown> & RecordMeta;

// Small constructors: the registry reads like the spec's field tables.
type Opts = Omit<FieldSpec, 'name' | 'kind'>;
export const f = {
  id: (): FieldSpec => ({ name: 'id', kind: 'id', readOnly: true }),
  str: (name: string, maxLength?: number, o: Opts = {}): FieldSpec => ({ name, kind: 'string', maxLength, ...o }),
  html: (name: string, o: Opts = {}): FieldSpec => ({ name, kind: 'html', ...o }),
  enumOf: (name: string, choices: readonly string[], o: Opts = {}): FieldSpec => ({
    name,
    kind: 'enum',
    choices,
    ...o,
  }),
  bool: (name: string, o: Opts = {}): FieldSpec => ({ name, kind: 'bool', ...o }),
  int: (name: string, o: Opts = {}): FieldSpec => ({ name, kind: 'int', ...o }),
  date: (name: string, o: Opts = {}): FieldSpec => ({ name, kind: 'date', nullable: true, ...o }),
  datetime: (name: string, o: Opts = {}): FieldSpec => ({ name, kind: 'datetime', nullable: true, ...o }),
  duration: (name: string, o: Opts = {}): FieldSpec => ({ name, kind: 'duration', nullable: true, ...o }),
  json: (name: string, o: Opts = {}): FieldSpec => ({ name, kind: 'json', nullable: true, ...o }),
  tags: (): FieldSpec => ({ name: 'tags', kind: 'strings', default: () => [] }),
  fk: (name: string, target: string, o: Opts = {}): FieldSpec => ({ name, kind: 'fk', target, ...o }),
  m2m: (name: string, target: string, o: Opts = {}): FieldSpec => ({
    name,
    kind: 'm2m',
    target,
    default: () => [],
    ...o,
  }),
  reverse: (name: string, target: string, via: string): FieldSpec => ({
    name,
    kind: 'reverse',
    target,
    via,
    readOnly: true,
  }),
  links: (): FieldSpec => ({ name: 'links', kind: 'links', readOnly: true }),
  members: (name: string, o: Opts = {}): FieldSpec => ({ name, kind: 'members', default: () => ({}), ...o }),
  extra: (o: Opts = {}): FieldSpec => ({
    name: 'extra_fields',
    kind: 'extra_fields',
    nullable: true,
    default: () => ({}),
    ...o,
  }),
  computed: (name: string): FieldSpec => ({ name, kind: 'computed', readOnly: true }),
  downloads: (): FieldSpec => ({ name: 'download_links', kind: 'download_links', default: () => [] }),
};

export function fieldOf(spec: ModelSpec, name: string): FieldSpec | undefined {
  return spec.fields.find((x) => x.name === name);
}
