/**
 * BrainSTEM's people: users (integer ids), groups (labs and teams; they own personal attributes
 * and can be given access to projects) and laboratories (a group's public profile).
 */
import { brainstemNode, optText, recordsOf, text, toMany, toOne, valueOf } from './fields.ts';
import { filterInput, namedFilter, nameSort, relationFilter, sortEnum } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { GroupType, LaboratoryType, ProjectType, UserType } from './refs.ts';
import { accessList, AccessType } from './shared.ts';

brainstemNode(UserType, 'user', 'A BrainSTEM user account.', (t) => ({
  email: text(t, 'email', 'Email address (how projects and groups name their members).'),
  firstName: optText(t, 'first_name', 'First name.'),
  lastName: optText(t, 'last_name', 'Last name.'),
  website: optText(t, 'website', 'Personal web page.'),
  googleScholar: optText(t, 'google_scholar', 'Google Scholar profile.'),
  orcidId: optText(t, 'orcid_id', 'ORCID iD.'),
  atlasPreference: optText(t, 'atlas_preference', 'Preferred brain atlas, e.g. "AIA".'),
  activeProjects: toMany(
    t,
    ProjectType,
    'project',
    'active_projects',
    'Projects the user marked active (those visible on this portal).',
  ),
  groups: t.field({
    type: [GroupType],
    description: 'Groups the user belongs to.',
    resolve: async (u, _, ctx) => {
      const own = (await valueOf(ctx, u, 'groups_own_json')) as { id: number }[] | null;
      return recordsOf(
        ctx,
        'group',
        (own ?? []).map((g) => String(g.id)),
        u.portal,
      );
    },
  }),
}));

brainstemNode(
  GroupType,
  'group',
  'A BrainSTEM group (a lab or team): it owns personal attributes and can be given access to projects.',
  (t) => ({
    name: text(t, 'name', 'Name, unique across BrainSTEM.'),
    members: t.field({
      type: [AccessType],
      description: 'Members by email, with their roles (`canChange` is true for every member).',
      resolve: async (g, _, ctx) => accessList(await valueOf(ctx, g, 'users')),
    }),
  }),
);

brainstemNode(LaboratoryType, 'laboratory', 'A laboratory: the public profile of a group.', (t) => ({
  group: toOne(t, GroupType, 'group', 'group', 'The group it is the profile of.'),
  principalInvestigators: toMany(t, UserType, 'user', 'principal_investigators', 'Its principal investigators.'),
  institution: text(t, 'institution', 'Institution.'),
  department: optText(t, 'department', 'Department.'),
  city: optText(t, 'city', 'City.'),
  country: optText(t, 'country', 'Country.'),
  website: optText(t, 'website', 'Web page.'),
  description: optText(t, 'description', 'Description.'),
}));

brainstemRootFields({
  model: 'user',
  type: UserType,
  typeName: 'User',
  one: 'user',
  many: 'users',
  noun: 'users',
  filter: filterInput('UserFilter', 'Conditions on users.', {
    email: { type: 'String', key: 'email.iexact', description: 'Exactly this email address (case-insensitive).' },
    lastNameContains: {
      type: 'String',
      key: 'last_name.icontains',
      description: 'Last name contains this text (case-insensitive).',
    },
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
    institutionContains: {
      type: 'String',
      key: 'institution.icontains',
      description: 'Institution contains this text (case-insensitive).',
    },
    group: relationFilter('group.id', 'The profile of this group (BrainSTEM id).'),
  }),
  sort: sortEnum('LaboratorySort', 'laboratories', { INSTITUTION: ['institution', 'institution'] }),
  includes: {
    group: { relation: 'group', model: 'group' },
    principalInvestigators: { relation: 'principal_investigators', model: 'user' },
  },
});
