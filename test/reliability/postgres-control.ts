import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';

/**
 * The local PostgreSQL server of these machines (Debian's cluster `main`), stopped and started by the reliability
 * tests. Only when the suite runs against it (DATABASE_URL on 127.0.0.1) and this user may control it.
 */
export function localCluster(): { stop(): Promise<void>; start(): Promise<void>; isReady(): boolean } | null {
  const url = process.env.DATABASE_URL;
  if (!url || !['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) return null;
  if (!fs.existsSync('/etc/postgresql') || process.getuid?.() !== 0) return null;
  const version = fs.readdirSync('/etc/postgresql').sort().at(-1);
  if (!version) return null;
  // asynchronous: the application under test shares this process and keeps serving while the cluster stops
  const ctl = async (...args: string[]) => {
    await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', ...args], { timeout: 60_000 });
  };
  const isReady = () => {
    try {
      execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q'], { stdio: 'pipe', timeout: 10_000 });
      return true;
    } catch {
      return false;
    }
  };
  return {
    // fast: open sessions are ended at once, as in a crash or a failover, rather than waited for
    stop: () => ctl('stop', '-m', 'fast'),
    start: async () => {
      if (!isReady()) await ctl('start');
    },
    isReady,
  };
}
