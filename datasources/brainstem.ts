/**
 * A typed client for the BrainSTEM REST API (a dynamic-rest API, spec §5), in the archive's own
 * vocabulary, with the per-request loaders the GraphQL layer resolves through. No GraphQL here.
 *
 * Portals: public without a token, private with one, unless the caller picks (super: a
 * superuser's view of everything). The caller's token goes to the private and super portals
 * only, as `Authorization: Bearer`.
 */
import type DataLoader from 'dataloader';
import { ArchiveError } from '../src/http/archive-error.ts';
import type { UpstreamStats } from '../src/http/stats.ts';
import type { UpstreamClient } from '../src/http/upstream.ts';
import { canonicalId, checkedId, MODEL_BY_LIST_KEY, MODELS, type ModelName, type Portal } from './brainstem-models.ts';
import { type Include, type ListQuery, listQueryParams } from './brainstem-query.ts';
import type { BrainstemRecords } from './brainstem-types.ts';
import { savedRecord } from './brainstem-writes.ts';
import {
  badShape,
  type EnvelopePage,
  isObject,
  type ListPage,
  limitOffsetPaging,
  type Paging,
  readEnvelope,
  readWindow,
} from './list.ts';
import { createLoader } from './loader.ts';

export type { ModelName, Portal } from './brainstem-models.ts';
export type { Condition, FilterOperator, FilterValue, Include, SortKey } from './brainstem-query.ts';
export type Rec<M extends ModelName> = BrainstemRecords[M];

/** The documented maximum page size. */
export const BRAINSTEM_MAX_PAGE = 100;

export interface BrainstemCredentials {
  /** The caller's personal access token (from `X-BrainSTEM-Token`). */
  token?: string | undefined;
}

/** A list on one portal: its conditions, orderings and sideloads. */
export interface ListParams extends ListQuery {
  portal: Portal;
}

/** A window of a list, with the records sideloaded alongside (keyed by the related model's list key). */
export interface BrainstemPage<T> extends ListPage<T> {
  included: Record<string, unknown[]>;
}

export class BrainstemDataSource {
  private readonly loaders = new Map<string, DataLoader<string, unknown, string>>();
  private readonly reverse = new Map<string, DataLoader<string, unknown[], string>>();
  private readonly privateHeaders: Record<string, string>;

  constructor(
    private readonly http: UpstreamClient,
    private readonly credentials: BrainstemCredentials,
    private readonly stats: UpstreamStats,
    private readonly signal?: AbortSignal,
  ) {
    this.privateHeaders = credentials.token ? { authorization: `Bearer ${credentials.token}` } : {};
  }

  get signedIn(): boolean {
    return this.credentials.token !== undefined;
  }

  /** The portal a request reads: the one asked for, else private with a token and public without. */
  portal(requested?: Portal | null): Portal {
    if (requested === 'private' || requested === 'super') this.requireToken(`Reading the ${requested} portal`);
    return requested ?? (this.signedIn ? 'private' : 'public');
  }

  /** One record by id, batched with the other loads of this tick into one `filter{id.in}` request. */
  async load<M extends ModelName>(model: M, id: string, portal: Portal): Promise<Rec<M>> {
    // No await before the loader call: loads of one tick still share a batch.
    return this.loader(model, portal).load(checkedId(model, id)) as Promise<Rec<M>>;
  }

