/**
 * The deterministic BrainSTEM archive: the same store on every run, so tests and demos can name
 * ids. Generation order is fixed and each part draws from its own forked generator, so adding
 * to one part does not reshuffle the others.
 */
import { Prng } from '../common/prng.ts';
import { emailOf, seedCatalog, tokenFor } from './seed-catalog.ts';
import { seedProjects, type SeedAnchors } from './seed-projects.ts';
import { LABS } from './seed-text.ts';
import { BrainstemStore } from './store.ts';

export interface SeedInfo extends SeedAnchors {
  /** Bearer token → user id, for every seeded user. */
  tokens: Map<string, number>;
  aliceId: number;
  bobId: number;
  /** The superuser (the PI of the third lab): the only token the `super` portal takes. */
  superuserId: number;
  /** A session of a public project whose download_links include a published DANDI version. */
  publicDandiSession: string;
  /** A session of a public project linking OpenNeuro ds002718 (the EEGDash showcase dataset). */
  publicEegSession: string;
  /** Milliseconds the generation took. */
  millis: number;
}

/** The email of lab `index`'s principal investigator. */
function piEmail(index: number): string {
  const lab = LABS[index];
  if (!lab) throw new Error(`no seeded lab #${index}`);
  return emailOf(...lab.pi, lab.slug);
}

export const ALICE_EMAIL = piEmail(0);
export const BOB_EMAIL = piEmail(1);
export const SUPERUSER_EMAIL = piEmail(2);

export function seedBrainstem(store: BrainstemStore = new BrainstemStore()): { store: BrainstemStore; info: SeedInfo } {
  const started = performance.now();
  const rng = new Prng('brainstem:seed');
  const catalog = seedCatalog(store, rng.fork('catalog'));
  const anchors = seedProjects(store, rng.fork('projects'), catalog);
  const tokens = new Map<string, number>();
  let aliceId = 0;
  let bobId = 0;
  let superuserId = 0;
  for (const u of store.all('user')) {
    tokens.set(tokenFor(String(u.email)), Number(u.id));
    if (u.email === ALICE_EMAIL) aliceId = Number(u.id);
    if (u.email === BOB_EMAIL) bobId = Number(u.id);
    if (u.email === SUPERUSER_EMAIL) superuserId = Number(u.id);
  }
  const publicSessions = store
    .all('session')
    .filter((x) => (x.projects as string[]).some((p) => store.get('project', p)?.is_public));
  const linking = (re: RegExp) =>
    String(publicSessions.find((x) => (x.download_links as { url: string }[]).some((l) => re.test(l.url)))?.id ?? '');
  const publicDandiSession = linking(/^https:\/\/dandiarchive\.org\/dandiset\/\d{6}\/0\.\d{6}\.\d{4}$/);
  const publicEegSession = linking(/openneuro\.org\/datasets\/ds002718$/);
  if (!publicDandiSession || !publicEegSession) throw new Error('BrainSTEM seed: anchor sessions missing');
  const millis = performance.now() - started;
  return {
    store,
    info: { ...anchors, tokens, aliceId, bobId, superuserId, publicDandiSession, publicEegSession, millis },
  };
}
