/**
 * Dandiset-level seed: users, creation times, owners, stars, titles, contributors and the
 * recording profile that later decides every asset. Each dandiset draws from its own forked
 * generator, so changing one dandiset's recipe never shifts the others.
 */
import { isEmbargoedDandiset } from '../common/catalog.ts';
import { Prng } from '../common/prng.ts';
import {
  MICROS_PER_DAY,
  REPLICA_NOW,
  type Contributor,
  type DandisetProfile,
  type DandisetRecord,
  type Person,
  type UserRecord,
} from './model.ts';
import {
  CELL_TYPES,
  CITATION_ROLES,
  FIRST_NAMES,
  FUNDERS,
  GENOTYPES,
  INSTITUTIONS,
  LAST_NAMES,
  MODALITIES,
  MODALITY_SETS,
  REGIONS,
  SPECIES,
  TASKS,
  weightedPick,
} from './vocab.ts';

export const OWNER_USERNAME = 'replica-owner';
export const OTHER_USERNAME = 'replica-other';

/** Fixed API keys: tests and the gateway's fixtures name them, so they never change. */
export const TOKENS = {
  owner: new Prng('dandi:token:owner').hex(40),
  other: new Prng('dandi:token:other').hex(40),
} as const;

/** Which catalog positions get which treatment; chosen so none of them is embargoed. */
export const isLargeIndex = (index: number): boolean => index % 41 === 20;
export const isMicroscopyIndex = (index: number): boolean => index % 37 === 19;

/** ASCII stand-in for names in generated file contents (served byte-exactly with Range). */
export function toAscii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e\n\t]/g, '?');
}

export function generateUsers(): UserRecord[] {
  const rng = new Prng('dandi:users');
  const users: UserRecord[] = [
    {
      username: OWNER_USERNAME,
      firstName: 'Rosalind',
      lastName: 'Owner',
      email: 'owner@replica.dandi.test',
      token: TOKENS.owner,
    },
    {
      username: OTHER_USERNAME,
      firstName: 'Otto',
      lastName: 'Other',
      email: 'other@replica.dandi.test',
      token: TOKENS.other,
    },
  ];
  const taken = new Set(users.map((u) => u.username));
  while (users.length < 160) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = toAscii(rng.chance(0.5) ? `${first}${last}` : `${first[0]}${last}`)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const username = rng.chance(0.3) ? `${base}${rng.int(1, 99)}` : base;
    if (taken.has(username)) continue;
    taken.add(username);
    const inst = rng.pick(INSTITUTIONS);
    users.push({ username, firstName: first, lastName: last, email: `${username}@${inst.domain}`, token: undefined });
  }
  return users;
}

/** An ORCID iD with a valid ISO 7064 11,2 check character. */
function orcid(rng: Prng): string {
  const digits = `000${rng.pick(['0000', '0000', '0000', '9000'])}${rng.int(1, 3)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
  let total = 0;
  for (const ch of digits) total = (total + Number(ch)) * 2;
  const check = (12 - (total % 11)) % 11;
  const all = `${digits}${check === 10 ? 'X' : String(check)}`;
  return `${all.slice(0, 4)}-${all.slice(4, 8)}-${all.slice(8, 12)}-${all.slice(12, 16)}`;
}

function person(rng: Prng, roles: string[], cite: boolean): Person {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const inst = rng.pick(INSTITUTIONS);
  const p: Person = {
    schemaKey: 'Person',
    name: `${last}, ${first}`,
    roleName: roles,
    includeInCitation: cite,
    affiliation: rng.chance(0.85) ? [{ schemaKey: 'Affiliation', name: inst.name, identifier: inst.ror }] : [],
  };
  if (rng.chance(0.7)) p.identifier = orcid(rng);
  if (rng.chance(0.6))
    p.email = `${toAscii(first).toLowerCase()}.${toAscii(last)
      .toLowerCase()
      .replace(/[^a-z]/g, '')}@${inst.domain}`;
  if (rng.chance(0.15)) p.url = `https://${inst.domain}/people/${toAscii(last).toLowerCase()}`;
  return p;
}

