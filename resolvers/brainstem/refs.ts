/**
 * What a BrainSTEM object is while it is being resolved: its model, id and the portal it was read
 * from, plus the record when the archive already sent it. Fields read the record and load it
 * through the per-request loaders when it is not there; relations resolve on the same portal, so
 * nothing read publicly pulls in private records.
 */
import type { ObjectRef } from '@pothos/core';
import type { ModelName, Portal, Rec } from '../../datasources/brainstem.ts';
import { builder, type SchemaTypes } from '../../src/builder.ts';
import type { Context } from '../../src/context.ts';

/** The builder's resolved schema types, for refs and field builders declared outside a type. */
export type BuilderTypes = PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>;

export interface BsRef<M extends ModelName> {
  model: M;
  id: string;
  portal: Portal;
  data?: Rec<M>;
}

export const refOf = <M extends ModelName>(model: M, record: Rec<M>, portal: Portal): BsRef<M> => ({
  model,
  id: String(record.id),
  portal,
  data: record,
});

/** An object known by id alone (its canonical form); its record is loaded when a field needs it. */
export const refTo = <M extends ModelName>(model: M, id: string, portal: Portal): BsRef<M> => ({ model, id, portal });

/** The record behind a ref: the one in hand, else through the loaders (NOT_FOUND when missing). */
export const loadRecord = <M extends ModelName>(ref: BsRef<M>, ctx: Context): Promise<Rec<M>> | Rec<M> =>
  ref.data ?? ctx.brainstem.load(ref.model, ref.id, ref.portal);

/** How GraphQL names a BrainSTEM model: its type, root fields and the nouns its descriptions use. */
export interface ModelNames {
  /** Type name, e.g. `DataAcquisition`; it also names the model's filter, sort, connection and mutations. */
  typeName: string;
  /** Root fields for one and for many, e.g. `dataAcquisition` and `dataAcquisitions`. */
  one: string;
  many: string;
  /** Nouns for descriptions, e.g. "data acquisition" and "data acquisitions". */
  noun: string;
  nouns: string;
}

/** The GraphQL object type of a BrainSTEM model, with the model it stands for and its names. */
export type TypeRef<M extends ModelName> = ObjectRef<BuilderTypes, BsRef<M>> & {
  readonly model: M;
  readonly names: ModelNames;
};

/** Plurals that are not the type name with an "s" (a list root field needs a name apart from the one root field). */
const PLURALS: Partial<Record<ModelName, Pick<ModelNames, 'many' | 'nouns'>>> = {
  equipment: { many: 'equipmentList', nouns: 'equipment' },
  species: { many: 'speciesList', nouns: 'species' },
  laboratory: { many: 'laboratories', nouns: 'laboratories' },
};

/** A model's type; its names follow the type name (`BrainRegion`: `brainRegion`, `brainRegions`, "brain regions"). */
function ref<M extends ModelName>(model: M, typeName: string): TypeRef<M> {
  const one = typeName.charAt(0).toLowerCase() + typeName.slice(1);
  const noun = typeName.replace(/\B(?=[A-Z])/g, ' ').toLowerCase();
  const { many = `${one}s`, nouns = `${noun}s` } = PLURALS[model] ?? {};
  return Object.assign(builder.objectRef<BsRef<M>>(typeName), { model, names: { typeName, one, many, noun, nouns } });
}

export const ProjectType = ref('project', 'Project');
export const SubjectType = ref('subject', 'Subject');
export const SessionType = ref('session', 'Session');
export const CollectionType = ref('collection', 'Collection');
export const CohortType = ref('cohort', 'Cohort');
export const EpochType = ref('epoch', 'Epoch');
export const ProcedureType = ref('procedure', 'Procedure');
export const BehaviorType = ref('behavior', 'Behavior');
export const DataAcquisitionType = ref('dataacquisition', 'DataAcquisition');
export const ManipulationType = ref('manipulation', 'Manipulation');
export const EquipmentType = ref('equipment', 'Equipment');
export const DataStorageType = ref('datastorage', 'DataStorage');
export const SetupType = ref('setup', 'Setup');
export const BehavioralAssayType = ref('behavioralassay', 'BehavioralAssay');
export const SpeciesType = ref('species', 'Species');
export const StrainType = ref('strain', 'Strain');
export const BrainRegionType = ref('brainregion', 'BrainRegion');
export const SetupTypeType = ref('setuptype', 'SetupType');
export const BehavioralParadigmType = ref('behavioralparadigm', 'BehavioralParadigm');
export const UserType = ref('user', 'User');
export const GroupType = ref('group', 'Group');
export const LaboratoryType = ref('laboratory', 'Laboratory');
export const JournalType = ref('journal', 'Journal');
export const PublicationType = ref('publication', 'Publication');

export const BrainstemPortalEnum = builder.enumType('BrainstemPortal', {
  description:
    'Which BrainSTEM portal to read. Without a choice: PRIVATE when the request carries `X-BrainSTEM-Token`, else PUBLIC.',
  values: {
    PUBLIC: {
      value: 'public',
      description: 'Public projects and what hangs off them, plus personal attributes marked public. Needs no token.',
    },
    PRIVATE: {
      value: 'private',
      description:
        "What the caller's projects and groups hold, public or not. Needs `X-BrainSTEM-Token` (UNAUTHENTICATED without).",
    },
    SUPER: {
      value: 'super',
      description:
        "The superuser portal: every record of every project and group, read-only (writes go to the private portal). Needs the token of a BrainSTEM superuser in `X-BrainSTEM-Token`: UNAUTHENTICATED without one, FORBIDDEN with anyone else's. BrainSTEM dropped it from its docs in 2025-10; where it no longer exists, NOT_FOUND.",
    },
  } as const,
});
