/**
 * Windows of many datasets' records at once. The records of several datasets in one GraphQL
 * request are either asked for window by window (one request each) or read as the union of
 * their records (`{"dataset": {"$in": [...]}}`, 1000 per request) and cut into windows here,
 * whichever the sizes their dataset documents state make cheaper.
 */
import { asError, chunkByLength, EEGDASH_PAGE_SIZE, groupBy, tag } from './eegdash-batch.ts';
import { allOf } from './eegdash-filter.ts';
import type { EegdashDatabaseName, EegdashRecord, MongoFilter } from './eegdash-types.ts';
import type { ListPage } from './list.ts';

/** A window of one dataset's records matching an extra filter. */
export interface DatasetRecordsKey {
  database: EegdashDatabaseName;
  dataset: string;
  /** The filter besides the dataset. */
  filter: MongoFilter;
  offset: number;
  limit: number;
}

export const windowTag = (k: DatasetRecordsKey): string =>
  tag(k.database, JSON.stringify(k.filter), k.dataset, k.offset, k.limit);

export interface WindowSources {
  /** Rows [offset, offset + limit) of a filter, by the list contract. */
  window(
    database: EegdashDatabaseName,
    filter: MongoFilter,
    offset: number,
    limit: number,
  ): Promise<ListPage<EegdashRecord>>;
  /** Every row of a filter. */
  all(database: EegdashDatabaseName, filter: MongoFilter): Promise<EegdashRecord[]>;
  /** The record count a dataset's document states, if it was seen. */
  statedSize(database: EegdashDatabaseName, dataset: string): number | undefined;
}

/** The batch function of the per-dataset records loader. */
export async function loadDatasetWindows(
  keys: readonly DatasetRecordsKey[],
  sources: WindowSources,
): Promise<(ListPage<EegdashRecord> | Error)[]> {
  const windows = new Map<string, ListPage<EegdashRecord> | Error>();
  const groups = groupBy(keys, (k) => tag(k.database, JSON.stringify(k.filter)));
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const { database, filter } = group[0] as DatasetRecordsKey;
      const datasets = [...new Set(group.map((k) => k.dataset))];
      if (datasets.length === 1 || fewerOneByOne(sources, database, datasets)) {
        // Ask for exactly each window instead of the datasets' every record.
        await Promise.all(
          group.map(async (k) => {
            const page = sources.window(database, allOf({ dataset: k.dataset }, filter), k.offset, k.limit);
            windows.set(windowTag(k), await page.catch(asError));
          }),
        );
        return;
      }
      const byDataset = new Map<string, EegdashRecord[]>();
      try {
        const pages = await Promise.all(
          chunkByLength(datasets).map((ids) => sources.all(database, allOf({ dataset: { $in: ids } }, filter))),
        );
        for (const rec of pages.flat()) {
          const list = byDataset.get(String(rec.dataset)) ?? [];
          byDataset.set(String(rec.dataset), list);
          list.push(rec);
        }
      } catch (error) {
        for (const k of group) windows.set(windowTag(k), asError(error));
        return;
      }
      for (const k of group) windows.set(windowTag(k), cut(byDataset.get(k.dataset) ?? [], k.offset, k.limit));
    }),
  );
  return keys.map((k) => windows.get(windowTag(k)) ?? new Error('window not loaded'));
}

/** A window of a complete list: `limit: 0` says whether a row is at `offset`, as `readWindow` does. */
function cut(all: EegdashRecord[], offset: number, limit: number): ListPage<EegdashRecord> {
  return { items: all.slice(offset, offset + limit), total: all.length, hasMore: all.length > offset + limit };
}

/**
 * Whether one window request per dataset costs less than paging through the union of their
 * records, judged by the sizes their documents state (known once the datasets were listed).
 */
function fewerOneByOne(sources: WindowSources, database: EegdashDatabaseName, datasets: readonly string[]): boolean {
  let records = 0;
  for (const id of datasets) {
    const size = sources.statedSize(database, id);
    if (size === undefined) return false;
    records += size;
  }
  return Math.floor(records / EEGDASH_PAGE_SIZE) + 1 > datasets.length;
}
