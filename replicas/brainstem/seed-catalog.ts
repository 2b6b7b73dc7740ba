/**
 * Seeds everything projects hang off: users and their labs (groups + laboratories), the global
 * taxonomies and resources, journals and publications, and each lab's personal attributes
 * (data storages, setups with their equipment, behavioral assays).
 */
import { Prng } from '../common/prng.ts';
import type { Rec } from './schema.ts';
import {
  HARDWARE,
  JOURNALS,
  LABS,
  PARADIGMS,
  REGIONS,
  SETUP_TYPES,
  SPECIES,
  STRAINS,
  SUPPLIERS,
  type LabDef,
} from './seed-text.ts';
import type { BrainstemStore } from './store.ts';

export interface LabSeed {
  def: LabDef;
  group: Rec;
  /** PI first. */
  users: Rec[];
  datastorages: Rec[];
  setups: Rec[];
  equipmentBySetup: Map<unknown, Rec[]>;
  assays: Rec[];
}

export interface CatalogSeed {
  labs: LabSeed[];
  species: Rec[];
  strains: Rec[];
  regions: Rec[];
  publications: Rec[];
  hardware: Rec[];
}

/** The bearer token of a seeded user: stable across runs, opaque like a DRF key. */
export function tokenFor(email: string): string {
  return new Prng(`brainstem:token:${email.toLowerCase()}`).hex(40);
}

export const emailOf = (first: string, last: string, slug: string) =>
  `${first.toLowerCase()}.${last.toLowerCase()}@${slug}.example.org`;

type Put = (model: string, rec: Record<string, unknown>) => Rec;

