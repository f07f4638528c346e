import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSchema, Kind, parse, validate } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import ts from 'typescript';
import codegenConfig from '../docs/integration/codegen';

/**
 * docs/integration.md stays true to schema.gql: its operations validate, graphql-codegen generates their types with
 * the configuration the page gives county systems, and the page's TypeScript example compiles with `--strict`
 * against those types. A renamed field or argument fails here, naming the operation file and the field.
 */
const ROOT = path.resolve('.');
const OPERATIONS = path.join(ROOT, 'docs/integration/operations');
const EXAMPLE = path.join(ROOT, 'docs/integration/example.ts');

const operationFiles = fs.readdirSync(OPERATIONS).filter((f) => f.endsWith('.graphql')).sort();
const current = operationFiles;

/**
 * graphql-codegen's `generate`, in a Node process of its own: inside Jest's ESM module registry the plugins'
 * ES module dependencies fail to link ("request for './avoid-optionals.js' is not in cache"). The configuration is
 * plain data, so it travels as JSON; the generated file is written where the configuration says.
 */
function runCodegen(config: object): { error: string } {
  const script = "import { generate } from '@graphql-codegen/cli'; await generate(JSON.parse(process.env.CODEGEN_CONFIG), true);";
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CODEGEN_CONFIG: JSON.stringify(config) },
  });
  return { error: r.status === 0 ? '' : `${r.stderr}${r.stdout}`.trim() || `exit ${r.status} ${r.signal ?? ''}` };
}

let schema: GraphQLSchema;
beforeAll(() => {
  schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema.gql'), 'utf8'));
});

/** Every validation error of one operation file, as `file:line: message`. */
function problemsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(OPERATIONS, file), 'utf8');
  let document;
  try {
    document = parse(text);
  } catch (e) {
    return [`docs/integration/operations/${file}: ${(e as Error).message}`];
  }
  return validate(schema, document).map((e) => `docs/integration/operations/${file}:${e.locations?.[0]?.line ?? '?'}: ${e.message}`);
}

describe('integration guide (docs/integration.md): operations, generated types, the TypeScript example', () => {
  it('has operations for the guide\'s tasks', () => {
    expect(operationFiles).toEqual(expect.arrayContaining(['CountyOpenHazards.graphql', 'ReportHazard.graphql', 'ReportHazardWithKey.graphql', 'Staffing.graphql', 'Evaluations.graphql', 'EvaluationBreakdown.graphql', 'Townships.graphql']));
  });

  it('each operation file holds one operation named as the file, and example.ts sends that name as operationName', () => {
    // a file of two operations sent without operationName is refused (OPERATION_RESOLUTION_FAILURE)
    const named = operationFiles.map((f) => {
      const operations = parse(fs.readFileSync(path.join(OPERATIONS, f), 'utf8')).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      return { file: f, operations: operations.map((d) => d.name?.value ?? '(anonymous)') };
    });
    expect(named).toEqual(operationFiles.map((f) => ({ file: f, operations: [f.replace('.graphql', '')] })));
    const example = fs.readFileSync(EXAMPLE, 'utf8');
    expect(example).toContain('operationName: op.name');
    expect(example).toMatch(/const operation = \(name: string\): Operation => \(\{ name, text: readFileSync\(new URL\(`\.\/operations\/\$\{name\}\.graphql`/);
  });

  it('no example reports a hazard found on a fixed day (T-INS-2 refuses it 366 days later): the sender fills in today', () => {
    const fixedDay = /foundOn["']?\s*:\s*["']\d{4}-\d{2}-\d{2}/;
    for (const file of ['docs/integration.md', 'docs/integration/example.ts']) {
      expect({ file, fixed: fixedDay.exec(fs.readFileSync(path.join(ROOT, file), 'utf8'))?.[0] ?? null }).toEqual({ file, fixed: null });
    }
  });

  it('every operation validates against schema.gql', () => {
    expect(current.flatMap(problemsOf)).toEqual([]);
  });

  it('graphql-codegen generates the types with the guide\'s configuration, and the example compiles with --strict against them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-integration-'));
    try {
      const [target, output] = Object.entries(codegenConfig.generates)[0];
      expect(target).toBe('docs/integration/generated/graphql.ts'); // the path example.ts imports from
      const documents = [path.join(OPERATIONS, '*.graphql')];
      const out = path.join(dir, 'generated/graphql.ts');
      const generated = runCodegen({ ...codegenConfig, schema: path.join(ROOT, 'schema.gql'), documents, generates: { [out]: output }, silent: true });
      expect(generated.error).toBe('');
      const content = fs.readFileSync(out, 'utf8');
      for (const f of current) expect(content).toContain(`export type ${f.replace('.graphql', '')}`);
      fs.copyFileSync(EXAMPLE, path.join(dir, 'example.ts'));

      const program = ts.createProgram([path.join(dir, 'example.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2023,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
        types: ['node'],
        typeRoots: [path.join(ROOT, 'node_modules/@types')],
        isolatedModules: true,
        verbatimModuleSyntax: true,
        noUnusedLocals: true,
        skipLibCheck: true,
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')
        + (d.file ? ` (${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})` : ''));
      expect(diagnostics).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the page shows the example, the configuration and every operation as they are', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs/integration.md'), 'utf8');
    expect(page).toContain(fs.readFileSync(EXAMPLE, 'utf8').trim());
    expect(page).toContain(fs.readFileSync(path.join(ROOT, 'docs/integration/codegen.ts'), 'utf8').trim());
    for (const f of operationFiles) {
      // the page shows an operation without its file's leading comment, which the prose around it says
      const operation = fs.readFileSync(path.join(OPERATIONS, f), 'utf8').replace(/^(#.*\n)+/, '').trim();
      expect({ file: f, shown: page.includes(operation) }).toEqual({ file: f, shown: true });
    }
  });
});
