import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresOptions {
  /** PGlite data folder, or `memory://` for an in-memory cluster. */
  dataDir: string;
  /** A data-folder tarball (PGlite dumpDataDir) to start from; only for an empty or in-memory folder. */
  loadSnapshot?: Blob;
}

export interface EmbeddedPostgres {
  host: string;
  port: number;
  db: PGlite;
  close(): Promise<void>;
}

export class DataDirInUseError extends Error {
  constructor(dir: string, holder: string) {
    super(`DATA_DIR is in use: ${dir} is locked by ${holder}. Stop that process or choose another DATA_DIR.`);
    this.name = 'DataDirInUseError';
  }
}

/**
 * Starts PGlite on its data folder and serves it on a loopback port chosen by the OS, so TypeORM's standard
 * postgres driver talks to it exactly as to a server. Exactly one client connection is expected (pool of 1):
 * see ../shared/stack-notes.md, a multiplexed pool returned wrong rows.
 * PGlite does not lock its folder, so this takes a lock file beside it; two processes on one folder lost data.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const inMemory = options.dataDir.startsWith('memory://');
  let releaseLock = () => {};
  if (!inMemory) {
    fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
    releaseLock = acquireLock(`${options.dataDir}.lock`, options.dataDir);
  }
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create(inMemory ? 'memory://' : options.dataDir, {
      loadDataDir: options.loadSnapshot,
    });
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
    await server.start();
    const [host, port] = splitHostPort(server.getServerConn());
    let closing: Promise<void> | undefined;
    const started = { db, server };
    return {
      host,
      port,
      db,
      close: () =>
        (closing ??= (async () => {
          try {
            await started.server.stop();
          } finally {
            try {
              if (!started.db.closed) await started.db.close();
            } finally {
              releaseLock();
            }
          }
        })()),
    };
  } catch (error) {
    await server?.stop().catch(() => undefined);
    if (db && !db.closed) await db.close().catch(() => undefined);
    releaseLock();
    throw error;
  }
}

function splitHostPort(conn: string): [string, number] {
  const i = conn.lastIndexOf(':');
  return [conn.slice(0, i), Number(conn.slice(i + 1))];
}

/** Lock files this process holds: a lock naming our own pid that is not here was left by an earlier
 * process that had the same pid (a restarted container's pid 1), so it is stale. */
const heldLocks = new Set<string>();

/** An exclusive lock file holding the owner's pid; a lock left by a dead process is taken over. Returns its release
 * (idempotent). Exported for the backup and restore commands, which must not run while a server holds the folder. */
export function acquireLock(lockPath: string, dataDir: string): () => void {
  const content = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, content, { flag: 'wx' });
      heldLocks.add(lockPath);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldLocks.delete(lockPath);
        try {
          fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(lockPath);
      const ownStale = holder?.pid === process.pid && !heldLocks.has(lockPath);
      if (holder && holder.host === os.hostname() && isAlive(holder.pid) && !ownStale) {
        throw new DataDirInUseError(dataDir, `process ${holder.pid}`);
      }
      if (holder && holder.host !== os.hostname()) {
        throw new DataDirInUseError(dataDir, `process ${holder.pid} on host ${holder.host}`);
      }
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new DataDirInUseError(dataDir, 'another process (lock file could not be taken)');
}

function readLock(lockPath: string): { pid: number; host: string } | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { pid: number; host: string };
    return typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
