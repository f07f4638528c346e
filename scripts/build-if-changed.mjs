#!/usr/bin/env node
// Builds dist/ with `nest build` only when what it is built from changed since the last build, so `npm start`
// on an existing build starts about as fast as `npm run start:prod`. "Changed" is decided by content, not
// timestamps (a fresh clone or a checkout rewrites every mtime): a SHA-256 over the sources, the migrations, the
// shipped templates, the compiler settings and the lockfile (a dependency's types can change the output), kept
// in dist/.build-stamp once a build succeeded. `--force` builds anyway. Exit code: nest build's.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(root, 'dist', '.build-stamp');
const INPUTS = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package.json', 'package-lock.json'];

/** Every file under `p`, relative to the project, in a stable order. */
function files(p) {
  const abs = path.join(root, p);
  if (!fs.existsSync(abs)) return [];
  if (!fs.statSync(abs).isDirectory()) return [p];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => files(path.join(p, e.name)));
}

export function inputsDigest() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files)) {
    hash.update(file.split(path.sep).join('/')).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

export function buildIfChanged({ force = false, quiet = false } = {}) {
  const digest = inputsDigest();
  const current = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : null;
  if (!force && current === digest && fs.existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
    if (!quiet) process.stderr.write('dist/ is up to date with the sources: no build needed\n');
    return 0;
  }
  if (!quiet) process.stderr.write('building dist/ (nest build): the sources changed since the last build\n');
  const nest = path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  const run = spawnSync(process.execPath, [nest, 'build'], { cwd: root, stdio: quiet ? 'pipe' : 'inherit' });
  if (run.status !== 0) {
    if (quiet) process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}`);
    return run.status ?? 1;
  }
  fs.writeFileSync(STAMP, `${digest}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(buildIfChanged({ force: process.argv.includes('--force'), quiet: process.argv.includes('--quiet') }));
}