  /** One record, or null when it does not exist on that portal (or the caller may not see it). */
  async find<M extends ModelName>(model: M, id: string, portal: Portal): Promise<Rec<M> | null> {
    try {
      return await this.load(model, id, portal);
    } catch (error) {
      if (error instanceof ArchiveError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /** The records of a relation the caller can see on `portal`, in the order of `ids`. */
  async findMany<M extends ModelName>(model: M, ids: readonly string[], portal: Portal): Promise<Rec<M>[]> {
    const found = await Promise.all(ids.map((id) => this.find(model, id, portal)));
    return found.filter((r): r is Awaited<Rec<M>> => r !== null);
  }

  /** A record on the caller's default portal, else (signed in) on the public one: for `node(id)`. */
  async loadVisible<M extends ModelName>(model: M, id: string): Promise<{ record: Rec<M>; portal: Portal }> {
    const first = this.portal();
    try {
      return { record: await this.load(model, id, first), portal: first };
    } catch (error) {
      if (first === 'public' || !(error instanceof ArchiveError) || error.code !== 'NOT_FOUND') throw error;
      return { record: await this.load(model, id, 'public'), portal: 'public' };
    }
  }

  /** Rows [offset, offset + limit) of a list (limit ≤ 100: one request). Rows prime the loaders. */
  async list<M extends ModelName>(
    model: M,
    params: ListParams,
    offset: number,
    limit: number,
  ): Promise<BrainstemPage<Rec<M>>> {
    const lead = params.sort?.[0];
    if (lead?.descending && lead.nullsLast) return this.listValuedFirst(model, params, lead.field, offset, limit);
    const page = await readWindow(this.paging(model, params), offset, limit);
    return { items: page.items, total: page.total, hasMore: page.hasMore, included: page.sideloads };
  }

  /**
   * A list ordered by `field` descending with the records that have no `field` last, where
   * BrainSTEM (PostgreSQL's `ORDER BY ... DESC`) would put them first: the records with a value
   * (`filter{field.isnull}=false`, in the order asked for), then those without (the remaining
   * orderings). A window inside the first part costs one request; one that reaches past it, one
   * more (and a count when the first part's size is not otherwise known).
   */
  private async listValuedFirst<M extends ModelName>(
    model: M,
    params: ListParams,
    field: string,
    offset: number,
    limit: number,
  ): Promise<BrainstemPage<Rec<M>>> {
    const conditions = params.conditions ?? [];
    const valued: ListParams = {
      ...params,
      conditions: [...conditions, { field, operator: 'isnull', values: [false] }],
    };
    const empty: ListParams = {
      ...params,
      conditions: [...conditions, { field, operator: 'isnull', values: [true] }],
      sort: (params.sort ?? []).slice(1),
    };
    const first = await readWindow(this.paging(model, valued), offset, limit);
    if (first.hasMore) return { items: first.items, total: null, hasMore: true, included: first.sideloads };
    // The first part ends in (or before) this window: how many rows it has, to place the second.
    const valuedCount =
      first.total ??
      (first.items.length > 0 || offset === 0
        ? offset + first.items.length
        : await this.count(model, { ...valued, include: [] }));
    const rest = await readWindow(
      this.paging(model, empty),
      Math.max(0, offset - valuedCount),
      limit - first.items.length,
    );
    const included: Record<string, unknown[]> = { ...first.sideloads };
    for (const [key, rows] of Object.entries(rest.sideloads)) included[key] = [...(included[key] ?? []), ...rows];
    return {
      items: [...first.items, ...rest.items],
      total: rest.total === null ? null : valuedCount + rest.total,
      hasMore: rest.hasMore,
      included,
    };
  }

  /** Number of rows of a list: the reported total, else (no total in the envelope) every row counted. */
  async count(model: ModelName, params: ListParams): Promise<number> {
    const probe = await this.paging(model, params).window(0, 1);
    if (probe.total !== null) return probe.total;
    return (await this.listAll(model, { ...params, include: [] })).length;
  }

  /** Every row of a list, each exactly once, whatever envelope the server uses. */
  async listAll<M extends ModelName>(model: M, params: ListParams): Promise<Rec<M>[]> {
    const rows = await this.paging(model, params).all();
    const seen = new Set<string>();
    return rows.filter((r) => {
      const id = String(r.id);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  /**
   * The records of `model` whose relation `field` points at `id` (the sessions of a project, the
   * behaviors of a subject), found from their side. Batched: the lookups of one tick share a
   * `filter{field.in}` search (every page of it). With `parent`, the search also sideloads the
   * parents (`include[]=field.*`), so a parent known only by id is usually loaded with it.
   */
  referencing<M extends ModelName>(
    model: M,
    field: string,
    id: string,
    portal: Portal,
    parent?: ModelName,
  ): Promise<Rec<M>[]> {
    const name = `${portal}/${model}/${field}/${parent ?? ''}`;
    let loader = this.reverse.get(name);
    if (!loader) {
      const include: Include[] = parent ? [{ relation: field, model: parent }] : [];
      loader = createLoader(
        'brainstem',
        this.stats,
        async (ids: readonly string[]) => {
          const conditions = [{ field, operator: 'in' as const, values: ids }];
          const rows = await this.listAll(model, { portal, conditions, include });
          return ids.map((key) =>
            rows.filter((r) => relationIds(fieldOf(r, field)).some((v) => v.toLowerCase() === key.toLowerCase())),
          );
        },
        { maxBatchSize: BRAINSTEM_MAX_PAGE },
      );
      this.reverse.set(name, loader);
    }
    return loader.load(id) as Promise<Rec<M>[]>;
  }

  /** `POST` on the private portal; answers the saved record. */
  async create<M extends ModelName>(model: M, body: Record<string, unknown>): Promise<Rec<M>> {
    this.requireToken(`Creating a ${model}`);
    return this.saved(model, await this.send('POST', listPath(model, 'private'), body), undefined);
  }

  /** `PATCH` on the private portal: only the fields sent change. */
  async update<M extends ModelName>(model: M, id: string, body: Record<string, unknown>): Promise<Rec<M>> {
    this.requireToken(`Changing a ${model}`);
    const key = checkedId(model, id);
    return this.saved(model, await this.send('PATCH', `${listPath(model, 'private')}${key}/`, body), key);
  }

  /** `DELETE` on the private portal. BrainSTEM cascades to what the record owns. */
  async remove(model: ModelName, id: string): Promise<void> {
    this.requireToken(`Deleting a ${model}`);
    const key = checkedId(model, id);
    await this.send('DELETE', `${listPath(model, 'private')}${key}/`, undefined);
    // Cascades reach records this request may have cached: forget them all.
    this.forget();
  }

  private async saved<M extends ModelName>(model: M, body: unknown, id: string | undefined): Promise<Rec<M>> {
    // The write may have changed relations cached earlier in this request.
    this.forget();
    const saved = savedRecord(model, body);
    if (saved.own) this.loader(model, 'private').prime(saved.own.id, saved.own.record);
    if (saved.record) return saved.record as Rec<M>;
    // Some PATCH endpoints answer 204 (spec §6.1): read the record back.
    if (id !== undefined) return this.load(model, id, 'private');
    throw badShape('brainstem', MODELS[model].detailKey, 'the saved record', body ?? undefined);
  }

  private forget(): void {
    for (const loader of [...this.loaders.values(), ...this.reverse.values()]) loader.clearAll();
  }

  private paging<M extends ModelName>(
    model: M,
    params: ListParams,
    pageSize = BRAINSTEM_MAX_PAGE,
  ): Paging<Rec<M>, EnvelopePage<Rec<M>>> {
    return limitOffsetPaging((offset, limit) => this.page(model, params, offset, limit), pageSize);
  }

  private async page<M extends ModelName>(
    model: M,
    params: ListParams,
    offset: number,
    limit: number,
  ): Promise<EnvelopePage<Rec<M>>> {
    const res = await this.http.json<unknown>({
      path: listPath(model, params.portal),
      query: listQueryParams(params, offset, limit),
      headers: this.headersFor(params.portal),
      stats: this.stats,
      signal: this.signal,
    });
    const { listKey } = MODELS[model];
    const page = readEnvelope<Rec<M>>('brainstem', res.body, listKey, offset, limit);
    // Everything downstream keys on ids: a row without one is a body of the wrong shape.
    const unkeyed = page.items.find((r) => typeof r.id !== 'string' && typeof r.id !== 'number');
    if (unkeyed) throw badShape('brainstem', `${listKey}[].id`, 'an id', unkeyed.id);
    this.prime(model, params, page);
    return page;
  }

  /** Listed rows and sideloads fill the loaders, so their fields cost no further request. */
  private prime<M extends ModelName>(model: M, params: ListParams, page: EnvelopePage<Rec<M>>): void {
    const put = (m: ModelName, rec: unknown) => {
      const id = isObject(rec) ? rec.id : undefined;
      if (typeof id === 'string' || typeof id === 'number') {
        this.loader(m, params.portal).prime(canonicalId(m, String(id)), rec);
      }
    };
    for (const rec of page.items) {
      put(model, rec);
      // A server that embeds included records (the 2026 tutorial's claim) gets them sideloaded here.
      for (const inc of params.include ?? []) {
        if (inc.model) unembed(rec, inc.relation, (v) => put(inc.model ?? model, v));
      }
    }
    for (const [key, rows] of Object.entries(page.sideloads)) {
      const m = MODEL_BY_LIST_KEY.get(key);
      if (m) for (const r of rows) put(m, r);
    }
  }

  private loader(model: ModelName, portal: Portal): DataLoader<string, unknown, string> {
    const name = `${portal}/${model}`;
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = createLoader('brainstem', this.stats, (ids: readonly string[]) => this.batch(model, portal, ids), {
        maxBatchSize: BRAINSTEM_MAX_PAGE,
      });
      this.loaders.set(name, loader);
    }
    return loader;
  }

  private async batch(model: ModelName, portal: Portal, ids: readonly string[]): Promise<unknown[]> {
    const conditions = [{ field: 'id', operator: 'in' as const, values: ids }];
    const rows = await this.paging(model, { portal, conditions }, ids.length).all();
    const byId = new Map(rows.map((r) => [canonicalId(model, String(r.id)), r]));
    return ids.map((id) => byId.get(id) ?? notFound(model, id, portal));
  }

  private async send(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown): Promise<unknown> {
    const res = await this.http.json<unknown>({
      method,
      path,
      body,
      headers: this.privateHeaders,
      stats: this.stats,
      signal: this.signal,
    });
    return res.body;
  }

  private headersFor(portal: Portal): Record<string, string> {
    // The token goes to the private and super portals only, never to the public one.
    return portal === 'public' ? {} : this.privateHeaders;
  }

  private requireToken(what: string): void {
    if (!this.signedIn) {
      throw new ArchiveError(
        'brainstem',
        'UNAUTHENTICATED',
        `${what} needs a BrainSTEM personal access token: send it in the X-BrainSTEM-Token header`,
      );
    }
  }
}

/** A relation value as ids: a to-many list or a to-one id, tolerating embedded objects. */
export function relationIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  return list
    .map((v) => (isObject(v) ? v.id : v))
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map(String);
}

export function listPath(model: ModelName, portal: Portal): string {
  const info = MODELS[model];
  return `/${portal}/${info.app}/${model}/`;
}

const fieldOf = (record: object, field: string): unknown => (isObject(record) ? record[field] : undefined);

/** Replaces records embedded in `record[relation]` by their ids, handing each record to `put`. */
function unembed(record: object, relation: string, put: (embedded: Record<string, unknown>) => void): void {
  if (!isObject(record)) return;
  const value = record[relation];
  const idOf = (v: unknown) => {
    if (!isObject(v)) return v;
    put(v);
    return v.id;
  };
  if (Array.isArray(value)) {
    if (value.some(isObject)) record[relation] = value.map(idOf);
  } else if (isObject(value)) {
    record[relation] = idOf(value);
  }
}

function notFound(model: ModelName, id: string, portal: Portal): ArchiveError {
  return new ArchiveError(
    'brainstem',
    'NOT_FOUND',
    `BrainSTEM has no ${model} ${id} that the caller can see on the ${portal} portal`,
    { details: { id, portal: portal.toUpperCase() } },
  );
}
