/**
 * `Project`: the unit of ownership and sharing in BrainSTEM (sessions, subjects, collections and
 * cohorts inherit its permissions); root fields `project` / `projects` and the project mutations.
 */
import { brainstemNode } from './fields.ts';
import { booleanCondition, nameFilters, relationCondition, tagFilter } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { brainstemMutations, w } from './mutations.ts';
import { CohortType, CollectionType, ProjectType, PublicationType, SessionType, SubjectType } from './refs.ts';
import { AccessChangeInput, accessList, accessPatch, AccessType } from './shared.ts';

brainstemNode(
  ProjectType,
  'A BrainSTEM project: sessions and subjects shared with the same people, public or private.',
  (t, doc, rel) => ({
    name: doc.requiredText('name', 'Name, unique across BrainSTEM.'),
    description: doc.requiredText('description', 'Description (HTML rich text; "" when none).'),
    isPublic: doc.flag('is_public', 'Whether anyone can read it (and what it holds) on the public portal.'),
    tags: doc.texts('tags', 'Free-text tags.'),
    extraFields: rel.extraFields('extra_fields'),
    sessions: rel.toMany(SessionType, 'sessions', 'Sessions of the project.', 'projects'),
    subjects: rel.toMany(SubjectType, 'subjects', 'Subjects of the project.', 'projects'),
    collections: rel.toMany(CollectionType, 'collections', 'Collections (named sets of its sessions).', 'project'),
    cohorts: rel.toMany(CohortType, 'cohorts', 'Cohorts (named sets of its subjects).', 'project'),
    publications: rel.toMany(PublicationType, 'publications', 'Publications of the project.'),
    members: t.field({
      type: [AccessType],
      description: 'Users with access, by email, and their rights.',
      resolve: async (p, _, ctx) => accessList(await doc.value(p, ctx, 'users')),
    }),
    groupAccess: t.field({
      type: [AccessType],
      description: 'Groups with access, by name, and their rights.',
      resolve: async (p, _, ctx) => accessList(await doc.value(p, ctx, 'groups')),
    }),
  }),
);

brainstemRootFields(ProjectType, {
  filter: {
    ...nameFilters('project'),
    session: relationCondition('sessions.id', 'Holds this session (BrainSTEM id).'),
    subject: relationCondition('subjects.id', 'Holds this subject (BrainSTEM id).'),
    ...tagFilter,
    isPublic: booleanCondition('is_public', 'Public (true) or private (false) projects only.'),
  },
  sort: { NAME: ['name', 'name'] },
  includes: ['sessions', 'subjects', 'collections', 'cohorts', 'publications'],
});

brainstemMutations(ProjectType, {
  name: w.name('unique across BrainSTEM, at most 200 characters'),
  description: w.description(),
  isPublic: { wire: 'is_public', type: 'Boolean', description: 'Make it public (owners only).', onNull: 'refused' },
  publications: w.many('publications', 'Publications (BrainSTEM ids).'),
  extraFields: w.extraFields(),
  tags: w.tags(),
  members: {
    wire: 'users',
    type: AccessChangeInput,
    list: true,
    updateOnly: true,
    toWire: accessPatch,
    onNull: 'refused',
    description: 'Add, change or remove users by email (managers only); others keep their rights.',
  },
  groupAccess: {
    wire: 'groups',
    type: AccessChangeInput,
    list: true,
    updateOnly: true,
    toWire: accessPatch,
    onNull: 'refused',
    description: 'Add, change or remove groups by name (managers only); others keep their rights.',
  },
});
