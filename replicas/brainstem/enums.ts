/**
 * Choice lists the BrainSTEM API validates against (spec §4). They are the API's vocabulary,
 * so the registry, the validator and the seed generator must share one copy.
 */

export const DOWNLOAD_REPOSITORIES = [
  'CRCNS',
  'DANDI',
  'Figshare',
  'GitHub',
  'Globus',
  'Mendeley',
  'Zenodo',
  'Webshare',
  'Other',
] as const;
export type DownloadRepository = (typeof DOWNLOAD_REPOSITORIES)[number];

export const SEXES = ['M', 'F', 'U'] as const;
export const SUBJECT_STATUSES = ['planned', 'active', 'inactive', 'transferred', 'deceased', 'unknown'] as const;

export const DATA_ACQUISITION_TYPES = [
  'Audio', 'BehavioralTracking', 'ComputedTomography', 'ConfocalMicroscopy', 'Electroencephalography',
  'Electroneurogram', 'ExtracellularEphys', 'FiberPhotometry', 'FunctionalMagneticResonanceImaging',
  'FunctionalUltrasoundImaging', 'GeneralTimeSeries', 'IntracellularEphys', 'LightFieldMicroscopy',
  'MagneticResonanceImaging', 'Magnetoencephalography', 'Miniscope', 'OpticalCoherenceTomography',
  'PositronEmissionTomography', 'SinglePhotonEmissionComputedTomography', 'SinglePhotonMicroscopy',
  'ThreePhotonMicroscopy', 'TwoPhotonMicroscopy', 'VideoTracking',
] as const;

export const MANIPULATION_TYPES = [
  'AuditoryStimulation', 'DeepBrainStimulation', 'ElectricalStimulation', 'ElectromagneticFieldStimulation',
  'LiquidPerturbation', 'Microperfusion', 'MultisensoryStimulation', 'OdorStimulation', 'OptogeneticStimulation',
  'PharmacologicalInhalation', 'PharmacologicalInjection', 'PharmacologicalSuperfusion', 'TactileStimulation',
  'ThermalPerturbation', 'TranscranialElectricalStimulation', 'TranscranialMagneticStimulation',
  'UltrasoundStimulation', 'VisualStimulation',
] as const;

export const PROCEDURE_TYPES = [
  'Anesthesia', 'AuditoryStimulation', 'BarbiturateInjection', 'BehavioralTracking', 'BloodPressureSensorImplant',
  'BrainExtraction', 'BrainLesion', 'BrainSlice', 'BreathingSensorImplant', 'BurrHole', 'CatheterImplant',
  'CervicalDislocation', 'Co2ChamberEuthanasia', 'CranialWindow', 'Craniectomy', 'Craniotomy', 'Cryosectioning',
  'Decapitation', 'EcgImplant', 'EegImplant', 'EmgImplant', 'GenericImplant', 'GrinLensImplant', 'HeadFixation',
  'Headcap', 'Headpost', 'InhalantOverdose', 'Injection', 'NerveCuffImplant', 'OdorStimulation', 'OpticFiberImplant',
  'PerfusionFixation', 'PrismImplant', 'ReferenceElectrodeImplant', 'SiliconProbeImplant',
  'SingleWireElectrodeImplant', 'TactileStimulation', 'TemperatureSensorImplant', 'TetrodeWireElectrodeImplant',
  'TissueClearing', 'VibratomeSectioning', 'VirusInjection', 'VisualStimulation',
] as const;

export const EQUIPMENT_TYPES = [
  'Amplifier', 'AnesthesiaSystem', 'AntiVibrationTable', 'BehaviorRig', 'BiosafetyCabinet', 'Camera', 'Computer',
  'DataAcquisitionSystem', 'DrugDeliverySystem', 'ElectroencephalographySystem', 'ElectromyographyMachine',
  'ElectronicComponent', 'EphysRig', 'FiberPhotometrySystem', 'FloatingAirPlatform', 'ForcePlate', 'FumeHood',
  'GlassMicropipettePuller', 'HumidityController', 'HumiditySensor', 'InjectionSystem', 'IontophoresisStimulator',
  'Laser', 'LedDriver', 'LightEmitter', 'LightSensor', 'MagneticResonanceImagingSystem',
  'MagnetoencephalographySystem', 'Magnetometer', 'Microcontroller', 'Micromanipulator', 'Microphone', 'Microscope',
  'Miniscope', 'Monitor', 'MotionTrackingSystem', 'NoiseIsolationChamber', 'OnePhotonMicroscope', 'OphysRig',
  'OpticalCoherenceTomography', 'Oscilloscope', 'PerfusionSystem', 'Photodetector', 'PressureSensor', 'RunningWheel',
  'SignalProcessingUnit', 'SingleBoardComputer', 'SinglePhotonEmissionComputedTomography', 'Speaker',
  'StereotaxicFrame', 'StimulationDevice', 'SurgicalPowerTool', 'TemperatureSensor', 'ThermalController',
  'ThreePhotonMicroscopy', 'Treadmill', 'TwoPhotonMicroscope', 'UltrasoundImagingSystem',
] as const;

export const COORDINATE_SYSTEMS = [
  'CCF_XYZ_Absolute',
  'External_XYZ_Absolute',
  'Stereotaxic_BregmaAbsolute',
  'Stereotaxic_BregmaBrainSurface',
  'Stereotaxic_LambdaAbsolute',
  'Stereotaxic_LambdaBrainSurface',
] as const;

export const ATLASES = ['AIA', 'AIA_dM', 'AIA_HB', 'AIA_dHB', 'AIA_P', 'AIA_S', 'BM4', 'PF2001', 'PW1997', 'S2004'] as const;

/** setuptype.category: one letter each (I, E, A, H, V, F, U). */
export const SETUP_CATEGORIES = ['I', 'E', 'A', 'H', 'V', 'F', 'U'] as const;

/** The `extra_fields` key rule (§6.2). */
export const EXTRA_FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

/** `download_links[].url` must carry one of these schemes (§4.3). */
export const DOWNLOAD_URL = /^(https?|ftp):\/\/\S+$/i;
