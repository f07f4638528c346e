import { Logger } from '@nestjs/common';
import request from 'supertest';
import { loadAppConfig } from '../src/config/app-config';
import { interceptQueries } from './support/queries';
import { createTestApp, data, error, TestApp } from './support/test-app';

describe('errors: stable codes, zh-CN messages, nothing leaks', () => {
  describe('default (test) mode', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(async () => {
      await t.close();
    });

    it('BAD_USER_INPUT lists each offending field with a zh-CN reason', async () => {
      const e = error(await t.gql(`mutation { changeStaffQuota(input: { organizationId: "", staffQuota: 0, reason: "" }) { id } }`));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.extensions.fields).toEqual(
        expect.arrayContaining([
          { field: 'input.organizationId', reason: expect.stringMatching(/[\u4e00-\u9fff]/) },
          { field: 'input.staffQuota', reason: '不能小于 1' },
          { field: 'input.reason', reason: '请填写调整原因或依据' },
        ]),
      );
      expect(e.message).toMatch(/^输入有误/);
    });

    it('an id that is not a global id of the right kind is BAD_USER_INPUT naming the field', async () => {
      const center = data(await t.gql(`{ guidanceCenter { id } }`)).guidanceCenter;
      const e = error(await t.admins.system.gql(`mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { id } }`, { i: { regionId: center.id, code: '220622100' } }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.regionId', reason: '不是有效的行政区划标识' }] });
    });

    it('a refusal is an answer, not an error in the log (the load run found each one logged at level error)', async () => {
      const logged: unknown[] = [];
      const original = Logger.prototype.error;
      Logger.prototype.error = function (this: Logger, ...args: unknown[]) {
        logged.push(args[0]);
      } as typeof Logger.prototype.error;
      try {
        const id = Buffer.from('Organization:00000000-0000-4000-8000-000000000000').toString('base64');
        expect(error(await t.gql(`mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { id } }`, { i: { organizationId: id, staffQuota: 2, reason: 'x' } })).extensions.code).toBe('NOT_FOUND');
        expect(error(await t.gql(`{ townships { totalCount } }`, undefined, { authorization: '' })).extensions.code).toBe('UNAUTHENTICATED');
        expect(error(await t.gql(`mutation { changeStaffQuota(input: { organizationId: "", staffQuota: 0, reason: "" }) { id } }`)).extensions.code).toBe('BAD_USER_INPUT');
      } finally {
        Logger.prototype.error = original;
      }
      expect(logged).toEqual([]);
    });

    it('NOT_FOUND for a well-formed id that does not exist', async () => {
      const id = Buffer.from('Organization:00000000-0000-4000-8000-000000000000').toString('base64');
      const e = error(await t.gql(`mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { id } }`, { i: { organizationId: id, staffQuota: 2, reason: 'x' } }));
      expect(e.extensions.code).toBe('NOT_FOUND');
      expect(e.message).toBe('组织机构不存在或无权访问');
    });

    it('parse, validation and variable errors carry their code and a zh-CN message', async () => {
      const parse = error(await t.gql(`{ townships {`));
      expect(parse.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(parse.message).toMatch(/^查询语句语法错误/);
      const validation = error(await t.gql(`{ townships { nope } }`));
      expect(validation.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(validation.message).toMatch(/^查询语句不符合接口定义/);
      const variables = error(await t.gql(`query($f: Int) { townships(first: $f) { totalCount } }`, { f: 'ten' }));
      expect(variables.extensions.code).toBe('BAD_USER_INPUT');
      expect(variables.message).toMatch(/^输入有误/);
    });

    /**
     * zh-CN everywhere a person reads: graphql-js's own sentences, permission refusals and lifecycle refusals. What a
     * message quotes of the request (“…”) and rule ids (INS-5) aside, no English word and no code remains.
     */
    const ENGLISH = /\b(cannot|represent|value|variable|got|invalid|field|type|expected|required|provided|unknown|argument|must|query|mean|syntax|error|found|defined|integer|string|boolean|enum|does|exist|object|selection|subfields|never|used|expecting|only|named|conflict|operation|directive|not|non|permission|forbidden|did|you|allowed|step|state|status)\b/i;
    const englishIn = (message: string): string | null => {
      const plain = message.replace(/“[^”]*”/g, '').replace(/\b[A-Z]{2,4}-\d+\b/g, '');
      return ENGLISH.exec(plain)?.[0] ?? /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{4,}\b/.exec(plain)?.[0] ?? null;
    };

    it('no English remains in the messages of typical bad inputs: validation, coercion, permissions, states', async () => {
      const { Role } = await import('../src/kernel/permissions');
      const station = await t.account({ role: Role.STATION, region: '景山镇' });
      const center = await t.account({ role: Role.CENTER, region: '靖宇县' });
      const stationId = Buffer.from(`Organization:${((await t.dataSource.query(
        `SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`)) as { id: string }[])[0].id}`).toString('base64');
      const township = Buffer.from(`Region:${await t.regionId('景山镇')}`).toString('base64');
      const quota = `mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { id } }`;
      const region = `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`;
      const cases: [string, Promise<any>][] = [
        ['syntax', t.gql(`{ townships {`)],
        ['syntax: unexpected', t.gql(`{ townships } }`)],
        ['unknown field', t.gql(`{ townships { nope } }`)],
        ['unknown argument', t.gql(`{ townships(nope: 1) { totalCount } }`)],
        ['missing argument', t.gql(`{ node { id } }`)],
        ['leaf with a selection', t.gql(`{ townships { totalCount { x } } }`)],
        ['object without a selection', t.gql(`{ townships }`)],
        ['literal of the wrong type', t.gql(`{ townships(first: "ten") { totalCount } }`)],
        ['enum as a string literal', t.admins.system.gql(`mutation { createRegion(input: { parentId: "${township}", name: "村", kind: "VILLAGE" }) { id } }`)],
        ['unknown variable', t.gql(`{ townships(first: $f) { totalCount } }`)],
        ['unused variable', t.gql(`query($f: Int) { townships { totalCount } }`)],
        ['variable of a string for an Int', t.gql(`query($f: Int) { townships(first: $f) { totalCount } }`, { f: 'ten' })],
        ['variable of a fraction for an Int', t.gql(`query($f: Int) { townships(first: $f) { totalCount } }`, { f: 1.5 })],
        ['variable too large for an Int', t.gql(`query($f: Int) { townships(first: $f) { totalCount } }`, { f: 2 ** 40 })],
        ['missing required variable', t.gql(`query($f: Int!) { townships(first: $f) { totalCount } }`)],
        ['null for a non-null variable', t.gql(quota, { i: null })],
        ['missing input field', t.gql(quota, { i: { staffQuota: 2, reason: '调整' } })],
        ['unknown input field', t.gql(quota, { i: { organizationId: stationId, staffQuota: 2, reason: '调整', nope: 1 } })],
        ['input not an object', t.gql(quota, { i: 5 })],
        ['wrong enum value', t.admins.system.gql(region, { i: { parentId: township, name: '村', kind: 'HAMLET' } })],
        ['boolean for a string', t.gql(quota, { i: { organizationId: stationId, staffQuota: 2, reason: true } })],
        ['a permission the station lacks', t.gqlAs(station, `mutation($i: CreateAccountInput!) { createAccount(input: $i) { username } }`,
          { i: { username: 'sweep-user', password: 'Sweep-Passw0rd', displayName: '新账号', role: 'STATION', regionId: township } })],
        ['a payload field the station may not read', t.gqlAs(station, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id investigation { id } } }`,
          { i: { regionId: township, occurredAt: new Date(t.clock.now().getTime() - 60_000).toISOString(), place: '柴草垛', cause: 'CARELESS_USE', deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 500 } })],
        ['a query the station may not run', t.gqlAs(station, `{ auditLog(first: 1) { totalCount } }`)],
      ];
      // a lifecycle refusal (INS-5): a report received twice
      const filed = data(await t.gqlAs(station, `mutation($i: FileWorkReportInput!) { fileWorkReport(input: $i) { id } }`,
        { i: { stationId, kind: 'REPORT', period: { kind: 'MONTH', year: 2026, number: 11 }, title: '月度报告', content: '内容' } })).fileWorkReport.id;
      const receive = `mutation($i: ReviewWorkReportInput!) { reviewWorkReport(input: $i) { status } }`;
      data(await t.gqlAs(center, receive, { i: { reportId: filed, decision: 'RECEIVE' } }));
      cases.push(['a report received twice', t.gqlAs(center, receive, { i: { reportId: filed, decision: 'RECEIVE' } })]);
      const found: string[] = [];
      for (const [name, pending] of cases) {
        const res = await pending;
        const messages: string[] = (res.body.errors ?? []).map((e: { message: string }) => e.message);
        if (messages.length === 0) found.push(`${name}: no error`);
        for (const m of messages) {
          const word = englishIn(m);
          if (word) found.push(`${name}: “${word}” in ${m}`);
        }
      }
      expect(found).toEqual([]);
    });

    it('a coercion error keeps graphql-js\'s sentence in extensions and names the field', async () => {
      const e = error(await t.gql(`query($f: Int) { townships(first: $f) { totalCount } }`, { f: 1.5 }));
      expect(e.message).toBe('输入有误：变量 “$f” 的值 “1.5” 有误：应为整数，收到 “1.5”');
      expect(e.extensions.original).toMatch(/^Variable "\$f" got invalid value 1\.5; Int cannot represent non-integer value: 1\.5/);
      expect(e.extensions.fields).toEqual([{ field: 'f', reason: '变量 “$f” 的值 “1.5” 有误：应为整数，收到 “1.5”' }]);
    });

    it('a permission refusal says what the permission lets one do; its code stays in extensions', async () => {
      const { Role } = await import('../src/kernel/permissions');
      const station = await t.account({ role: Role.STATION, region: '景山镇' });
      const e = error(await t.gqlAs(station, `{ auditLog(first: 1) { totalCount } }`));
      expect(e.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'AUDIT_LOG_READ' });
      expect(e.message).toBe('无权执行此操作：需要“查看审计日志”的权限');
    });

    it('a huge or hostile string is refused by validation, not by the database', async () => {
      const center = data(await t.gql(`{ guidanceCenter { id } }`)).guidanceCenter;
      const e = error(await t.gql(`mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { id } }`, {
        i: { organizationId: center.id, staffQuota: 5, reason: `'; DROP TABLE region; --${'x'.repeat(600)}` },
      }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.reason', reason: '长度不能超过 500 个字符' }] });
      expect(data(await t.gql(`{ townships { totalCount } }`)).townships.totalCount).toBe(8);
    });

    it('CSRF prevention stays on: a simple form POST without a preflight header is refused', async () => {
      const res = await request(t.app.getHttpServer())
        .post('/graphql')
        .set('content-type', 'text/plain')
        .send(JSON.stringify({ query: '{ townships { totalCount } }' }));
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/CSRF|preflight/i);
    });

    it('every response carries the server\'s request id, whatever the caller sent (GB/T 22239-2019 8.1.4.3 d)', async () => {
      const res = await t.gql(`{ townships { totalCount } }`, {}, { 'x-request-id': 'county-sys-0001' });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const res2 = await t.gql(`{ townships { totalCount } }`, {}, { 'x-request-id': 'county-sys-0001' });
      expect(res2.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res2.headers['x-request-id']).not.toBe(res.headers['x-request-id']);
    });
  });

  describe('NODE_ENV=production', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { NODE_ENV: 'production' } });
    });
    afterAll(async () => {
      await t.close();
    });

    it('an unexpected error is masked as INTERNAL_SERVER_ERROR with a request id and no stack trace', async () => {
      // a failure the code does not expect: the database refuses the statement
      const spy = await interceptQueries(t.dataSource, (sql, next) => {
        if (sql.includes('region')) throw new Error('boom from the database');
        return next();
      });
      try {
        const res = await t.gql(`{ townships { totalCount edges { node { name } } } }`, {}, { 'x-request-id': 'trace-me-12345' });
        const e = error(res);
        expect(e.extensions.code).toBe('INTERNAL_SERVER_ERROR');
        expect(e.message).toBe('服务器内部错误，请联系管理员并提供请求编号');
        expect(e.extensions.requestId).toBe(res.headers['x-request-id']);
        expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|at .*\.js|boom from the database/);
      } finally {
        spy.restore();
      }
    });

    it('introspection and the console are off unless configured', async () => {
      const e = error(await t.gql(`{ __schema { queryType { name } } }`));
      expect(e.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const page = await request(t.app.getHttpServer()).get('/graphiql');
      expect(page.status).toBe(404);
    });
  });

  describe('an unset NODE_ENV', () => {
    it('does not mean open: stack traces stay off; with a server database the console and introspection are off', async () => {
      const server = loadAppConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/db' });
      expect(server.graphql).toEqual({ console: false, introspection: false, stacktraces: false, maxDepth: 12, maxCost: 2000, maxTokens: 5000, getQueries: false });
      const embedded = loadAppConfig({});
      expect(embedded.graphql).toEqual({ console: true, introspection: true, stacktraces: false, maxDepth: 12, maxCost: 2000, maxTokens: 5000, getQueries: true });
      const prod = loadAppConfig({ NODE_ENV: 'production' });
      expect(prod.graphql).toEqual({ console: false, introspection: false, stacktraces: false, maxDepth: 12, maxCost: 2000, maxTokens: 5000, getQueries: false });
    });
  });
});
