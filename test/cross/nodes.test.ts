/**
 * `node` and `nodes` resolve every Node type of the three archives from its global ID.
 */
import { describe, expect, it } from 'vitest';
import { AnyNodesDocument, NodeByIdDocument, RawBrainstemDocument, type BrainstemModel } from '../gql/graphql.ts';
import { useAllReplicas } from '../support/replicas.ts';

const s = useAllReplicas();
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

/** BrainSTEM Node types and the model each reads. */
const BRAINSTEM_TYPES: [string, BrainstemModel][] = [
  ['Project', 'PROJECT'],
  ['Subject', 'SUBJECT'],
  ['Session', 'SESSION'],
  ['Collection', 'COLLECTION'],
  ['Cohort', 'COHORT'],
  ['Epoch', 'EPOCH'],
  ['Procedure', 'PROCEDURE'],
  ['Behavior', 'BEHAVIOR'],
  ['DataAcquisition', 'DATAACQUISITION'],
  ['Manipulation', 'MANIPULATION'],
  ['Equipment', 'EQUIPMENT'],
  ['DataStorage', 'DATASTORAGE'],
  ['Setup', 'SETUP'],
  ['BehavioralAssay', 'BEHAVIORALASSAY'],
  ['Species', 'SPECIES'],
  ['Strain', 'STRAIN'],
  ['BrainRegion', 'BRAINREGION'],
  ['SetupType', 'SETUPTYPE'],
  ['BehavioralParadigm', 'BEHAVIORALPARADIGM'],
  ['User', 'USER'],
  ['Group', 'GROUP'],
  ['Laboratory', 'LABORATORY'],
  ['Publication', 'PUBLICATION'],
  ['Journal', 'JOURNAL'],
];

async function oneIdOfEachType(): Promise<Map<string, string>> {
  const { dandi } = s.replicas;
  const ids = new Map<string, string>();
  const d = dandi.store.dandisets.find((x) => x.embargoStatus === 'OPEN' && x.zarrs.length > 0)!;
  const zarr = d.zarrs[0]!;
  const asset = dandi.store.assetsOf(d.identifier)[0]!;
  ids.set('Dandiset', gid('Dandiset', d.identifier));
  ids.set('Version', gid('Version', `${d.identifier}/draft`));
  ids.set('Asset', gid('Asset', `${d.identifier}/draft/${asset.assetId}`));
  ids.set('Zarr', gid('Zarr', zarr.zarrId));
  ids.set('ZarrEntry', gid('ZarrEntry', `${zarr.zarrId}/${zarr.entries[0]!.key}`));
  ids.set('Dataset', gid('Dataset', 'eegdash/ds002718'));
  ids.set('Record', gid('Record', 'eegdash/ds002718_sub-012_task-FaceRecognition_eeg.set'));
  for (const [type, model] of BRAINSTEM_TYPES) {
    const res = await s.gw.execute(RawBrainstemDocument, { model });
    const record = (res.data!.brainstemRecords!.records as { id: string | number }[])[0];
    expect(record, `a public ${model}`).toBeDefined();
    ids.set(type, gid(type, String(record!.id)));
  }
  return ids;
}

describe('node', () => {
  it('resolves one object of every Node type, by `node` and by a batched `nodes`', async () => {
    const ids = await oneIdOfEachType();
    expect(ids.size).toBe(31);
    for (const [type, id] of ids) {
      const res = await s.gw.execute(NodeByIdDocument, { id });
      expect(res.errors, type).toBeUndefined();
      expect(res.data!.node, type).toMatchObject({ __typename: type, id });
    }
    for (const r of [s.replicas.dandi, s.replicas.eegdash, s.replicas.brainstem]) r.log.clear();
    const all = await s.gw.execute(AnyNodesDocument, { ids: [...ids.values()] });
    expect(all.errors).toBeUndefined();
    expect(all.data!.nodes!.map((n) => n?.__typename)).toEqual([...ids.keys()]);
    // BrainSTEM loads of one model share one filter{id.in} request: at most one per model.
    expect(s.counts().brainstem).toBeLessThanOrEqual(BRAINSTEM_TYPES.length);
    expect(s.counts().eegdash).toBeLessThanOrEqual(2);
  });

  it('answers an unknown type or a malformed id with an error, not a crash', async () => {
    for (const id of [gid('Nope', 'x'), gid('Dandiset', '12'), 'garbage']) {
      const res = await s.gw.execute(NodeByIdDocument, { id });
      expect(res.data?.node ?? null).toBeNull();
      expect(res.errors?.length).toBe(1);
      expect(res.status).toBeLessThan(500);
    }
  });
});
