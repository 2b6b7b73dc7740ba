/**
 * `Collection` (a named set of a project's sessions) and `Cohort` (a named set of its subjects):
 * the same shape on different members, so they are declared together.
 */
import { brainstemNode } from './fields.ts';
import { filterInput, nameFilters, relationCondition, sortEnum, tagFilter } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { brainstemMutations, w } from './mutations.ts';
import { CohortType, CollectionType, ProjectType, SessionType, SubjectType } from './refs.ts';

brainstemNode(CollectionType, 'collection', 'A named set of sessions of one project.', (_, doc, rel) => ({
  name: doc.requiredText('name', 'Name, unique within its project.'),
  description: doc.requiredText('description', 'Description (HTML rich text; "" when none).'),
  project: rel.toOne(ProjectType, 'project', 'project', 'The project it belongs to.'),
  sessions: rel.toMany(SessionType, 'session', 'sessions', 'Its sessions (all of the same project).'),
  tags: doc.texts('tags', 'Free-text tags.'),
}));

brainstemNode(CohortType, 'cohort', 'A named set of subjects of one project.', (_, doc, rel) => ({
  name: doc.requiredText('name', 'Name, unique within its project.'),
  description: doc.requiredText('description', 'Description (HTML rich text; "" when none).'),
  project: rel.toOne(ProjectType, 'project', 'project', 'The project it belongs to.'),
  subjects: rel.toMany(SubjectType, 'subject', 'subjects', 'Its subjects (all of the same project).'),
  tags: doc.texts('tags', 'Free-text tags.'),
}));

const sort = sortEnum('GroupingSort', 'collections and cohorts', { NAME: ['name', 'name'] });

for (const kind of [
  {
    model: 'collection',
    type: CollectionType,
    typeName: 'Collection',
    one: 'collection',
    many: 'collections',
    members: 'sessions',
    title: 'Sessions',
    member: 'session',
    memberType: SessionType,
  },
  {
    model: 'cohort',
    type: CohortType,
    typeName: 'Cohort',
    one: 'cohort',
    many: 'cohorts',
    members: 'subjects',
    title: 'Subjects',
    member: 'subject',
    memberType: SubjectType,
  },
] as const) {
  brainstemRootFields({
    model: kind.model,
    type: kind.type,
    typeName: kind.typeName,
    one: kind.one,
    many: kind.many,
    noun: kind.many,
    filter: filterInput(`${kind.typeName}Filter`, `Conditions on ${kind.many}.`, {
      ...nameFilters(kind.one),
      project: relationCondition('project.id', 'Of this project (BrainSTEM id).'),
      [kind.member]: relationCondition(`${kind.members}.id`, `Holds this ${kind.member} (BrainSTEM id).`),
      ...tagFilter,
    }),
    sort,
    includes: {
      project: { relation: 'project', model: 'project' },
      [kind.members]: { relation: kind.members, model: kind.member },
    },
  });
  brainstemMutations({
    model: kind.model,
    type: kind.type,
    typeName: kind.typeName,
    payloadField: kind.one,
    noun: kind.one,
    fields: {
      name: w.name('unique within the project, at most 100 characters'),
      description: w.description(),
      project: w.one('project', 'The project (BrainSTEM id).', true),
      [kind.members]: w.many(kind.members, `${kind.title} (BrainSTEM ids), each of the same project.`),
      tags: w.tags(),
    },
  });
}
