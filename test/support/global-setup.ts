/**
 * Runs once per `vitest run`, before any worker starts: installs the system programs the tests
 * start for real, so a fresh machine passes `npm test` by itself. Once, not per test file,
 * because parallel workers would each run apt-get. Costs a few stat calls when all is present.
 */
import { type DebianPackage, ensureDebianPackages } from './system-packages.ts';

/** Every system program some test starts; add a line per new one (e.g. chromium). */
export const SYSTEM_PACKAGES: readonly DebianPackage[] = [
  { binary: 'redis-server', package: 'redis-server' },
  // test/browser drives Debian's chromium with playwright-core (no downloaded browser builds).
  { binary: 'chromium', package: 'chromium' },
];

export default async function setup(): Promise<void> {
  await ensureDebianPackages(SYSTEM_PACKAGES);
}
