/**
 * What the cache tests share: a dashboard-like query over all three archives, and a way to
 * start each test cold (the gateway's in-process cache emptied).
 */
import type { TestGateway } from '../support/gateway.ts';

/** One query touching all three archives, as a dashboard would send it. */
export const DASHBOARD = `query Dashboard($d: String!) {
  dandiset(identifier: $d) { identifier embargoStatus draftVersion { name } }
  datasets(first: 3) { edges { node { datasetId } } }
  sessions(first: 3) { edges { node { name } } }
}`;

/** Empties the in-process upstream cache of this gateway. */
export function clearCache(gw: TestGateway): void {
  gw.gateway.upstreams.sharing.forget();
}

/** `extensions.cost.archives` of a response. */
export const costOf = (json: any): Record<string, Record<string, number>> => json?.extensions?.cost?.archives ?? {};
