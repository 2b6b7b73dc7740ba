/**
 * Per-dataset statistics derived from record documents: the `nchans_counts` / `sfreq_counts`
 * histograms (`[{val, count}]`, spec 5.4) and the totals summaries are built from.
 */
import type { Doc } from './seed-records.ts';

export interface ValCount {
  val: number;
  count: number;
}

export interface DatasetRecordStats {
  files: number;
  nchans: Map<number, number>;
  sfreq: Map<number, number>;
  durationS: number;
  subjects: Set<string>;
  tasks: Set<string>;
  sessions: Set<string>;
  recordsWithBadChannels: number;
  badChannels: number;
}

/** Most frequent value first; ties by value, so output is stable. */
export function toValCounts(map: ReadonlyMap<number, number>): ValCount[] {
  return [...map].map(([val, count]) => ({ val, count })).sort((a, b) => b.count - a.count || a.val - b.val);
}

function bump(map: Map<number, number>, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) map.set(value, (map.get(value) ?? 0) + 1);
}

export function emptyStats(): DatasetRecordStats {
  return {
    files: 0,
    nchans: new Map(),
    sfreq: new Map(),
    durationS: 0,
    subjects: new Set(),
    tasks: new Set(),
    sessions: new Set(),
    recordsWithBadChannels: 0,
    badChannels: 0,
  };
}

export function addRecord(stats: DatasetRecordStats, rec: Doc): void {
  stats.files++;
  bump(stats.nchans, rec.nchans);
  bump(stats.sfreq, rec.sampling_frequency);
  if (typeof rec.duration_seconds === 'number') stats.durationS += rec.duration_seconds;
  if (typeof rec.subject === 'string') stats.subjects.add(rec.subject);
  if (typeof rec.task === 'string') stats.tasks.add(rec.task);
  if (typeof rec.session === 'string') stats.sessions.add(rec.session);
  const bad = typeof rec.bad_channels_count === 'number' ? rec.bad_channels_count : 0;
  if (bad > 0) stats.recordsWithBadChannels++;
  stats.badChannels += bad;
}

/** Stats for every dataset that has records, keyed by the record's `dataset`. */
export function statsByDataset(records: readonly Doc[]): Map<string, DatasetRecordStats> {
  const out = new Map<string, DatasetRecordStats>();
  for (const rec of records) {
    if (typeof rec.dataset !== 'string') continue;
    let stats = out.get(rec.dataset);
    if (!stats) {
      stats = emptyStats();
      out.set(rec.dataset, stats);
    }
    addRecord(stats, rec);
  }
  return out;
}

export function countsOf(records: readonly Doc[]): { nchans_counts: ValCount[]; sfreq_counts: ValCount[] } {
  const stats = emptyStats();
  for (const rec of records) addRecord(stats, rec);
  return { nchans_counts: toValCounts(stats.nchans), sfreq_counts: toValCounts(stats.sfreq) };
}
