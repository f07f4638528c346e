import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { jest } from '@jest/globals';
import { HazardService } from '../../src/inspections/hazard.service';
import { EvaluationFixture } from '../support/evaluation';
import { createPremises, inspectionsFixture, InspectionsFixture, order, reportHazard } from '../support/inspections';
import { getFile, readXlsx, sheetRecords } from '../support/office';
import { createTestApp, data, TestAccount, TestApp } from '../support/test-app';

/**
 * Exports to .xlsx with Chinese headers. Each file is read back and compared with what the API answers
 * to the same caller for the same question: the numbers must be equal.
 */
describe('exports to .xlsx', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let county: string;
  const num = (s: string) => (s === '' ? null : Number(s));

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    f = await inspectionsFixture(t);
    county = f.county;
    const premises = await createPremises(f);
    const ordered = await reportHazard(f, premises, { description: '疏散通道堆放杂物', foundOn: '2027-03-09' });
    data(await order(f, ordered.id, { deadline: '2027-03-12' }));
    await reportHazard(f, premises, { description: '灭火器过期', foundOn: '2027-03-10' });
    await reportHazard(f, premises, { description: '电线私拉乱接', foundOn: '2027-02-20' });
    const fire = (input: Record<string, unknown>) => t.gqlAs(f.station, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id } }`, {
      i: { regionId: f.jingshan, place: '景山镇某仓库', cause: 'ELECTRICAL', deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 1000, ...input },
    });
    data(await fire({ occurredAt: '2027-03-05T20:00:00+08:00', injuries: 2, directLossYuan: 12345.67 }));
    data(await fire({ occurredAt: '2027-02-14T20:00:00+08:00', directLossYuan: 800 }));
    // last March (同比), inside the late-record window of 366 days (T-INS-5)
    data(await fire({ occurredAt: '2026-03-10T08:00:00+08:00', directLossYuan: 500 }));
    // the deadline of the ordered hazard passes: it is overdue
    t.clock.freeze('2027-03-20T10:00:00+08:00');
    await f.refresh();
  });
  afterAll(async () => {
    await t.close();
  });

  it('staffing.xlsx: every unit\'s quota, on duty, vacancies and pipeline equal `staffing` (ORG-3, PER-9)', async () => {
    const res = await getFile(t, f.center, `/office/exports/staffing.xlsx?regionId=${encodeURIComponent(county)}`);
    expect(res.status).toBe(200);
    const records = sheetRecords((await readXlsx(res.bytes)).get('人员配备')!, '单位');
    const api = data(await t.gqlAs(f.center, `query($r: ID) { staffing(regionId: $r, first: 100) { edges { node { organizationName townshipName staffQuota onDuty vacancies pipeline { state count } deviationsInForce { totalCount } } } } }`, { r: county }))
      .staffing.edges.map((e: any) => e.node);
    expect(records.slice(0, -1).map((r) => [r['单位'], r['所在乡镇'], num(r['编制']), num(r['在岗']), num(r['空岗']), num(r['人选'])])).toEqual(
      api.map((e: any) => [e.organizationName, e.townshipName ?? '', e.staffQuota, e.onDuty, e.vacancies, e.pipeline.find((p: any) => p.state === 'CANDIDATE')?.count ?? 0]),
    );
    // ORG-3: the center 4, 靖宇镇 3, the seven others 2: 21 in all, none filled yet
    expect(records.at(-1)).toMatchObject({ 单位: '合计', 编制: '21', 在岗: '0', 空岗: '21' });
  });

  it('hazards.xlsx: the filtered list equals `hazards` with the same filters, every page of it (INS-2)', async () => {
    const q = `query($r: ID, $o: Boolean, $s: HazardStatus, $after: String) { hazards(regionId: $r, overdue: $o, status: $s, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { foundOn description status overdue deadline premises { name } } } } }`;
    for (const [query, vars] of [['', {}], ['?overdue=true', { o: true }], [`?status=REPORTED&regionId=${encodeURIComponent(f.jingshan)}`, { s: 'REPORTED', r: f.jingshan }]] as const) {
      const res = await getFile(t, f.station, `/office/exports/hazards.xlsx${query}`);
      expect(res.status).toBe(200);
      const records = sheetRecords((await readXlsx(res.bytes)).get('隐患清单')!, '发现日期');
      const api = data(await t.gqlAs(f.station, q, vars)).hazards.edges.map((e: any) => e.node);
      expect(records.map((r) => [r['发现日期'], r['隐患描述'], r['场所'], r['整改期限'], r['逾期']])).toEqual(
        api.map((h: any) => [h.foundOn, h.description, h.premises.name, h.deadline ?? '', h.overdue ? '是' : '否']),
      );
      expect(records.length).toBe(query === '' ? 3 : query.startsWith('?overdue') ? 1 : 2);
    }
    const overdue = sheetRecords((await readXlsx((await getFile(t, f.station, '/office/exports/hazards.xlsx?overdue=true')).bytes)).get('隐患清单')!, '发现日期');
    expect(overdue[0]).toMatchObject({ 隐患描述: '疏散通道堆放杂物', 状态: '整改中', 整改期限: '2027-03-12', 逾期: '是' });
  });

  /** The caption lines of a sheet: the rows above its header row. */
  const captions = (rows: string[][], firstHeader: string) => rows.slice(0, rows.findIndex((r) => r[0] === firstHeader)).map((r) => r[0]);

  it('every export prints the filters used and its number of rows: 「筛选：…；共 N 条」', async () => {
    const hazards = (await readXlsx((await getFile(t, f.station, `/office/exports/hazards.xlsx?overdue=true&regionId=${encodeURIComponent(f.jingshan)}`)).bytes)).get('隐患清单')!;
    const listed = sheetRecords(hazards, '发现日期');
    expect(captions(hazards, '发现日期')).toContain(`筛选：逾期，区划 景山镇；共 ${listed.length} 条`);
    const all = (await readXlsx((await getFile(t, f.station, '/office/exports/hazards.xlsx')).bytes)).get('隐患清单')!;
    const total = data(await t.gqlAs(f.station, '{ hazards { totalCount } }')).hazards.totalCount;
    expect(captions(all, '发现日期')).toContain(`筛选：区划 全部（本账号管辖范围）；共 ${total} 条`);
    expect(sheetRecords(all, '发现日期')).toHaveLength(total);

    const staffing = (await readXlsx((await getFile(t, f.center, `/office/exports/staffing.xlsx?regionId=${encodeURIComponent(county)}`)).bytes)).get('人员配备')!;
    const units = data(await t.gqlAs(f.center, `query($r: ID) { staffing(regionId: $r) { totalCount } }`, { r: county })).staffing.totalCount;
    expect(captions(staffing, '单位')).toContain(`筛选：区划 靖宇县；共 ${units} 条（另有合计一行）`);
    expect(sheetRecords(staffing, '单位')).toHaveLength(units + 1);

    const coverage = (await readXlsx((await getFile(t, f.center, '/office/exports/village-coverage.xlsx')).bytes)).get('覆盖情况')!;
    const townships = data(await t.gqlAs(f.center, '{ villageCoverage { totalCount } }')).villageCoverage.totalCount;
    expect(captions(coverage, '乡镇')).toContain(`筛选：区划 全部（本账号管辖范围）；共 ${townships} 条（每乡镇一条）`);
    expect(sheetRecords(coverage, '乡镇')).toHaveLength(townships);
  });

  it('INS-4: fire-situation.xlsx captions each period\'s sheet with its own dates (上期 February, 上年同期 last March)', async () => {
    const sheets = await readXlsx((await getFile(t, f.center, `/office/exports/fire-situation.xlsx?regionId=${encodeURIComponent(county)}&period=2027-03`)).bytes);
    const caption = (name: string) => captions(sheets.get(name)!, '乡镇').join('\n');
    expect(caption('本期')).toContain('统计期 2027年3月（2027-03-01 至 2027-03-31）');
    expect(caption('上期')).toContain('统计期 2027年2月（2027-02-01 至 2027-02-28）');
    // the sheet's own lines (title, 统计期) name no other period; the 筛选 line says which export this is
    const own = (name: string) => captions(sheets.get(name)!, '乡镇').slice(0, 2).join('\n');
    expect(own('上期')).not.toContain('2027-03-');
    expect(own('上期')).toContain('2027年2月（上期）火灾形势');
    expect(caption('上年同期')).toContain('统计期 2026年3月（2026-03-01 至 2026-03-31）');
    expect(own('上年同期')).not.toContain('2027');
    expect(caption('环比')).toContain('本期 2027年3月（2027-03-01 至 2027-03-31） 较上期 2027年2月（2027-02-01 至 2027-02-28）');
    expect(caption('同比')).toContain('较上年同期 2026年3月（2026-03-01 至 2026-03-31）');
    const rows = sheetRecords(sheets.get('上期')!, '乡镇').length;
    expect(caption('上期')).toContain(`筛选：区划 靖宇县，统计期 2027年3月（2027-03-01 至 2027-03-31）；共 ${rows} 条`);
  });

  it('a list export whose rows differ from the list\'s totalCount sends nothing: 409 CONFLICT in zh-CN, audited', async () => {
    // rows written while the pages are read: the count the list reports is one more than its pages hold
    const service = t.app.get(HazardService);
    const list = service.list.bind(service);
    const spy = jest.spyOn(service, 'list').mockImplementation(async (...args: Parameters<HazardService['list']>) => {
      const page = await list(...args);
      return Object.defineProperty({ edges: page.edges, pageInfo: page.pageInfo }, 'totalCount', { get: async () => (await page.totalCount) + 1 }) as typeof page;
    });
    try {
      const res = await getFile(t, f.station, '/office/exports/hazards.xlsx');
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 409 });
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.body.errors[0].extensions.code).toBe('CONFLICT');
      expect(res.body.errors[0].message).toMatch(/^导出的行数（\d+）与列表总数（\d+）不一致，未导出/);
    } finally {
      spy.mockRestore();
    }
    const [last] = await t.dataSource.query(`SELECT outcome, error_code FROM audit_entry WHERE actor_id = $1 AND operation = 'exportHazards' ORDER BY id DESC LIMIT 1`, [f.station.id]);
    expect(last).toEqual({ outcome: 'FAILURE', error_code: 'CONFLICT' });
  });
  it('hazards.xlsx reads every page: 130 hazards of January, filtered by the found date, equal `hazards` page after page', async () => {
    const premises = await createPremises(f);
    for (let i = 0; i < 130; i++) await reportHazard(f, premises, { description: `一月隐患 ${i + 1}`, foundOn: `2027-01-${String((i % 28) + 1).padStart(2, '0')}` });
    const res = await getFile(t, f.station, '/office/exports/hazards.xlsx?foundFrom=2027-01-01&foundTo=2027-01-31');
    const records = sheetRecords((await readXlsx(res.bytes)).get('隐患清单')!, '发现日期');
    const api: string[] = [];
    let after: string | null = null;
    do {
      const page: any = data(await t.gqlAs(f.station, `query($after: String) { hazards(foundFrom: "2027-01-01", foundTo: "2027-01-31", first: 50, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { foundOn description } } } }`, { after })).hazards;
      api.push(...page.edges.map((e: any) => `${e.node.foundOn} ${e.node.description}`));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(api).toHaveLength(130);
    expect(records.map((r) => `${r['发现日期']} ${r['隐患描述']}`)).toEqual(api);
  });

  it('fire-situation.xlsx: each township\'s figures this month, last month and a year before, and the changes, equal `fireSituation` (INS-4)', async () => {
    const res = await getFile(t, f.center, `/office/exports/fire-situation.xlsx?regionId=${encodeURIComponent(county)}&period=2027-03`);
    expect(res.status).toBe(200);
    const sheets = await readXlsx(res.bytes);
    const fig = 'incidents deaths injuries directLossYuan hazardsFound hazardsRectified hazardsOverdue rectificationRate inspections';
    const chg = `periodOnPeriod { metric delta percent } yearOnYear { metric delta percent }`;
    const api = data(await t.gqlAs(f.center, `query($r: ID!, $p: PeriodInput!) { fireSituation(regionId: $r, period: $p) {
      total { townshipName current { ${fig} } previousPeriod { ${fig} } samePeriodLastYear { ${fig} } ${chg} }
      townships { townshipName current { ${fig} } previousPeriod { ${fig} } samePeriodLastYear { ${fig} } ${chg} } } }`, { r: county, p: { kind: 'MONTH', year: 2027, number: 3 } })).fireSituation;
    const rows = [...api.townships, api.total];
    const metrics = fig.split(' ');
    for (const [sheet, pick] of [['本期', 'current'], ['上期', 'previousPeriod'], ['上年同期', 'samePeriodLastYear']] as const) {
      const records = sheetRecords(sheets.get(sheet)!, '乡镇');
      expect(records.map((r) => Object.values(r).slice(1).map(num))).toEqual(rows.map((row: any) => metrics.map((m) => row[pick][m])));
      expect(records.map((r) => r['乡镇'])).toEqual(rows.map((r: any) => r.townshipName));
    }
    for (const [sheet, pick] of [['环比', 'periodOnPeriod'], ['同比', 'yearOnYear']] as const) {
      const records = sheetRecords(sheets.get(sheet)!, '乡镇');
      expect(records.map((r) => Object.values(r).slice(1).map(num))).toEqual(rows.map((row: any) => metrics.flatMap((m) => {
        // the API names a metric in UPPER_CASE (SituationMetric), the figures' field in camelCase
        const c = row[pick].find((x: any) => x.metric === m.replace(/[A-Z]/g, (l) => `_${l}`).toUpperCase());
        return [c.delta, c.percent];
      })));
    }
    // worked out by hand: 景山镇 this month 1 fire, 2 injured, ¥12,345.67; last month 1 fire, ¥800
    const jingshan = sheetRecords(sheets.get('本期')!, '乡镇').find((r) => r['乡镇'] === '景山镇')!;
    expect(jingshan).toMatchObject({ 火灾起数: '1', 受伤人数: '2', '直接财产损失（元）': '12345.67', 发现隐患: '2' });
    expect(sheetRecords(sheets.get('环比')!, '乡镇').find((r) => r['乡镇'] === '景山镇')).toMatchObject({ '直接财产损失（元）增减': '11545.67' });
  });

  it('village-coverage.xlsx: per township counts and the villages lacking each element equal `villageCoverage` (ORG-6)', async () => {
    const village = (name: string) => t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: f.jingshan, name, kind: 'VILLAGE' } });
    const a = data(await village('导出一村')).createRegion.id;
    data(await village('导出二村'));
    data(await t.gqlAs(f.station, `mutation($i: SetVillageManagerInput!) { setVillageManager(input: $i) { version } }`, { i: { villageId: a, name: '管理人甲', phone: '13900000001' } }));
    const res = await getFile(t, f.center, '/office/exports/village-coverage.xlsx');
    expect(res.status).toBe(200);
    const records = sheetRecords((await readXlsx(res.bytes)).get('覆盖情况')!, '乡镇');
    const api = data(await t.gqlAs(f.center, `{ villageCoverage(first: 8) { edges { node { township { name } villages withManager withPledge withTeam lackingManager(first: 50) { edges { node { name } } } } } } }`)).villageCoverage.edges.map((e: any) => e.node);
    expect(records.map((r) => [r['乡镇'], num(r['村（社区）数']), num(r['有管理人']), num(r['有防火公约']), num(r['有消防队伍']), r['缺管理人的']])).toEqual(
      api.map((c: any) => [c.township.name, c.villages, c.withManager, c.withPledge, c.withTeam, c.lackingManager.edges.map((e: any) => e.node.name).join('、')]),
    );
    expect(records.find((r) => r['乡镇'] === '景山镇')).toMatchObject({ '村（社区）数': '2', 有管理人: '1', 缺管理人的: '导出二村' });
  });

  it('exports keep the API\'s permissions and jurisdiction, refuse bad parameters in zh-CN, and are audited', async () => {
    const discipline = await t.account({ role: Role.DISCIPLINE });
    const denied = await getFile(t, discipline, '/office/exports/hazards.xlsx');
    expect(denied.status).toBe(403);
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await getFile(t, null, '/office/exports/staffing.xlsx')).status).toBe(401);
    const outside = await getFile(t, f.station, `/office/exports/hazards.xlsx?regionId=${encodeURIComponent(toGlobalId('Region', await t.regionId('靖宇镇')))}`);
    expect(outside.status).toBe(403);
    const bad = await getFile(t, f.station, '/office/exports/hazards.xlsx?overdue=maybe&foundFrom=2027-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.body.errors[0].extensions.fields.map((x: any) => x.field).sort()).toEqual(['foundFrom', 'overdue']);
    expect(bad.body.errors[0].extensions.fields.every((x: any) => /[\u4e00-\u9fff]/.test(x.reason))).toBe(true);
    const period = await getFile(t, f.center, `/office/exports/fire-situation.xlsx?regionId=${encodeURIComponent(county)}&period=2027-13`);
    expect(period.status).toBe(400);
    expect(JSON.stringify(period.body)).not.toMatch(/at .*\.ts:\d+/);
    const audited = await t.dataSource.query(`SELECT operation, outcome, error_code FROM audit_entry WHERE actor_id = $1 AND operation LIKE 'export%' ORDER BY id`, [f.station.id]);
    expect(audited).toEqual(expect.arrayContaining([
      { operation: 'exportHazards', outcome: 'SUCCESS', error_code: null },
      { operation: 'exportHazards', outcome: 'FAILURE', error_code: 'BAD_USER_INPUT' },
      { operation: 'exportHazards', outcome: 'DENIED', error_code: 'FORBIDDEN' },
    ]));
  });

  it('evaluations.xlsx: a year\'s current results, a sheet per period kind, equal `evaluations(year:)` (EVA-1, EVA-4)', async () => {
    const e = await new EvaluationFixture(t, '靖宇镇').init();
    await e.at('2027-07-01T09:00:00+08:00');
    const a = (await e.staff('张甲', '2027-07-01')).personId;
    const b = (await e.staff('王乙', '2027-07-01')).personId;
    await e.at('2027-08-02T09:00:00+08:00');
    await e.month(2027, 7, { [e.stationId]: { center: 90, township: 90, appraisal: 90 }, [a]: { center: 95, township: 85, appraisal: 80 }, [b]: { center: 60, township: 50, appraisal: 40 } });
    const res = await getFile(t, e.center, '/office/exports/evaluations.xlsx?year=2027');
    expect(res.status).toBe(200);
    const sheets = await readXlsx(res.bytes);
    const months = sheetRecords(sheets.get('月度考评')!, '考评对象');
    const api = data(await t.gqlAs(e.center, `{ evaluations(year: 2027, first: 100) { edges { node { subjectName subjectKind period { kind label } score gradeLabel policyVersion version } } } }`)).evaluations.edges.map((x: any) => x.node);
    const monthly = api.filter((x: any) => x.period.kind === 'MONTH');
    expect(months.map((r) => [r['考评对象'], r['期间'], Number(r['得分']), r['等次'], num(r['政策版本']), num(r['结果版本'])]).sort()).toEqual(
      monthly.map((x: any) => [x.subjectName, x.period.label, x.score, x.gradeLabel, x.policyVersion, x.version]).sort(),
    );
    // worked out by hand (EVA-1, 50/50): 张甲 (95+85)/2 = 90 report, appraisal 80: 85 GOOD; 王乙 (55 + 40) / 2 = 47.5 INCOMPETENT
    expect(months.find((r) => r['考评对象'] === '张甲')).toMatchObject({ 得分: '85', 等次: '良好', 工作站: expect.stringContaining('靖宇镇') });
    expect(months.find((r) => r['考评对象'] === '王乙')).toMatchObject({ 得分: '47.5', 等次: '不称职' });
    expect(sheetRecords(sheets.get('年度考评')!, '考评对象')).toEqual([]);
    const refused = await getFile(t, e.center, '/office/exports/evaluations.xlsx?year=20x7');
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions.fields[0].field).toBe('year');
    const station: TestAccount = e.station;
    const own = sheetRecords((await readXlsx((await getFile(t, station, '/office/exports/evaluations.xlsx?year=2027')).bytes)).get('月度考评')!, '考评对象');
    expect(own.length).toBe(3); // its own station and staff only (靖宇镇)
  });

  /** The download's file name (RFC 6266 `filename*`). */
  const downloadName = (res: { headers: Record<string, string> }) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers['content-disposition'])![1]);
  const workbook = async (bytes: Buffer) => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    return wb;
  };
  /** The row whose first cell is `firstHeader` (the header row). */
  const headerRow = (ws: any, firstHeader: string) => {
    for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === firstHeader) return r;
    throw new Error(`no header ${firstHeader} in ${ws.name}`);
  };
  const cellOf = (ws: any, header: number, name: string, row: number) => {
    const col = (ws.getRow(header).values as unknown[]).indexOf(name);
    expect(col).toBeGreaterThan(0);
    return ws.getRow(row).getCell(col).value;
  };

  /** RFC 6266: a quoted ASCII fallback, then RFC 5987 `filename*` of attr-chars and %XX only (no ' ( ) * as they are). */
  const DISPOSITION = /^attachment; filename="(?:[\x20-\x21\x23-\x5b\x5d-\x7e])+"; filename\*=UTF-8''(?:[A-Za-z0-9!#$&+.^_`|~-]|%[0-9A-F]{2})+$/;

  it('a file name is at most 80 characters before its extension and still ends with what the file is; brackets, quotes and stars are encoded in filename*', async () => {
    await f.refresh();
    // a premises name of 100 characters (its longest), ASCII brackets, an apostrophe and a star in it
    const long = `景山镇(东门)'老街'*综合${'商'.repeat(60)}市场第一分部和第二分部连带仓库及员工宿舍区域二十三号`.slice(0, 100);
    expect([...long].length).toBe(100);
    const premises = await createPremises(f, { name: long });
    const hazard = await reportHazard(f, premises, { description: '安全出口上锁', foundOn: t.clock.today() });
    data(await order(f, hazard.id, { deadline: t.clock.today() }));
    const res = await getFile(t, f.station, `/office/exports/hazards.xlsx?premisesId=${encodeURIComponent(premises)}&status=RECTIFYING`);
    expect(res.status).toBe(200);
    const disposition = res.headers['content-disposition'];
    expect(disposition).toMatch(DISPOSITION);
    expect(disposition).toContain('%28'); // (
    expect(disposition).toContain('%27'); // '
    const name = downloadName(res);
    const base = name.replace(/\.xlsx$/, '');
    expect(name).toMatch(/\.xlsx$/);
    expect([...base].length).toBeLessThanOrEqual(80);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    // the region and the day first, the filters as far as they fit, 「…」 where text was left out, the kind at the end
    expect(base).toMatch(new RegExp(`^景山镇-截至${t.clock.today()}-状态为整改中、场所 景山镇\\(东门\\)'老街'_综合商+.*….*隐患清单$`));
    // the ASCII fallback is a quoted string of printable ASCII, its extension kept
    expect(/filename="([^"]+)"/.exec(disposition)![1]).toMatch(/^[\x20-\x7e]+\.xlsx$/);
    // the sheet's caption still names the premises in full
    const ws = (await workbook(res.bytes)).getWorksheet('隐患清单')!;
    expect([1, 2, 3].map((r) => String(ws.getRow(r).getCell(1).value)).join('\n')).toContain(`场所 ${long}`);

    // a name with no room problem is left whole: the staffing list of a region, nothing cut
    const staffing = await getFile(t, f.center, `/office/exports/staffing.xlsx?regionId=${encodeURIComponent(county)}`);
    expect(downloadName(staffing)).toBe(`靖宇县-截至${t.clock.today()}-人员配备情况.xlsx`);
  });

  it('every export prints: A4 landscape, one page wide, header repeated, frozen and filtered, dates as dates, the filters and count in words, a file name of region, period and filters', async () => {
    await f.refresh(); // the clock moved on (evaluations): sign in again
    // a task of the county committee for the ledger (COM-2): its dates are date cells
    const committee = ((await t.dataSource.query(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '靖宇县' AND o.kind = 'COUNTY_COMMITTEE'`)) as { id: string }[])[0].id;
    const unit = data(await t.admins.system.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { kind: 'MEMBER_UNIT', name: '县住建局', regionId: county, committeeId: toGlobalId('Organization', committee) },
    })).createOrganization.id;
    data(await t.gql(`mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`, { i: { assigneeId: unit, title: '排查老旧小区电动自行车停放充电隐患', requirement: '逐小区排查并报送台账', deadline: '2027-09-15', evidenceRequired: false } }));
    // a description far longer than its column: it wraps, its row is as high as its lines
    await reportHazard(f, await createPremises(f), { description: '二层仓库疏散通道堆放大量纸箱和泡沫包装材料，安全出口被货架遮挡，应急照明灯损坏未修复，灭火器压力不足且已过检验期', foundOn: t.clock.today() });
    const today = t.clock.today();
    const year = today.slice(0, 4);
    const jingshan = encodeURIComponent(f.jingshan);
    const exports: { who: TestAccount; path: string; name: string[]; filters: string[]; sheets: Record<string, string>; dates?: { sheet: string; header: string; row: (ws: any, h: number) => number; utc: string }[] }[] = [
      { who: f.center, path: `/office/exports/staffing.xlsx?regionId=${encodeURIComponent(county)}`, name: ['靖宇县', `截至${today}`, '人员配备情况'], filters: ['区划 靖宇县'], sheets: { 人员配备: '单位' } },
      {
        who: f.station, path: `/office/exports/hazards.xlsx?overdue=true&status=RECTIFYING&regionId=${jingshan}`, name: ['景山镇', `截至${today}`, '逾期、状态为整改中隐患清单'], filters: ['逾期', '状态为整改中', '区划 景山镇'], sheets: { 隐患清单: '发现日期' },
        // 疏散通道堆放杂物: found 2027-03-09, ordered 2027-03-10 with a deadline of 2027-03-12
        dates: [{ sheet: '隐患清单', header: '发现日期', row: (_ws, h) => h + 1, utc: '2027-03-09T00:00:00.000Z' }, { sheet: '隐患清单', header: '整改期限', row: (_ws, h) => h + 1, utc: '2027-03-12T00:00:00.000Z' }],
      },
      { who: f.station, path: '/office/exports/hazards.xlsx?foundFrom=2027-01-01&foundTo=2027-01-31', name: ['景山镇', '发现于2027-01-01至2027-01-31', '隐患清单'], filters: ['发现日期 2027-01-01至2027-01-31', '区划 全部（本账号管辖范围）'], sheets: { 隐患清单: '发现日期' } },
      { who: f.center, path: `/office/exports/fire-situation.xlsx?regionId=${encodeURIComponent(county)}&period=2027-03`, name: ['靖宇县', '2027年3月', '火灾形势'], filters: ['区划 靖宇县', '统计期 2027年3月'], sheets: { 本期: '乡镇', 上期: '乡镇', 上年同期: '乡镇', 环比: '乡镇', 同比: '乡镇' } },
      { who: f.center, path: `/office/exports/village-coverage.xlsx?regionId=${jingshan}`, name: ['景山镇', `截至${today}`, '村（社区）消防工作覆盖'], filters: ['区划 景山镇'], sheets: { 覆盖情况: '乡镇' } },
      {
        who: f.center, path: '/office/exports/evaluations.xlsx?year=2027', name: ['靖宇县', '2027年', '考评结果（现行版本）'], filters: ['年度 2027', '区划 全部（本账号管辖范围）', '现行版本'], sheets: { 年度考评: '考评对象', 季度考评: '考评对象', 月度考评: '考评对象' },
        // finalized at 2027-08-02 09:00 Beijing time (01:00 UTC): the cell shows 2027-08-02 09:00
        dates: [{ sheet: '月度考评', header: '定稿时间（北京时间）', row: (_ws, h) => h + 1, utc: '2027-08-02T09:00:00.000Z' }],
      },
      {
        who: t.office, path: `/office/exports/tasks.xlsx?year=${year}`, name: ['靖宇县', `${year}年`, `任务台账（截至${today}）`], filters: [`年度 ${year}（按交办日期）`, '区划 全部（本账号管辖范围）'], sheets: { 承办单位汇总: '承办单位', 任务清单: '任务名称' },
        dates: [{ sheet: '任务清单', header: '交办日期', row: (_ws, h) => h + 1, utc: `${today}T00:00:00.000Z` }, { sheet: '任务清单', header: '办结期限', row: (_ws, h) => h + 1, utc: '2027-09-15T00:00:00.000Z' }],
      },
      { who: f.station, path: '/office/exports/hazards.xlsx', name: ['景山镇', `截至${today}`, '隐患清单'], filters: ['区划 全部（本账号管辖范围）'], sheets: { 隐患清单: '发现日期' } },
    ];
    let wrapped = 0;
    for (const x of exports) {
      const res = await getFile(t, x.who, x.path);
      expect({ path: x.path, status: res.status }).toEqual({ path: x.path, status: 200 });
      expect(downloadName(res)).toBe(`${x.name.join('-')}.xlsx`);
      expect(res.headers['content-disposition']).toMatch(DISPOSITION);
      const wb = await workbook(res.bytes);
      expect(wb.worksheets.map((w) => w.name).sort()).toEqual(Object.keys(x.sheets).sort());
      for (const ws of wb.worksheets) {
        const h = headerRow(ws, x.sheets[ws.name]);
        const where = `${x.path} ${ws.name}`;
        expect({ where, ...ws.pageSetup }).toMatchObject({ where, paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${h}:${h}` });
        expect({ where, view: ws.views[0] }).toMatchObject({ where, view: { state: 'frozen', ySplit: h } });
        expect({ where, filter: ws.autoFilter }).toMatchObject({ where, filter: expect.stringMatching(new RegExp(`^A${h}:[A-Z]+\\d+$`)) });
        const caption = Array.from({ length: h - 1 }, (_, i) => String(ws.getRow(i + 1).getCell(1).value)).join('\n');
        const rows = ws.rowCount - h;
        expect(caption).toMatch(new RegExp(`共 ${rows - (/另有合计一行/.test(caption) ? 1 : 0)} 条`));
        for (const filter of x.filters) expect({ where, caption }).toEqual({ where, caption: expect.stringContaining(filter) });
        // words, not rule codes, in what a reader sees first
        expect(`${ws.name}\n${caption}`).not.toMatch(/[A-Z]{2,4}-\d/);
        // long text wraps in its column; no column is wider than a readable 40 characters unless set so
        ws.eachRow((row, r) => {
          if (r <= h) return;
          row.eachCell((cell, c) => {
            if (typeof cell.value !== 'string') return;
            const width = [...cell.value].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
            if (width + 1 <= (ws.getColumn(c).width ?? 10)) return;
            // set high enough for its lines (LibreOffice keeps a row's height as written)
            expect({ where, r, c, wrap: cell.alignment?.wrapText, high: (row.height ?? 15) >= 30 }).toEqual({ where, r, c, wrap: true, high: true });
            wrapped++;
          });
        });
      }
      for (const d of x.dates ?? []) {
        const ws = wb.getWorksheet(d.sheet)!;
        const h = headerRow(ws, x.sheets[d.sheet]);
        const value = cellOf(ws, h, d.header, d.row(ws, h));
        expect(value).toBeInstanceOf(Date);
        expect((value as Date).toISOString()).toBe(d.utc);
        const col = (ws.getRow(h).values as unknown[]).indexOf(d.header);
        expect(ws.getRow(d.row(ws, h)).getCell(col).numFmt).toBe(d.utc.endsWith('T00:00:00.000Z') && !d.header.includes('时间') ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm');
      }
    }
    expect(wrapped).toBeGreaterThan(0);
  });
});
