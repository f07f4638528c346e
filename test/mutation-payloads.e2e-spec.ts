import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType, isAbstractType, isEnumType, isInputType, isLeafType, isNonNullType, isObjectType, isScalarType, Kind, parse, print,
} from 'graphql';
import type {
  FieldNode, GraphQLField, GraphQLNamedType, GraphQLSchema, OperationDefinitionNode, SelectionSetNode,
} from 'graphql';
import { cellOf } from '../src/auth/access-matrix';
import type { AccessRule } from '../src/kernel/access.decorators';
import { Role, TOWNSHIP_ROLES } from '../src/kernel/permissions';
import { authorizationMatrix, withRetryKey } from './auth/matrix/authorization-matrix';
import type { Call, MatrixWorld } from './auth/matrix/authorization-matrix';
import { data, GqlResponse, TestApp } from './support/test-app';

/**
 * A committed write never answers with an error (PER/INS/EVA records alike): whatever a client selects, a mutation
 * refuses before it writes or answers its result. Every mutation of the authorization matrix is driven, with the
 * matrix's own fixtures, by every role allowed to call it, selecting its payload whole (every field, generated from
 * the schema to a bounded depth). Either the data comes back without errors, or an error came and the database is
 * as it was (a fingerprint of every table but the audit trail). New mutations are covered as soon as the matrix
 * has their fixture.
 */

/** Object levels selected below the root field (a connection's edges and node count as levels). */
const DEPTH = 4;
/** Columns a request touches on its own by authenticating (the session's last use, the key's last use). */
const VOLATILE_COLUMNS = ['last_seen_at', 'last_used_at'];
/** What a generated selection must never run into: it would pass by refusing the document, proving nothing. */
const DOCUMENT_REFUSALS = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY', 'QUERY_TOO_LARGE']);

/** A value for a required argument of a nested field, where one can be made up; null: leave the field out. */
function argumentValue(type: Parameters<typeof getNamedType>[0]): string | null {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (!isInputType(inner) || !(isScalarType(inner) || isEnumType(inner))) return null;
  if (isEnumType(inner)) return inner.getValues()[0].name;
  return ({ Int: '1', Float: '1', String: '"全选"', Boolean: 'false' } as Record<string, string>)[inner.name] ?? null;
}

function argumentsOf(field: GraphQLField<unknown, unknown>): string | null {
  const parts: string[] = [];
  for (const arg of field.args) {
    // pages of one row: the selection stays under the cost limit however many connections it holds
    if (arg.name === 'first' && !isNonNullType(arg.type)) {
      parts.push('first: 1');
      continue;
    }
    if (!isNonNullType(arg.type) || arg.defaultValue !== undefined) continue;
    const value = argumentValue(arg.type);
    if (value === null) return null;
    parts.push(`${arg.name}: ${value}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** Every field of `type`, recursively to `depth` object levels; abstract types through one fragment per possible type. */
export function fullSelection(schema: GraphQLSchema, type: GraphQLNamedType, depth: number, prefix = ''): string {
  if (isLeafType(type)) return '';
  if (isAbstractType(type)) {
    const parts = schema.getPossibleTypes(type).map((t) => `... on ${t.name} ${fullSelection(schema, t, depth, `${prefix}${t.name}_`)}`);
    return `{ __typename ${parts.join(' ')} }`;
  }
  if (!isObjectType(type)) return '';
  const fields: string[] = [];
  for (const field of Object.values(type.getFields())) {
    const args = argumentsOf(field);
    if (args === null) continue;
    // an alias per possible type keeps fields of one name but different types apart
    const name = prefix ? `${prefix}${field.name}: ${field.name}` : field.name;
    const named = getNamedType(field.type);
    if (isLeafType(named)) fields.push(`${name}${args}`);
    else if (depth > 0) fields.push(`${name}${args} ${fullSelection(schema, named, depth - 1, prefix)}`);
  }
  return `{ __typename ${fields.join(' ')} }`;
}

/** The fixture's call with its root field's selection replaced by the payload's full selection. */
export function withFullSelection(schema: GraphQLSchema, c: Call): Call {
  const doc = parse(c.query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const root = op.selectionSet.selections[0] as FieldNode;
  const payload = getNamedType(schema.getMutationType()!.getFields()[root.name.value].type);
  if (isLeafType(payload)) return c;
  const selection = (parse(`{ x ${fullSelection(schema, payload, DEPTH)} }`).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
  const replaced: FieldNode = { ...root, selectionSet: selection.selectionSet as SelectionSetNode };
  const query = print({ ...doc, definitions: doc.definitions.map((d) => (d === op ? { ...op, selectionSet: { ...op.selectionSet, selections: [replaced, ...op.selectionSet.selections.slice(1)] } } : d)) });
  return { query, variables: c.variables };
}

/** Every table but the audit trail, each as a digest of its rows (the columns authentication touches left out). */
export async function fingerprint(t: TestApp): Promise<Map<string, string>> {
  const tables = (await t.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_entry', 'audit_chain_head', 'audit_refusal_window', 'migrations') ORDER BY table_name`,
  )) as { table_name: string }[];
  const strip = VOLATILE_COLUMNS.map((c) => ` - '${c}'`).join('');
  const union = tables.map(({ table_name: n }) =>
    `SELECT '${n}' AS t, count(*)::text || ':' || coalesce(md5(string_agg((to_jsonb(x)${strip})::text, ',' ORDER BY (to_jsonb(x)${strip})::text)), '') AS d FROM "${n}" x`).join(' UNION ALL ');
  const rows = (await t.dataSource.query(union)) as { t: string; d: string }[];
  return new Map(rows.map((r) => [r.t, r.d]));
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((k) => before.get(k) !== after.get(k));
}

