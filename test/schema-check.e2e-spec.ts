import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kind, parse, print, visit } from 'graphql';
import type { ConstDirectiveNode, FieldDefinitionNode, ObjectTypeDefinitionNode } from 'graphql';

/**
 * The breaking-change gate (`npm run schema:check`, scripts/schema-check.mjs) run as CI runs it, on temporary copies:
 * the released schema as the baseline, an edited copy of it as "the current schema", and a changelog written per
 * case. The released schema, not schema.gql, is edited so the cases do not move when the schema does.
 */
const ROOT = path.resolve('.');
const SCRIPT = path.join(ROOT, 'scripts/schema-check.mjs');
const RELEASED = fs.readFileSync(path.join(ROOT, 'schema.released.gql'), 'utf8');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-schema-check-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Edits one field of one object type of an SDL (remove it, or replace its definition). */
function editField(sdl: string, typeName: string, fieldName: string, edit: (f: FieldDefinitionNode) => FieldDefinitionNode | null): string {
  let found = false;
  const doc = visit(parse(sdl), {
    ObjectTypeDefinition(node: ObjectTypeDefinitionNode) {
      if (node.name.value !== typeName) return undefined;
      const fields = (node.fields ?? []).flatMap((f) => {
        if (f.name.value !== fieldName) return [f];
        found = true;
        const edited = edit(f);
        return edited ? [edited] : [];
      });
      return { ...node, fields };
    },
  });
  if (!found) throw new Error(`${typeName}.${fieldName} is not in the released schema: pick another field for this test`);
  return print(doc);
}

const deprecated = (f: FieldDefinitionNode, reason: string): FieldDefinitionNode => {
  const directive: ConstDirectiveNode = {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: 'deprecated' },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'reason' }, value: { kind: Kind.STRING, value: reason } }],
  };
  return { ...f, directives: [...(f.directives ?? []), directive] };
};

function changelog(breakingItems: string[]): string {
  return ['# Schema changelog', '', '## Unreleased', '', '### Breaking', '', ...breakingItems, '', '### Added', '', '## 0.1.0', ''].join('\n');
}

function runGate(files: { baseline: string; schema: string; changelog: string }, cwd = dir) {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(cwd, `${name}.txt`), text);
  const r = spawnSync(
    process.execPath,
    [SCRIPT, '--schema', path.join(cwd, 'schema.txt'), '--baseline', path.join(cwd, 'baseline.txt'), '--changelog', path.join(cwd, 'changelog.txt')],
    { cwd: ROOT, encoding: 'utf8', timeout: 30_000 },
  );
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

const withoutMeasures = editField(RELEASED, 'Hazard', 'measures', () => null);

describe('schema:check, the breaking-change gate', () => {
  it('(a) fails on an undeclared removed field, naming it and how to declare it', () => {
    const r = runGate({ baseline: RELEASED, schema: withoutMeasures, changelog: changelog([]) });
    expect(r.code).toBe(1);
    expect(r.output).toContain('Hazard.measures');
    expect(r.output).toContain('未声明的不兼容变更 1 项');
    expect(r.output).toContain('### Breaking');
  });

  it('(b) passes a declared breaking change (a type change, not a removal)', () => {
    const schema = editField(RELEASED, 'Hazard', 'foundOn', (f) => ({ ...f, type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'Int' } } } }));
    expect(runGate({ baseline: RELEASED, schema, changelog: changelog([]) }).code).toBe(1);
    const r = runGate({ baseline: RELEASED, schema, changelog: changelog(['- `Hazard.foundOn`: `String!` → `Int!` (test)']) });
    expect(r.output).toContain('✓ schema:check 通过');
    expect(r.code).toBe(0);
  });

  it('(b) passes a declared removal marked (before first release), outside any repository with release tags', () => {
    const r = runGate({ baseline: RELEASED, schema: withoutMeasures, changelog: changelog(['- `Hazard.measures` removed (before first release)']) });
    expect(r.output).toContain('✓ schema:check 通过');
    expect(r.code).toBe(0);
  });

  it('(c) fails on a declared removal of a field that was not @deprecated in the baseline', () => {
    const r = runGate({ baseline: RELEASED, schema: withoutMeasures, changelog: changelog(['- `Hazard.measures` removed']) });
    expect(r.code).toBe(1);
    expect(r.output).toContain('未标记 @deprecated');
    expect(r.output).toContain('Hazard.measures');
    expect(r.output).toContain('(before first release)');
  });

  it('(c) refuses the (before first release) exception once the repository has a release tag', () => {
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    };
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'release');
    git('tag', 'v0.2.0');
    const r = runGate({ baseline: RELEASED, schema: withoutMeasures, changelog: changelog(['- `Hazard.measures` removed (before first release)']) });
    expect(r.code).toBe(1);
    expect(r.output).toContain('v0.2.0');
  });

  it('(d) passes a declared removal of a field deprecated in the baseline', () => {
    const baseline = editField(RELEASED, 'Hazard', 'measures', (f) => deprecated(f, '改用 rectificationMeasures'));
    expect(runGate({ baseline, schema: withoutMeasures, changelog: changelog([]) }).code).toBe(1);
    const r = runGate({ baseline, schema: withoutMeasures, changelog: changelog(['- `Hazard.measures`: deprecated in 0.1.0, removed']) });
    expect(r.output).toContain('✓ schema:check 通过');
    expect(r.code).toBe(0);
  });

  it('(e) passes an added optional field without any declaration, listing it as compatible', () => {
    const schema = RELEASED.replace(/^type Hazard implements Node \{\n/m, 'type Hazard implements Node {\n  """备注"""\n  remark: String\n');
    expect(schema).not.toBe(RELEASED);
    const r = runGate({ baseline: RELEASED, schema, changelog: changelog([]) });
    expect(r.output).toMatch(/不兼容（BREAKING）0 项.*兼容 [1-9]/);
    expect(r.code).toBe(0);
    const md = spawnSync(process.execPath, [SCRIPT, '--markdown', '--schema', path.join(dir, 'schema.txt'), '--baseline', path.join(dir, 'baseline.txt')], { cwd: ROOT, encoding: 'utf8' });
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/### Non-breaking\n\n- `Hazard.remark`: Field 'remark' was added/);
  });

  it('exits 2, not 1, when a file is missing or is not a schema', () => {
    expect(runGate({ baseline: RELEASED, schema: 'type {', changelog: changelog([]) }).code).toBe(2);
  });
});
