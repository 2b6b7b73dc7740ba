/**
 * That a refused query reached an archive not at all: not in the replica's request log, nor in
 * the requests the gateway itself counted (`extensions.cost`), which include those a replica's
 * HTTP parser refused (a 431) before its handler could log them.
 */
import { expect } from 'vitest';
import type { RequestLog } from '../../replicas/common/server.ts';
import type { ArchiveName } from '../../src/http/archive-error.ts';

export function expectNothingSent(archive: ArchiveName, log: RequestLog, ...results: { extensions?: unknown }[]): void {
  for (const r of results) {
    const cost = (r.extensions as { cost?: { archives: Partial<Record<ArchiveName, { requests: number }>> } })?.cost;
    expect(cost).toBeDefined();
    expect(cost?.archives[archive]?.requests ?? 0).toBe(0);
  }
  expect(log.count()).toBe(0);
}
