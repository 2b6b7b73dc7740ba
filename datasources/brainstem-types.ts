/**
 * BrainSTEM wire types, in the archive's own snake_case, as its REST API sends them
 * (../shared/archives/brainstem.md §4). Relations arrive as ids; records written by older
 * servers differ in places (`extra_fields` as `[]`, capitalised download-link keys), so those
 * fields are typed loosely and normalised where they are read.
 */

export type Uuid = string;
/** `YYYY-MM-DD`. */
export type IsoDate = string;
/** ISO-8601 with zone, e.g. `2023-03-22T15:30:00Z`. */
export type IsoDateTime = string;

/** `{key: string|number}` today; `[]`, `[{name, value}]` or null in older records. */
export type ExtraFields = Record<string, string | number> | { name: string; value: unknown }[] | null;

export interface DownloadLinkWire {
  repository?: string;
  url?: string;
  /** Keys used before 2025-10. */
  Repository?: string;
  URL?: string;
}

/** Project/group membership flags, keyed by user email (or group name). */
export interface AccessFlags {
  can_change?: boolean;
  is_manager?: boolean;
  is_owner?: boolean;
}

interface Base {
  id: Uuid;
}

export interface ProjectRecord extends Base {
  name: string;
  description: string;
  sessions: Uuid[];
  subjects: Uuid[];
  publications: Uuid[];
  collections: Uuid[];
  cohorts: Uuid[];
  extra_fields: ExtraFields;
  is_public: boolean;
  tags: string[];
  users: Record<string, AccessFlags>;
  groups: Record<string, AccessFlags>;
}

export interface SubjectRecord extends Base {
  name: string;
  description: string;
  projects: Uuid[];
  strain: Uuid | null;
  sex: string;
  genetic_line: string;
  genotype: string;
  subject_identifier: string;
  licenses: Uuid[];
  supplier: Uuid | null;
  breeding: Uuid | null;
  birth_date: IsoDate | null;
  death_date: IsoDate | null;
  status: string;
  extra_fields: ExtraFields;
  procedures: Uuid[];
  subjectlogs: Uuid[];
  tags: string[];
  name_used_in_storage: string | null;
}

export interface SessionRecord extends Base {
  name: string;
  description: string;
  epochs: Uuid[];
  projects: Uuid[];
  date_time: IsoDateTime | null;
  datastorage: Uuid[];
  extra_fields: ExtraFields;
  download_links: DownloadLinkWire[] | null;
  dataacquisition: Uuid[];
  behaviors: Uuid[];
  manipulations: Uuid[];
  tags: string[];
  name_used_in_storage: string | null;
}

export interface CollectionRecord extends Base {
  name: string;
  description: string;
  project: Uuid;
  sessions: Uuid[];
  tags: string[];
}

export interface CohortRecord extends Base {
  name: string;
  description: string;
  project: Uuid;
  subjects: Uuid[];
  tags: string[];
}

/** Provisional upstream (no API page); `start`/`end` are DRF durations such as "00:05:00". */
export interface EpochRecord extends Base {
  name: string;
  session: Uuid;
  start: string | null;
  end: string | null;
  behaviors: Uuid[];
  dataacquisition: Uuid[];
  manipulations: Uuid[];
}

interface Typed {
  type: string;
  details: unknown;
  type_schema_version: string;
}

interface Coordinates {
  coordinates_system: string;
  coordinates_details: unknown;
  coordinates_schema_version: string;
}

export interface ProcedureRecord extends Base, Typed, Coordinates {
  notes: string;
  subject: Uuid;
  date_time: IsoDateTime | null;
  consumablestock: Uuid | null;
  equipment: Uuid[];
  licenses: Uuid[];
  brain_region: Uuid | null;
  created_at: IsoDateTime | null;
  updated_at: IsoDateTime | null;
}

export interface BehaviorRecord extends Base {
  session: Uuid;
  subjects: Uuid[];
  setup: Uuid;
  behavioralassay: Uuid;
  notes: string;
  order: number | null;
}

export interface DataAcquisitionRecord extends Base, Typed {
  notes: string;
  session: Uuid;
  procedures: Uuid[];
  equipment: Uuid[];
  image: string | null;
  order: number | null;
}

export interface ManipulationRecord extends Base, Typed {
  notes: string;
  procedures: Uuid[];
  equipment: Uuid[];
  session: Uuid;
  order: number | null;
}

