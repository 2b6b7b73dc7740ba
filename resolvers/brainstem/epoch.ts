/**
 * `Epoch`: a named interval of a session. BrainSTEM documents no endpoint for epochs; the gateway
 * reads them where the spec suggests (`stem/epoch`), so treat them as provisional.
 */
import { brainstemNode, optText, text, toMany, toOne } from './fields.ts';
import { filterInput, nameFilters, relationFilter, sortEnum } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { BehaviorType, DataAcquisitionType, EpochType, ManipulationType, SessionType } from './refs.ts';

brainstemNode(
  EpochType,
  'epoch',
  'A named interval of a session (provisional: BrainSTEM documents no epoch endpoint).',
  (t) => ({
    name: text(t, 'name', 'Name, unique within its session.'),
    session: toOne(t, SessionType, 'session', 'session', 'The session it is part of.'),
    start: optText(t, 'start', 'Start, as an offset from the session start ("HH:MM:SS").'),
    end: optText(t, 'end', 'End, as an offset from the session start ("HH:MM:SS").'),
    behaviors: toMany(t, BehaviorType, 'behavior', 'behaviors', 'Behaviors during it.'),
    dataAcquisitions: toMany(
      t,
      DataAcquisitionType,
      'dataacquisition',
      'dataacquisition',
      'Data acquisitions during it.',
    ),
    manipulations: toMany(t, ManipulationType, 'manipulation', 'manipulations', 'Manipulations during it.'),
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
    session: relationFilter('session.id', 'Of this session (BrainSTEM id).'),
  }),
  sort: sortEnum('EpochSort', 'epochs', { NAME: ['name', 'name'], START: ['start', 'start'] }),
});
