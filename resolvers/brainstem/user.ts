/**
 * BrainSTEM's people: users (integer ids), groups (labs and teams; they own personal attributes
 * and can be given access to projects) and laboratories (a group's public profile).
 */
import { readObjects } from '../document.ts';
import { brainstemNode, RELATED_LIST, recordsOf } from './fields.ts';
import { namedFilter, nameSort, relationCondition, textCondition } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { GroupType, LaboratoryType, ProjectType, UserType } from './refs.ts';
import { accessList, AccessType } from './shared.ts';

brainstemNode(UserType, 'A BrainSTEM user account.', (t, doc, rel) => ({
  email: doc.requiredText('email', 'Email address (how projects and groups name their members).'),
  firstName: doc.text('first_name', 'First name.'),
  lastName: doc.text('last_name', 'Last name.'),
  website: doc.text('website', 'Personal web page.'),
  googleScholar: doc.text('google_scholar', 'Google Scholar profile.'),
  orcidId: doc.text('orcid_id', 'ORCID iD.'),
  atlasPreference: doc.text('atlas_preference', 'Preferred brain atlas, e.g. "AIA".'),
  activeProjects: rel.toMany(
    ProjectType,
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

brainstemNode(LaboratoryType, 'A laboratory: the public profile of a group.', (_, doc, rel) => ({
  group: rel.toOne(GroupType, 'group', 'The group it is the profile of.'),
  principalInvestigators: rel.toMany(UserType, 'principal_investigators', 'Its principal investigators.'),
  institution: doc.requiredText('institution', 'Institution.'),
  department: doc.text('department', 'Department.'),
  city: doc.text('city', 'City.'),
  country: doc.text('country', 'Country.'),
  website: doc.text('website', 'Web page.'),
  description: doc.text('description', 'Description.'),
}));

brainstemRootFields(UserType, {
  filter: {
    email: textCondition('email', 'Exactly this email address (case-insensitive).', 'iexact'),
    lastNameContains: textCondition('last_name', 'Last name contains this text (case-insensitive).', 'icontains'),
  },
  sort: { LAST_NAME: ['last_name', 'last name'], EMAIL: ['email', 'email'] },
});
brainstemRootFields(GroupType, {
  filter: namedFilter,
  sort: nameSort,
});
brainstemRootFields(LaboratoryType, {
  filter: {
    institutionContains: textCondition(
      'institution',
      'Institution contains this text (case-insensitive).',
      'icontains',
    ),
    group: relationCondition('group.id', 'The profile of this group (BrainSTEM id).'),
  },
  sort: { INSTITUTION: ['institution', 'institution'] },
  includes: ['group', 'principalInvestigators'],
});
