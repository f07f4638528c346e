import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The layout check (.dependency-cruiser.cjs through scripts/depcruise-check.mjs, run by .ci/run) fails on a planted
 * violation of each rule and passes the same tree without it; and the repository itself has nothing new.
 */
// Jest runs from the repository's root (as the other specs that start scripts assume)
const repo = path.resolve('.');
const check = (dir: string) => spawnSync(process.execPath, [path.join(repo, 'scripts/depcruise-check.mjs'), dir], { encoding: 'utf8' });

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-depcruise-'));
  fs.copyFileSync(path.join(repo, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2023' } }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const clean: Record<string, string> = {
  'src/personnel/person.entity.ts': 'export class Person {}\n',
  'src/personnel/index.ts': "export { Person } from './person.entity';\n",
  'src/inspections/hazard.service.ts': "import { Person } from '../personnel/index';\nexport const who = Person;\n",
  'src/common/text.ts': 'export const text = (s: string) => s.trim();\n',
  'src/kernel/errors.ts': 'export class AppError extends Error {}\n',
  'src/graphql/connection.ts': "import { AppError } from '../kernel/errors';\nexport const refused = new AppError('x');\n",
  'migrations/1-first.ts': 'export const up = "CREATE TABLE t (id int)";\n',
};

describe('the dependency rules (.ci/run: npm run depcruise)', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const run = (files: Record<string, string>) => {
    const dir = tree(files);
    made.push(dir);
    return check(dir);
  };

  it('a tree that keeps them passes', () => {
    const r = run(clean);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    ['domain-through-public-file', { 'src/inspections/hazard.service.ts': "import { Person } from '../personnel/person.entity';\nexport const who = Person;\n" }],
    ['migrations-frozen', { 'migrations/1-first.ts': "import { text } from '../src/common/text';\nexport const up = text(' x ');\n" }],
    ['no-circular', { 'src/common/a.ts': "import { b } from './b';\nexport const a = () => b;\n", 'src/common/b.ts': "import { a } from './a';\nexport const b = () => a;\n" }],
    ['kernel-is-a-leaf', { 'src/kernel/errors.ts': "import { refused } from '../graphql/connection';\nexport class AppError extends Error {}\nexport const again = refused;\n" }],
    ['infrastructure-not-to-domains', { 'src/common/text.ts': "import { Person } from '../personnel/index';\nexport const text = (s: string) => s.trim() + String(Person);\n" }],
    ['no-folder-cycles', {
      'src/common/text.ts': "import { money } from '../config/money';\nexport const text = (s: string) => s.trim() + money;\n",
      'src/config/money.ts': "import { text } from '../common/text';\nexport const money = text('元');\n",
    }],
  ])('a planted %s violation fails the check and is named', (rule, planted) => {
    const r = run({ ...clean, ...planted });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`new violation ${rule}`);
  });

  it('the repository has no violation beyond the recorded ones', () => {
    const r = check(repo);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/, 0 new;/);
  });
});
