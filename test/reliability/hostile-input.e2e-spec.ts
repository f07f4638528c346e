import fc from 'fast-check';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType, GraphQLArgument, GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType,
} from 'graphql';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { createTestApp, TestAccount, TestApp } from '../support/test-app';

/**
 * Bad input (GB/T 22239-2019 8.1.4.4 d): every mutation of the schema is driven with generated hostile input
 * (fast-check). Each call carries at least one value that must be refused (a "poison": a wrong type, a string far over
 * any length limit, an impossible date, an id of nothing, of another kind or of another county's record, a list over
 * 100, a missing required field); the other fields are type-correct but hostile (SQL and script fragments, control
 * characters, odd Unicode, boundary numbers). The answer must be a client error with a stable code and a zh-CN message
 * — never INTERNAL_SERVER_ERROR, never a 5xx, no stack trace — and the data must be unchanged.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'UNAUTHENTICATED', 'BAD_REQUEST', 'GRAPHQL_VALIDATION_FAILED', 'NOT_ELIGIBLE',
  'EVALUATION_INCOMPLETE', 'PASSWORD_CHANGE_REQUIRED', 'SECOND_FACTOR_REQUIRED', 'TOO_MANY_REQUESTS', 'QUERY_TOO_COSTLY', 'QUERY_TOO_DEEP',
]);
/**
 * Tables a refused request may still write: the audit trail records refusals, a session notes its last activity
 * (auth.service TOUCH_EVERY_MS). The account counts failed attempts at a secret (below).
 */
// the audit trail (its entries, the chain head, the refusal windows, 8.1.4.3 and 8.1.4.7) and sessions move with any request
const MAY_CHANGE = new Set(['audit_entry', 'audit_chain_head', 'audit_refusal_window', 'auth_session']);
/** Mutations that check a secret: a wrong one counts against the account (lockout), by design. */
const SECRET_CHECKS = new Set(['login', 'verifySecondFactor', 'changePassword', 'disableTotp', 'regenerateRecoveryCodes', 'confirmTotp']);

const HOSTILE_STRINGS = [
  "'; DROP TABLE hazard; --", "' OR '1'='1", '"); DELETE FROM account; --', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
  '{{7*7}}', '${process.exit()}', '../../etc/passwd', '%00', '\u0000', 'a\u0000b', '\u0007\u001b[31m', '\r\n\r\nX-Injected: 1', '\u202eevil', '\u200b',
  '\ud800', '😀👨‍👩‍👧', '   ', '', 'NaN', 'null', 'undefined', '-1', '9'.repeat(40), '2026-02-30', '0000-00-00', '9999-12-31', '2026-13-01',
  '１２３', 'ＳＥＬＥＣＴ', '消防'.repeat(3),
];

