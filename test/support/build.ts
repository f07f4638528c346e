import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

let built = false;

const LOCK = path.resolve('dist-build.lock');
const LOCK_WAIT_MS = 300_000;

/** Whether the process that holds the build lock is gone (a spec killed mid-build). */
function lockIsStale(): boolean {
  try {
    const pid = Number(fs.readFileSync(LOCK, 'utf8'));
    if (!pid) return false;
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Makes dist/ current for specs that run the real server process: `nest build` only when the sources changed
 * since the last build (scripts/build-if-changed.mjs, the same check `npm start` makes). Jest runs spec files in
 * two workers: a lock file makes the second worker wait for the first one's build (two `nest build` writing
 * dist/ at once leave it half written), then find dist/ current and build nothing.
 */
export async function ensureBuilt(): Promise<void> {
  if (built && fs.existsSync(path.resolve('dist/src/main.js'))) return;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (lockIsStale()) fs.rmSync(LOCK, { force: true });
      else if (Date.now() > deadline) throw new Error(`${LOCK} held for over ${LOCK_WAIT_MS / 1000} s`);
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    execFileSync(process.execPath, [path.resolve('scripts/build-if-changed.mjs'), '--quiet'], { stdio: 'pipe' });
    built = true;
  } finally {
    fs.rmSync(LOCK, { force: true });
  }
}

/** The specs that run the built server or CLI (they call `ensureBuilt`): a run that selects one builds up front. */
const NEEDS_BUILD = [
  'test/auth/crypto-suite.e2e-spec.ts', 'test/embedded/server-process.e2e-spec.ts', 'test/embedded/durability.e2e-spec.ts',
  'test/integration/webhook-restart.e2e-spec.ts', 'test/cli/cli.e2e-spec.ts', 'test/config.e2e-spec.ts',
];

/** Whether a run with these path patterns (none: the whole suite) selects a spec that needs dist/. */
export function runNeedsBuild(patterns: string[]): boolean {
  if (patterns.length === 0) return true;
  return NEEDS_BUILD.some((spec) => patterns.some((p) => new RegExp(p).test(path.resolve(spec))));
}

/**
 * The global setup's build: `nest build` when the sources changed, in a child process so it runs while the template
 * database is migrated; the specs' `ensureBuilt` then finds dist/ current.
 */
export function buildForRun(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.resolve('scripts/build-if-changed.mjs'), '--quiet'], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the build for the specs that run dist/ failed:\n${stdout}${stderr}`));
      else resolve();
    });
  });
}