export interface EquipmentRecord extends Base, Typed, Coordinates {
  name: string;
  notes: string;
  setup: Uuid;
  date_time: IsoDateTime | null;
  consumable: Uuid | null;
  hardwaredevice: Uuid | null;
}

export interface DataStorageRecord extends Base {
  name: string;
  location: string;
  description: string;
  is_public: boolean;
  data_organization: unknown;
  data_protocols: unknown;
}

export interface SetupRecord extends Base {
  name: string;
  location: string;
  description: string;
  setup_type: Uuid;
  specifications: unknown;
  is_public: boolean;
  image: string | null;
}

export interface BehavioralAssayRecord extends Base {
  name: string;
  description: string;
  setup_type: Uuid;
  behavioral_paradigm: Uuid;
  licenses: Uuid[];
  is_public: boolean;
}

interface Identified {
  rrid: string | null;
  rrid_url: string | null;
  external_identifiers: unknown;
}

export interface SpeciesRecord extends Base, Identified {
  name: string;
  description: string;
}

export interface StrainRecord extends Base, Identified {
  name: string;
  description: string;
  species: Uuid;
}

export interface BrainRegionRecord extends Base {
  name: string;
  description: string;
  acronym: string;
  atlas: string;
}

export interface SetupTypeRecord extends Base {
  name: string;
  description: string;
  category: string;
}

export interface BehavioralParadigmRecord extends Base {
  name: string;
  description: string;
  category: Uuid | null;
  species: Uuid[];
  original_publication: string;
  reference_url: string;
  rrid: string | null;
  external_identifiers: unknown;
}

export interface UserRecord {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  groups_own_json: { id: number; name: string }[] | null;
  website: string;
  google_scholar: string;
  orcid_id: string;
  atlas_preference: string;
  active_projects: Uuid[];
}

export interface GroupRecord {
  id: number;
  name: string;
  users: Record<string, AccessFlags>;
}

export interface LaboratoryRecord extends Base {
  group: number;
  principal_investigators: number[];
  description: string;
  website: string;
  department: string;
  institution: string;
  city: string;
  country: string;
}

export interface JournalRecord extends Base {
  name: string;
  description: string;
  website: string;
}

export interface PublicationRecord extends Base {
  title: string;
  authors: string;
  journal: Uuid;
  abstract: string;
  doi: string;
  publication_url: string;
  pdf_url: string;
  publication_date: IsoDate;
}

/** A record of a model the gateway does not type: read and written as plain JSON. */
export interface GenericRecord {
  id: Uuid | number;
  [field: string]: unknown;
}

/** Record type per model name (the URL model name, as in `/api/{portal}/{app}/{model}/`). */
export interface BrainstemRecords extends Record<UntypedModel, GenericRecord> {
  project: ProjectRecord;
  subject: SubjectRecord;
  session: SessionRecord;
  collection: CollectionRecord;
  cohort: CohortRecord;
  epoch: EpochRecord;
  procedure: ProcedureRecord;
  behavior: BehaviorRecord;
  dataacquisition: DataAcquisitionRecord;
  manipulation: ManipulationRecord;
  equipment: EquipmentRecord;
  datastorage: DataStorageRecord;
  setup: SetupRecord;
  behavioralassay: BehavioralAssayRecord;
  species: SpeciesRecord;
  strain: StrainRecord;
  brainregion: BrainRegionRecord;
  setuptype: SetupTypeRecord;
  behavioralparadigm: BehavioralParadigmRecord;
  user: UserRecord;
  group: GroupRecord;
  laboratory: LaboratoryRecord;
  journal: JournalRecord;
  publication: PublicationRecord;
}

/** Models reachable only through the JSON escape hatch (`brainstemRecords`, `saveBrainstemRecord`). */
export type UntypedModel =
  | 'breeding'
  | 'projectmembershipinvitation'
  | 'projectgroupmembershipinvitation'
  | 'consumablestock'
  | 'procedurelog'
  | 'subjectlog'
  | 'inventory'
  | 'license'
  | 'consumable'
  | 'hardwaredevice'
  | 'supplier'
  | 'behavioralcategory'
  | 'regulatoryauthority'
  | 'groupmembershipinvitation'
  | 'groupmembershiprequest'
  | 'consumableapproval'
  | 'hardwaredeviceapproval'
  | 'supplierapproval'
  | 'speciesapproval'
  | 'strainapproval'
  | 'setuptypeapproval'
  | 'behavioralcategoryapproval'
  | 'behavioralparadigmapproval'
  | 'regulatoryauthorityapproval'
  | 'journalapproval';
