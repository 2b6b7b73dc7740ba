/**
 * A typed client for the BrainSTEM REST API (a dynamic-rest API, spec §5), in the archive's own
 * vocabulary, with the per-request loaders the GraphQL layer resolves through. No GraphQL here.
 *
 * Portals: public without a token, private with one, unless the caller picks. The caller's token
 * goes to the private portal only, as `Authorization: Bearer`.
 */
import type DataLoader from 'dataloader';
import { ArchiveError } from '../src/http/archive-error.ts';
import type { UpstreamStats } from '../src/http/stats.ts';
import type { UpstreamClient } from '../src/http/upstream.ts';
import { canonicalId, isModelId, MODEL_BY_LIST_KEY, MODELS, type ModelName, type Portal } from './brainstem-models.ts';
import { BRAINSTEM_MAX_PAGE, fetchAll, hasMoreAfter, readPage, type Page } from './brainstem-paging.ts';
import type { BrainstemRecords, ListEnvelope } from './brainstem-types.ts';
import { createLoader } from './loader.ts';

export type { ModelName, Portal } from './brainstem-models.ts';
export type Rec<M extends ModelName> = BrainstemRecords[M];

export interface BrainstemCredentials {
  /** The caller's personal access token (from `X-BrainSTEM-Token`). */
  token?: string | undefined;
}

/** One `filter{key}=value` (repeated for each value); `key` is e.g. `name.icontains` or `-tags`. */
export type Filter = readonly [key: string, value: string | readonly string[]];

/**
 * A relation to ask for with `include[]=relation.*`, and the model its records belong to. With a
 * model, records a server embeds instead of sideloading are primed and replaced by their ids.
 */
export interface Include {
  relation: string;
  model?: ModelName;
}

export interface ListParams {
  portal: Portal;
  filters?: readonly Filter[];
  /** `sort[]` fields, `-` prefix for descending. */
  sort?: readonly string[];
  include?: readonly Include[];
}

