/**
 * Writes schema/schema.graphql from the Pothos schema (sorted, so diffs show only real changes).
 * With `--check`, fails instead if the committed file is stale.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../src/schema.ts';

const target = fileURLToPath(new URL('../schema/schema.graphql', import.meta.url));
const sdl = `${printSchema(lexicographicSortSchema(schema))}\n`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== sdl) {
    process.stderr.write('schema/schema.graphql is stale: run `npm run schema` and commit it.\n');
    process.exit(1);
  }
} else {
  mkdirSync(fileURLToPath(new URL('../schema/', import.meta.url)), { recursive: true });
  writeFileSync(target, sdl);
  process.stdout.write(`wrote ${target}\n`);
}
