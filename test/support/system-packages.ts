/**
 * System programs the tests run for real (Debian's redis-server, later chromium), installed with
 * apt-get when missing. `npm test` has to pass on a fresh machine by itself, not only under
 * .ci/run, so the suite installs what it needs when it can (root, apt-get present: CI) and
 * otherwise stops with one line saying what to install. Called once, from the vitest globalSetup:
 * parallel workers each running apt-get would fight over the dpkg lock.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A program the tests need and the Debian package that provides it. */
export interface DebianPackage {
  /** Executable name looked up on PATH, e.g. `redis-server`. */
  binary: string;
  /** Debian package that installs it, e.g. `redis-server`. */
  package: string;
}

/** Searched after PATH: a non-login root shell or a trimmed CI PATH can leave out the sbin dirs. */
const USUAL_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Absolute path of an executable on PATH or in the usual system dirs, or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...USUAL_DIRS];
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The one line a person reads when the suite cannot install the packages itself. */
export function missingMessage(missing: readonly DebianPackage[], failure = ''): string {
  const binaries = missing.map((p) => p.binary).join(', ');
  const packages = [...new Set(missing.map((p) => p.package))].join(' ');
  const verb = missing.length === 1 ? 'is' : 'are';
  const command = `"apt-get install ${packages}"`;
  return `${binaries} ${verb} missing${failure}: install ${missing.length === 1 ? 'it' : 'them'} with ${command} (Debian) and run npm test again`;
}

/** Absolute path of a program the globalSetup should have ensured; throws the one-line message if absent. */
export function requireBinary(p: DebianPackage): string {
  const file = findBinary(p.binary);
  if (file === undefined) throw oneLineError(missingMessage([p]));
  return file;
}

/**
 * Makes sure every listed binary exists, installing the missing packages with apt-get when
 * running as root on a machine that has it; otherwise throws an Error with a one-line message.
 * Does nothing (no apt call, no child process) when everything is already there.
 */
export async function ensureDebianPackages(wanted: readonly DebianPackage[]): Promise<void> {
  const missing = wanted.filter((p) => findBinary(p.binary) === undefined);
  if (missing.length === 0) return;
  const aptGet = findBinary('apt-get');
  if (process.getuid?.() !== 0 || aptGet === undefined) throw oneLineError(missingMessage(missing));

  const packages = [...new Set(missing.map((p) => p.package))];
  const names = missing.map((p) => p.binary).join(', ');
  // One line, so a slow first run is explained; apt-get's own output is kept for failures only.
  process.stderr.write(`test setup: ${names} missing, installing ${packages.join(' ')} with apt-get\n`);
  // Try the install first: on a machine with fresh package lists `apt-get update` is only time
  // lost. A fresh container has no lists at all, so the install fails and the update is needed.
  let result = await apt(aptGet, ['install', '-y', '--no-install-recommends', ...packages]);
  if (result.code !== 0) {
    const update = await apt(aptGet, ['update']);
    if (update.code !== 0) throw oneLineError(aptFailure(missing, 'update', update.output));
    result = await apt(aptGet, ['install', '-y', '--no-install-recommends', ...packages]);
  }
  if (result.code !== 0) throw oneLineError(aptFailure(missing, 'install', result.output));
  const still = missing.find((p) => findBinary(p.binary) === undefined);
  if (still !== undefined) throw oneLineError(missingMessage([still], ' after apt-get install'));
}

/**
 * An Error without stack frames: vitest prints a thrown error's stack and a code frame under it,
 * and for "install this package" the only thing worth reading is the one line of the message.
 */
function oneLineError(message: string): Error {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  return error;
}

interface AptResult {
  code: number;
  output: string;
}

/** Runs apt-get quietly, non-interactively, waiting for the dpkg lock rather than failing on it. */
function apt(aptGet: string, args: string[]): Promise<AptResult> {
  return new Promise((resolve) => {
    const child = spawn(aptGet, ['-qq', '-o', 'DPkg::Lock::Timeout=120', ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) => resolve({ code: -1, output: error.message }));
    child.once('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** One line: which apt-get step failed and its last words, then what to do by hand. */
function aptFailure(missing: readonly DebianPackage[], step: string, output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return missingMessage(missing, ` and "apt-get ${step}" failed (${lines.at(-1) ?? 'no output'})`);
}
