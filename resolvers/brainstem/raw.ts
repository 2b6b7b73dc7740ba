/**
 * The escape hatch: the official Python client's `load`, `save` and `delete` for any BrainSTEM
 * model, records as JSON in the archive's own snake_case. The typed fields are the API; this is
 * for models and options the gateway does not type (breedings, logs, licenses, approvals, ...).
 */
import { checkedId, MODELS, type ModelName } from '../../datasources/brainstem-models.ts';
import { checkConditions, parseIncludes, parseSort } from '../../datasources/brainstem-query.ts';
import type { BrainstemPage, ListParams } from '../../datasources/brainstem.ts';
import { inputError } from '../../src/http/archive-error.ts';
import { builder } from '../../src/builder.ts';
import { checkPageSize } from '../connection.ts';
import { withArgument } from './arguments.ts';
import { ClauseInput, clauseConditions } from './filters.ts';
import { BRAINSTEM_LIMITS } from './lists.ts';
import { write } from './mutations.ts';
import { BrainstemPortalEnum } from './refs.ts';

const ModelEnum = builder.enumType('BrainstemModel', {
  description: 'A BrainSTEM model, by its URL name (`/api/{portal}/{app}/{model}/`).',
  values: Object.fromEntries(
    (Object.entries(MODELS) as [ModelName, (typeof MODELS)[ModelName]][]).map(([name, info]) => [
      name.toUpperCase(),
      { value: name, description: `\`${info.app}/${name}\`; lists come under "${info.listKey}".` },
    ]),
  ) as Record<string, { value: ModelName; description: string }>,
});

interface RecordPage {
  window: BrainstemPage<unknown>;
  count: () => Promise<number>;
}

const RecordPageType = builder.objectRef<RecordPage>('BrainstemRecordPage').implement({
  description: 'A page of records of any BrainSTEM model, as the archive sent them.',
  fields: (t) => ({
    records: t.field({
      type: ['JSON'],
      description: 'The records (snake_case keys, relations as ids).',
      resolve: (p) => p.window.items,
    }),
    included: t.field({
      type: 'JSON',
      description: "Records sideloaded by `include`, keyed by the related model's list key.",
      resolve: (p) => p.window.included,
    }),
    hasMore: t.boolean({ description: 'True when records follow this page.', resolve: (p) => p.window.hasMore }),
    totalCount: t.int({
      nullable: true,
      description: 'Records matching, across all pages.',
      resolve: (p) => p.window.total ?? p.count(),
    }),
  }),
});

builder.queryField('brainstemRecord', (t) =>
  t.field({
    type: 'JSON',
    nullable: true,
    description:
      "One record of any BrainSTEM model as JSON (the Python client's `load(model, id=...)`); null with NOT_FOUND when missing or not visible.",
    args: {
      model: t.arg({ type: ModelEnum, required: true, description: 'The model.' }),
      id: t.arg.id({ required: true, description: 'BrainSTEM id of the record.' }),
      portal: t.arg({
        type: BrainstemPortalEnum,
        description: 'Portal to read; PRIVATE with a token, else PUBLIC (SUPER only when asked for).',
      }),
    },
    resolve: (_, args, ctx) => {
      const portal = ctx.brainstem.portal(args.portal);
      return ctx.brainstem.load(
        args.model,
        withArgument('id', () => checkedId(args.model, String(args.id))),
        portal,
      );
    },
  }),
);

builder.queryField('brainstemRecords', (t) =>
  t.field({
    type: RecordPageType,
    nullable: true,
    description:
      "A page of records of any BrainSTEM model as JSON, with BrainSTEM's filters, sorting and includes (the Python client's `load`).",
    args: {
      model: t.arg({ type: ModelEnum, required: true, description: 'The model.' }),
      where: t.arg({ type: [ClauseInput], description: 'Filters, all of which must hold.' }),
      sort: t.arg.stringList({
        description: 'Fields to sort by, `-` first for descending, e.g. `["-date_time", "name"]`.',
      }),
      include: t.arg.stringList({
        description: 'Relations whose records to sideload, e.g. `["projects", "behaviors"]`.',
      }),
      limit: t.arg.int({
        defaultValue: BRAINSTEM_LIMITS.defaultSize,
        description: `Records per page, 0 to ${BRAINSTEM_LIMITS.maxSize}.`,
      }),
      offset: t.arg.int({ defaultValue: 0, description: 'Records to skip.' }),
      portal: t.arg({
        type: BrainstemPortalEnum,
        description: 'Portal to read; PRIVATE with a token, else PUBLIC (SUPER only when asked for).',
      }),
    },
    resolve: async (_, args, ctx) => {
      const limit = checkPageSize(
        args.limit ?? BRAINSTEM_LIMITS.defaultSize,
        'limit',
        BRAINSTEM_LIMITS.maxSize,
        'brainstem',
      );
      const offset = args.offset ?? 0;
      if (offset < 0) throw inputError('`offset` must not be negative', { argument: 'offset' }, 'brainstem');
      // The caller's own dynamic-rest terms, read (and checked) by the datasource.
      const params: ListParams = {
        portal: ctx.brainstem.portal(args.portal),
        conditions: withArgument('where', () => checkConditions(clauseConditions(args.where))),
        sort: withArgument('sort', () => parseSort(args.sort ?? [])),
      };
      const include = withArgument('include', () => parseIncludes(args.include ?? []));
      const window = await ctx.brainstem.list(args.model, { ...params, include }, offset, limit);
      return { window, count: () => ctx.brainstem.count(args.model, params) };
    },
  }),
);

builder.mutationField('saveBrainstemRecord', (t) =>
  t.field({
    type: 'JSON',
    nullable: true,
    description:
      "Save a record of any BrainSTEM model (the Python client's `save`): PATCH with `id`, POST without. Answers the saved record, or the approval filed for approval-moderated models. Needs `X-BrainSTEM-Token`; refused input: BAD_USER_INPUT with `fieldErrors` in the archive's field names, nothing written.",
    args: {
      model: t.arg({ type: ModelEnum, required: true, description: 'The model.' }),
      id: t.arg.id({ description: 'BrainSTEM id of the record to change; leave out to create one.' }),
      data: t.arg({ type: 'JSON', required: true, description: "The fields to send, in the archive's snake_case." }),
    },
    resolve: (_, args, ctx) => {
      const data = args.data;
      if (!data || typeof data !== 'object' || Array.isArray(data))
        throw inputError('`data` must be a JSON object of fields', { argument: 'data' }, 'brainstem');
      const body = data as Record<string, unknown>;
      return write(args.model, {}, () =>
        args.id == null
          ? ctx.brainstem.create(args.model, body)
          : ctx.brainstem.update(args.model, String(args.id), body),
      );
    },
  }),
);

builder.mutationField('deleteBrainstemRecord', (t) =>
  t.field({
    type: 'ID',
    nullable: true,
    description:
      "Delete a record of any BrainSTEM model (the Python client's `delete`); answers the deleted BrainSTEM id. Needs `X-BrainSTEM-Token`.",
    args: {
      model: t.arg({ type: ModelEnum, required: true, description: 'The model.' }),
      id: t.arg.id({ required: true, description: 'BrainSTEM id of the record.' }),
    },
    resolve: async (_, args, ctx) => {
      await write(args.model, {}, () => ctx.brainstem.remove(args.model, String(args.id)));
      return String(args.id);
    },
  }),
);
