/**
 * `Session`: one recording session in BrainSTEM with what was acquired, done and observed in it;
 * root fields `session` / `sessions` and the session mutations.
 */
import { relationIds } from '../../datasources/brainstem.ts';
import { brainstemNode, childrenOf, childSide, RELATED_LIST, recordsOf } from './fields.ts';
import { instantCondition, nameFilters, relationCondition, tagFilter, textCondition } from './filters.ts';
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
  'A BrainSTEM session: one recording or experiment, in one or more projects.',
  (t, doc, rel) => ({
    name: doc.requiredText('name', 'Name, unique across BrainSTEM.'),
    description: doc.requiredText('description', 'Description (HTML rich text; "" when none).'),
    dateTime: doc.dateTime('date_time', 'When the session started.'),
    projects: rel.toMany(ProjectType, 'projects', 'Projects the session belongs to (those visible on its portal).'),
    tags: doc.texts('tags', 'Free-text tags.'),
    extraFields: rel.extraFields('extra_fields'),
    downloadLinks: t.field({
      type: [DownloadLinkType],
      description: "Where the session's data can be downloaded (DANDI, Zenodo, ...).",
      resolve: async (s, _, ctx) => downloadLinks(await doc.value(s, ctx, 'download_links')),
    }),
    epochs: rel.toMany(EpochType, 'epochs', 'Named time intervals of the session.', 'session'),
    dataAcquisitions: rel.toMany(
      DataAcquisitionType,
      'dataacquisition',
      'Data recorded in the session (ephys, imaging, video, ...).',
      'session',
    ),
    behaviors: rel.toMany(BehaviorType, 'behaviors', 'Behavioral assays run in the session.', 'session'),
    manipulations: rel.toMany(
      ManipulationType,
      'manipulations',
      'Manipulations (stimulation, injections, ...) applied in the session.',
      'session',
    ),
    dataStorages: rel.toMany(
      DataStorageType,
      'datastorage',
      "Data storages holding the session's files, in BrainSTEM's order (those visible on its portal).",
    ),
    nameUsedInStorage: doc.text(
      'name_used_in_storage',
      "The session's folder name in its data storage, when it differs from `name`.",
    ),
    subjects: childSide(
      t.field({
        type: [SubjectType],
        nullable: RELATED_LIST,
        description: 'Subjects of the session: those of its behaviors (BrainSTEM sessions name no subject themselves).',
        resolve: async (s, _, ctx) => {
          const behaviors = s.data
            ? await ctx.brainstem.findMany('behavior', relationIds(s.data.behaviors), s.portal)
            : (await childrenOf(ctx, s, 'behavior', 'session')).flatMap((b) => (b.data ? [b.data] : []));
          const subjectIds = [...new Set(behaviors.flatMap((b) => relationIds(b.subjects)))];
          return recordsOf(ctx, 'subject', subjectIds, s.portal);
        },
      }),
    ),
  }),
);

brainstemRootFields(SessionType, {
  filter: {
    ...nameFilters('session'),
    descriptionContains: textCondition(
      'description',
      'Description contains this text (case-insensitive).',
      'icontains',
    ),
    project: relationCondition('projects.id', 'In this project (BrainSTEM id).'),
    dataStorage: relationCondition('datastorage.id', 'Stored in this data storage (BrainSTEM id).'),
    ...tagFilter,
    dateFrom: instantCondition('date_time', 'gte', 'Started at or after this instant.'),
    dateTo: instantCondition('date_time', 'lte', 'Started at or before this instant.'),
  },
  sort: { NAME: ['name', 'name'], DATE_TIME: ['date_time', 'start time', 'nullable'] },
  includes: ['projects', 'epochs', 'dataAcquisitions', 'behaviors', 'manipulations', 'dataStorages'],
  linksTo: true,
});

brainstemMutations(SessionType, {
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
    onNull: { send: [] },
  },
  tags: w.tags(),
});