authorizationMatrix({ instead: (world: MatrixWorld) => {
  const schemaOf = (t: TestApp) => t.app.get(GraphQLSchemaHost).schema;

  /** The call an allowed role makes to a mutation, with its headers; null where the matrix has none for the role. */
  async function callFor(op: string, role: Role): Promise<{ headers: Record<string, string>; call: Call } | null> {
    const fixture = world.fixtures[op];
    const headers = world.actors.get(role)!;
    if (fixture.kind === 'self') return fixture.prepare(role);
    if (fixture.kind === 'global') return { headers, call: await fixture.call() };
    if (fixture.kind === 'target') {
      // a county-level target is outside a township account's reach: nothing to write there
      if (TOWNSHIP_ROLES.includes(role) && fixture.level === 'COUNTY') return null;
      return { headers, call: await fixture.call('inside', role) };
    }
    return null;
  }

  it('generates a valid full selection for every mutation payload', () => {
    const t = world.app();
    const schema = schemaOf(t);
    for (const name of Object.keys(schema.getMutationType()!.getFields())) {
      const fixture = world.fixtures[`Mutation.${name}`];
      expect(fixture).toBeDefined();
    }
    const c = withFullSelection(schema, { query: `mutation($i: RecordFireInput!) { recordFire(input: $i) { id } }` });
    expect(c.query).toContain('investigation');
    expect(c.query).toContain('region');
  });

  for (const role of Object.values(Role)) {
    it(`every mutation ${role} may call, with its whole payload selected, answers data or writes nothing`, async () => {
      const t = world.app();
      const schema = schemaOf(t);
      const failures: string[] = [];
      let answered = 0;
      let refused = 0;
      for (const op of world.ops().filter((o) => o.name.startsWith('Mutation.'))) {
        if (cellOf(op.rule as AccessRule, role).inside !== 'ALLOWED') continue;
        const prepared = await callFor(op.name, role);
        if (!prepared) continue;
        const c = withFullSelection(schema, prepared.call);
        const before = await fingerprint(t);
        const res: GqlResponse = await t.gql(c.query, c.variables, withRetryKey(prepared.headers));
        const errors = res.body.errors ?? [];
        if (errors.length === 0) {
          answered++;
          continue;
        }
        refused++;
        const codes = errors.map((e) => String(e.extensions?.code));
        if (codes.some((code) => DOCUMENT_REFUSALS.has(code))) {
          failures.push(`${op.name}: the generated selection was refused: ${errors[0].message}`);
          continue;
        }
        const changed = changedTables(before, await fingerprint(t));
        if (changed.length > 0) failures.push(`${op.name}: answered ${codes.join(',')} "${errors[0].message}" after writing ${changed.join(', ')}`);
      }
      process.stdout.write(`[payloads] ${role}: ${answered} answered with data, ${refused} refused with nothing written\n`);
      expect(failures).toEqual([]);
      // the sweep ran: the role reached some mutations (every role may call at least one)
      expect(answered + refused).toBeGreaterThan(0);
    }, 900_000);
  }

  describe('recordFire from a station selecting the investigation (INS-4, INS-6)', () => {
    const fire = (t: TestApp, deaths: number) => ({
      regionId: null as unknown as string, occurredAt: new Date(t.clock.now().getTime() - 120_000).toISOString(), place: '柴草垛',
      cause: 'CARELESS_USE', deaths, injuries: 0, seriousInjuries: 0, directLossYuan: 500,
    });
    const count = async (t: TestApp) => Number(((await t.dataSource.query(`SELECT count(*)::int AS n FROM fire_incident`)) as { n: number }[])[0].n);
    const township = async (t: TestApp) => {
      const [row] = (await t.dataSource.query(`SELECT id FROM region WHERE name = '景山镇'`)) as { id: string }[];
      return Buffer.from(`Region:${row.id}`).toString('base64');
    };

    it('is refused before anything is written, naming the field and the permission in zh-CN', async () => {
      const t = world.app();
      const i = { ...fire(t, 1), regionId: await township(t) };
      const before = await count(t);
      const res = await t.gql(`mutation($i: RecordFireInput!) { recordFire(input: $i) { id level investigation { id } } }`, { i }, world.actors.get(Role.STATION));
      expect(res.body.data?.recordFire ?? null).toBeNull();
      const [e] = res.body.errors!;
      expect(e.extensions.code).toBe('FORBIDDEN');
      expect(e.extensions.permission).toBe('INVESTIGATION_READ');
      expect(e.extensions.fields).toEqual([expect.objectContaining({ field: 'recordFire.investigation', permission: 'INVESTIGATION_READ' })]);
      expect(e.message).toContain('查看火灾延伸调查');
      expect(e.message).toContain('去掉 investigation 字段');
      expect(e.message).not.toContain('INVESTIGATION_READ');
      expect(await count(t)).toBe(before);
      // the retry without the field records the fire once
      const ok = data(await t.gql(`mutation($i: RecordFireInput!) { recordFire(input: $i) { id level } }`, { i }, world.actors.get(Role.STATION)));
      expect(ok.recordFire.id).toBeTruthy();
      expect(await count(t)).toBe(before + 1);
    });

    it('finds the field through aliases, named and inline fragments, and @include with a variable', async () => {
      const t = world.app();
      const i = { ...fire(t, 0), regionId: await township(t) };
      const station = world.actors.get(Role.STATION);
      const before = await count(t);
      const shapes = [
        `mutation($i: RecordFireInput!) { f: recordFire(input: $i) { id inv: investigation { id } } }`,
        `mutation($i: RecordFireInput!) { recordFire(input: $i) { ...F } } fragment F on FireIncident { id investigation { status } }`,
        `mutation($i: RecordFireInput!) { recordFire(input: $i) { ... on FireIncident { ... { investigation { id } } } } }`,
        `mutation($i: RecordFireInput!, $w: Boolean!) { recordFire(input: $i) { id investigation @include(if: $w) { id } } }`,
        // a second root field that would write first: the whole operation is refused
        `mutation($i: RecordFireInput!) { a: recordFire(input: $i) { id } b: recordFire(input: $i) { investigation { id } } }`,
      ];
      for (const q of shapes) {
        const res = await t.gql(q, { i, w: true }, station);
        expect(res.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
        expect(res.body.errors?.every((e) => e.extensions.code === 'FORBIDDEN')).toBe(true);
      }
      expect(await count(t)).toBe(before);
      // @include(if: false) leaves the field out: the fire is recorded and answered
      const res = await t.gql(shapes[3], { i, w: false }, station);
      expect(data(res).recordFire.id).toBeTruthy();
      expect(await count(t)).toBe(before + 1);
    });

    it('answers the investigation to the center, which may read it', async () => {
      const t = world.app();
      const i = { ...fire(t, 1), regionId: await township(t) };
      const res = data(await t.gql(`mutation($i: RecordFireInput!) { recordFire(input: $i) { id investigation { id status } } }`, { i }, world.actors.get(Role.CENTER)));
      expect(res.recordFire.investigation.id).toBeTruthy();
    });
  });
} });