export function seedCatalog(store: BrainstemStore, rng: Prng): CatalogSeed {
  const put: Put = (model, rec) => store.insert(model, rec as Rec);
  const uuid = () => rng.uuid4();

  const suppliers = SUPPLIERS.map(([name, website]) => put('supplier', { id: uuid(), name, description: '', website }));
  const hardware = HARDWARE.map(([name, s]) =>
    put('hardwaredevice', {
      id: uuid(),
      name,
      description: '',
      supplier: suppliers[s]?.id,
      rrid: rng.chance(0.5) ? `RRID:SCR_${rng.int(10_000, 99_999).toString().padStart(6, '0')}` : null,
      rrid_url: null,
      external_identifiers: [],
    }),
  );
  const species = SPECIES.map((s) =>
    put('species', {
      id: uuid(),
      name: s.name,
      description: `<p>${s.common}</p>`,
      rrid: s.rrid,
      rrid_url: `https://scicrunch.org/resolver/${s.rrid}`,
      external_identifiers: [],
    }),
  );
  const strains = STRAINS.map(([name, sp]) => {
    const rrid =
      sp <= 1 ? `RRID:${sp === 0 ? 'IMSR_JAX' : 'RGD'}:${rng.int(1000, 999_999).toString().padStart(6, '0')}` : null;
    return put('strain', {
      id: uuid(),
      name,
      description: '',
      species: species[sp]?.id,
      rrid,
      rrid_url: rrid ? `https://scicrunch.org/resolver/${rrid.slice(5)}` : null,
      external_identifiers: [],
    });
  });
  const regions = REGIONS.map(([acronym, name, atlas]) =>
    put('brainregion', { id: uuid(), name, description: '', acronym, atlas }),
  );
  const setupTypes = SETUP_TYPES.map(([name, category, description]) =>
    put('setuptype', { id: uuid(), name, description, category }),
  );
  const paradigms = PARADIGMS.map(([name, sp]) =>
    put('behavioralparadigm', {
      id: uuid(),
      name,
      description: '',
      category: null,
      species: sp.map((i) => species[i]?.id),
      original_publication: '',
      reference_url: '',
      rrid: null,
      external_identifiers: null,
    }),
  );
  const journals = JOURNALS.map(([name, website]) => put('journal', { id: uuid(), name, description: '', website }));

  // Users and labs. Integer ids, as the real users/groups endpoints have.
  let userId = 0;
  const labs: LabSeed[] = LABS.map((def, i) => {
    const people = [def.pi, ...def.members];
    const users = people.map(([first, last]) =>
      put('user', {
        id: ++userId,
        email: emailOf(first, last, def.slug),
        first_name: first,
        last_name: last,
        website: rng.chance(0.4) ? `https://${def.slug}.example.org` : '',
        google_scholar: '',
        orcid_id: rng.chance(0.6) ? `0000-000${rng.int(1, 3)}-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}` : '',
        atlas_preference: def.focus === 'human-eeg' ? 'AIA_HB' : 'AIA',
        active_projects: [],
      }),
    );
    const members: Record<string, { is_manager: boolean; is_owner: boolean }> = {};
    users.forEach((u, k) => {
      members[String(u.email)] = { is_manager: k === 0, is_owner: k === 0 };
    });
    const group = put('group', { id: 40 + i, name: def.name, users: members });
    put('laboratory', {
      id: uuid(),
      group: group.id,
      principal_investigators: [users[0]?.id],
      description: `<p>${def.department}</p>`,
      website: `https://${def.slug}.example.org`,
      department: def.department,
      institution: def.institution,
      city: def.city,
      country: def.country,
    });
    return { def, group, users, datastorages: [], setups: [], equipmentBySetup: new Map(), assays: [] };
  });

  const publications: Rec[] = [];
  for (let i = 0; i < 72; i++) {
    const lab = labs[i % labs.length] as LabSeed;
    const journal = rng.pick(journals);
    const year = rng.int(2016, 2025);
    const preprint = journal.name === 'bioRxiv';
    const doi = preprint
      ? `10.1101/${year}.${String(rng.int(1, 12)).padStart(2, '0')}.${rng.int(10, 28)}.${rng.int(100000, 599999)}`
      : `10.${rng.int(1016, 7554)}/${lab.def.slug}.${year}.${rng.int(100, 999)}`;
    const authors = [...lab.users.slice(1), lab.users[0] as Rec].map(
      (u) => `${String(u.last_name)} ${String(u.first_name)[0]}`,
    );
    publications.push(
      put('publication', {
        id: uuid(),
        title: `${lab.def.name.replace(' Lab', '')} et al. study ${i + 1}: ${rng.pick(['circuit', 'population', 'network', 'cellular'])} mechanisms of ${rng.pick(['memory', 'perception', 'sleep', 'learning', 'navigation', 'attention'])}`,
        authors: authors.join(', '),
        journal: journal.id,
        abstract: `<p>We report ${rng.pick(['recordings', 'imaging data', 'perturbation experiments'])} from ${lab.def.institution}.</p>`,
        doi,
        publication_url: `https://doi.org/${doi}`,
        pdf_url: '',
        publication_date: `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
        _owner: lab.users[0]?.id,
      }),
    );
  }

  for (const lab of labs) seedAttributes(put, rng, lab, setupTypes, paradigms, hardware);
  return { labs, species, strains, regions, publications, hardware };
}

const RIG_EQUIPMENT: Record<LabDef['focus'], string[]> = {
  'rodent-ephys': ['EphysRig', 'Amplifier', 'DataAcquisitionSystem', 'Camera', 'StereotaxicFrame'],
  'rodent-ophys': ['TwoPhotonMicroscope', 'FiberPhotometrySystem', 'Miniscope', 'Laser', 'Treadmill'],
  'human-eeg': ['ElectroencephalographySystem', 'Amplifier', 'Monitor', 'Speaker'],
  'primate-ephys': ['EphysRig', 'Monitor', 'MotionTrackingSystem', 'Amplifier'],
  'zebrafish-ophys': ['TwoPhotonMicroscope', 'Laser', 'Monitor', 'Camera'],
};

const SETUP_CHOICE: Record<LabDef['focus'], number[]> = {
  'rodent-ephys': [0, 1, 2, 3, 9],
  'rodent-ophys': [4, 5, 2, 0],
  'human-eeg': [6],
  'primate-ephys': [7],
  'zebrafish-ophys': [8],
};

function seedAttributes(put: Put, rng: Prng, lab: LabSeed, setupTypes: Rec[], paradigms: Rec[], hardware: Rec[]): void {
  const g = Number(lab.group.id);
  const slug = lab.def.slug;
  lab.datastorages.push(
    put('datastorage', {
      id: rng.uuid4(),
      name: `${lab.def.name} NAS`,
      location: `smb://nas.${slug}.example.org/data`,
      description: 'Primary raw data storage',
      is_public: false,
      data_organization: [{ elements: 'Projects' }, { elements: 'Subjects' }, { elements: 'Sessions' }],
      data_protocols: [{ protocol: 'SMB', path: `//nas.${slug}.example.org/data`, is_public: false }],
      _group: g,
    }),
    put('datastorage', {
      id: rng.uuid4(),
      name: `${lab.def.name} public mirror`,
      location: `https://data.${slug}.example.org`,
      description: 'Curated, shared copies',
      is_public: true,
      data_organization: [{ elements: 'Projects' }, { elements: 'Sessions' }],
      data_protocols: [{ protocol: 'Webshare', path: `https://data.${slug}.example.org/`, is_public: true }],
      _group: g,
    }),
  );
  const choices = SETUP_CHOICE[lab.def.focus];
  const nSetups = rng.int(2, 4);
  for (let s = 0; s < nSetups; s++) {
    const type = setupTypes[choices[s % choices.length] as number] as Rec;
    const setup = put('setup', {
      id: rng.uuid4(),
      name: `${String(type.name)} ${String.fromCharCode(65 + s)}`.slice(0, 50),
      location: `Room ${rng.int(100, 450)}`,
      description: '',
      setup_type: type.id,
      specifications: rng.chance(0.5) ? { Length: rng.int(60, 200), Width: `${rng.int(8, 40)} cm` } : [],
      is_public: rng.chance(0.7),
      image: null,
      _group: g,
    });
    lab.setups.push(setup);
    const kinds = rng.sample(RIG_EQUIPMENT[lab.def.focus], rng.int(2, 4));
    lab.equipmentBySetup.set(
      setup.id,
      kinds.map((kind) =>
        put('equipment', {
          id: rng.uuid4(),
          name: kind.replace(/([a-z])([A-Z])/g, '$1 $2'),
          type: kind,
          notes: '',
          setup: setup.id,
          date_time: null,
          consumable: null,
          hardwaredevice: rng.chance(0.5) ? rng.pick(hardware).id : null,
          details: {},
          type_schema_version: '1.0.0',
          coordinates_system: 'External_XYZ_Absolute',
          coordinates_details: {
            x: rng.int(0, 50),
            y: rng.int(0, 50),
            z: rng.int(0, 20),
            xAngle: 0,
            yAngle: 0,
            zAngle: 0,
          },
          coordinates_schema_version: '1.0.0',
        }),
      ),
    );
  }
  for (let a = 0; a < 3; a++) {
    const paradigm = rng.pick(paradigms);
    lab.assays.push(
      put('behavioralassay', {
        id: rng.uuid4(),
        name: `${String(paradigm.name)} v${a + 1}`.slice(0, 50),
        description: `Lab protocol for ${String(paradigm.name).toLowerCase()}`,
        setup_type: rng.pick(lab.setups).setup_type,
        behavioral_paradigm: paradigm.id,
        licenses: [],
        is_public: rng.chance(0.6),
        _group: g,
      }),
    );
  }
}
