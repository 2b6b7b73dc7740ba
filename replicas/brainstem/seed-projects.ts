/**
 * Seeds projects and everything they own: subjects with procedures, sessions with data
 * acquisitions, behaviors, manipulations and epochs, collections and cohorts.
 */
import type { Prng } from '../common/prng.ts';
import type { Rec } from './schema.ts';
import type { CatalogSeed, LabSeed } from './seed-catalog.ts';
import { chooseArchive, sessionLinks, type ProjectArchive } from './seed-links.ts';
import { TAGS, TOPIC_REGIONS, TOPICS, type LabDef } from './seed-text.ts';
import { seedProcedures, seedSessionContent } from './seed-sessions.ts';
import type { BrainstemStore } from './store.ts';

export const PROJECT_COUNT = 300;

/** Ids the tests and demos can rely on, found while seeding. */
export interface SeedAnchors {
  alicePrivateProject: string;
  /** alice's private project where bob is a read-only member. */
  sharedProject: string;
  bobPrivateProject: string;
}

const CODES = ['LQ', 'OK', 'MR', 'TN', 'AZ', 'PV'];
const LAB_OF_SLOT = [0, 1, 2, 3, 4, 5, 0, 1];

const STRAINS_BY_FOCUS: Record<LabDef['focus'], string[]> = {
  'rodent-ephys': ['Long-Evans', 'Sprague Dawley', 'Wistar', 'C57BL/6J', 'PV-Cre', 'VGAT-ChR2-EYFP'],
  'rodent-ophys': ['Thy1-GCaMP6s (GP4.3)', 'PV-Cre', 'SST-Cre', 'DAT-IRES-Cre', 'CaMKIIa-Cre', 'Ai14', 'C57BL/6J'],
  'human-eeg': ['Human participant'],
  'primate-ephys': ['Rhesus macaque (Indian origin)', 'Common marmoset'],
  'zebrafish-ophys': ['elavl3:H2B-GCaMP6s', 'nacre', 'AB (wild type)'],
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);
export const isoSeconds = (t: number) => `${new Date(t).toISOString().slice(0, 19)}Z`;

