/**
 * BrainSTEM's people: users (integer ids), groups (labs and teams; they own personal attributes
 * and can be given access to projects) and laboratories (a group's public profile).
 */
import { readObjects } from '../document.ts';
import { brainstemNode, RELATED_LIST, recordsOf } from './fields.ts';
import { filterInput, namedFilter, nameSort, relationCondition, sortEnum, textCondition } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { GroupType, LaboratoryType, ProjectType, UserType } from './refs.ts';
import { accessList, AccessType } from './shared.ts';

brainstemNode(UserType, 'user', 'A BrainSTEM user account.', (t, doc, rel) => ({
  email: doc.requiredText('email', 'Email address (how projects and groups name their members).'),
  firstName: doc.text('first_name', 'First name.'),
  lastName: doc.text('last_name', 'Last name.'),
  website: doc.text('website', 'Personal web page.'),
  googleScholar: doc.text('google_scholar', 'Google Scholar profile.'),
  orcidId: doc.text('orcid_id', 'ORCID iD.'),
  atlasPreference: doc.text('atlas_preference', 'Preferred brain atlas, e.g. "AIA".'),
  activeProjects: rel.toMany(
    ProjectType,
    'project',
    'active_projects',
    'Projects the user marked active (those visible on this portal).',
  ),
  groups: t.field({
    type: [GroupType],
    nullable: RELATED_LIST,
    description: 'Groups the user belongs to.',
    resolve: async (u, _, ctx) => {
      const own = readObjects(await doc.value(u, ctx, 'groups_own_json'));
      return recordsOf(
        ctx,
        'group',
        own.flatMap((g) => (typeof g.id === 'number' || typeof g.id === 'string' ? [String(g.id)] : [])),
        u.portal,
      );
    },
  }),
}));

brainstemNode(
  GroupType,
  'group',
  'A BrainSTEM group (a lab or team): it owns personal attributes and can be given access to projects.',
  (t, doc) => ({
    name: doc.requiredText('name', 'Name, unique across BrainSTEM.'),
    members: t.field({
      type: [AccessType],
      description: 'Members by email, with their roles (`canChange` is true for every member).',
      resolve: async (g, _, ctx) => accessList(await doc.value(g, ctx, 'users')),
    }),
  }),
);

brainstemNode(LaboratoryType, 'laboratory', 'A laboratory: the public profile of a group.', (_, doc, rel) => ({
  group: rel.toOne(GroupType, 'group', 'group', 'The group it is the profile of.'),
  principalInvestigators: rel.toMany(UserType, 'user', 'principal_investigators', 'Its principal investigators.'),
  institution: doc.requiredText('institution', 'Institution.'),
  department: doc.text('department', 'Department.'),
  city: doc.text('city', 'City.'),
  country: doc.text('country', 'Country.'),
  website: doc.text('website', 'Web page.'),
  description: doc.text('description', 'Description.'),
}));

brainstemRootFields({
  model: 'user',
  type: UserType,
  typeName: 'User',
  one: 'user',
  many: 'users',
  noun: 'users',
  filter: filterInput('UserFilter', 'Conditions on users.', {
    email: textCondition('email', 'Exactly this email address (case-insensitive).', 'iexact'),
    lastNameContains: textCondition('last_name', 'Last name contains this text (case-insensitive).', 'icontains'),
  }),
  sort: sortEnum('UserSort', 'users', { LAST_NAME: ['last_name', 'last name'], EMAIL: ['email', 'email'] }),
});
brainstemRootFields({
  model: 'group',
  type: GroupType,
  typeName: 'Group',
  one: 'group',
  many: 'groups',
  noun: 'groups',
  filter: namedFilter,
  sort: nameSort,
});
brainstemRootFields({
  model: 'laboratory',
  type: LaboratoryType,
  typeName: 'Laboratory',
  one: 'laboratory',
  many: 'laboratories',
  noun: 'laboratories',
  filter: filterInput('LaboratoryFilter', 'Conditions on laboratories.', {
    institutionContains: textCondition(
      'institution',
      'Institution contains this text (case-insensitive).',
      'icontains',
    ),
    group: relationCondition('group.id', 'The profile of this group (BrainSTEM id).'),
  }),
  sort: sortEnum('LaboratorySort', 'laboratories', { INSTITUTION: ['institution', 'institution'] }),
  includes: {
    group: { relation: 'group', model: 'group' },
    principalInvestigators: { relation: 'principal_investigators', model: 'user' },
  },
});
