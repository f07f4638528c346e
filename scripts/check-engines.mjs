#!/usr/bin/env node
// CI: every runtime dependency in package-lock.json must accept this Node.js (the engines we promise in
// package.json and the README). Development-only packages are left out: they never run in production.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const semver = require('semver');
const lock = JSON.parse(fs.readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const bad = Object.entries(lock.packages)
  .filter(([name, p]) => name && !p.dev && typeof p.engines?.node === 'string')
  .filter(([, p]) => !semver.satisfies(process.version, p.engines.node, { includePrerelease: true }))
  .map(([name, p]) => `${name.replace(/^.*node_modules\//, '')}@${p.version} wants node ${p.engines.node}`);
if (bad.length > 0) {
  console.error(`runtime dependencies that do not accept Node.js ${process.version}:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log(`every runtime dependency accepts Node.js ${process.version}`);
