#!/usr/bin/env node
// The layout check of .ci/run: dependency-cruiser with .dependency-cruiser.cjs over src/ and migrations/, every
// violation compared with the recorded ones (.dependency-cruiser-known-violations.json). A new violation fails
// (exit 1, listed); a recorded one that is gone is reported, so the baseline can be narrowed
// (`npm run depcruise:baseline`). dependency-cruiser's own --ignore-known does not apply to folder-scope rules
// (the folder cycles), hence this comparison of our own.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = process.argv[2] ? path.resolve(process.argv[2]) : process.cwd();
const bin = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'node_modules', '.bin', 'depcruise');
const targets = ['src', 'migrations'].filter((d) => fs.existsSync(path.join(root, d)));
let out;
try {
  out = execFileSync(bin, [...targets, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
} catch (e) {
  // depcruise exits non-zero when it finds errors; its JSON is still on stdout
  if (!e.stdout) throw e;
  out = e.stdout;
}
// A violation is known by its rule and its two ends. A cycle is judged by what takes part in it: cutting one cycle
// can make dependency-cruiser name another edge of a cycle that was there all along, so a cycle violation is new
// only when its source (a module, or a folder) took part in no recorded cycle of that rule.
const CYCLE_RULES = new Set(['no-circular', 'no-folder-cycles']);
const key = (v) => [v.rule.name, v.from, v.to].join('|');
const found = JSON.parse(out).summary.violations;
const baselineFile = path.join(root, '.dependency-cruiser-known-violations.json');
const recorded = fs.existsSync(baselineFile) ? JSON.parse(fs.readFileSync(baselineFile, 'utf8')) : [];
const known = new Set(recorded.map(key));
const inCycles = new Set(recorded.filter((v) => CYCLE_RULES.has(v.rule.name)).flatMap((v) => [v.from, ...(v.cycle ?? []).map((c) => c.name ?? c)].map((n) => `${v.rule.name}|${n}`)));
const isKnown = (v) => known.has(key(v)) || (CYCLE_RULES.has(v.rule.name) && inCycles.has(`${v.rule.name}|${v.from}`));
const current = new Set(found.map(key));
const fresh = found.filter((v) => !isKnown(v));
const gone = recorded.filter((v) => !current.has(key(v))).length;
for (const v of fresh) {
  const via = v.cycle?.length ? ` (via ${v.cycle.map((c) => c.name ?? c).join(' → ')})` : '';
  console.error(`new violation ${v.rule.name}: ${v.from} → ${v.to}${via}`);
}
console.log(`dependency rules: ${found.length} violations, ${found.length - fresh.length} of them recorded before, ${fresh.length} new; ${gone} recorded ones gone${gone ? ' (narrow the baseline: npm run depcruise:baseline)' : ''}`);
process.exit(fresh.length > 0 ? 1 : 0);
