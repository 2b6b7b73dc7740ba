/**
 * Where a project's data lives, as session `download_links`. Archive links name identities the
 * DANDI and EEGDash replicas serve (common/catalog.ts) so the gateway's cross-archive links
 * resolve; public projects only ever point at open dandisets. OpenNeuro and NEMAR are not in
 * BrainSTEM's repository enum, so their links are filed under "Other".
 */
import { DANDISET_IDS, EEGDASH_DATASET_IDS, isEmbargoedDandiset, publishedVersionIds } from '../common/catalog.ts';
import type { Prng } from '../common/prng.ts';
import type { DownloadRepository } from './enums.ts';

export interface DownloadLink {
  repository: DownloadRepository;
  url: string;
}

/** The archive dataset a project deposited to, chosen once per project. */
export type ProjectArchive =
  | { kind: 'dandi'; id: string; versions: string[] }
  | { kind: 'openneuro' | 'nemar'; id: string }
  | { kind: 'none' };

const OPEN_DANDISETS = DANDISET_IDS.filter((d) => !isEmbargoedDandiset(d));
const EMBARGOED_DANDISETS = DANDISET_IDS.filter((d) => isEmbargoedDandiset(d));
const OPENNEURO = EEGDASH_DATASET_IDS.filter((d) => d.startsWith('ds'));
const NEMAR = EEGDASH_DATASET_IDS.filter((d) => d.startsWith('nm'));

export function chooseArchive(rng: Prng, opts: { human: boolean; isPublic: boolean }): ProjectArchive {
  if (opts.human) {
    if (rng.chance(0.15)) return { kind: 'none' };
    // ds002718 is the EEGDash replica's showcase dataset; make sure some project points at it.
    return rng.chance(0.7) ? { kind: 'openneuro', id: rng.pick(OPENNEURO) } : { kind: 'nemar', id: rng.pick(NEMAR) };
  }
  if (rng.chance(0.3)) return { kind: 'none' };
  if (!opts.isPublic && rng.chance(0.5)) return { kind: 'dandi', id: rng.pick(EMBARGOED_DANDISETS), versions: [] };
  const id = rng.pick(OPEN_DANDISETS);
  return { kind: 'dandi', id, versions: publishedVersionIds(id) };
}

/** The link list of one session of a project. */
export function sessionLinks(rng: Prng, archive: ProjectArchive, lab: string, project: string): DownloadLink[] {
  const links: DownloadLink[] = [];
  if (archive.kind === 'dandi') {
    const base = `https://dandiarchive.org/dandiset/${archive.id}`;
    const version = archive.versions.length > 0 ? rng.pick(archive.versions) : undefined;
    const form = rng.int(0, 3);
    if (version && form === 1) links.push({ repository: 'DANDI', url: `${base}/${version}` });
    else if (version && form === 2)
      links.push({ repository: 'DANDI', url: `https://doi.org/10.48324/dandi.${archive.id}/${version}` });
    else if (form === 3) links.push({ repository: 'DANDI', url: `${base}/draft` });
    else links.push({ repository: 'DANDI', url: base });
  } else if (archive.kind === 'openneuro') {
    links.push({ repository: 'Other', url: `https://openneuro.org/datasets/${archive.id}` });
  } else if (archive.kind === 'nemar') {
    links.push({ repository: 'Other', url: `https://nemar.org/dataexplorer/detail?dataset_id=${archive.id}` });
  }
  const extra = rng.next();
  if (extra < 0.12)
    links.push({
      repository: 'Figshare',
      url: `https://figshare.com/articles/dataset/${project}/${rng.int(10_000_000, 29_999_999)}`,
    });
  else if (extra < 0.22)
    links.push({ repository: 'Zenodo', url: `https://zenodo.org/records/${rng.int(1_000_000, 14_999_999)}` });
  else if (extra < 0.32) links.push({ repository: 'GitHub', url: `https://github.com/${lab}/${project}-analysis` });
  else if (extra < 0.38) links.push({ repository: 'Other', url: `https://${lab}.example.org/data/${project}/` });
  else if (extra < 0.41)
    links.push({ repository: 'CRCNS', url: `https://crcns.org/data-sets/hc/hc-${rng.int(1, 30)}` });
  return links;
}

export const ARCHIVE_POOLS = { OPEN_DANDISETS, EMBARGOED_DANDISETS, OPENNEURO, NEMAR };