export function seedProjects(store: BrainstemStore, rng: Prng, cat: CatalogSeed): SeedAnchors {
  const put = (model: string, rec: Record<string, unknown>) => store.insert(model, rec as Rec);
  const names = new Set<string>();
  const counters = CODES.map(() => 0);
  const anchors: Partial<SeedAnchors> = {};
  let humanShowcase = false;
  const strainByName = new Map(cat.strains.map((s) => [String(s.name), s]));

  for (let p = 0; p < PROJECT_COUNT; p++) {
    // alice's and bob's labs hold a quarter of the archive each; the other four share the rest.
    const labIndex = LAB_OF_SLOT[p % 8] as number;
    const lab = cat.labs[labIndex] as LabSeed;
    const k = Math.floor(p / 8);
    const isPublic = p < 8 || rng.chance(0.87);
    const human = lab.def.focus === 'human-eeg';

    const region = rng.pick(TOPIC_REGIONS[lab.def.focus]);
    let name = rng.pick(TOPICS[lab.def.focus]).replace('{r}', region);
    if (names.has(name)) name = `${name} (${rng.pick(['cohort', 'series', 'replication'])} ${k + 2})`;
    while (names.has(name)) name = `${name}*`;
    names.add(name);
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);

    // Private projects of alice's and bob's labs are owned by the PI so tests have anchors.
    const ownerIsPi = !isPublic || rng.chance(0.7);
    const owner = ownerIsPi ? (lab.users[0] as Rec) : rng.pick(lab.users);
    const users: Record<string, Record<string, boolean>> = {
      [String(owner.email)]: { can_change: true, is_manager: true, is_owner: true },
    };
    const colleague = rng.pick(lab.users);
    if (colleague !== owner && rng.chance(0.5))
      users[String(colleague.email)] = { can_change: true, is_manager: false, is_owner: false };
    const groups: Record<string, Record<string, boolean>> = {};
    if (rng.chance(0.75))
      groups[String(lab.group.name)] = { can_change: rng.chance(0.5), is_manager: false, is_owner: false };

    // alice's first private project is hers alone; her second is shared read-only with bob.
    let anchor: 'alice' | 'shared' | 'bob' | undefined;
    if (!isPublic && labIndex === 0)
      anchor = !anchors.alicePrivateProject ? 'alice' : !anchors.sharedProject ? 'shared' : undefined;
    if (!isPublic && labIndex === 1 && !anchors.bobPrivateProject) anchor = 'bob';
    if (anchor === 'shared') {
      const bob = cat.labs[1]?.users[0] as Rec;
      users[String(bob.email)] = { can_change: false, is_manager: false, is_owner: false };
    }

    const start = Date.UTC(2014 + (p % 11), rng.int(0, 11), rng.int(1, 28), 9);
    const project = put('project', {
      id: rng.uuid4(),
      name,
      description: `<p>${name}. Data collected at the ${lab.def.name}, ${lab.def.institution}.</p>`,
      publications:
        isPublic && rng.chance(0.3)
          ? rng
              .sample(
                cat.publications.filter((_, i) => i % cat.labs.length === labIndex),
                rng.int(1, 2),
              )
              .map((x) => x.id)
          : [],
      extra_fields: rng.chance(0.05)
        ? []
        : rng.chance(0.4)
          ? {
              grant: `${rng.pick(['ERC', 'NIH', 'NSERC', 'JSPS', 'ANR'])}-${rng.int(2015, 2024)}-${rng.int(100, 999)}`,
              species_count: 1,
            }
          : {},
      is_public: isPublic,
      tags: rng.sample(TAGS, rng.int(0, 3)),
      users,
      groups,
    });
    if (anchor === 'alice') anchors.alicePrivateProject = String(project.id);
    if (anchor === 'shared') anchors.sharedProject = String(project.id);
    if (anchor === 'bob') anchors.bobPrivateProject = String(project.id);

    let archive: ProjectArchive = chooseArchive(rng, { human, isPublic });
    if (human && isPublic && !humanShowcase) {
      archive = { kind: 'openneuro', id: 'ds002718' };
      humanShowcase = true;
    }

    // Subjects.
    const big = rng.chance(0.05);
    const nSubjects = human ? rng.int(4, big ? 24 : 10) : rng.int(1, big ? 12 : 4);
    const subjects: Rec[] = [];
    const procedures = new Map<unknown, Rec[]>();
    for (let s = 0; s < nSubjects; s++) {
      const n = (counters[labIndex] ?? 0) + 1;
      counters[labIndex] = n;
      const strain = strainByName.get(rng.pick(STRAINS_BY_FOCUS[lab.def.focus])) as Rec;
      const birth = start - rng.int(60, human ? 12_000 : 400) * 86_400_000;
      const dead = !human && rng.chance(0.35);
      subjects.push(
        put('subject', {
          id: rng.uuid4(),
          name: human ? `${CODES[labIndex]}-sub-${pad(n, 3)}` : `${CODES[labIndex]}${pad(n, 3)}`,
          description: '',
          projects: [project.id],
          strain: strain.id,
          sex: rng.pick(human ? ['M', 'F'] : ['M', 'M', 'F', 'U']),
          genetic_line: '',
          genotype: /Cre|GCaMP|ChR2/.test(String(strain.name)) ? `${String(strain.name)}/wt` : '',
          subject_identifier: human ? `P${rng.int(1000, 9999)}` : `ear tag ${rng.int(100, 9999)}`,
          licenses: [],
          supplier: null,
          breeding: null,
          birth_date: human ? null : isoDate(birth),
          death_date: dead ? isoDate(start + rng.int(30, 400) * 86_400_000) : null,
          status: dead ? 'deceased' : human ? 'active' : rng.pick(['active', 'active', 'inactive']),
          extra_fields: human
            ? { handedness: rng.pick(['right', 'left']) }
            : rng.chance(0.5)
              ? { weight_g: rng.int(20, 450) }
              : null,
          tags: [],
          name_used_in_storage: null,
        }),
      );
      const subject = subjects[subjects.length - 1] as Rec;
      procedures.set(subject.id, human ? [] : seedProcedures(store, rng, { lab, subject, start, cat, region }));
    }

    const nSessions = big ? rng.int(20, 45) : rng.int(1, 6);
    const sessions: Rec[] = [];
    for (let s = 0; s < nSessions; s++) {
      const subject = subjects[s % subjects.length] as Rec;
      const t = start + s * rng.int(1, 6) * 86_400_000 + rng.int(0, 8) * 3_600_000;
      const day = isoDate(t);
      let sname = human
        ? `${String(subject.name)}_ses-${pad(Math.floor(s / subjects.length) + 1)}_task-${rng.pick(['rest', 'oddball', 'nback'])}`
        : labIndex === 5
          ? `session_${rng.int(700_000_000, 899_999_999)}`
          : `${String(subject.name)}-${day.replace(/-/g, '')}`;
      while (names.has(sname)) sname = `${sname}_${rng.int(2, 9)}`;
      names.add(sname);
      const session = put('session', {
        id: rng.uuid4(),
        name: sname,
        description: rng.chance(0.2)
          ? ''
          : `<p>${rng.pick(['Recording', 'Imaging session', 'Behavioral session', 'Baseline session'])} of ${String(subject.name)}</p>`,
        projects: [project.id],
        date_time: rng.chance(0.08) ? null : isoSeconds(t),
        datastorage: rng.chance(0.3) ? lab.datastorages.map((d) => d.id) : [lab.datastorages[0]?.id],
        extra_fields: rng.chance(0.3)
          ? {}
          : human
            ? { n_channels: 64, reference: 'Cz' }
            : { recording_site: region, temperature_c: 36 + rng.int(0, 15) / 10 },
        download_links: sessionLinks(rng, archive, lab.def.slug, slug),
        tags: rng.sample(TAGS, rng.int(0, 2)),
        name_used_in_storage: rng.chance(0.5) ? sname : null,
      });
      sessions.push(session);
      seedSessionContent(store, rng, {
        lab,
        session,
        subject,
        human,
        start: t,
        procedures: procedures.get(subject.id) ?? [],
      });
    }

    if (sessions.length >= 3 && rng.chance(0.3)) {
      put('collection', {
        id: rng.uuid4(),
        name: rng.pick(['Curated sessions', 'Sleep sessions', 'Good units', 'Pilot']),
        description: '',
        project: project.id,
        sessions: rng.sample(sessions, rng.int(2, sessions.length)).map((x) => x.id),
        tags: [],
      });
    }
    if (subjects.length >= 2 && rng.chance(0.3)) {
      put('cohort', {
        id: rng.uuid4(),
        name: `Cohort ${String.fromCharCode(65 + rng.int(0, 3))}`,
        description: '',
        project: project.id,
        subjects: rng.sample(subjects, rng.int(2, subjects.length)).map((x) => x.id),
        tags: [],
      });
    }
  }

  // Users' active projects: a few of those they own.
  for (const u of store.all('user')) {
    const own = store
      .all('project')
      .filter((p) => (p.users as Record<string, { is_owner?: boolean }>)[String(u.email)]?.is_owner);
    store.put('user', { ...u, active_projects: own.slice(0, rng.int(0, 3)).map((p) => p.id) });
  }
  if (!anchors.alicePrivateProject || !anchors.sharedProject || !anchors.bobPrivateProject) {
    throw new Error('BrainSTEM seed: anchor projects missing');
  }
  return anchors as SeedAnchors;
}
