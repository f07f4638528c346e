import 'reflect-metadata';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { OFFICE_PATH, OFFICE_QUERY, OfficeQueryGuard } from '../../src/office/office-http';
import { createPremises, inspectionsFixture, InspectionsFixture, reportHazard } from '../support/inspections';
import { getFile } from '../support/office';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The office routes over HTTP: query parameters a route does not know are refused (never silently ignored, which
 * answered another file), the ASCII fallback file name is readable and distinct, and a path no route serves gets
 * a zh-CN NOT_FOUND in the error shape of the HTTP routes. Today is 2026-12-07 (Beijing).
 */
describe('office routes over HTTP', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let jingshanId: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2026-12-07T10:00:00+08:00');
    f = await inspectionsFixture(t);
    jingshanId = f.jingshan;
    const premises = await createPremises(f, { name: '景山镇参数测试超市' });
    await reportHazard(f, premises, { description: '疏散通道堆放杂物' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const fallback = (disposition: string) => /filename="([^"]*)"/.exec(disposition)?.[1];
  const star = (disposition: string) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]);
  const audited = async (operation: string) =>
    (await t.dataSource.query(`SELECT outcome, error_code FROM audit_entry WHERE actor_id = $1 AND operation = $2 ORDER BY id DESC LIMIT 1`, [f.center.id, operation]))[0];

  it('a bracketed or unknown query parameter is refused with 400 BAD_USER_INPUT naming it, on every kind of office file, and audited', async () => {
    const q = encodeURIComponent(jingshanId);
    const cases: [string, string, string][] = [
      [`/office/briefings/fire-situation.docx?month=2026-12&regionId[]=${q}`, 'regionId[]', 'regionId、month、documentNumber、issueNumber、recipients'],
      ['/office/briefings/fire-situation.docx?month=2026-12&documentNumber[]=x', 'documentNumber[]', 'regionId、month'],
      ['/office/briefings/fire-situation.docx?month=2026-12&issueNumber[]=x', 'issueNumber[]', 'issueNumber'],
      [`/office/charts/fire-trend.png?month=2026-12&regionId[]=${q}`, 'regionId[]', 'regionId、month'],
      [`/office/charts/townships.svg?month=2026-12&regionId%5B%5D=${q}`, 'regionId[]', 'regionId、month'],
      ['/office/exports/hazards.xlsx?overdue[]=true', 'overdue[]', 'regionId、status、overdue、major、premisesId、foundFrom、foundTo'],
      ['/office/exports/staffing.xlsx?regionid=x', 'regionid', 'regionId'],
      ['/office/exports/evaluations.xlsx?year=2026&year[0]=2025', 'year[0]', 'regionId、year'],
      ['/office/exports/campaign-progress.xlsx?campaignId=x&campaign[id]=y', 'campaign[id]', 'campaignId'],
    ];
    for (const [path, name, accepted] of cases) {
      const res = await getFile(t, f.center, path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      const [e] = res.body.errors;
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.extensions.fields).toEqual([{ field: name, reason: '不认识的参数' }]);
      expect(e.message).toContain(`不认识的参数：${name}（本地址可用的参数：`);
      expect(e.message).toContain(accepted);
    }
    const template = await getFile(t, f.center, '/office/templates/villages.xlsx?regionId=x');
    expect(template.status).toBe(400);
    expect(template.body.errors[0].message).toBe('不认识的参数：regionId（本地址不接受参数）');
    expect(await audited('generateBriefingFireSituation')).toEqual({ outcome: 'FAILURE', error_code: 'BAD_USER_INPUT' });
    expect(await audited('exportHazards')).toEqual({ outcome: 'FAILURE', error_code: 'BAD_USER_INPUT' });
    // an anonymous caller is still told to sign in first
    expect((await getFile(t, null, '/office/exports/hazards.xlsx?overdue[]=true')).status).toBe(401);
  });

  it('known parameters still work, and the region asked for is the one answered', async () => {
    const county = await getFile(t, f.center, '/office/briefings/fire-situation.docx?month=2026-12');
    const town = await getFile(t, f.center, `/office/briefings/fire-situation.docx?month=2026-12&regionId=${encodeURIComponent(jingshanId)}`);
    expect([county.status, town.status]).toEqual([200, 200]);
    expect(star(county.headers['content-disposition'])).toBe('靖宇县2026年12月消防安全形势通报.docx');
    expect(star(town.headers['content-disposition'])).toBe('景山镇2026年12月消防安全形势通报.docx');
    const overdue = await getFile(t, f.center, '/office/exports/hazards.xlsx?overdue=true');
    expect(overdue.status).toBe(200);
    expect((await getFile(t, f.center, '/office/exports/hazards.xlsx?overdue=true&overdue=false')).status).toBe(400);
  });

  it('the ASCII fallback file name is readable, distinct per chart, and made of the route and its period', async () => {
    const names = new Map<string, string>();
    for (const path of ['/office/charts/fire-trend.png?month=2026-12', '/office/charts/townships.png?month=2026-12', '/office/charts/fire-trend.svg?month=2026-11',
      '/office/briefings/fire-situation.docx?month=2026-12', '/office/exports/hazards.xlsx?overdue=true', '/office/exports/hazards.xlsx?status=REPORTED&foundFrom=2026-12-01',
      '/office/exports/fire-situation.xlsx?regionId=' + encodeURIComponent(jingshanId) + '&period=2026-Q4', '/office/templates/premises.xlsx']) {
      const res = await getFile(t, f.center, path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const disposition = res.headers['content-disposition'];
      expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''/);
      names.set(path, fallback(disposition)!);
    }
    expect([...names.values()]).toEqual([
      'fire-trend-2026-12.png', 'townships-2026-12.png', 'fire-trend-2026-11.svg',
      'fire-situation-2026-12.docx', 'hazards-overdue-2026-12-07.xlsx', 'hazards-reported-from-2026-12-01.xlsx',
      'fire-situation-2026-Q4.xlsx', 'premises.xlsx',
    ]);
  });

  it('a path under /office no route serves is a zh-CN 404 in the office error shape; so is any other unknown path', async () => {
    for (const path of ['/office/charts/pie.png', '/office/charts/fire-trend.gif', '/office/charts/fire-trend', '/office', '/office/exports/hazards.csv?overdue=true']) {
      const res = await getFile(t, f.center, path);
      expect({ path, status: res.status, body: res.body ?? res.bytes.toString() }).toMatchObject({ path, status: 404, body: { errors: [{ extensions: { code: 'NOT_FOUND' } }] } });
      expect(res.body.errors[0].message).toBe(`没有这个地址：GET ${path.split('?')[0]}；可用的文件见 docs/office.md`);
      expect(JSON.stringify(res.body)).not.toContain('Cannot GET');
    }
    for (const path of ['/nowhere', '/health/nowhere', '/attachments/a/b']) {
      const res = await getFile(t, null, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body.errors[0]).toMatchObject({ message: `没有这个地址：GET ${path}；GraphQL 接口在 /graphql，其他地址见 docs/api.md`, extensions: { code: 'NOT_FOUND' } });
    }
    // what already answered keeps answering as before
    expect((await getFile(t, null, '/health/live')).status).toBe(200);
    const template = await getFile(t, f.center, '/office/templates/nothing.xlsx');
    expect(template.status).toBe(404);
    expect(template.body.errors[0].message).toBe('导入模板不存在或无权访问');
    expect((await getFile(t, null, '/office/exports/staffing.xlsx')).status).toBe(401);
    const graphql = await getFile(t, null, '/graphql/nowhere');
    expect(graphql.status).toBeLessThan(500);
  });

  it('a date-time typed as the documents write it, its offset\'s 「+」 unencoded (arrived as a space), is taken; a missing one gets one reason', async () => {
    const auditor = await t.admins.audit.account();
    // what docs/api.md shows, typed into the address bar as it stands: the query string's 「+」 is a space
    const typed = await getFile(t, auditor, '/office/exports/audit-trail.xlsx?from=2026-12-01T00:00:00+08:00&to=2026-12-07T09:00:00+08:00');
    expect(typed.status).toBe(200);
    const encoded = await getFile(t, auditor, '/office/exports/audit-trail.xlsx?from=2026-12-01T00:00:00%2B08:00&to=2026-12-07T01:00:00Z');
    expect(encoded.status).toBe(200);
    const [entry] = await t.dataSource.query(`SELECT summary FROM audit_entry WHERE actor_id = $1 AND operation = 'exportAuditTrail' AND outcome = 'SUCCESS' ORDER BY id DESC OFFSET 1 LIMIT 1`, [auditor.id]);
    expect(entry.summary.after).toMatchObject({ from: '2026-12-01T00:00:00+08:00', to: '2026-12-07T09:00:00+08:00' });
    // only that exact shape: a space elsewhere is still refused, with an example written as it goes into an address
    for (const from of ['2026-12-01 00:00:00+08:00', '2026-12-01T00:00:00  08:00', '2026-12-01T00:00:00 0800', '2026-12-01T00:00:00-08:00 ']) {
      const res = await getFile(t, auditor, `/office/exports/audit-trail.xlsx?from=${encodeURIComponent(from)}&to=2026-12-07T01:00:00Z`);
      expect({ from, status: res.status }).toEqual({ from, status: 400 });
      expect(res.body.errors[0].extensions.fields).toEqual([{ field: 'from', reason: '须为带时区的时间，如 2026-12-01T00:00:00%2B08:00（地址中的「+」写作 %2B）' }]);
    }
    // no parameters: one reason per missing field, nothing else (not also 「必须是文本」)
    const bare = await getFile(t, auditor, '/office/exports/audit-trail.xlsx');
    expect(bare.status).toBe(400);
    expect(bare.body.errors[0].extensions.fields).toEqual([
      { field: 'from', reason: '必填：带时区的时间，如 2026-12-01T00:00:00%2B08:00（地址中的「+」写作 %2B）' },
      { field: 'to', reason: '必填：带时区的时间，如 2026-12-08T00:00:00%2B08:00（地址中的「+」写作 %2B）' },
    ]);
    const twice = await getFile(t, auditor, '/office/exports/audit-trail.xlsx?from=2026-12-01T00:00:00Z&from=2026-12-02T00:00:00Z&to=2026-12-07T01:00:00Z');
    expect(twice.body.errors[0].extensions.fields).toEqual([{ field: 'from', reason: '只能给一次' }]);
  });

  it('every office route declares exactly the query parameters its handler reads, and is guarded by OfficeQueryGuard', () => {
    const routes: string[] = [];
    for (const wrapper of t.app.get(DiscoveryService).getControllers()) {
      const type = wrapper.metatype as (new (...a: never[]) => unknown) | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      if (base !== OFFICE_PATH && !base.startsWith(`${OFFICE_PATH}/`)) continue;
      expect({ controller: type.name, guards: (Reflect.getMetadata('__guards__', type) ?? []).includes(OfficeQueryGuard) }).toEqual({ controller: type.name, guards: true });
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        routes.push(`${type.name}.${name}`);
        const declared = Reflect.getMetadata(OFFICE_QUERY, handler) as string[] | undefined;
        expect({ route: `${type.name}.${name}`, declared: declared !== undefined }).toEqual({ route: `${type.name}.${name}`, declared: true });
        const params = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {}) as Record<string, { index: number; data?: string }>;
        const types = (Reflect.getMetadata('design:paramtypes', type.prototype, name) ?? []) as (new () => unknown)[];
        const read = new Set<string>();
        for (const [key, { index, data }] of Object.entries(params)) {
          if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
          if (data) read.add(data);
          else for (const m of getMetadataStorage().getTargetValidationMetadatas(types[index], '', true, false)) read.add(m.propertyName);
        }
        expect({ route: `${type.name}.${name}`, declared: [...declared!].sort() }).toEqual({ route: `${type.name}.${name}`, declared: [...read].sort() });
      }
    }
    // the routes of docs/office.md: templates, 7 exports (the audit trail's included), the campaign's 2 documents, the briefing, 2 charts
    expect(routes.length).toBe(13);
  });
});
