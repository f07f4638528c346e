import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

let built = false;

/**
 * Makes dist/ current for specs that run the real server process: `nest build` only when the sources changed
 * since the last build (scripts/build-if-changed.mjs, the same check `npm start` makes).
 */
export async function ensureBuilt(): Promise<void> {
  if (built && fs.existsSync(path.resolve('dist/src/main.js'))) return;
  execFileSync(process.execPath, [path.resolve('scripts/build-if-changed.mjs'), '--quiet'], { stdio: 'pipe' });
  built = true;
}
