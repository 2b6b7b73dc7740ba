/**
 * The public read endpoints (spec 4.1–4.13). Envelopes follow the spec's replica
 * recommendation (section 8.4): `success` plus `data` (or `count`, `results`), with
 * `database`, `count` and `total` where the spec saw or recommends them.
 */
import { detail, filterFromQuery, intParam, ok, paging } from './http.ts';
import { route, type Route } from './router.ts';
import { searchDatasets } from './search.ts';
import { toValCounts } from './stats.ts';
import {
  findDatasetByIdOrName,
  matchesSummaryFilters,
  recordMetadata,
  summaryDetail,
  summaryItem,
  summaryTotals,
} from './views.ts';

export const API_VERSION = '2.3.0';

export const PUBLIC_ROUTES: readonly Route[] = [
  route('GET', '/', ({ store }) =>
    ok({ name: 'EEGDash API', version: API_VERSION, databases: [...store.names], docs: '/docs' }),
  ),

  route('GET', '/health', () => ok({ status: 'healthy', mongodb: 'connected' })),

  route('GET', '/api/:db/records', ({ req, db, dbName }) => {
    const { matcher, hint } = filterFromQuery(req);
    const { limit, skip } = paging(req.query);
    const data = db.findRecords(matcher, hint, skip, limit);
    return ok({ success: true, database: dbName, count: data.length, data });
  }),

  route('GET', '/api/:db/count', ({ req, db, dbName }) => {
    const { matcher, hint } = filterFromQuery(req);
    return ok({ success: true, database: dbName, count: db.countRecords(matcher, hint) });
  }),

  route('GET', '/api/:db/datasets', ({ req, db, dbName }) => {
    const { matcher } = filterFromQuery(req);
    const { limit, skip } = paging(req.query, { offsetAlias: true });
    const matching = db.findDatasets(matcher);
    const data = matching.slice(skip, skip + limit);
    return ok({ success: true, database: dbName, count: data.length, total: matching.length, data });
  }),

  route('GET', '/api/:db/datasets/names', ({ db, dbName }) => {
    const data = db.datasetNames();
    return ok({ success: true, database: dbName, count: data.length, data });
  }),

  route('GET', '/api/:db/datasets/summary', ({ req, db, dbName }) => {
    const { limit, skip } = paging(req.query);
    const modality = req.query.get('modality');
    const source = req.query.get('source');
    const matching = db.datasets.filter((d) => matchesSummaryFilters(d, modality, source));
    const stats = db.recordStats();
    const data = matching.slice(skip, skip + limit).map((d) => summaryItem(d, stats.get(String(d.dataset_id))));
    return ok({
      success: true,
      database: dbName,
      count: data.length,
      total: matching.length,
      limit,
      skip,
      totals: summaryTotals(matching),
      data,
    });
  }),

  route('GET', '/api/:db/datasets/summary/:id', ({ params, db }) => {
    const doc = findDatasetByIdOrName(db, params.id as string);
    if (!doc) return detail(404, `Dataset '${params.id}' not found`);
    return ok({ success: true, data: summaryDetail(doc, db.recordStats().get(String(doc.dataset_id))) });
  }),

  route('GET', '/api/:db/datasets/stats/records', ({ db, dbName }) => {
    const data: Record<string, unknown> = {};
    for (const [id, s] of db.recordStats()) {
      data[id] = { nchans_counts: toValCounts(s.nchans), sfreq_counts: toValCounts(s.sfreq) };
    }
    return ok({ success: true, database: dbName, data });
  }),

  route('GET', '/api/:db/datasets/search', ({ req, db }) => {
    const q = req.query.get('q');
    if (q === null) {
      return {
        status: 422,
        body: { detail: [{ type: 'missing', loc: ['query', 'q'], msg: 'Field required', input: null }] },
      };
    }
    if (q.trim().length < 2) {
      return {
        status: 422,
        body: {
          detail: [
            {
              type: 'string_too_short',
              loc: ['query', 'q'],
              msg: 'String should have at least 2 characters',
              input: q,
              ctx: { min_length: 2 },
            },
          ],
        },
      };
    }
    const limit = intParam(req.query, { name: 'limit', fallback: 10, ge: 1, le: 100 });
    const results = searchDatasets(db, q, limit);
    return ok({ success: true, query: q, count: results.length, results });
  }),

  // After every fixed `/datasets/...` route: anything else there is a dataset id.
  route('GET', '/api/:db/datasets/:id', ({ params, db }) => {
    const doc = db.getDataset(params.id as string);
    if (!doc) return detail(404, `Dataset '${params.id}' not found`);
    return ok({ success: true, data: doc });
  }),

  route('GET', '/api/:db/metadata/:dataset', ({ params, db, dbName }) => {
    const id = params.dataset as string;
    const records = db.recordsOf(id);
    if (records.length === 0) return detail(404, `No records found for dataset '${id}'`);
    return ok({ success: true, database: dbName, data: recordMetadata(id, records) });
  }),
];
