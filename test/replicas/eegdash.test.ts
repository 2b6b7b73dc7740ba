import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EEGDASH_DATASET_IDS } from '../../replicas/common/catalog.ts';
import { hashString } from '../../replicas/common/prng.ts';
import {
  EEGDASH_CLINICAL_DATASET_ID,
  EEGDASH_FACE_DATASET_ID,
  EEGDASH_LARGE_DATASET_IDS,
  generateEegdashSeed,
  type Doc,
} from '../../replicas/eegdash/seed.ts';
import {
  EEGDASH_REPLICA_ADMIN_TOKEN,
  startEegdashReplica,
  type EegdashReplica,
} from '../../replicas/eegdash/server.ts';

let replica: EegdashReplica;
let records: Doc[];

beforeAll(async () => {
  replica = await startEegdashReplica();
  records = replica.store.main.records;
});
afterAll(async () => {
  await replica.close();
});

type Json = Record<string, any>;
const q = (filter: unknown) => encodeURIComponent(JSON.stringify(filter));

async function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(replica.apiUrl + path, { headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

const ADMIN = { authorization: `Bearer ${EEGDASH_REPLICA_ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function send(method: string, path: string, body: unknown, headers: Record<string, string> = ADMIN) {
  const res = await fetch(replica.apiUrl + path, {
    method,
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
}

const countOf = async (filter: unknown, db = 'eegdash') =>
  (await get(`/api/${db}/count?filter=${q(filter)}`)).body.count as number;

describe('eegdash replica: seed', () => {
  it('holds exactly the 750 catalogue datasets and at least 100,000 records', async () => {
    const { body } = await get('/api/eegdash/datasets?limit=1000');
    expect(body.total).toBe(750);
    expect(body.data.map((d: Json) => d.dataset_id)).toEqual([...EEGDASH_DATASET_IDS]);
    expect((await get('/api/eegdash/count')).body.count).toBeGreaterThanOrEqual(100_000);
  });

  it('pins ds002718: 18 records, subjects 002–019, FaceRecognition, 74 channels at 250 Hz', async () => {
    const { body } = await get(`/api/eegdash/records?filter=${q({ dataset: EEGDASH_FACE_DATASET_ID })}&limit=1000`);
    expect(body.data).toHaveLength(18);
    expect(body.data.map((r: Json) => r.subject)).toEqual(
      Array.from({ length: 18 }, (_, i) => String(i + 2).padStart(3, '0')),
    );
    for (const r of body.data) {
      expect(r).toMatchObject({
        task: 'FaceRecognition',
        session: null,
        run: null,
        nchans: 74,
        sampling_frequency: 250,
        extension: '.set',
      });
      expect(r.ch_names).toHaveLength(74);
      expect(r.bidspath).toBe(`ds002718/${r.bids_relpath}`);
      expect(r.data_name).toBe(`ds002718_${r.bids_relpath.split('/').at(-1)}`);
      expect(r.storage).toMatchObject({ backend: 's3', base: 's3://openneuro.org/ds002718', raw_key: r.bids_relpath });
      expect(r._id).toMatch(/^[0-9a-f]{24}$/);
      expect(r).not.toHaveProperty('entities');
      expect(r.entities_mne.subject).toBe(r.subject);
    }
    const ds = (await get('/api/eegdash/datasets/ds002718')).body.data;
    expect(ds).toMatchObject({
      dataset_id: 'ds002718',
      source: 'openneuro',
      license: 'CC0',
      total_files: 18,
      dataset_doi: '10.18112/openneuro.ds002718.v1.0.0',
    });
    expect(ds.demographics.subjects_count).toBe(18);
  });

  it('has the pinned large datasets above one page and a pinned clinical dataset', async () => {
    for (const id of EEGDASH_LARGE_DATASET_IDS) expect(await countOf({ dataset: id })).toBeGreaterThan(1000);
    const clinical = (await get(`/api/eegdash/datasets/${EEGDASH_CLINICAL_DATASET_ID}`)).body.data;
    expect(clinical.clinical).toMatchObject({ is_clinical: true, group: 'epilepsy' });
    expect(clinical.recording_modality).toEqual(['ieeg']);
  });

  it('is realistic: record fields, NEMAR storage, modality mix, skewed sizes', () => {
    const nemar = records.find((r) => r.dataset === 'nm000103') as Json;
    expect(nemar.storage.backend).toBe('nemar');
    expect(Object.values(nemar.storage.annex_keys)[0]).toMatch(/^MD5E-s\d+--[0-9a-f]{32}\.\w+$/);
    const mods = new Set(records.map((r) => r.datatype));
    expect([...mods].sort()).toEqual(['eeg', 'emg', 'ieeg', 'meg']);
    const per = new Map<string, number>();
    for (const r of records) per.set(r.dataset as string, (per.get(r.dataset as string) ?? 0) + 1);
    expect(per.size).toBe(750);
    expect(Math.min(...per.values())).toBeLessThan(10);
    for (const key of [
      'sampling_frequency',
      'nchans',
      'ntimes',
      'duration_seconds',
      'participant_tsv',
      'digested_at',
      '_has_missing_files',
    ]) {
      expect(records[0], key).toHaveProperty(key);
    }
  });

  it('is deterministic across runs', () => {
    // A golden fingerprint: other replicas and tests name these ids, so any drift must be deliberate.
    const fold = (h: number, s: string) => Math.imul(h ^ hashString(s), 0x01000193) >>> 0;
    let rh = 0x811c9dc5;
    for (const r of records)
      rh = fold(rh, `${r._id}|${r.bids_relpath}|${r.ntimes}|${r.nchans}|${r.sampling_frequency}`);
    let dh = 0x811c9dc5;
    for (const d of replica.store.main.datasets) dh = fold(dh, `${d._id}|${d.dataset_id}|${d.name}|${d.size_bytes}`);
    expect([records.length, rh.toString(16), dh.toString(16)]).toEqual([111_203, 'a7a6edf7', '431218ac']);
    expect(JSON.stringify(generateEegdashSeed('eegdash_dev'))).toBe(JSON.stringify(generateEegdashSeed('eegdash_dev')));
  });
});

describe('eegdash replica: service endpoints and edge behaviour', () => {
  it('serves / and /health', async () => {
    expect((await get('/')).body).toMatchObject({
      name: 'EEGDash API',
      databases: expect.arrayContaining(['eegdash', 'eegdash_staging', 'eegdash_v1']),
    });
    expect((await get('/health')).body).toEqual({ status: 'healthy', mongodb: 'connected' });
  });

  it('sends CORS and X-Request-ID headers and answers preflights', async () => {
    const r = await get('/health', { 'x-request-id': 'abc-123' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('x-request-id')).toBe('abc-123');
    expect((await get('/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const pre = await fetch(`${replica.apiUrl}/api/eegdash/records`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('refuses DELETE and PUT at the edge with 405, everywhere', async () => {
    expect((await send('DELETE', '/admin/eegdash/datasets/ds002718', '')).status).toBe(405);
    expect((await send('DELETE', '/admin/eegdash/records?dataset=ds002718', '')).status).toBe(405);
    expect((await send('PUT', '/api/eegdash/records', '{}')).status).toBe(405);
  });

  it('404s unknown paths, 405s wrong methods, redirects trailing slashes', async () => {
    expect(await get('/api/eegdash/nothing')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
    expect((await send('POST', '/health', '{}')).status).toBe(405);
    const res = await fetch(`${replica.apiUrl}/api/eegdash/count/?filter=%7B%7D`, { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/api/eegdash/count?filter=%7B%7D');
  });
});

describe('eegdash replica: records and count', () => {
  it('returns the records envelope, default limit 100, in insertion order', async () => {
    const { status, body } = await get('/api/eegdash/records');
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, database: 'eegdash', count: 100 });
    expect(body.data.map((r: Json) => r._id)).toEqual(records.slice(0, 100).map((r) => r._id));
  });

  it('pages past 1000 with limit and skip, deterministically', async () => {
    const id = EEGDASH_LARGE_DATASET_IDS[0] as string;
    const total = await countOf({ dataset: id });
    const seen: string[] = [];
    for (let skip = 0; skip < total; skip += 1000) {
      const { body } = await get(`/api/eegdash/records?filter=${q({ dataset: id })}&limit=1000&skip=${skip}`);
      expect(body.count).toBe(Math.min(1000, total - skip));
      seen.push(...body.data.map((r: Json) => r.bids_relpath));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const again = await get(`/api/eegdash/records?filter=${q({ dataset: id })}&limit=5&skip=1000`);
    expect(again.body.data.map((r: Json) => r.bids_relpath)).toEqual(seen.slice(1000, 1005));
    expect((await get(`/api/eegdash/records?filter=${q({ dataset: id })}&skip=${total}`)).body.data).toEqual([]);
  });

  it('validates limit and skip like FastAPI (422)', async () => {
    for (const bad of ['limit=0', 'limit=1001', 'limit=abc', 'skip=-1', 'limit=2.5']) {
      const { status, body } = await get(`/api/eegdash/records?${bad}`);
      expect(status, bad).toBe(422);
      expect(body.detail[0].loc[0]).toBe('query');
    }
    expect((await get('/api/eegdash/records?limit=1000')).body.count).toBe(1000);
  });

  it('returns an empty list (not 404) when nothing matches, and counts', async () => {
    expect((await get(`/api/eegdash/records?filter=${q({ dataset: 'ds999999' })}`)).body).toMatchObject({
      success: true,
      count: 0,
      data: [],
    });
    expect((await get('/api/eegdash/count')).body).toEqual({
      success: true,
      database: 'eegdash',
      count: records.length,
    });
    expect((await get(`/api/eegdash/count?filter=${q({ dataset: 'ds002718' })}&limit=1`)).body.count).toBe(18);
  });
});

describe('eegdash replica: filters over HTTP', () => {
  const expectSameCount = async (filter: unknown, predicate: (r: Json) => boolean) => {
    const expected = records.filter(predicate).length;
    expect(await countOf(filter), JSON.stringify(filter)).toBe(expected);
    return expected;
  };

  it('answers the filters real callers send (spec 4.4)', async () => {
    expect(await countOf({ dataset: 'ds002718', subject: { $in: ['012', '013'] } })).toBe(2);
    expect(
      await countOf({
        dataset: 'ds002718',
        suffix: { $in: ['eeg', 'ieeg', 'emg', 'meg'] },
        extension: { $in: ['.set', '.edf', '.bdf', '.vhdr', '.fif', '.fiff'] },
        _has_missing_files: { $ne: true },
      }),
    ).toBe(18);
    expect(await countOf({ $and: [{ dataset: 'ds002718' }, { task: 'FaceRecognition' }] })).toBe(18);
    const one = records.find((r) => r.dataset === 'nm000103') as Json;
    expect(await countOf({ bidspath: one.bidspath })).toBe(1);
    await expectSameCount({ task: { $regex: 'rest', $options: 'i' } }, (r) => /rest/i.test(r.task));
  });

  it('supports every listed operator with the same results as a direct scan', async () => {
    expect(
      await expectSameCount({ sampling_frequency: { $eq: 250 } }, (r) => r.sampling_frequency === 250),
    ).toBeGreaterThan(0);
    await expectSameCount({ datatype: { $ne: 'eeg' } }, (r) => r.datatype !== 'eeg');
    await expectSameCount({ nchans: { $gt: 300 } }, (r) => r.nchans > 300);
    await expectSameCount({ nchans: { $gte: 64, $lt: 128 } }, (r) => r.nchans >= 64 && r.nchans < 128);
    await expectSameCount({ duration_seconds: { $lte: 120 } }, (r) => r.duration_seconds <= 120);
    await expectSameCount(
      { extension: { $nin: ['.set', '.edf'] } },
      (r) => r.extension !== '.set' && r.extension !== '.edf',
    );
    await expectSameCount({ 'storage.annex_keys': { $exists: true } }, (r) => r.storage.annex_keys !== undefined);
    await expectSameCount(
      { $or: [{ datatype: 'meg' }, { nchans: { $lt: 20 } }] },
      (r) => r.datatype === 'meg' || r.nchans < 20,
    );
    await expectSameCount(
      { $nor: [{ datatype: 'eeg' }, { datatype: 'meg' }] },
      (r) => r.datatype !== 'eeg' && r.datatype !== 'meg',
    );
    await expectSameCount({ sampling_frequency: { $not: { $gte: 500 } } }, (r) => !(r.sampling_frequency >= 500));
    await expectSameCount({ bad_channels: { $size: 2 } }, (r) => r.bad_channels.length === 2);
    await expectSameCount(
      { ch_names: { $all: ['Cz', 'Pz'] } },
      (r) => r.ch_names.includes('Cz') && r.ch_names.includes('Pz'),
    );
    await expectSameCount({ ch_names: { $elemMatch: { $regex: '^MEG0' } } }, (r) =>
      r.ch_names.some((c: string) => c.startsWith('MEG0')),
    );
    await expectSameCount({ 'participant_tsv.age': { $gte: 60 } }, (r) => r.participant_tsv.age >= 60);
    await expectSameCount({ 'storage.dep_keys.2': { $regex: '\\.fdt$' } }, (r) =>
      /\.fdt$/.test(r.storage.dep_keys[2] ?? ''),
    );
  });

  it('filters datasets with dotted paths and the legacy clinical names', async () => {
    const { body } = await get(
      `/api/eegdash/datasets?limit=1000&filter=${q({ $or: [{ 'clinical.group': 'epilepsy' }, { clinical_group: 'epilepsy' }] })}`,
    );
    expect(body.total).toBeGreaterThan(0);
    expect(body.data.map((d: Json) => d.dataset_id)).toContain(EEGDASH_CLINICAL_DATASET_ID);
    const nm = await get(`/api/eegdash/datasets?limit=1000&filter=${q({ dataset_id: { $regex: '^nm' } })}`);
    expect(nm.body.total).toBe(150);
    expect(nm.body.data.every((d: Json) => d.source === 'nemar')).toBe(true);
  });

  it('refuses code-running and unknown operators and bad JSON with 400', async () => {
    for (const op of ['$where', '$function', '$accumulator', '$expr']) {
      const r = await get(`/api/eegdash/records?filter=${q({ [op]: 'true' })}`);
      expect(r).toMatchObject({ status: 400, body: { detail: `Operator '${op}' is not allowed` } });
    }
    expect(await get(`/api/eegdash/count?filter=${q({ nchans: { $mod: [2, 0] } })}`)).toMatchObject({
      status: 400,
      body: { detail: "Unknown operator '$mod'" },
    });
    expect(await get('/api/eegdash/records?filter=%7Bnot-json')).toMatchObject({
      status: 400,
      body: { detail: 'Invalid filter JSON' },
    });
    expect((await get(`/api/eegdash/records?filter=${q([1])}`)).status).toBe(400);
    expect((await get(`/api/eegdash/datasets?filter=${q({ $expr: {} })}`)).status).toBe(400);
  });
});

describe('eegdash replica: dataset endpoints', () => {
  it('lists datasets with count/total and skip or offset paging', async () => {
    const { body } = await get('/api/eegdash/datasets');
    expect(body).toMatchObject({ success: true, database: 'eegdash', count: 100, total: 750 });
    const bySkip = (await get('/api/eegdash/datasets?limit=3&skip=10')).body.data.map((d: Json) => d.dataset_id);
    expect(bySkip).toEqual(EEGDASH_DATASET_IDS.slice(10, 13));
    expect((await get('/api/eegdash/datasets?limit=3&offset=10')).body.data.map((d: Json) => d.dataset_id)).toEqual(
      bySkip,
    );
    expect(
      (await get('/api/eegdash/datasets?limit=3&offset=99&skip=10')).body.data.map((d: Json) => d.dataset_id),
    ).toEqual(bySkip);
    expect((await get('/api/eegdash/datasets?limit=1001')).status).toBe(422);
  });

  it('gets one dataset with _id, 404 otherwise (case-sensitive)', async () => {
    const { body } = await get('/api/eegdash/datasets/nm000103');
    expect(body.success).toBe(true);
    expect(body.data._id).toMatch(/^[0-9a-f]{24}$/);
    expect(body.data.source).toBe('nemar');
    expect(await get('/api/eegdash/datasets/DS002718')).toMatchObject({
      status: 404,
      body: { detail: expect.any(String) },
    });
  });

  it('lists names and per-dataset record stats', async () => {
    const names = (await get('/api/eegdash/datasets/names')).body;
    expect(names).toMatchObject({ success: true, count: 750 });
    expect(names.data).toEqual([...EEGDASH_DATASET_IDS].sort());
    const stats = (await get('/api/eegdash/datasets/stats/records')).body.data;
    expect(Object.keys(stats)).toHaveLength(750);
    expect(stats.ds002718).toEqual({
      nchans_counts: [{ val: 74, count: 18 }],
      sfreq_counts: [{ val: 250, count: 18 }],
    });
  });

  it('summarises with paging, modality/source filters and totals', async () => {
    const first = (await get('/api/eegdash/datasets/summary?limit=1000')).body;
    expect(first).toMatchObject({ success: true, count: 750, total: 750 });
    expect(first.totals).toMatchObject({ datasets: 750, files: records.length });
    expect(first.totals.subjects).toBeGreaterThan(10_000);
    const item = first.data.find((d: Json) => d.dataset_id === 'ds002718');
    expect(item).toMatchObject({
      total_files: 18,
      nchans_counts: [{ val: 74, count: 18 }],
      demographics: { subjects_count: 18 },
    });
    expect(item.size_human).toMatch(/^\d+\.\d (KB|MB|GB|TB)$/);
    const page = (await get('/api/eegdash/datasets/summary?limit=10&skip=745')).body;
    expect(page.data).toHaveLength(5);
    const meg = (await get('/api/eegdash/datasets/summary?limit=1000&modality=meg')).body;
    expect(meg.total).toBeGreaterThan(0);
    expect(meg.data.every((d: Json) => d.recording_modality.includes('meg'))).toBe(true);
    expect((await get('/api/eegdash/datasets/summary?limit=1000&source=nemar')).body.totals.datasets).toBe(150);
    expect((await get('/api/eegdash/datasets/summary?limit=0')).status).toBe(422);
  });

  it('details one summary by id or by name', async () => {
    const byId = (await get('/api/eegdash/datasets/summary/ds002718')).body;
    expect(byId.data).toMatchObject({
      dataset_id: 'ds002718',
      readme: expect.any(String),
      bad_channels_info: expect.any(Object),
    });
    const byName = (await get(`/api/eegdash/datasets/summary/${encodeURIComponent(byId.data.name)}`)).body;
    expect(byName.data.dataset_id).toBe('ds002718');
    expect((await get('/api/eegdash/datasets/summary/ds000000')).status).toBe(404);
  });

  it('searches datasets (q of at least 2 characters, limit)', async () => {
    const { body } = await get('/api/eegdash/datasets/search?q=face%20recognition&limit=5');
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(5);
    expect(body.results[0]).toHaveProperty('snippet');
    expect(body.results[0]).toHaveProperty('demographics.subjects_count');
    expect(body.results.map((r: Json) => r.dataset_id)).toContain('ds002718');
    expect((await get('/api/eegdash/datasets/search?q=a')).status).toBe(422);
    expect((await get('/api/eegdash/datasets/search')).status).toBe(422);
    expect((await get('/api/eegdash/datasets/search?q=zzzqqq')).body.results).toEqual([]);
  });

  it('derives per-dataset metadata from records', async () => {
    const { body } = await get('/api/eegdash/metadata/ds002718');
    expect(body.data).toMatchObject({
      dataset: 'ds002718',
      record_count: 18,
      subject_count: 18,
      tasks: ['FaceRecognition'],
      sessions: [],
    });
    expect((await get('/api/eegdash/metadata/ds999999')).status).toBe(404);
  });
});

describe('eegdash replica: databases', () => {
  it('rejects unknown databases with 404 on public and admin routes', async () => {
    expect(await get('/api/eegdashstaging/records')).toMatchObject({
      status: 404,
      body: { detail: 'Database not found' },
    });
    expect((await send('POST', '/admin/nope/records', { dataset: 'x', bids_relpath: 'y' })).status).toBe(404);
  });

  it('serves staging (subset), v1 (legacy flat schema), dev and the empty archive', async () => {
    const staging = (await get('/api/eegdash_staging/datasets?limit=1')).body;
    expect(staging.total).toBeGreaterThan(100);
    expect(staging.total).toBeLessThan(750);
    expect(await countOf({ dataset: 'ds002718' }, 'eegdash_staging')).toBe(18);
    const v1 = (await get(`/api/eegdash_v1/records?filter=${q({ dataset: 'ds002718' })}&limit=1`)).body.data[0];
    expect(v1).toMatchObject({ modality: 'eeg', subject: '002' });
    expect(v1).toHaveProperty('bidsdependencies');
    expect(v1).not.toHaveProperty('storage');
    expect((await get('/api/eegdash_v1/datasets/ds002718')).body.data.recording_modality).toBe('eeg');
    expect((await get('/api/eegdash_archive/count')).body.count).toBe(0);
    expect((await get('/api/eegdash_dev/datasets?limit=1')).body.total).toBeGreaterThan(10);
  });
});

describe('eegdash replica: admin writes (on eegdash_dev, reset afterwards)', () => {
  const DB = '/admin/eegdash_dev';
  const rec = (i: number, extra: Json = {}) => ({
    dataset: 'ds_test',
    bids_relpath: `sub-${i}/eeg/sub-${i}_task-rest_eeg.edf`,
    recording_modality: ['eeg'],
    storage: { backend: 's3', base: 's3://test/ds_test', raw_key: `sub-${i}/eeg/sub-${i}_task-rest_eeg.edf` },
    subject: String(i),
    ...extra,
  });
  afterAll(() => replica.store.reset('eegdash_dev'));

  it('requires a Bearer token: 401 without, 403 with the wrong one', async () => {
    expect(await send('POST', `${DB}/records`, rec(1), { 'content-type': 'application/json' })).toMatchObject({
      status: 401,
      body: { detail: 'Not authenticated' },
    });
    expect((await send('POST', `${DB}/records`, rec(1), { authorization: 'Bearer nope' })).status).toBe(403);
    expect((await send('POST', `${DB}/records`, rec(1), { authorization: EEGDASH_REPLICA_ADMIN_TOKEN })).status).toBe(
      401,
    );
    expect((await send('PATCH', `${DB}/datasets/ds002718`, { update: { x: 1 } }, {})).status).toBe(401);
    expect((await get('/admin/valid-databases', ADMIN)).body.databases).toContain('eegdash_staging');
  });

  it('inserts one record and returns its id', async () => {
    const { status, body } = await send('POST', `${DB}/records`, rec(1));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      success: true,
      database: 'eegdash_dev',
      insertedId: expect.stringMatching(/^[0-9a-f]{24}$/),
    });
    const stored = (await get(`/api/eegdash_dev/records?filter=${q({ _id: body.insertedId })}`)).body.data;
    expect(stored[0]).toMatchObject(rec(1));
  });

  it('validates required record fields and names the offending index', async () => {
    expect(await send('POST', `${DB}/records`, { dataset: 'ds_test' })).toMatchObject({
      status: 422,
      body: { detail: [{ type: 'missing', loc: ['body', 'bids_relpath'] }] },
    });
    const bad = await send('POST', `${DB}/records/bulk`, [rec(2), { bids_relpath: 'x' }, rec(3, { dataset: 5 })]);
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: Json) => d.loc)).toEqual([
      ['body', 1, 'dataset'],
      ['body', 2, 'dataset'],
    ]);
    expect(await countOf({ dataset: 'ds_test', subject: '2' }, 'eegdash_dev')).toBe(0);
    expect((await send('POST', `${DB}/records`, '{oops')).body.detail[0].type).toBe('json_invalid');
  });

  it('bulk-inserts up to 1000 records; 1001 is refused', async () => {
    const batch = Array.from({ length: 1000 }, (_, i) => rec(1000 + i));
    const ok = await send('POST', `${DB}/records/bulk`, batch);
    expect(ok.body).toMatchObject({
      success: true,
      insertedCount: 1000,
      message: '1000 records inserted successfully',
    });
    expect(ok.body.insertedIds).toHaveLength(1000);
    const over = await send('POST', `${DB}/records/bulk`, [...batch, rec(5000)]);
    expect(over).toMatchObject({
      status: 422,
      body: { detail: [{ type: 'too_long', loc: ['body'], ctx: { max_length: 1000, actual_length: 1001 } }] },
    });
    expect((await send('POST', `${DB}/records/bulk`, [])).status).toBe(422);
    expect((await send('POST', `${DB}/records/bulk`, rec(1))).body.detail[0].type).toBe('list_type');
  });

  it('upserts on (dataset, bids_relpath): posting twice leaves one document', async () => {
    const doc = rec(7, { nchans: 32 });
    expect((await send('POST', `${DB}/records/upsert`, [doc])).body).toMatchObject({
      inserted_count: 1,
      updated_count: 0,
    });
    expect((await send('POST', `${DB}/records/upsert`, [{ ...doc, nchans: 64 }, rec(8)])).body).toMatchObject({
      inserted_count: 1,
      updated_count: 1,
    });
    const found = (
      await get(`/api/eegdash_dev/records?filter=${q({ dataset: 'ds_test', bids_relpath: doc.bids_relpath })}`)
    ).body.data;
    expect(found).toHaveLength(1);
    expect(found[0].nchans).toBe(64);
    // Same path in another dataset is a different key.
    expect((await send('POST', `${DB}/records/upsert`, [{ ...doc, dataset: 'ds_other' }])).body.inserted_count).toBe(1);
  });

  it('PATCHes records with $set semantics only', async () => {
    const filter = { dataset: 'ds002718', subject: { $in: ['002', '003'] } };
    const res = await send('PATCH', `${DB}/records`, {
      filter,
      update: { qc_status: 'ok', 'participant_tsv.age': 99 },
    });
    expect(res.body).toMatchObject({ success: true, matched_count: 2, modified_count: 2 });
    expect(
      (await send('PATCH', `${DB}/records`, { filter, update: { $set: { qc_status: 'ok' } } })).body,
    ).toMatchObject({ matched_count: 2, modified_count: 0 });
    // Nested writes copy shared sub-documents: other databases and records are untouched.
    expect(await countOf({ 'participant_tsv.age': 99, dataset: 'ds002718' }, 'eegdash_dev')).toBe(2);
    expect(await countOf({ 'participant_tsv.age': 99, dataset: 'ds002718' })).toBe(0);
    for (const update of [
      { $unset: { qc_status: '' } },
      { $inc: { nchans: 1 } },
      { $set: { a: 1 }, $push: { b: 1 } },
      { _id: 'x' },
      {},
    ]) {
      expect((await send('PATCH', `${DB}/records`, { filter, update })).status, JSON.stringify(update)).toBe(400);
    }
    expect((await send('PATCH', `${DB}/records`, { filter: { $where: '1' }, update: { a: 1 } })).status).toBe(400);
    expect((await send('PATCH', `${DB}/records`, { update: { a: 1 } })).status).toBe(422);
  });

  it('upserts datasets by dataset_id with $set semantics', async () => {
    const created = await send('POST', `${DB}/datasets`, {
      dataset_id: 'ds_test',
      name: 'Test',
      source: 'openneuro',
      recording_modality: ['eeg'],
    });
    expect(created.body).toMatchObject({ success: true, inserted_count: 1, updated_count: 0 });
    const updated = await send('POST', `${DB}/datasets`, {
      dataset_id: 'ds_test',
      license: 'CC0',
      'clinical.is_clinical': true,
    });
    expect(updated.body).toMatchObject({
      inserted_count: 0,
      updated_count: 1,
      message: expect.stringContaining('updated'),
    });
    const doc = (await get('/api/eegdash_dev/datasets/ds_test')).body.data;
    expect(doc).toMatchObject({
      name: 'Test',
      license: 'CC0',
      clinical: { is_clinical: true },
      _id: expect.any(String),
    });
    expect((await send('POST', `${DB}/datasets`, { name: 'no id' })).status).toBe(422);
  });

  it('bulk-upserts up to 500 datasets and PATCHes one', async () => {
    const batch = Array.from({ length: 500 }, (_, i) => ({
      dataset_id: `bulk_${i}`,
      name: `Bulk ${i}`,
      acknowledgements: 'kept',
    }));
    const ok = await send('POST', `${DB}/datasets/bulk`, batch);
    expect(ok.body).toMatchObject({ success: true, inserted_count: 500, updated_count: 0 });
    const again = await send('POST', `${DB}/datasets/bulk`, [
      { dataset_id: 'bulk_1', name: 'Renamed' },
      { dataset_id: 'ds002718', name: 'x' },
    ]);
    expect(again.body).toMatchObject({ inserted_count: 0, updated_count: 2 });
    expect((await get('/api/eegdash_dev/datasets/bulk_1')).body.data).toMatchObject({
      name: 'Renamed',
      acknowledgements: 'kept',
    });
    expect(
      (await send('POST', `${DB}/datasets/bulk`, [...batch, { dataset_id: 'one_more' }])).body.detail[0],
    ).toMatchObject({ type: 'too_long', ctx: { max_length: 500 } });
    const bad = await send('POST', `${DB}/datasets/bulk`, [{ dataset_id: 'fine' }, { name: 'no id' }]);
    expect(bad.body.detail[0].loc).toEqual(['body', 1, 'dataset_id']);

    const patched = await send('PATCH', `${DB}/datasets/ds002718`, { update: { 'clinical.is_clinical': true } });
    expect(patched.body).toMatchObject({ success: true, matched_count: 1, modified_count: 1 });
    expect((await get('/api/eegdash_dev/datasets/ds002718')).body.data.clinical.is_clinical).toBe(true);
    expect((await get('/api/eegdash/datasets/ds002718')).body.data.clinical.is_clinical).toBe(false);
    expect((await send('PATCH', `${DB}/datasets/ds000000`, { update: { a: 1 } })).status).toBe(404);
    expect((await send('PATCH', `${DB}/datasets/ds002718`, { update: { $rename: { a: 'b' } } })).status).toBe(400);
  });

  it('recomputes dataset stats from records', async () => {
    const res = await send('POST', `${DB}/datasets/compute-stats?datasets=ds002718`, '');
    expect(res.body).toMatchObject({ success: true, datasets_processed: 1 });
  });
});

describe('eegdash replica: rate limit', () => {
  afterAll(() => replica.rateLimit.disable());

  it('is off by default', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 120 }, () =>
        get('/api/eegdash/count?filter=%7B%22dataset%22%3A%22ds002718%22%7D').then((r) => r.status),
      ),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('limits /api requests per IP with 429 and Retry-After once enabled', async () => {
    replica.rateLimit.enable(3);
    const path = '/api/eegdash/datasets/names';
    for (let i = 0; i < 3; i++) expect((await get(path)).headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
    const limited = await get(path);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body.detail).toContain('Rate limit exceeded');
    // Another client IP (behind the proxy), the bypass token, and non-API routes are not limited.
    expect((await get(path, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(200);
    expect((await get(path, { 'x-eegdash-token': EEGDASH_REPLICA_ADMIN_TOKEN })).status).toBe(200);
    expect((await get('/health')).status).toBe(200);
    replica.rateLimit.disable();
    expect((await get(path)).status).toBe(200);
    replica.rateLimit.enable();
    expect((await get(path)).headers.get('x-ratelimit-limit')).toBe('100');
  });
});

describe('eegdash replica: harness', () => {
  it('applies scripted faults and logs requests', async () => {
    replica.log.clear();
    replica.faults.queue({ kind: 'status', status: 503, pathIncludes: '/records' });
    expect((await get('/api/eegdash/count')).status).toBe(200);
    expect((await get('/api/eegdash/records?limit=1')).status).toBe(503);
    expect((await get('/api/eegdash/records?limit=1')).status).toBe(200);
    expect(replica.log.count()).toBe(3);
    expect(replica.log.count('/records')).toBe(2);
    expect(replica.log.entries[1]).toMatchObject({ status: 503, fault: 'status' });
    replica.faults.reset();
  });
});
