/**
 * The record filter arguments every record query takes: a typed `where` (translated to the
 * archive's field names) and a raw Mongo `filter` (checked against the operator allowlist).
 * GraphQL coerces a single value given for a list to a one-item list, so `subject: "012"` and
 * `subject: ["012", "013"]` both work: one value means equality, several mean `$in`.
 */
import { builder } from '../../src/builder.ts';
import { InputError, inputError } from '../../src/http/archive-error.ts';

const RangeInput = builder.inputType('RecordNumberRange', {
  description: 'Conditions on a numeric record field; all that are given must hold.',
  fields: (t) => ({
    eq: t.float({ description: 'Equal to.' }),
    in: t.floatList({ description: 'One of these values.' }),
    gt: t.float({ description: 'Greater than.' }),
    gte: t.float({ description: 'Greater than or equal to.' }),
    lt: t.float({ description: 'Less than.' }),
    lte: t.float({ description: 'Less than or equal to.' }),
  }),
});

const values = (field: string, example: string) =>
  `Records whose \`${field}\` is this value, or one of these values (e.g. ${example}).`;

export const RecordWhereInput = builder.inputType('RecordWhere', {
  description:
    "Typed record conditions, ANDed, with the Python client's keyword meaning: one value means equality, a list means any of them.",
  fields: (t) => ({
    dataName: t.stringList({ description: values('data_name', '"ds002718_sub-012_task-FaceRecognition_eeg.set"') }),
    dataset: t.stringList({ description: values('dataset', '"ds002718"') }),
    subject: t.stringList({ description: values('subject', '["012", "013"]') }),
    session: t.stringList({ description: values('session', '"01"') }),
    task: t.stringList({ description: values('task', '"FaceRecognition"') }),
    run: t.stringList({ description: values('run', '"1"') }),
    modality: t.stringList({
      description:
        'Records of this modality, as the legacy `modality` field or the current `recording_modality` says (e.g. "eeg"; "EEG" matches too).',
    }),
    recordingModality: t.stringList({ description: values('recording_modality', '"eeg", "meg", "ieeg", "emg"') }),
    datatype: t.stringList({ description: values('datatype', 'the BIDS datatype "eeg"') }),
    suffix: t.stringList({ description: values('suffix', '"eeg"') }),
    extension: t.stringList({ description: values('extension', '[".set", ".edf", ".bdf"]') }),
    bidspath: t.stringList({
      description: values('bidspath', '"ds002718/sub-012/eeg/sub-012_task-FaceRecognition_eeg.set"'),
    }),
    samplingFrequency: t.field({ type: RangeInput, description: 'Sampling rate in Hz (`sampling_frequency`).' }),
    nchans: t.field({ type: RangeInput, description: 'Number of channels (`nchans`).' }),
    ntimes: t.field({ type: RangeInput, description: 'Number of samples (`ntimes`).' }),
    durationSeconds: t.field({ type: RangeInput, description: 'Duration in seconds (`duration_seconds`).' }),
    hasMissingFiles: t.boolean({
      description:
        'True: only records flagged with missing files; false: only complete ones (what the EEGDash loader uses).',
    }),
  }),
});

export const whereArg = { type: RecordWhereInput, description: 'Typed conditions on records.' } as const;

export const filterArg = {
  type: 'JSON',
  description:
    'A raw MongoDB filter on records, ANDed with `where`. Only read operators are accepted ($eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $regex, $options, $not, $elemMatch, $size, $all, $and, $or, $nor); anything else is refused with BAD_USER_INPUT before the archive is asked.',
} as const;

/**
 * Runs a datasource call and names, in a refusal of its input, the GraphQL argument the refused
 * part came from. The datasource says which part in its own terms (`path`: `where.subject`,
 * `filter.$or[1].$where`, `set.$unset`, `records[3]`); its selections are keyed like these
 * fields' arguments, so the argument is the path's first segment.
 */
export async function namingArgument<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InputError && typeof error.details.path === 'string' && !('argument' in error.details)) {
      const argument = error.details.path.split(/[.[]/, 1)[0];
      throw inputError(error.message, { argument, ...error.details }, error.archive);
    }
    throw error;
  }
}
