/**
 * EEGDash's edge fences off an IP that kept exceeding its limit: every request then gets 403
 * {"detail":"Blocked"}. The gateway is one IP for all its users, so once blocked it stops
 * sending to EEGDash for a while (every further request would count as another offence), serves
 * what it has cached, and tells the client why.
 */
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../support/gateway.ts';
import { useAllReplicas } from '../support/replicas.ts';

const s = useAllReplicas({ CACHE: 'on', EEGDASH_CACHE_TTL_MS: '100', CACHE_STALE_WHILE_REVALIDATE_MS: '0' });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const records = (dataset: string) =>
  s.gw.post({ query: `{ records(first: 2, filter: { dataset: "${dataset}" }) { totalCount } }` });

describe('a blocked gateway', () => {
  it('stops sending to EEGDash after a "Blocked" 403 and serves stale meanwhile', async () => {
    const cached = await records('ds002718');
    expect(cached.json.errors).toBeUndefined();
    await pause(150);
    s.replicas.eegdash.faults.queue({ kind: 'status', status: 403, detail: 'Blocked' });

    const blocked = await records('ds003061');
    expect(errorCodes(blocked.json)).toEqual(['FORBIDDEN']);
    expect(blocked.json.errors[0].extensions).toMatchObject({ archive: 'eegdash', status: 403, blocked: true });
    const sent = s.replicas.eegdash.log.count();

    const stale = await records('ds002718');
    expect(stale.json.data).toEqual(cached.json.data);
    expect(stale.json.extensions.staleData).toEqual([
      { archive: 'eegdash', ageSeconds: expect.any(Number), reason: 'ARCHIVE_RATE_LIMITED' },
    ]);
    const refused = await records('ds004505');
    expect(errorCodes(refused.json)).toEqual(['ARCHIVE_RATE_LIMITED']);
    expect(refused.json.errors[0].extensions.retryAfterMs).toBeGreaterThan(50_000);
    expect(s.replicas.eegdash.log.count()).toBe(sent); // nothing more reached the archive
  });
});
