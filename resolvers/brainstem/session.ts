/**
 * `Session`: one recording session in BrainSTEM with what was acquired, done and observed in it;
 * root fields `session` / `sessions` and the session mutations.
 */
import { relationIds } from '../../datasources/brainstem.ts';
import { brainstemNode, dateTime, extras, optText, recordsOf, strings, text, toMany, valueOf } from './fields.ts';
import { filterInput, nameFilters, relationFilter, sortEnum, tagFilter } from './filters.ts';
import { brainstemRootFields } from './lists.ts';
import { brainstemMutations, w } from './mutations.ts';
import {
  BehaviorType,
  DataAcquisitionType,
  DataStorageType,
  EpochType,
  ManipulationType,
  ProjectType,
  SessionType,
  SubjectType,
} from './refs.ts';
import { DownloadLinkInput, DownloadLinkType, downloadLinks } from './shared.ts';

brainstemNode(
  SessionType,
  'session',
  'A BrainSTEM session: one recording or experiment, in one or more projects.',
  (t) => ({
    name: text(t, 'name', 'Name, unique across BrainSTEM.'),
    description: text(t, 'description', 'Description (HTML rich text; "" when none).'),
    dateTime: dateTime(t, 'date_time', 'When the session started.'),
    projects: toMany(
      t,
      ProjectType,
      'project',
      'projects',
      'Projects the session belongs to (those visible on its portal).',
    ),
    tags: strings(t, 'tags', 'Free-text tags.'),
    extraFields: extras(t),
    downloadLinks: t.field({
      type: [DownloadLinkType],
      description: "Where the session's data can be downloaded (DANDI, Zenodo, ...).",
      resolve: async (s, _, ctx) => downloadLinks(await valueOf(ctx, s, 'download_links')),
    }),
    epochs: toMany(t, EpochType, 'epoch', 'epochs', 'Named time intervals of the session.'),
    dataAcquisitions: toMany(
      t,
      DataAcquisitionType,
      'dataacquisition',
      'dataacquisition',
      'Data recorded in the session (ephys, imaging, video, ...).',
    ),
    behaviors: toMany(t, BehaviorType, 'behavior', 'behaviors', 'Behavioral assays run in the session.'),
    manipulations: toMany(
      t,
      ManipulationType,
      'manipulation',
      'manipulations',
      'Manipulations (stimulation, injections, ...) applied in the session.',
    ),
    dataStorages: toMany(
      t,
      DataStorageType,
      'datastorage',
      'datastorage',
      "Data storages holding the session's files, in BrainSTEM's order (those visible on its portal).",
    ),
    nameUsedInStorage: optText(
      t,
      'name_used_in_storage',
      "The session's folder name in its data storage, when it differs from `name`.",
    ),
    subjects: t.field({
      type: [SubjectType],
      description: 'Subjects of the session: those of its behaviors (BrainSTEM sessions name no subject themselves).',
      resolve: async (s, _, ctx) => {
        const behaviors = await ctx.brainstem.findMany(
          'behavior',
          relationIds(await valueOf(ctx, s, 'behaviors')),
          s.portal,
        );
        const subjectIds = [...new Set(behaviors.flatMap((b) => relationIds(b.subjects)))];
        return recordsOf(ctx, 'subject', subjectIds, s.portal);
      },
    }),
  }),
);

brainstemRootFields({
  model: 'session',
  type: SessionType,
  typeName: 'Session',
  one: 'session',
  many: 'sessions',
  noun: 'sessions',
  filter: filterInput('SessionFilter', 'Conditions on sessions.', {
    ...nameFilters('session'),
    descriptionContains: {
      type: 'String',
      key: 'description.icontains',
      description: 'Description contains this text (case-insensitive).',
    },
    project: relationFilter('projects.id', 'In this project (BrainSTEM id).'),
    dataStorage: relationFilter('datastorage.id', 'Stored in this data storage (BrainSTEM id).'),
    ...tagFilter,
    dateFrom: { type: 'DateTime', key: 'date_time.gte', description: 'Started at or after this instant.' },
    dateTo: { type: 'DateTime', key: 'date_time.lte', description: 'Started at or before this instant.' },
  }),
  sort: sortEnum('SessionSort', 'sessions', { NAME: ['name', 'name'], DATE_TIME: ['date_time', 'start time'] }),
  includes: {
    projects: { relation: 'projects', model: 'project' },
    epochs: { relation: 'epochs', model: 'epoch' },
    dataAcquisitions: { relation: 'dataacquisition', model: 'dataacquisition' },
    behaviors: { relation: 'behaviors', model: 'behavior' },
    manipulations: { relation: 'manipulations', model: 'manipulation' },
    dataStorages: { relation: 'datastorage', model: 'datastorage' },
  },
});

brainstemMutations({
  model: 'session',
  type: SessionType,
  typeName: 'Session',
  payloadField: 'session',
  noun: 'session',
  fields: {
    name: w.name('unique across BrainSTEM, at most 100 characters'),
    description: w.description(),
    projects: w.many(
      'projects',
      'Projects (BrainSTEM ids, at least one); the caller must be allowed to change each.',
      true,
    ),
    dateTime: { wire: 'date_time', type: 'DateTime', description: 'When the session started.' },
    dataStorages: w.many('datastorage', 'Data storages (BrainSTEM ids) the caller may change.'),
    extraFields: w.extraFields(),
    downloadLinks: {
      wire: 'download_links',
      type: DownloadLinkInput,
      list: true,
      description: 'Where the data can be downloaded.',
    },
    tags: w.tags(),
  },
});
