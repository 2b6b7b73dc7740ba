/**
 * `DataAcquisition`: data recorded in a session (ephys, imaging, video, ...). Root fields
 * `dataAcquisition` / `dataAcquisitions` and its mutations.
 */
import { DataAcquisitionType } from './refs.ts';
import { sessionModule } from './session-module.ts';

sessionModule(DataAcquisitionType, {
  description: 'Data recorded in a session, of one acquisition type, with the procedures and equipment it used.',
  examples: '"ExtracellularEphys", "TwoPhotonMicroscopy", "Electroencephalography", "VideoTracking"',
  proceduresRequired: false,
  extraFields: (_, doc) => ({ image: doc.text('image', 'URL of an image of the recording, if one was uploaded.') }),
});
