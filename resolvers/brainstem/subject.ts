/**
 * `Subject`: an animal or participant, in one or more projects, with its procedures; the
 * sessions it took part in are found through behaviors (sessions name no subject). Root fields
 * `subject` / `subjects` and the subject mutations.
 */
import { relationIds } from '../../datasources/brainstem.ts';
import type { Context } from '../../src/context.ts';
import { vocabularyEnum } from '../vocabulary.ts';
import { brainstemNode, childrenOf, childSide, RELATED_LIST, recordsOf } from './fields.ts';
import { enumCondition, nameFilters, relationCondition, tagFilter } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { brainstemMutations, w } from './mutations.ts';
import {
  BehaviorType,
  type BsRef,
  ProcedureType,
  ProjectType,
  SessionType,
  SpeciesType,
  StrainType,
  SubjectType,
} from './refs.ts';

const Sex = vocabularyEnum('SubjectSex', 'Sex of a subject as BrainSTEM records it.', {
  MALE: { value: 'M', description: 'Male ("M").' },
  FEMALE: { value: 'F', description: 'Female ("F").' },
  UNKNOWN: { value: 'U', description: 'Unknown ("U").' },
});

const Status = vocabularyEnum('SubjectStatus', 'Where a subject is in its life in the lab.', {
  PLANNED: { value: 'planned', description: 'Planned, not yet in the lab.' },
  ACTIVE: { value: 'active', description: 'In the lab and in use (the default).' },
  INACTIVE: { value: 'inactive', description: 'In the lab, not in use.' },
  TRANSFERRED: { value: 'transferred', description: 'Moved to another lab.' },
  DECEASED: { value: 'deceased', description: 'Dead.' },
  UNKNOWN: { value: 'unknown', description: 'Not known.' },
});

/** Behaviors the subject took part in: BrainSTEM keeps no reverse list, so behaviors are searched. */
const behaviorsOf = (ctx: Context, s: BsRef<'subject'>) => childrenOf(ctx, s, 'behavior', 'subjects');

brainstemNode(SubjectType, 'A BrainSTEM subject: an animal or human participant.', (t, doc, rel) => ({
  name: doc.requiredText('name', 'Name, unique across BrainSTEM.'),
  description: doc.requiredText('description', 'Description (HTML rich text; "" when none).'),
  projects: rel.toMany(ProjectType, 'projects', 'Projects it belongs to (those visible on its portal).'),
  strain: rel.toOne(StrainType, 'strain', 'Its strain (which fixes its species).'),
  species: t.field({
    type: SpeciesType,
    nullable: true,
    description: 'Its species, through its strain.',
    resolve: async (s, _, ctx) => {
      const [strainId] = relationIds(await doc.value(s, ctx, 'strain'));
      const strain = strainId ? await ctx.brainstem.find('strain', strainId, s.portal) : null;
      const [speciesId] = relationIds(strain?.species);
      return speciesId ? ((await recordsOf(ctx, 'species', [speciesId], s.portal))[0] ?? null) : null;
    },
  }),
  sex: t.field({
    type: Sex.ref,
    nullable: true,
    description: 'Sex; null for a value this gateway does not know.',
    resolve: async (s, _, ctx) => Sex.read(await doc.value(s, ctx, 'sex')),
  }),
  status: t.field({
    type: Status.ref,
    nullable: true,
    description: 'Status; null for a value this gateway does not know.',
    resolve: async (s, _, ctx) => Status.read(await doc.value(s, ctx, 'status')),
  }),
  geneticLine: doc.text('genetic_line', 'Genetic line.'),
  genotype: doc.text('genotype', 'Genotype.'),
  subjectIdentifier: doc.text('subject_identifier', "The lab's own identifier (ear tag, participant code, ...)."),
  birthDate: doc.text('birth_date', 'Date of birth, YYYY-MM-DD.'),
  deathDate: doc.text('death_date', 'Date of death, YYYY-MM-DD.'),
  licenseIds: rel.idList('licenses', 'BrainSTEM ids of the licenses covering it.'),
  supplierId: doc.text('supplier', 'BrainSTEM id of its supplier.'),
  breedingId: doc.text('breeding', 'BrainSTEM id of the breeding it came from.'),
  extraFields: rel.extraFields('extra_fields'),
  tags: doc.texts('tags', 'Free-text tags.'),
  nameUsedInStorage: doc.text('name_used_in_storage', 'Its folder name in data storage, when it differs from `name`.'),
  procedures: rel.toMany(
    ProcedureType,
    'procedures',
    'Procedures done on it (surgeries, implants, injections, ...).',
    'subject',
  ),
  behaviors: rel.referencedBy(
    BehaviorType,
    'subjects',
    "Behaviors it took part in (found by one search of BrainSTEM's behaviors for all subjects asked for together).",
  ),
  sessions: childSide(
    t.field({
      type: [SessionType],
      nullable: RELATED_LIST,
      description: 'Sessions it took part in: the sessions of its behaviors.',
      resolve: async (s, _, ctx) => {
        const sessionIds = (await behaviorsOf(ctx, s)).flatMap((b) => relationIds(b.data?.session));
        return recordsOf(ctx, 'session', [...new Set(sessionIds)], s.portal);
      },
    }),
  ),
}));

brainstemRootFields(SubjectType, {
  filter: {
    ...nameFilters('subject'),
    project: relationCondition('projects.id', 'In this project (BrainSTEM id).'),
    strain: relationCondition('strain.id', 'Of this strain (BrainSTEM id).'),
    sex: enumCondition(Sex.ref, 'sex', 'Of this sex.'),
    status: enumCondition(Status.ref, 'status', 'With this status.'),
    ...tagFilter,
  },
  sort: { NAME: ['name', 'name'], BIRTH_DATE: ['birth_date', 'date of birth', 'nullable'] },
  includes: ['projects', 'strain', 'procedures'],
});

brainstemMutations(SubjectType, {
  name: w.name('unique across BrainSTEM, at most 100 characters'),
  description: w.description(),
  projects: w.many('projects', 'Projects (BrainSTEM ids, at least one) the caller may change.', true),
  strain: w.one('strain', 'Strain (BrainSTEM id); it fixes the species.', true),
  sex: { wire: 'sex', type: Sex.ref, required: true, description: 'Sex.' },
  status: {
    wire: 'status',
    type: Status.ref,
    description: 'Status (ACTIVE when left out on create).',
    onNull: 'refused',
  },
  geneticLine: w.text('genetic_line', 'Genetic line (at most 100 characters).'),
  genotype: w.text('genotype', 'Genotype (at most 200 characters).'),
  subjectIdentifier: w.text('subject_identifier', "The lab's own identifier (at most 100 characters)."),
  birthDate: w.date('birth_date', 'Date of birth, YYYY-MM-DD.'),
  deathDate: w.date('death_date', 'Date of death, YYYY-MM-DD.'),
  licenses: w.many('licenses', 'Licenses (BrainSTEM ids).'),
  supplier: w.one('supplier', 'Supplier (BrainSTEM id).'),
  extraFields: w.extraFields(),
  tags: w.tags(),
});
