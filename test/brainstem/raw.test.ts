/**
 * The JSON escape hatch (`brainstemRecord(s)`, `saveBrainstemRecord`, `deleteBrainstemRecord`):
 * what the Python client's load/save/delete do, for models the schema does not type.
 */
import { describe, expect, it } from 'vitest';
import {
  BrainstemDeleteRecordDocument,
  BrainstemRawRecordDocument,
  BrainstemRawRecordsDocument,
  BrainstemSaveRecordDocument,
} from '../gql/graphql.ts';
import { errorCodes } from '../support/gateway.ts';
import { as, useBrainstem } from './harness.ts';

const h = useBrainstem();

type Rec = Record<string, any>;
const alice = as('alice');

describe('load', () => {
  it('lists any model with filters, sorting, includes and paging', async () => {
    const r = await h.gw.execute(BrainstemRawRecordsDocument, {
      model: 'SESSION',
      where: [{ field: 'name', operator: 'ISTARTSWITH', values: ['ok0'] }],
      sort: ['-name'],
      include: ['projects.*'],
      limit: 5,
      offset: 2,
    });
    expect(r.errors).toBeUndefined();
    const page = r.data!.brainstemRecords!;
    const records = page.records as Rec[];
    expect(records).toHaveLength(5);
    expect(records.every((s) => String(s.name).toLowerCase().startsWith('ok0') && Array.isArray(s.projects))).toBe(
      true,
    );
    const projects = (page.included as Rec).projects as Rec[];
    expect(records.flatMap((s) => s.projects).every((p: string) => projects.some((x) => x.id === p))).toBe(true);
    expect(page.totalCount).toBeGreaterThan(7);
    const request = h.bs.log.entries[0]!;
    expect([
      request.query.get('limit'),
      request.query.get('offset'),
      request.query.getAll('sort[]'),
      request.query.getAll('include[]'),
    ]).toEqual(['5', '2', ['-name'], ['projects.*']]);
  });

  it('reads models the schema does not type, and one record by id', async () => {
    const suppliers = await h.gw.execute(BrainstemRawRecordsDocument, { model: 'SUPPLIER', limit: 100 });
    expect((suppliers.data!.brainstemRecords!.records as Rec[]).length).toBe(h.bs.store.all('supplier').length);
    const one = await h.gw.execute(BrainstemRawRecordDocument, { model: 'SESSION', id: h.bs.seed.publicDandiSession });
    expect(one.data!.brainstemRecord).toMatchObject({
      id: h.bs.seed.publicDandiSession,
      download_links: expect.any(Array),
    });
  });

  it('refuses malformed sort and include entries before any request', async () => {
    const r = await h.gw.execute(BrainstemRawRecordsDocument, { model: 'SESSION', sort: ['name&limit=1000'] });
    expect(errorCodes(r)).toEqual(['BAD_USER_INPUT']);
    const big = await h.gw.execute(BrainstemRawRecordsDocument, { model: 'SESSION', limit: 500 });
    expect(errorCodes(big)).toEqual(['BAD_USER_INPUT']);
    expect(h.bs.log.count()).toBe(0);
  });
});

describe('save and delete', () => {
  it('creates with POST, changes with PATCH and deletes any model', async () => {
    const created = await h.gw.execute(
      BrainstemSaveRecordDocument,
      {
        model: 'SESSION',
        data: { name: 'LQ-raw-01', projects: [h.bs.seed.alicePrivateProject] },
      },
      alice,
    );
    expect(created.errors).toBeUndefined();
    const id = (created.data!.saveBrainstemRecord as Rec).id as string;
    const changed = await h.gw.execute(
      BrainstemSaveRecordDocument,
      { model: 'SESSION', id, data: { tags: ['raw'] } },
      alice,
    );
    expect(changed.data!.saveBrainstemRecord).toMatchObject({ id, tags: ['raw'], name: 'LQ-raw-01' });
    const deleted = await h.gw.execute(BrainstemDeleteRecordDocument, { model: 'SESSION', id }, alice);
    expect(deleted.data!.deleteBrainstemRecord).toBe(id);
    expect(h.bs.store.get('session', id)).toBeUndefined();
  });

  it('answers the approval BrainSTEM files for approval-moderated models', async () => {
    const r = await h.gw.execute(
      BrainstemSaveRecordDocument,
      { model: 'SUPPLIER', data: { name: 'Gateway Optics' } },
      alice,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.saveBrainstemRecord).toMatchObject({ name: 'Gateway Optics', action: 'Add', status: 'Pending' });
    expect(h.bs.store.all('supplier').some((s) => s.name === 'Gateway Optics')).toBe(false);
  });

  it("returns field errors in the archive's names and writes nothing", async () => {
    const before = JSON.stringify(h.bs.store.all('session'));
    const r = await h.gw.execute(
      BrainstemSaveRecordDocument,
      { model: 'SESSION', data: { download_links: 'x' } },
      alice,
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'name',
      fieldErrors: expect.arrayContaining([
        { field: 'name', messages: ['This field is required.'] },
        { field: 'download_links', messages: [expect.any(String)] },
      ]),
    });
    const notObject = await h.gw.execute(BrainstemSaveRecordDocument, { model: 'SESSION', data: ['x'] }, alice);
    expect(errorCodes(notObject)).toEqual(['BAD_USER_INPUT']);
    const anonymous = await h.gw.execute(BrainstemSaveRecordDocument, { model: 'SESSION', data: { name: 'x' } });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(h.bs.store.all('session'))).toBe(before);
  });
});
