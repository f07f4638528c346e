import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'fire-committee-platform';

/**
 * The project's folder (where its package.json and node_modules are): the nearest folder above the running entry
 * point (`dist/src/main.js`, `dist/src/cli/main.js`, Jest's bin), else above the working directory. Files the
 * application ships (the console's packages, the briefing template) are found from here, so the server and the
 * command line work whatever folder they are started in. No `__dirname` or `import.meta`: this runs as both
 * CommonJS (the build) and ESM (ts-jest).
 */
export function appRoot(): string {
  const starts = [process.argv[1] ? path.dirname(path.resolve(process.argv[1])) : null, process.cwd()];
  for (const start of starts) {
    for (let dir = start; dir; ) {
      try {
        if ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
      } catch {
        /* no package.json here, or not ours: look above */
      }
      const parent = path.dirname(dir);
      dir = parent === dir ? null : parent;
    }
  }
  return process.cwd();
}