describe('hostile input to every mutation (fast-check)', () => {
  let t: TestApp;
  let station: TestAccount;
  let ids: string[];
  const regions = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp();
    station = await t.account({ role: Role.STATION, region: '景山镇' });
    regions.set('景山镇', await t.regionId('景山镇'));
    // records of another county, to pass where an id of one's own jurisdiction is expected
    await t.dataSource.query(`
      INSERT INTO region (id, parent_id, level, name, path, version)
      SELECT md5('fz-c')::uuid, c.id, 'COUNTY', '外县', c.path || md5('fz-c')::uuid || '/', 1 FROM region c WHERE c.name = '白山市'`);
    await t.dataSource.query(`
      INSERT INTO region (id, parent_id, level, kind, name, path, version)
      SELECT md5('fz-t')::uuid, md5('fz-c')::uuid, 'TOWNSHIP', 'TOWN', '外县镇', r.path || md5('fz-t')::uuid || '/', 1 FROM region r WHERE r.id = md5('fz-c')::uuid`);
    await t.dataSource.query(`
      INSERT INTO premises (id, region_id, kind, name, address, responsible_name, risk_level, key_unit, created_by, version)
      VALUES (md5('fz-p')::uuid, md5('fz-t')::uuid, 'SMALL_VENUE', '外县场所', '地址', '负责人', 'GENERAL', false, 'test', 1)`);
    await t.dataSource.query(`
      INSERT INTO hazard (id, region_id, premises_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, major_status, policy_version, reported_by, version)
      VALUES (md5('fz-h')::uuid, md5('fz-t')::uuid, md5('fz-p')::uuid, 'OTHER', '外县隐患', current_date, 'RECTIFYING', current_date, current_date + 30, '责任人', '措施', current_date, 'NONE', 1, 'test', 1)`);
    const other = (await t.dataSource.query(`SELECT md5('fz-c')::uuid AS c, md5('fz-t')::uuid AS t, md5('fz-p')::uuid AS p, md5('fz-h')::uuid AS h`))[0];
    const [mine] = await t.dataSource.query(`SELECT (SELECT id FROM premises LIMIT 1) AS p, (SELECT id FROM organization LIMIT 1) AS o`);
    ids = [
      toGlobalId('Region', other.c), toGlobalId('Region', other.t), toGlobalId('Premises', other.p), toGlobalId('Hazard', other.h),
      // an organization of one's own county passed as another kind; ids of nothing; not ids at all
      toGlobalId('Hazard', mine.o ?? '00000000-0000-0000-0000-000000000000'), toGlobalId('Person', '00000000-0000-0000-0000-000000000000'),
      Buffer.from('Nope:x').toString('base64'), 'not-an-id', '', "Hazard:1' OR '1'='1", 'x'.repeat(5000),
    ];
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every table's rows as one digest each (the data a request could change). */
  async function snapshot(): Promise<Map<string, string>> {
    const tables: { name: string }[] = await t.dataSource.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const out = new Map<string, string>();
    for (const { name } of tables.filter((x) => !MAY_CHANGE.has(x.name))) {
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM "${name}" x`);
      out.set(name, `${row.n}:${row.d}`);
    }
    return out;
  }

  /** A type-correct value, hostile where it can be. */
  function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
    if (isNonNullType(type)) return valueOf(type.ofType, depth);
    if (isListType(type)) return fc.array(valueOf(type.ofType, depth + 1), { maxLength: depth > 2 ? 0 : 3 });
    if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const f of fields) model[f.name] = isNonNullType(f.type) ? valueOf(f.type, depth + 1) : fc.option(valueOf(f.type, depth + 1), { nil: undefined });
      return fc.record(model);
    }
    switch (getNamedType(type).name) {
      case 'ID': return fc.constantFrom(...ids);
      case 'Int': return fc.oneof(fc.integer({ min: -5, max: 500 }), fc.constantFrom(-2147483648, 2147483647, 0));
      case 'Float': return fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, -0.5, 1e300));
      case 'Boolean': return fc.boolean();
      default: return fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 30, unit: 'binary' }));
    }
  }

  /** A value that must be refused wherever a value of this type goes (null only where the type is required). */
  function poisonOf(type: GraphQLInputType): fc.Arbitrary<unknown> {
    const required = isNonNullType(type);
    const named = getNamedType(type);
    const some = (...values: unknown[]) => fc.constantFrom<unknown>(...values.filter((v) => required || v !== null));
    if (isListType(required ? type.ofType : type)) return fc.constant(Array.from({ length: 101 }, () => null));
    if (isEnumType(named)) return some('NOT_A_VALUE', "EXCELLENT'; --", 3);
    if (isInputObjectType(named)) return some('text', 42, [], null);
    switch (named.name) {
      case 'ID': return fc.constantFrom(...ids);
      case 'Int': return some(2147483648, -2147483649, 1.5, '1', true, null);
      case 'Float': return some('1.5', true, {}, null);
      case 'Boolean': return some('true', 1, null);
      // every text input has a length limit far below these; or not text at all
      default: return some('长'.repeat(100_001), 'x'.repeat(300_000), { nested: true }, [1, 2], 3.5, true, null);
    }
  }

  /** The leaves of a generated value with their types, so one of them can be poisoned. */
  function leaves(type: GraphQLInputType, value: unknown, path: (string | number)[], out: { path: (string | number)[]; type: GraphQLInputType }[]) {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isInputObjectType(inner) && value && typeof value === 'object') {
      for (const f of Object.values(inner.getFields())) {
        if ((value as Record<string, unknown>)[f.name] !== undefined || isNonNullType(f.type)) leaves(f.type, (value as Record<string, unknown>)[f.name], [...path, f.name], out);
      }
      return;
    }
    if (isListType(inner) && Array.isArray(value)) value.forEach((v, i) => leaves(inner.ofType, v, [...path, i], out));
    out.push({ path, type });
  }

  function withPoison(args: readonly GraphQLArgument[]): fc.Arbitrary<Record<string, unknown>> {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const a of args) model[a.name] = isNonNullType(a.type) ? valueOf(a.type) : fc.option(valueOf(a.type), { nil: undefined });
    return fc.tuple(fc.record(model), fc.nat(), fc.nat()).chain(([vars, pick, seed]) => {
      const spots: { path: (string | number)[]; type: GraphQLInputType }[] = [];
      for (const a of args) if (vars[a.name] !== undefined || isNonNullType(a.type)) leaves(a.type, vars[a.name], [a.name], spots);
      // only optional arguments, none generated: poison one of them
      if (spots.length === 0) spots.push(...args.map((a) => ({ path: [a.name], type: a.type })));
      const spot = spots[pick % spots.length];
      return poisonOf(spot.type).map((poison) => {
        const copy = structuredClone(vars);
        let at: any = copy;
        for (const k of spot.path.slice(0, -1)) at = at[k];
        // a required field may also be left out (seed decides), else it takes the poison
        const last = spot.path.at(-1)!;
        if (seed % 5 === 0 && isNonNullType(spot.type) && typeof last === 'string') delete at[last];
        else at[last] = poison;
        return copy;
      });
    });
  }

  function mutations() {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    return Object.values(schema.getMutationType()!.getFields()).filter((f) => f.args.length > 0);
  }

  it('text with control characters or broken Unicode is BAD_USER_INPUT naming the field, in any argument; tabs, line breaks and other Unicode are kept as sent', async () => {
    const CREATE = `mutation($i: CreatePremisesInput!) { createPremises(input: $i) { name address } }`;
    const input = (name: string, address = '景山镇中心街 3 号') => ({ i: { regionId: toGlobalId('Region', other('景山镇')), kind: 'SMALL_VENUE', name, address, responsibleName: '王店主', responsiblePhone: '13912345678', riskLevel: 'GENERAL' } });
    const other = (name: string) => regions.get(name)!;
    const before = await snapshot();
    for (const [name, reason] of [['a\u0000b', '控制字符'], ['铃\u0007声', '控制字符'], ['删\u007f除', '控制字符'], ['\ud800半个', 'Unicode'], ['半个\udc00', 'Unicode']]) {
      const res = await t.gqlAs(station, CREATE, input(name));
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.name', reason: expect.stringContaining(reason) }] });
    }
    // nested in a list of an input, and in a plain argument
    const nested = await t.gqlAs(station, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id } }`, { i: { premisesId: 'x', inspectedOn: '2026-01-01', inspectors: ['甲', '乙'], results: [{ code: 'A1', note: '备注\u0000', result: 'PASS' }] } });
    expect(nested.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.results.0.note', reason: '含有不允许的控制字符' }] });
    expect(await snapshot()).toEqual(before);
    for (const name of ['制表\t符', '换\n行', '回车\r\n换行', '😀 表情', '\u202e反向']) {
      expect((await t.gqlAs(station, CREATE, input(name))).body.data.createPremises.name).toBe(name);
    }
  });

  it('every mutation answers generated hostile input with a client error code and a zh-CN message, and changes no data', async () => {
    const fields = mutations();
    expect(fields.length).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const field of fields) {
      const selection = isObjectType(getNamedType(field.type)) ? '{ __typename }' : '';
      const doc = `mutation(${field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ')}) { ${field.name}(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')}) ${selection} }`;
      const before = await snapshot();
      await fc.assert(
        fc.asyncProperty(withPoison(field.args), fc.boolean(), async (variables, asStation) => {
          const res = asStation ? await t.gqlAs(station, doc, variables) : await t.gql(doc, variables);
          const error = res.body?.errors?.[0];
          const where = `${field.name}(${JSON.stringify(variables).slice(0, 300)})`;
          if (res.status >= 500) problems.push(`${where}: HTTP ${res.status}`);
          if (!error) {
            problems.push(`${where}: accepted (${JSON.stringify(res.body).slice(0, 200)})`);
            return;
          }
          const code = error.extensions?.code;
          if (!CLIENT_CODES.has(code)) problems.push(`${where}: ${code} ${error.message}`);
          if (!/[\u4e00-\u9fff]/.test(error.message)) problems.push(`${where}: message not in Chinese: ${error.message}`);
          if (error.extensions?.stacktrace) problems.push(`${where}: stack trace sent`);
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261129) },
      );
      const after = await snapshot();
      for (const [table, digest] of before) {
        if (after.get(table) !== digest && !(table === 'account' && SECRET_CHECKS.has(field.name))) problems.push(`${field.name}: table ${table} changed`);
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
