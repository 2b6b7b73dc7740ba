/**
 * `Collection` (a named set of a project's sessions) and `Cohort` (a named set of its subjects):
 * the same shape on different members, so they are declared together.
 */
import { brainstemNode } from './fields.ts';
import { nameFilters, relationCondition, sortEnum, tagFilter } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { brainstemMutations, w } from './mutations.ts';
import type { ModelName, Rec } from '../../datasources/brainstem.ts';
import { CohortType, CollectionType, ProjectType, SessionType, SubjectType, type TypeRef } from './refs.ts';

const sort = sortEnum('GroupingSort', 'collections and cohorts', { NAME: ['name', 'name'] });

/** A named set of one project's `members`, of the member type. */
function grouping<M extends 'collection' | 'cohort'>(
  type: TypeRef<M>,
  members: keyof Rec<M> & string,
  memberType: TypeRef<ModelName>,
  title: string,
): void {
  const member = memberType.names.noun;
  brainstemNode(type, `A named set of ${members} of one project.`, (_, doc, rel) => ({
    name: doc.requiredText('name', 'Name, unique within its project.'),
    description: doc.requiredText('description', 'Description (HTML rich text; "" when none).'),
    project: rel.toOne(ProjectType, 'project', 'The project it belongs to.'),
    [members]: rel.toMany(memberType, members, `Its ${members} (all of the same project).`),
    tags: doc.texts('tags', 'Free-text tags.'),
  }));
  brainstemRootFields(type, {
    filter: {
      ...nameFilters(type.names.noun),
      project: relationCondition('project.id', 'Of this project (BrainSTEM id).'),
      [member]: relationCondition(`${members}.id`, `Holds this ${member} (BrainSTEM id).`),
      ...tagFilter,
    },
    sort,
    includes: ['project', members],
  });
  brainstemMutations(type, {
    name: w.name('unique within the project, at most 100 characters'),
    description: w.description(),
    project: w.one('project', 'The project (BrainSTEM id).', true),
    [members]: w.many(members, `${title} (BrainSTEM ids), each of the same project.`),
    tags: w.tags(),
  });
}

grouping(CollectionType, 'sessions', SessionType, 'Sessions');
grouping(CohortType, 'subjects', SubjectType, 'Subjects');
