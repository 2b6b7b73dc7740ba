/**
 * Seeds what hangs off subjects and sessions: procedures (surgeries and implants), data
 * acquisitions, behaviors, manipulations and epochs, with `details` shaped like the docs'
 * examples (schema version 0.0.0 style plain numbers).
 */
import type { Prng } from '../common/prng.ts';
import type { Rec } from './schema.ts';
import type { CatalogSeed, LabSeed } from './seed-catalog.ts';
import type { LabDef } from './seed-text.ts';
import type { BrainstemStore } from './store.ts';

const isoSeconds = (t: number) => `${new Date(t).toISOString().slice(0, 19)}Z`;
const hms = (seconds: number) =>
  [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');

const PROCEDURES_BY_FOCUS: Record<LabDef['focus'], string[]> = {
  'rodent-ephys': [
    'SiliconProbeImplant',
    'TetrodeWireElectrodeImplant',
    'Headpost',
    'Craniotomy',
    'ReferenceElectrodeImplant',
  ],
  'rodent-ophys': ['VirusInjection', 'CranialWindow', 'GrinLensImplant', 'OpticFiberImplant', 'Headpost'],
  'human-eeg': [],
  'primate-ephys': ['Headpost', 'Craniotomy', 'GenericImplant'],
  'zebrafish-ophys': ['Anesthesia'],
};

const PROCEDURE_DETAILS: Record<string, (rng: Prng) => Record<string, unknown>> = {
  Anesthesia: (rng) => ({
    anestheticAgent: rng.pick(['Tricaine (MS-222)', 'Isoflurane']),
    route: rng.pick(['Immersion', 'Inhalation']),
  }),
  VirusInjection: (rng) => ({
    virusName: rng.pick(['AAV1-syn-GCaMP6s', 'AAV5-CaMKIIa-hChR2-EYFP', 'AAV9-hSyn-GRAB-DA2m']),
    volume: rng.int(100, 500),
    titer: '1e13 GC/ml',
  }),
  SiliconProbeImplant: (rng) => ({
    probeModel: rng.pick(['Buzsaki64', 'ASSY-236 H10', 'Neuropixels 1.0']),
    shanks: rng.pick([1, 4, 6]),
  }),
  OpticFiberImplant: (rng) => ({
    fiberTipShape: 'flat',
    fiberId: `OF-${rng.int(100, 999)}`,
    sterilizationMethod: 'Autoclave',
  }),
};

export function seedProcedures(
  store: BrainstemStore,
  rng: Prng,
  ctx: { lab: LabSeed; subject: Rec; start: number; cat: CatalogSeed; region: string },
): Rec[] {
  const kinds = PROCEDURES_BY_FOCUS[ctx.lab.def.focus];
  if (kinds.length === 0) return [];
  const rat = /Long-Evans|Sprague|Wistar/.test(String(store.get('strain', ctx.subject.strain)?.name ?? ''));
  const region =
    ctx.cat.regions.find((r) => r.acronym === ctx.region && r.atlas === (rat ? 'PW1997' : 'AIA')) ??
    ctx.cat.regions.find((r) => r.acronym === ctx.region);
  const frame = [...ctx.lab.equipmentBySetup.values()].flat().filter((e) => e.type === 'StereotaxicFrame');
  const out: Rec[] = [];
  const picked = rng.sample(kinds, rng.int(1, Math.min(3, kinds.length)));
  picked.forEach((type, i) => {
    const t = ctx.start - (picked.length - i) * rng.int(3, 14) * 86_400_000;
    const implant = type !== 'Anesthesia' && type !== 'Headpost';
    out.push(
      store.insert('procedure', {
        id: rng.uuid4(),
        type,
        notes: rng.chance(0.3) ? rng.pick(['no complications', 'bilateral', 'slight bleeding, recovered']) : '',
        subject: ctx.subject.id,
        date_time: isoSeconds(t),
        consumablestock: null,
        equipment: frame.length > 0 && implant ? [frame[0]?.id] : [],
        licenses: [],
        details: PROCEDURE_DETAILS[type]?.(rng) ?? {},
        type_schema_version: '0.0.0',
        brain_region: implant ? (region?.id ?? null) : null,
        coordinates_system: implant ? 'Stereotaxic_BregmaAbsolute' : 'External_XYZ_Absolute',
        coordinates_details: implant
          ? {
              apCoordinate: -rng.int(5, 45) / 10,
              mlCoordinate: rng.int(5, 35) / 10,
              dvCoordinate: -rng.int(5, 40) / 10,
              apAngle: 0,
              mlAngle: rng.pick([0, 5, 10]),
              dvAngle: 0,
            }
          : {},
        coordinates_schema_version: '0.0.0',
        created_at: isoSeconds(t + 3_600_000),
        updated_at: isoSeconds(t + 7_200_000),
      } as unknown as Rec),
    );
  });
  return out;
}

const ACQUISITION_BY_FOCUS: Record<LabDef['focus'], string[]> = {
  'rodent-ephys': ['ExtracellularEphys'],
  'rodent-ophys': ['TwoPhotonMicroscopy', 'FiberPhotometry', 'Miniscope'],
  'human-eeg': ['Electroencephalography'],
  'primate-ephys': ['ExtracellularEphys'],
  'zebrafish-ophys': ['TwoPhotonMicroscopy', 'LightFieldMicroscopy'],
};

function acquisitionDetails(rng: Prng, type: string, session: Rec): Record<string, unknown> {
  const file = String(session.name);
  if (type === 'ExtracellularEphys') {
    const n = rng.pick([32, 64, 128, 384]);
    return {
      fileName: `${file}.dat`,
      format: 'binary',
      type: 'int16',
      nChannels: n,
      sr: 30000,
      nSamples: rng.int(30, 180) * 30000 * 60,
    };
  }
  if (type === 'Electroencephalography')
    return {
      fileName: `${file}_eeg.set`,
      format: 'EEGLAB',
      nChannels: rng.pick([32, 64, 128]),
      sr: rng.pick([250, 500, 1000]),
    };
  if (type === 'VideoTracking' || type === 'BehavioralTracking')
    return { fileName: `${file}.avi`, format: 'avi', frameRate: rng.pick([30, 60, 120]) };
  return {
    fileName: `${file}.tif`,
    format: 'tiff',
    frameRate: rng.pick([15, 30]),
    fieldOfView: `${rng.int(400, 900)} um`,
  };
}

export function seedSessionContent(
  store: BrainstemStore,
  rng: Prng,
  ctx: { lab: LabSeed; session: Rec; subject: Rec; human: boolean; start: number; procedures: Rec[] },
): void {
  const { lab, session } = ctx;
  const equipment = [...lab.equipmentBySetup.values()].flat();
  const implants = ctx.procedures.filter((x) => x.type !== 'Anesthesia');

  const acquisitions: Rec[] = [];
  const types = [rng.pick(ACQUISITION_BY_FOCUS[lab.def.focus])];
  if (!ctx.human && rng.chance(0.4))
    types.push(lab.def.focus === 'rodent-ephys' ? 'BehavioralTracking' : 'VideoTracking');
  types.forEach((type, order) => {
    acquisitions.push(
      store.insert('dataacquisition', {
        id: rng.uuid4(),
        notes: order === 0 ? rng.pick(['', 'acute probe recording', 'chronic recording', 'good signal']) : '',
        session: session.id,
        procedures: order === 0 ? implants.slice(0, 2).map((x) => x.id) : [],
        equipment: rng.sample(equipment, rng.int(0, 2)).map((e) => e.id),
        type,
        details: acquisitionDetails(rng, type, session),
        type_schema_version: '0.0.0',
        image: null,
        order,
      } as unknown as Rec),
    );
  });

  const behaviors: Rec[] = [];
  if (lab.def.focus !== 'zebrafish-ophys' && rng.chance(0.6)) {
    behaviors.push(
      store.insert('behavior', {
        id: rng.uuid4(),
        session: session.id,
        subjects: [ctx.subject.id],
        setup: rng.pick(lab.setups).id,
        behavioralassay: rng.pick(lab.assays).id,
        notes: rng.chance(0.3) ? 'Animal engaged throughout' : '',
        order: 0,
      } as unknown as Rec),
    );
  }

  const manipulations: Rec[] = [];
  if (ctx.procedures.length > 0 && rng.chance(0.2)) {
    const fiber = ctx.procedures.find((x) => x.type === 'OpticFiberImplant');
    const type = fiber ? 'OptogeneticStimulation' : rng.pick(['ElectricalStimulation', 'PharmacologicalInjection']);
    manipulations.push(
      store.insert('manipulation', {
        id: rng.uuid4(),
        type,
        notes: '',
        procedures: [(fiber ?? ctx.procedures[0])?.id],
        equipment: [],
        session: session.id,
        details:
          type === 'OptogeneticStimulation'
            ? [
                {
                  wavelength: rng.pick([473, 532, 593]),
                  power: rng.int(2, 15),
                  pulseWidth: 10,
                  frequency: rng.pick([10, 20, 40]),
                  repetitions: rng.int(10, 100),
                },
              ]
            : [{ intensity: rng.int(10, 200), repetitions: rng.int(5, 50) }],
        type_schema_version: '0.0.0',
        order: 0,
      } as unknown as Rec),
    );
  }

  if (rng.chance(0.4)) {
    const names =
      manipulations.length > 0 ? ['baseline', 'stimulation', 'recovery'] : ['pre-sleep', 'task', 'post-sleep'];
    let t = 0;
    names.forEach((name, i) => {
      const length = rng.int(10, 60) * 60;
      store.insert('epoch', {
        id: rng.uuid4(),
        name,
        session: session.id,
        start: hms(t),
        end: hms(t + length),
        behaviors: i === 1 ? behaviors.map((b) => b.id) : [],
        // A data acquisition belongs to at most one epoch.
        dataacquisition: i === 0 ? acquisitions.map((a) => a.id) : [],
        manipulations: i === 1 ? manipulations.map((m) => m.id) : [],
      } as unknown as Rec);
      t += length;
    });
  }
}
