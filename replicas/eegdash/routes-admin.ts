/**
 * The admin write endpoints (spec 4.14–4.21), behind `Authorization: Bearer <token>` (checked
 * by the dispatcher). Bodies are validated first, whole, so a bad item rejects the request
 * before anything is written. `UpdateError`s thrown while writing become 400s in the dispatcher.
 */
import { isIP } from 'node:net';
import { detail, fail, failValidation, jsonBody, ok, parseFilter } from './http.ts';
import { route, type Route } from './router.ts';
import { toValCounts } from './stats.ts';
import { parseSetUpdate, UpdateError, type SetSpec } from './update.ts';
import { datasetIssues, objectBody, recordIssues, validList, validObject } from './validate.ts';

/** Per-request item caps: records/bulk 1000, datasets/bulk 500 (spec 3 and 7). */
export const RECORDS_BULK_MAX = 1000;
export const DATASETS_BULK_MAX = 500;
/** The ingestion client lets operators pick 1–10000 records per upsert batch (spec 4.16). */
export const RECORDS_UPSERT_MAX = 10_000;

function setSpec(update: unknown, protectedFields?: readonly string[]): SetSpec {
  try {
    return parseSetUpdate(update, protectedFields);
  } catch (error) {
    if (error instanceof UpdateError) return fail(400, error.message);
    throw error;
  }
}

/** A dataset body as `$set` fields: everything but the key and `_id`. */
function datasetFields(doc: Record<string, unknown>): SetSpec {
  const { _id: _ignored, dataset_id: _key, ...fields } = doc;
  return Object.keys(fields).length === 0 ? [] : setSpec(fields, ['dataset_id']);
}

export const ADMIN_ROUTES: readonly Route[] = [
  route('GET', '/admin/valid-databases', ({ store }) => ok({ databases: [...store.names] })),

  // Spec 4.24: shapes UNCONFIRMED; the replica's are `{success, count, blocked: [...]}` and `{"ip"}` in.
  route('GET', '/admin/security/blocked', ({ security }) => {
    const blocked = security.list();
    return ok({ success: true, count: blocked.length, blocked });
  }),

  route('POST', '/admin/security/unblock', ({ req, security }) => {
    const body = objectBody(jsonBody(req));
    const ip = body.ip;
    if (ip === undefined) return failValidation([{ type: 'missing', loc: ['body', 'ip'], msg: 'Field required' }]);
    if (typeof ip !== 'string' || isIP(ip.trim()) === 0)
      return failValidation([
        { type: 'ip_any_address', loc: ['body', 'ip'], msg: 'value is not a valid IPv4 or IPv6 address', input: ip },
      ]);
    const address = ip.trim();
    if (!security.unblock(address)) return detail(404, `IP ${address} is not blocked`);
    return ok({ success: true, ip: address, message: `IP ${address} unblocked` });
  }),

  route('POST', '/admin/:db/records', ({ req, db, dbName }) => {
    const doc = validObject(jsonBody(req), recordIssues);
    const [id] = db.insertRecords([doc]);
    return ok({ success: true, database: dbName, insertedId: id, message: 'Record inserted successfully' });
  }),

  route('POST', '/admin/:db/records/bulk', ({ req, db, dbName }) => {
    const docs = validList(jsonBody(req), RECORDS_BULK_MAX, recordIssues);
    const ids = db.insertRecords(docs);
    return ok({
      success: true,
      database: dbName,
      insertedCount: ids.length,
      insertedIds: ids,
      message: `${ids.length} records inserted successfully`,
    });
  }),

  route('POST', '/admin/:db/records/upsert', ({ req, db, dbName }) => {
    const docs = validList(jsonBody(req), RECORDS_UPSERT_MAX, recordIssues);
    const counts = db.upsertRecords(docs);
    return ok({ success: true, database: dbName, inserted_count: counts.inserted, updated_count: counts.updated });
  }),

  route('PATCH', '/admin/:db/records', ({ req, db, dbName }) => {
    const body = objectBody(jsonBody(req));
    const missing = ['filter', 'update'].filter((k) => body[k] === undefined);
    if (missing.length > 0)
      return failValidation(missing.map((k) => ({ type: 'missing', loc: ['body', k], msg: 'Field required' })));
    const filter = parseFilter(body.filter, typeof body.filter === 'string');
    // Applied document by document, so a failing document stops the run midway, as in MongoDB.
    const counts = db.updateRecords(filter.matcher, filter.hint, setSpec(body.update));
    return ok({ success: true, database: dbName, matched_count: counts.matched, modified_count: counts.modified });
  }),

  route('POST', '/admin/:db/datasets', ({ req, db, dbName }) => {
    const doc = validObject(jsonBody(req), datasetIssues);
    const id = doc.dataset_id as string;
    const outcome = db.upsertDataset(id, datasetFields(doc));
    const inserted = outcome === 'inserted' ? 1 : 0;
    return ok({
      success: true,
      database: dbName,
      dataset_id: id,
      inserted_count: inserted,
      updated_count: 1 - inserted,
      modified_count: outcome === 'updated' ? 1 : 0,
      message: inserted ? `Dataset ${id} inserted` : `Dataset ${id} updated`,
    });
  }),

  route('POST', '/admin/:db/datasets/bulk', ({ req, db, dbName }) => {
    const docs = validList(jsonBody(req), DATASETS_BULK_MAX, datasetIssues);
    const specs = docs.map(datasetFields); // all validated before the first write
    let inserted = 0;
    let modified = 0;
    docs.forEach((doc, i) => {
      const outcome = db.upsertDataset(doc.dataset_id as string, specs[i] as SetSpec);
      if (outcome === 'inserted') inserted++;
      if (outcome === 'updated') modified++;
    });
    const updated = docs.length - inserted;
    return ok({
      success: true,
      database: dbName,
      inserted_count: inserted,
      updated_count: updated,
      modified_count: modified,
      message: `${inserted} datasets inserted, ${updated} updated`,
    });
  }),

  route('POST', '/admin/:db/datasets/compute-stats', ({ req, db, dbName }) => {
    const wanted = req.query
      .get('datasets')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const ids = wanted ?? db.datasets.map((d) => String(d.dataset_id));
    const stats = db.recordStats();
    const now = new Date().toISOString();
    let processed = 0;
    let updated = 0;
    for (const id of ids) {
      const s = stats.get(id);
      if (!db.getDataset(id) || !s) continue;
      processed++;
      const counts = db.updateDataset(id, [
        [['nchans_counts'], toValCounts(s.nchans)],
        [['sfreq_counts'], toValCounts(s.sfreq)],
        [['total_duration_s'], Math.round(s.durationS * 1000) / 1000],
        [['total_files'], s.files],
      ]);
      if (counts.modified) updated++;
      db.updateDataset(id, [[['stats_computed_at'], now]]);
    }
    return ok({ success: true, database: dbName, datasets_processed: processed, datasets_updated: updated });
  }),

  route('PATCH', '/admin/:db/datasets/:id', ({ req, params, db, dbName }) => {
    const body = objectBody(jsonBody(req));
    if (body.update === undefined)
      return failValidation([{ type: 'missing', loc: ['body', 'update'], msg: 'Field required' }]);
    const spec = setSpec(body.update);
    const id = params.id as string;
    if (!db.getDataset(id)) return fail(404, `Dataset '${id}' not found`);
    const counts = db.updateDataset(id, spec);
    return ok({
      success: true,
      database: dbName,
      dataset_id: id,
      matched_count: counts.matched,
      modified_count: counts.modified,
    });
  }),
];
