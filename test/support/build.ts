import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

let built = false;

/** Builds dist/ once per test process (`nest build`) for specs that run the real server process. */
export async function ensureBuilt(): Promise<void> {
  if (built && fs.existsSync(path.resolve('dist/src/main.js'))) return;
  execFileSync(process.execPath, [path.resolve('node_modules/@nestjs/cli/bin/nest.js'), 'build'], { stdio: 'pipe' });
  built = true;
}
