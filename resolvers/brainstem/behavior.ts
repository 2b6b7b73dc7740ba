/**
 * `Behavior`: a behavioral assay run on subjects in a session, on a setup. Root fields
 * `behavior` / `behaviors` and the behavior mutations.
 */
import { brainstemNode } from './fields.ts';
import { relationCondition } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { brainstemMutations, w } from './mutations.ts';
import { BehavioralAssayType, BehaviorType, SessionType, SetupType, SubjectType } from './refs.ts';

brainstemNode(BehaviorType, 'A behavioral assay run on one or more subjects in a session.', (_, doc, rel) => ({
  session: rel.toOne(SessionType, 'session', 'The session it was run in.'),
  subjects: rel.toMany(SubjectType, 'subjects', 'The subjects that took part.'),
  setup: rel.toOne(SetupType, 'setup', 'The setup it was run on; null when the setup is not visible on this portal.'),
  behavioralAssay: rel.toOne(
    BehavioralAssayType,
    'behavioralassay',
    'The assay; null when it is not visible on this portal.',
  ),
  notes: doc.text('notes', 'Notes.'),
  order: doc.int('order', 'Display order within the session.'),
}));

brainstemRootFields(BehaviorType, {
  filter: {
    session: relationCondition('session.id', 'Of this session (BrainSTEM id).'),
    subject: relationCondition('subjects.id', 'With this subject (BrainSTEM id).'),
    setup: relationCondition('setup.id', 'On this setup (BrainSTEM id).'),
    behavioralAssay: relationCondition('behavioralassay.id', 'Of this assay (BrainSTEM id).'),
  },
  sort: { ORDER: ['order', 'display order', 'nullable'] },
  includes: ['session', 'subjects', 'setup', 'behavioralAssay'],
});

brainstemMutations(BehaviorType, {
  session: w.one('session', 'The session (BrainSTEM id).', true),
  subjects: w.many('subjects', 'The subjects (BrainSTEM ids, at least one).', true),
  setup: w.one('setup', 'The setup (BrainSTEM id).', true),
  behavioralAssay: w.one('behavioralassay', 'The behavioral assay (BrainSTEM id).', true),
  notes: w.notes(),
  order: w.order(),
});
