/**
 * `Epoch`: a named interval of a session. BrainSTEM documents no endpoint for epochs; the gateway
 * reads them where the spec suggests (`stem/epoch`), so treat them as provisional.
 */
import { brainstemNode } from './fields.ts';
import { filterInput, nameFilters, relationCondition, sortEnum } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { BehaviorType, DataAcquisitionType, EpochType, ManipulationType, SessionType } from './refs.ts';

brainstemNode(
  EpochType,
  'epoch',
  'A named interval of a session (provisional: BrainSTEM documents no epoch endpoint).',
  (_, doc, rel) => ({
    name: doc.requiredText('name', 'Name, unique within its session.'),
    session: rel.toOne(SessionType, 'session', 'session', 'The session it is part of.'),
    start: doc.text('start', 'Start, as an offset from the session start ("HH:MM:SS").'),
    end: doc.text('end', 'End, as an offset from the session start ("HH:MM:SS").'),
    behaviors: rel.toMany(BehaviorType, 'behavior', 'behaviors', 'Behaviors during it.'),
    dataAcquisitions: rel.toMany(
      DataAcquisitionType,
      'dataacquisition',
      'dataacquisition',
      'Data acquisitions during it.',
    ),
    manipulations: rel.toMany(ManipulationType, 'manipulation', 'manipulations', 'Manipulations during it.'),
  }),
);

brainstemRootFields({
  model: 'epoch',
  type: EpochType,
  typeName: 'Epoch',
  one: 'epoch',
  many: 'epochs',
  noun: 'epochs',
  filter: filterInput('EpochFilter', 'Conditions on epochs.', {
    ...nameFilters('epoch'),
    session: relationCondition('session.id', 'Of this session (BrainSTEM id).'),
  }),
  sort: sortEnum('EpochSort', 'epochs', { NAME: ['name', 'name'], START: ['start', 'start'] }),
});
