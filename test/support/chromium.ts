import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The console test drives Debian's chromium. When it is missing, the test setup installs it (as root, from
 * Debian's packages); where that is impossible the test fails with the reason rather than passing silently.
 */
export function ensureChromium(): string {
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing; install Debian's chromium package (apt-get install chromium)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'pipe', env, timeout: 300_000 });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'pipe', env, timeout: 600_000 });
  if (!fs.existsSync(CHROMIUM)) throw new Error('chromium could not be installed');
  return CHROMIUM;
}
