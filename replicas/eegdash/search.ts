/**
 * The docs-site dataset search (spec 4.13): a MongoDB `$text`-like search over name, tasks,
 * tags and README. Any term matches, `-term` excludes, `"a phrase"` must occur verbatim;
 * results are ranked by a weighted term count.
 */
import type { EegdashDatabase } from './store.ts';
import type { Doc } from './seed.ts';
import { summaryItem } from './views.ts';

const STOPWORDS = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'by',
  'for',
  'from',
  'in',
  'is',
  'of',
  'on',
  'or',
  'the',
  'to',
  'was',
  'were',
  'with',
  'during',
]);

/** Field weights, as a text index would declare them: titles count most. */
const WEIGHTS = { name: 5, tasks: 3, tags: 3, readme: 1 } as const;

/** Lower-cased word stems; camelCase task labels (`RestingState`) split into words. */
export function tokenize(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0 && !STOPWORDS.has(t))
    .map(stem);
}

function stem(t: string): string {
  if (t.length > 5 && t.endsWith('ing')) return t.slice(0, -3);
  if (t.length > 4 && t.endsWith('ed')) return t.slice(0, -2);
  if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss')) return t.slice(0, -1);
  return t;
}

interface Entry {
  doc: Doc;
  weights: Map<string, number>;
  haystack: string;
}

const indexes = new WeakMap<EegdashDatabase, { version: number; entries: Entry[] }>();

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(textOf).join(' ');
  if (v && typeof v === 'object') return Object.values(v).map(textOf).join(' ');
  return '';
}

function buildIndex(db: EegdashDatabase): Entry[] {
  return db.datasets.map((doc) => {
    const weights = new Map<string, number>();
    const fields: [keyof typeof WEIGHTS, unknown][] = [
      ['name', doc.name],
      ['tasks', doc.tasks],
      [
        'tags',
        {
          p: (doc.tags as Doc | undefined)?.pathology,
          m: (doc.tags as Doc | undefined)?.modality,
          t: (doc.tags as Doc | undefined)?.type,
        },
      ],
      ['readme', doc.readme],
    ];
    for (const [field, value] of fields) {
      for (const token of tokenize(textOf(value))) weights.set(token, (weights.get(token) ?? 0) + WEIGHTS[field]);
    }
    const haystack = fields
      .map(([, v]) => textOf(v))
      .join('\n')
      .toLowerCase();
    return { doc, weights, haystack };
  });
}

interface ParsedQuery {
  terms: string[];
  negated: string[];
  phrases: string[];
}

export function parseQuery(q: string): ParsedQuery {
  const phrases = [...q.matchAll(/"([^"]+)"/g)].map((m) => (m[1] as string).toLowerCase());
  const rest = q.replace(/"[^"]*"/g, ' ');
  const terms: string[] = [];
  const negated: string[] = [];
  for (const word of rest.split(/\s+/).filter(Boolean)) {
    if (word.startsWith('-') && word.length > 1) negated.push(...tokenize(word.slice(1)));
    else terms.push(...tokenize(word));
  }
  for (const p of phrases) terms.push(...tokenize(p));
  return { terms: [...new Set(terms)], negated, phrases };
}

function snippet(readme: string, terms: readonly string[]): string {
  const body = readme.replace(/^#.*$/gm, ' ').replace(/\s+/g, ' ').trim();
  const lower = body.toLowerCase();
  const at =
    terms
      .map((t) => lower.indexOf(t))
      .filter((i) => i >= 0)
      .sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, at - 60);
  const end = Math.min(body.length, at + 120);
  return `${start > 0 ? '…' : ''}${body.slice(start, end).trim()}${end < body.length ? '…' : ''}`;
}

export function searchDatasets(db: EegdashDatabase, q: string, limit: number): Doc[] {
  let cached = indexes.get(db);
  if (cached?.version !== db.datasetsVersion) {
    cached = { version: db.datasetsVersion, entries: buildIndex(db) };
    indexes.set(db, cached);
  }
  const { terms, negated, phrases } = parseQuery(q);
  const stats = db.recordStats();
  const hits: { entry: Entry; score: number }[] = [];
  for (const entry of cached.entries) {
    if (negated.some((t) => entry.weights.has(t))) continue;
    if (phrases.some((p) => !entry.haystack.includes(p))) continue;
    let score = 0;
    for (const t of terms) score += entry.weights.get(t) ?? 0;
    if (score > 0) hits.push({ entry, score });
  }
  hits.sort(
    (a, b) => b.score - a.score || String(a.entry.doc.dataset_id).localeCompare(String(b.entry.doc.dataset_id)),
  );
  return hits.slice(0, limit).map(({ entry, score }) => {
    const doc = entry.doc;
    const item = summaryItem(doc, stats.get(String(doc.dataset_id)));
    const demographics = (doc.demographics ?? {}) as Doc;
    return {
      dataset_id: item.dataset_id,
      computed_title: item.computed_title,
      name: item.name,
      source: item.source,
      demographics: { subjects_count: demographics.subjects_count ?? null },
      recording_modality: item.recording_modality,
      tags: item.tags,
      tasks: item.tasks,
      license: item.license,
      nchans_counts: item.nchans_counts,
      sfreq_counts: item.sfreq_counts,
      snippet: snippet(typeof doc.readme === 'string' ? doc.readme : '', terms),
      score: Math.round(score * 100) / 100,
    };
  });
}