export interface ListWindow<T> {
  items: T[];
  total: number | null;
  hasMore: boolean;
  /** Sideloaded records, keyed by the related model's list key. */
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
    if (requested === 'private') this.requireToken('Reading the private portal');
    return requested ?? (this.signedIn ? 'private' : 'public');
  }

  /** One record by id, batched with the other loads of this tick into one `filter{id.in}` request. */
  load<M extends ModelName>(model: M, id: string, portal: Portal): Promise<Rec<M>> {
    if (!isModelId(model, id)) return Promise.reject(malformedId(model, id));
    return this.loader(model, portal).load(canonicalId(model, id)) as Promise<Rec<M>>;
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
  ): Promise<ListWindow<Rec<M>>> {
    // `limit=0` means "the default page size" upstream: ask for one row and keep none.
    const size = Math.min(Math.max(limit, 1), BRAINSTEM_MAX_PAGE);
    const page = await this.page(model, params, offset, size);
    const items = page.items.slice(0, limit);
    const hasMore = limit === 0 ? page.items.length > 0 : hasMoreAfter(page, offset, size);
    return { items, total: page.total, hasMore, included: page.sideloads };
  }

  /** Number of rows of a list: the reported total, else (no total in the envelope) every row counted. */
  async count(model: ModelName, params: ListParams): Promise<number> {
    const page = await this.page(model, params, 0, 1);
    if (page.total !== null) return page.total;
    return (await this.listAll(model, { ...params, include: [] })).length;
  }

  /** Every row of a list, each exactly once, whatever envelope the server uses. */
  async listAll<M extends ModelName>(model: M, params: ListParams): Promise<Rec<M>[]> {
    const rows = await fetchAll((offset, limit) => this.page(model, params, offset, limit));
    const seen = new Set<string>();
    return rows.filter((r) => {
      const id = String(r.id);
      return seen.has(id) ? false : (seen.add(id), true);
    });
  }

  /**
   * The records of `model` whose relation `field` points at `id` (e.g. the behaviors of a
   * subject), for relations BrainSTEM keeps no reverse list of. Batched: the lookups of one tick
   * share a `filter{field.in}` search (every page of it).
   */
  referencing<M extends ModelName>(model: M, field: string, id: string, portal: Portal): Promise<Rec<M>[]> {
    const name = `${portal}/${model}/${field}`;
    let loader = this.reverse.get(name);
    if (!loader) {
      loader = createLoader(
        'brainstem',
        this.stats,
        async (ids: readonly string[]) => {
          const rows = await this.listAll(model, { portal, filters: [[`${field}.in`, ids]] });
          return ids.map((key) => rows.filter((r) => relationIds((r as Record<string, unknown>)[field]).includes(key)));
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
    const res = await this.send<Record<string, unknown>>('POST', listPath(model, 'private'), body);
    return this.saved(model, res, undefined);
  }

  /** `PATCH` on the private portal: only the fields sent change. */
  async update<M extends ModelName>(model: M, id: string, body: Record<string, unknown>): Promise<Rec<M>> {
    this.requireToken(`Changing a ${model}`);
    if (!isModelId(model, id)) throw malformedId(model, id);
    const key = canonicalId(model, id);
    const res = await this.send<Record<string, unknown>>('PATCH', `${listPath(model, 'private')}${key}/`, body);
    return this.saved(model, res, key);
  }

  /** `DELETE` on the private portal. BrainSTEM cascades to what the record owns. */
  async remove(model: ModelName, id: string): Promise<void> {
    this.requireToken(`Deleting a ${model}`);
    if (!isModelId(model, id)) throw malformedId(model, id);
    const key = canonicalId(model, id);
    await this.send('DELETE', `${listPath(model, 'private')}${key}/`, undefined);
    // Cascades reach records this request may have cached: forget them all.
    this.forget();
  }

  private async saved<M extends ModelName>(
    model: M,
    body: Record<string, unknown> | undefined,
    id: string | undefined,
  ): Promise<Rec<M>> {
    const own = body?.[MODELS[model].detailKey] as Rec<M> | undefined;
    // Approval-moderated models answer with the approval under its own key (spec §6.3).
    const values = body ? Object.values(body) : [];
    const record = (own ?? (values.length === 1 && values[0] && typeof values[0] === 'object' ? values[0] : body)) as
      | Rec<M>
      | undefined;
    // The write may have changed relations cached earlier in this request.
    this.forget();
    if (own && typeof own === 'object' && 'id' in own)
      this.loader(model, 'private').prime(canonicalId(model, String(own.id)), own);
    if (record && typeof record === 'object' && 'id' in record) return record;
    // Some PATCH endpoints answer 204 (spec §6.1): read the record back.
    if (id !== undefined) return this.load(model, id, 'private');
    throw new ArchiveError(
      'brainstem',
      'ARCHIVE_BAD_RESPONSE',
      `BrainSTEM answered the new ${model} without the record`,
    );
  }

  private forget(): void {
    for (const loader of [...this.loaders.values(), ...this.reverse.values()]) loader.clearAll();
  }

  private async page<M extends ModelName>(
    model: M,
    params: ListParams,
    offset: number,
    limit: number,
  ): Promise<Page<Rec<M>>> {
    const query: [string, string][] = [];
    for (const [key, value] of params.filters ?? []) {
      for (const v of typeof value === 'string' ? [value] : value) query.push([`filter{${key}}`, v]);
    }
    for (const s of params.sort ?? []) query.push(['sort[]', s]);
    for (const inc of params.include ?? []) query.push(['include[]', `${inc.relation}.*`]);
    query.push(['limit', String(limit)], ['offset', String(offset)]);
    const res = await this.http.json<ListEnvelope>({
      path: listPath(model, params.portal),
      query,
      headers: this.headersFor(params.portal),
      stats: this.stats,
      signal: this.signal,
    });
    const page = readPage<Rec<M>>(res.body ?? {}, MODELS[model].listKey);
    this.prime(model, params, page);
    return page;
  }

  /** Listed rows and sideloads fill the loaders, so their fields cost no further request. */
  private prime<M extends ModelName>(model: M, params: ListParams, page: Page<Rec<M>>): void {
    const put = (m: ModelName, rec: unknown) => {
      const id = (rec as { id?: unknown } | null)?.id;
      if (id !== undefined && id !== null) this.loader(m, params.portal).prime(canonicalId(m, String(id)), rec);
    };
    for (const rec of page.items) {
      put(model, rec);
      // A server that embeds included records (the 2026 tutorial's claim) gets them sideloaded here.
      for (const inc of params.include ?? []) {
        if (!inc.model) continue;
        const model = inc.model;
        const row = rec as unknown as Record<string, unknown>;
        const value = row[inc.relation];
        const embedded = (Array.isArray(value) ? value : [value]).filter((v) => v !== null && typeof v === 'object');
        if (embedded.length === 0) continue;
        embedded.forEach((v) => put(model, v));
        row[inc.relation] = Array.isArray(value)
          ? value.map((v) => (v && typeof v === 'object' ? (v as { id: unknown }).id : v))
          : (value as { id: unknown }).id;
      }
    }
    for (const [key, rows] of Object.entries(page.sideloads)) {
      const m = MODEL_BY_LIST_KEY.get(key);
      if (m) rows.forEach((r) => put(m, r));
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
    const filters: Filter[] = [['id.in', ids]];
    const rows = await fetchAll((offset, limit) => this.page(model, { portal, filters }, offset, limit), ids.length);
    const byId = new Map(rows.map((r) => [canonicalId(model, String(r.id)), r]));
    return ids.map((id) => byId.get(id) ?? notFound(model, id, portal));
  }

  private async send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown): Promise<T | undefined> {
    const res = await this.http.json<T>({
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
    return portal === 'private' ? this.privateHeaders : {};
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
    .map((v) => (v && typeof v === 'object' ? (v as { id?: unknown }).id : v))
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map(String);
}

export function listPath(model: ModelName, portal: Portal): string {
  const info = MODELS[model];
  return `/${portal}/${info.app}/${model}/`;
}

function notFound(model: ModelName, id: string, portal: Portal): ArchiveError {
  return new ArchiveError(
    'brainstem',
    'NOT_FOUND',
    `BrainSTEM has no ${model} ${id} that the caller can see on the ${portal} portal`,
    {
      details: { id, portal: portal.toUpperCase() },
    },
  );
}

function malformedId(model: ModelName, id: string): ArchiveError {
  const shape = MODELS[model].intId ? 'an integer' : 'a UUID';
  return new ArchiveError('brainstem', 'BAD_USER_INPUT', `"${id}" is not a BrainSTEM ${model} id (${shape})`, {
    details: { field: 'id' },
  });
}
