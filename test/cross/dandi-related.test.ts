/**
 * DANDI `relatedResource` URLs resolve like BrainSTEM download links: a dandiset's related
 * OpenNeuro dataset is one field away (an EEGDash Dataset), and so is a companion dandiset —
 * with one request per object whose own fields are read.
 */
import { describe, expect, it } from 'vitest';
import type { DandisetRecord } from '../../replicas/dandi/model.ts';
import { RelatedTargetsDocument } from '../gql/graphql.ts';
import { useAllReplicas } from '../support/replicas.ts';

const s = useAllReplicas();
type Doc = Record<string, any>;
const dandi = () => s.replicas.dandi.store;
const resources = (d: DandisetRecord): Doc[] => dandi().versionMetadata(d, dandi().draft(d)).relatedResource as Doc[];
const openWith = (pred: (r: Doc) => boolean) =>
  dandi().dandisets.find((d) => d.embargoStatus === 'OPEN' && resources(d).some(pred))!;

describe('relatedResource targets', () => {
  it("reaches a dandiset's related OpenNeuro dataset as an EEGDash Dataset (one EEGDash request)", async () => {
    const d = openWith((r) => String(r.url).startsWith('https://openneuro.org/datasets/'));
    const url = resources(d).find((r) => String(r.url).startsWith('https://openneuro.org/datasets/'))!.url as string;
    const datasetId = url.split('/')[4]!;
    const dataset = s.replicas.eegdash.store.main.getDataset(datasetId);
    expect(dataset).toBeDefined();

    const res = await s.gw.execute(RelatedTargetsDocument, { identifier: d.identifier });
    expect(res.errors).toBeUndefined();
    const related = res.data!.dandiset!.draftVersion!.relatedResources;
    expect(related.find((r) => r.url === url)!.target).toEqual({
      __typename: 'Dataset',
      datasetId,
      name: dataset!.name,
    });
    const counts = s.counts();
    expect(counts.eegdash).toBe(1);
    expect(counts.brainstem).toBe(0);
  });

  it('reaches a companion dandiset as a Dandiset, its draft read from its detail (one request)', async () => {
    const d = openWith((r) => String(r.url).startsWith('https://dandiarchive.org/dandiset/'));
    const links = resources(d).filter((r) => String(r.url).startsWith('https://dandiarchive.org/dandiset/'));
    const res = await s.gw.execute(RelatedTargetsDocument, { identifier: d.identifier });
    expect(res.errors).toBeUndefined();
    const related = res.data!.dandiset!.draftVersion!.relatedResources;
    for (const link of links) {
      const other = dandi().dandiset(String(link.url).split('/')[4]!)!;
      expect(related.find((r) => r.url === link.url)!.target).toEqual({
        __typename: 'Dandiset',
        identifier: other.identifier,
        draftVersion: { name: dandi().draft(other).name },
      });
    }
    const paths = s.replicas.dandi.log.entries.map((e) => e.path);
    expect(paths).toContain(`/api/dandisets/${d.identifier}/versions/draft/info/`);
    for (const link of links) expect(paths).toContain(`/api/dandisets/${String(link.url).split('/')[4]}/`);
    // The version info, plus one detail per related dandiset, plus one asset per related file.
    const assetLinks = resources(d).filter((r) => String(r.url).includes('/assets/')).length;
    expect(paths.length).toBe(1 + new Set(links.map((l) => l.url)).size + assetLinks);
  });
});
