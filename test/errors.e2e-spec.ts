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
      const e = error(await t.gql(`mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { id } }`, { i: { regionId: center.id, code: '220622100' } }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.regionId', reason: '不是有效的行政区划标识' }] });
    });

    it('a refusal is an answer, not an error in the log (issue 9: the load run found each one logged at level error)', async () => {
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

    it('every response carries a request id (the caller may pass a well-formed one)', async () => {
      const res = await t.gql(`{ townships { totalCount } }`, {}, { 'x-request-id': 'county-sys-0001' });
      expect(res.headers['x-request-id']).toBe('county-sys-0001');
      const res2 = await t.gql(`{ townships { totalCount } }`, {}, { 'x-request-id': 'bad id with spaces' });
      expect(res2.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
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
        expect(e.extensions.requestId).toBe('trace-me-12345');
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
      expect(server.graphql).toEqual({ console: false, introspection: false, stacktraces: false, maxDepth: 12, maxCost: 2000, maxTokens: 5000 });
      const embedded = loadAppConfig({});
      expect(embedded.graphql).toEqual({ console: true, introspection: true, stacktraces: false, maxDepth: 12, maxCost: 2000, maxTokens: 5000 });
      const prod = loadAppConfig({ NODE_ENV: 'production' });
      expect(prod.graphql).toEqual({ console: false, introspection: false, stacktraces: false, maxDepth: 12, maxCost: 2000, maxTokens: 5000 });
    });
  });
});
