/**
 * `Epoch`: a named interval of a session. BrainSTEM documents no endpoint for epochs; the gateway
 * reads them where the spec suggests (`stem/epoch`), so treat them as provisional.
 */
import { brainstemNode } from './fields.ts';
import { nameFilters, relationCondition } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { BehaviorType, DataAcquisitionType, EpochType, ManipulationType, SessionType } from './refs.ts';

brainstemNode(
  EpochType,
  'A named interval of a session (provisional: BrainSTEM documents no epoch endpoint).',
  (_, doc, rel) => ({
    name: doc.requiredText('name', 'Name, unique within its session.'),
    session: rel.toOne(SessionType, 'session', 'The session it is part of.'),
    start: doc.text('start', 'Start, as an offset from the session start ("HH:MM:SS").'),
    end: doc.text('end', 'End, as an offset from the session start ("HH:MM:SS").'),
    behaviors: rel.toMany(BehaviorType, 'behaviors', 'Behaviors during it.'),
    dataAcquisitions: rel.toMany(DataAcquisitionType, 'dataacquisition', 'Data acquisitions during it.'),
    manipulations: rel.toMany(ManipulationType, 'manipulations', 'Manipulations during it.'),
  }),
);

brainstemRootFields(EpochType, {
  filter: {
    ...nameFilters('epoch'),
    session: relationCondition('session.id', 'Of this session (BrainSTEM id).'),
  },
  sort: { NAME: ['name', 'name'], START: ['start', 'start', 'nullable'] },
});