function contributors(rng: Prng): Contributor[] {
  const out: Contributor[] = [];
  const others = rng.int(0, 6);
  for (let i = 0; i < others; i++) {
    if (rng.chance(0.15)) out.push(person(rng, ['dcite:DataCurator'], false));
    else out.push(person(rng, rng.sample(CITATION_ROLES, rng.int(1, 3)), true));
  }
  // The PI (contact person) is usually listed last, as in most real dandisets.
  const pi = person(
    rng,
    ['dcite:ContactPerson', 'dcite:Author', ...(rng.chance(0.6) ? ['dcite:Supervision'] : [])],
    true,
  );
  if (rng.chance(0.8)) out.push(pi);
  else out.unshift(pi);
  for (const f of rng.sample(FUNDERS, rng.int(0, 2))) {
    out.push({
      schemaKey: 'Organization',
      name: f.name,
      identifier: f.ror,
      roleName: ['dcite:Funder'],
      includeInCitation: false,
      awardNumber: `${f.award}${rng.int(10000, 139999)}`,
    });
  }
  return out;
}

function profile(rng: Prng, index: number): DandisetProfile {
  const microscopy = isMicroscopyIndex(index);
  const combos = microscopy ? [] : weightedPick(MODALITY_SETS, rng.next()).keys;
  const species = weightedPick(SPECIES, rng.next());
  const speciesNames = [species.name];
  if (rng.chance(0.08)) {
    const second = weightedPick(SPECIES, rng.next()).name;
    if (second !== species.name) speciesNames.push(second);
  }
  const variables = new Map<string, string[]>();
  const modalities = combos.map((combo) => {
    const vars: string[] = [];
    const sizeRange: [number, number] = [0, 0];
    for (const k of combo) {
      const m = MODALITIES[k];
      if (!m) continue;
      if (!variables.has(k))
        variables.set(k, rng.sample(m.variables, rng.int(Math.min(2, m.variables.length), m.variables.length)));
      vars.push(...(variables.get(k) ?? []));
      sizeRange[0] = Math.max(sizeRange[0], m.sizeRange[0]);
      sizeRange[1] = Math.max(sizeRange[1], m.sizeRange[1]);
    }
    return { key: combo.join('+'), variables: vars, sizeRange };
  });
  const mouse = species.common === 'mouse';
  return {
    modalities,
    species: speciesNames,
    bids: microscopy || rng.chance(0.25),
    microscopy,
    videos: combos.some((c) => c.includes('behavior')) && rng.chance(0.3),
    region: rng.pick(REGIONS).name,
    task: rng.pick(TASKS),
    genotypes: mouse ? rng.sample(GENOTYPES, rng.int(1, 3)) : [],
    tzOffset: rng.pick(['-07:00', '-05:00', '-04:00', '+00:00', '+01:00', '+02:00', '+09:00']),
  };
}

function titleFor(rng: Prng, p: DandisetProfile): string {
  const region = REGIONS.find((r) => r.name === p.region)?.short ?? p.region;
  const common = SPECIES.find((s) => s.name === p.species[0])?.common ?? 'mouse';
  const first = p.modalities[0]?.key ?? 'micr';
  const technique = first.includes('ophys')
    ? 'Two-photon calcium imaging'
    : first.includes('icephys')
      ? 'Whole-cell patch-clamp recordings'
      : first.includes('ecephys')
        ? rng.pick(['Neuropixels recordings', 'Extracellular recordings', 'Silicon probe recordings'])
        : first.includes('image')
          ? 'One-photon imaging'
          : first.includes('behavior')
            ? 'Behavioral tracking'
            : 'Light-sheet microscopy';
  const cell = rng.pick(CELL_TYPES);
  const templates = [
    `${technique} from ${region} of ${common}s during ${p.task}`,
    `Neural dynamics in ${common} ${region} during ${p.task}`,
    `${region[0]?.toUpperCase()}${region.slice(1)} ${cell} in ${common}s performing ${p.task}`,
    `${technique} of ${cell} in the ${common} ${region}`,
    `Cell-type specific activity in ${region} (${common})`,
  ];
  return p.microscopy ? `Whole-brain light-sheet imaging of the ${common} ${region}` : rng.pick(templates);
}

