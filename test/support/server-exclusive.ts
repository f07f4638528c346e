import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Jest runs spec files in several workers, and one spec (test/reliability/outage.e2e-spec.ts) stops and starts the
 * PostgreSQL server every other spec uses. A readers-writer lock in files keeps them apart: every other spec
 * file holds a shared claim while it runs; the outage spec takes the exclusive claim and waits until no shared
 * claim is left, and new spec files wait while it holds it. A claim names its process, so a killed worker's claim
 * is ignored. Each side makes its own claim before it looks at the other's, so no interleaving lets both run.
 */
const DIR = path.resolve(process.env.FCP_TEST_LOCK_DIR ?? 'dist-test-locks');
const EXCLUSIVE = path.join(DIR, 'exclusive');
const SERIAL = path.join(DIR, 'serial');
const shared = () => path.join(DIR, `shared-${process.pid}`);
export const EXCLUSIVE_WAIT_MS = 900_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function holder(file: string): number {
  try {
    return Number(fs.readFileSync(file, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A spec file's shared claim: waits while the outage spec holds the server. */
export async function claimShared(): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  const deadline = Date.now() + EXCLUSIVE_WAIT_MS;
  for (;;) {
    fs.writeFileSync(shared(), String(process.pid));
    const pid = holder(EXCLUSIVE);
    if (!pid || !alive(pid) || pid === process.pid) return;
    fs.rmSync(shared(), { force: true });
    if (Date.now() > deadline) throw new Error('the outage spec held the PostgreSQL server too long');
    await sleep(500);
  }
}

export function releaseShared(): void {
  fs.rmSync(shared(), { force: true });
}

/** The outage spec's exclusive claim: waits until every other spec file has released the server. */
export async function claimExclusive(): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  const deadline = Date.now() + EXCLUSIVE_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(EXCLUSIVE, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // held by this process already (the serial project's setup claims it before the outage spec itself does)
      if (holder(EXCLUSIVE) === process.pid) break;
      if (!alive(holder(EXCLUSIVE))) fs.rmSync(EXCLUSIVE, { force: true });
      else await sleep(500);
    }
  }
  for (;;) {
    const others = fs.readdirSync(DIR).filter((f) => f.startsWith('shared-')).map((f) => holder(path.join(DIR, f)))
      .filter((pid) => pid && pid !== process.pid && alive(pid));
    if (others.length === 0) return;
    if (Date.now() > deadline) throw new Error(`spec files ${others.join(', ')} held the PostgreSQL server too long`);
    await sleep(500);
  }
}

export function releaseExclusive(): void {
  if (holder(EXCLUSIVE) === process.pid) fs.rmSync(EXCLUSIVE, { force: true });
}

/**
 * The serial project's mutex (jest.config.cjs): its specs run child servers, CLIs and restarts that compete for the
 * machine, so one at a time; the parallel project's specs run beside it.
 */
export async function claimSerial(): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  const deadline = Date.now() + EXCLUSIVE_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(SERIAL, String(process.pid), { flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (!alive(holder(SERIAL))) fs.rmSync(SERIAL, { force: true });
      else if (Date.now() > deadline) throw new Error('another serial spec held the machine too long');
      else await sleep(500);
    }
  }
}

export function releaseSerial(): void {
  if (holder(SERIAL) === process.pid) fs.rmSync(SERIAL, { force: true });
}