function descriptionFor(rng: Prng, title: string, p: DandisetProfile): string {
  const common = SPECIES.find((s) => s.name === p.species[0])?.common ?? 'mouse';
  const parts = [
    `This dataset contains ${title.charAt(0).toLowerCase()}${title.slice(1)}.`,
    `Recordings target the ${p.region} while subjects performed ${p.task}.`,
    p.genotypes.length
      ? `Transgenic lines used: ${p.genotypes.join(', ')}.`
      : `Data were collected from ${common} subjects.`,
    p.microscopy
      ? 'Volumes are stored as OME-Zarr multiscale images with BIDS microscopy sidecars.'
      : 'Each session is stored as a Neurodata Without Borders (NWB) file, one per subject and session.',
    p.modalities.some((m) => m.key.includes('ecephys')) && rng.chance(0.6)
      ? 'Spike sorting was performed with Kilosort and curated manually.'
      : 'Preprocessing code is available from the authors on request.',
  ];
  return parts.slice(0, rng.int(3, parts.length)).join(' ');
}

/**
 * A dandiset without versions or assets yet (seed-files.ts and seed-versions.ts fill those in).
 * `other` owns a handful of open dandisets so `user=me` is non-trivial for both users.
 */
export function generateDandisetBase(identifier: string, index: number, users: readonly UserRecord[]): DandisetRecord {
  const rng = new Prng(`dandi:dandiset:${identifier}`);
  const embargoed = isEmbargoedDandiset(identifier);
  // Identifiers are allocated at creation, so creation time grows with the catalog position.
  const created =
    (Date.UTC(2020, 6, 1) + index * 5 * 86_400_000 + rng.int(0, 4 * 86_400_000 - 1)) * 1000 + rng.int(0, 999);
  const p = profile(rng.fork('profile'), index);
  const title = titleFor(rng, p);
  const region = REGIONS.find((r) => r.name === p.region);
  const common = SPECIES.find((s) => s.name === p.species[0])?.common ?? 'mouse';
  const generated = users.slice(2);
  const owners = embargoed
    ? [users[0]?.username ?? OWNER_USERNAME]
    : rng.sample(generated, rng.int(1, 2)).map((u) => u.username);
  if (!embargoed && index % 37 === 5) owners.unshift(OWNER_USERNAME);
  if (!embargoed && index % 41 === 3) owners.unshift(OTHER_USERNAME);

  const starredBy = new Map<string, number>();
  if (!embargoed && index % 29 === 0) starredBy.set(OWNER_USERNAME, created + rng.int(10, 400) * MICROS_PER_DAY);
  if (!embargoed && index % 31 === 7) starredBy.set(OTHER_USERNAME, created + rng.int(10, 400) * MICROS_PER_DAY);
  const starCount = Math.floor(rng.next() ** 4 * 40) + starredBy.size;

  const keywords = [p.region, ...(p.modalities[0]?.key.split('+') ?? ['microscopy']), common];
  if (rng.chance(0.5)) keywords.push(p.task.replace(/^(a|an) /, ''));
  return {
    identifier,
    index,
    embargoStatus: embargoed ? 'EMBARGOED' : 'OPEN',
    // Embargoes still in force at the replica's "now" (expired ones would have been lifted).
    embargoedUntil: embargoed
      ? new Date(Math.max(created, REPLICA_NOW) / 1000 + rng.int(30, 700) * 86_400_000).toISOString().slice(0, 10)
      : undefined,
    created,
    modified: created,
    owners,
    starCount,
    starredBy,
    title,
    description: descriptionFor(rng, title, p),
    keywords,
    license: [rng.chance(0.7) ? 'spdx:CC-BY-4.0' : 'spdx:CC0-1.0'],
    contributors: contributors(rng.fork('contributors')),
    about: region
      ? [{ schemaKey: 'Anatomy', identifier: `http://purl.obolibrary.org/obo/${region.uberon}`, name: region.name }]
      : [],
    profile: p,
    versions: [],
    zarrs: [],
  };
}
