import mammoth from 'mammoth';
import PizZip from 'pizzip';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/kernel/permissions';
import { loadAppConfig } from '../../src/config/app-config';
import { toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { createPremises, inspectionsFixture, InspectionsFixture, order, recheck, reportHazard, reportRectification } from '../support/inspections';
import { getFile } from '../support/office';
import { createTestApp, data, TEST_ENV, TestAccount, TestApp } from '../support/test-app';

/**
 * The monthly fire-situation briefing (消防安全形势通报, INS-4): the .docx is opened, its text read, and every
 * figure, change, township row and listed hazard compared with what `fireSituation` and `hazards` answer the same
 * actor, plus hand-computed numbers and lists. Data: 景山镇 and 龙泉镇 in 2027-06 (the briefing's month), 2027-05 (环比)
 * and 2026-06 (同比), all recorded through the API with the clock moved; today is 2027-07-15 (Beijing). A past
 * month's lists are those as they stood at its end (the hazards' history), the current month is compared like for like.
 */
describe('the monthly fire-situation briefing (INS-4)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let longquan: TestAccount; // the station of 龙泉镇
  let discipline: TestAccount;
  let village: string;
  let longquanId: string;
  /** Hazards of June by their description's key, for the steps taken after the month's end. */
  const ids: Record<string, string> = {};
  /** The assignee organization's name of each task, by title. */
  const assignees: Record<string, string> = {};
  const TODAY = '2027-07-15';
  const at = (day: string) => `${day}T10:00:00+08:00`;
  const PATH = '/office/briefings/fire-situation.docx';

  const moveTo = async (instant: string) => {
    t.clock.freeze(instant);
    await f.refresh();
    longquan = { ...longquan, ...(await session(longquan)) };
  };
  const session = async (a: TestAccount) => {
    const { accessToken } = await t.app.get(AuthService).startSession(RequestContext.system('test'), a.id);
    return { token: accessToken, headers: { authorization: `Bearer ${accessToken}` } };
  };
  const recordFire = async (who: TestAccount, regionId: string, occurredAt: string, figures: { deaths?: number; injuries?: number; seriousInjuries?: number; directLossYuan: number }) =>
    data(await t.gqlAs(who, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id } }`, {
      i: { regionId, occurredAt, place: '测试起火地点', cause: 'ELECTRICAL', deaths: 0, injuries: 0, seriousInjuries: 0, ...figures },
    }));
  const reportMajor = async (who: TestAccount, hazardId: string) => data(await t.gqlAs(who, `mutation($i: ReportMajorHazardInput!) { reportMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId } }));
  const confirmMajor = async (hazardId: string) => data(await t.gqlAs(f.brigade, `mutation($i: DecideMajorHazardInput!) { decideMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId, confirm: true, note: '经现场核查，确认重大火灾隐患' } }));

  beforeAll(async () => {
    t = await createTestApp();
    // 2026-06 (the same month last year)
    t.clock.freeze(at('2026-06-10'));
    f = await inspectionsFixture(t);
    longquan = await t.account({ role: Role.STATION, region: '龙泉镇' });
    discipline = await t.account({ role: Role.DISCIPLINE });
    longquanId = toGlobalId('Region', await t.regionId('龙泉镇'));
    village = data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: f.jingshan, name: '景山村', kind: 'VILLAGE' } })).createRegion.id;
    const pJ = await createPremises(f, { name: '景山镇平价超市' });
    const pL = await createPremises(f, { regionId: longquanId, name: '龙泉镇农家饭店', address: '龙泉镇新华街 8 号' }, longquan);
    await recordFire(f.station, f.jingshan, '2026-06-08T21:00:00+08:00', { injuries: 1, directLossYuan: 8000 });
    await recordFire(longquan, longquanId, '2026-06-09T09:00:00+08:00', { directLossYuan: 2000 });
    await reportHazard(f, pJ, { description: '去年：仓库堆放可燃物', foundOn: '2026-06-10' });

    // 2027-05 (the month before)
    await moveTo(at('2027-05-10'));
    await recordFire(f.station, f.jingshan, '2027-05-09T14:00:00+08:00', { directLossYuan: 3000 });
    const may = await reportHazard(f, pL, { description: '龙泉镇农家饭店燃气管线老化', foundOn: '2027-05-10' }, longquan);
    data(await order(f, may.id, { deadline: '2027-05-20', responsibleParty: '饭店业主赵某' }, longquan));

    // 2027-06 (the briefing's month)
    await moveTo(at('2027-06-05'));
    await recordFire(f.station, f.jingshan, '2027-06-04T22:00:00+08:00', { deaths: 1, injuries: 2, seriousInjuries: 1, directLossYuan: 12000.5 });
    await recordFire(longquan, longquanId, '2027-06-03T11:00:00+08:00', { injuries: 1, directLossYuan: 500 });
    const a = await reportHazard(f, pJ, { description: '超市疏散通道堆放杂物' });
    data(await order(f, a.id, { deadline: '2027-06-15' }));
    data(await reportRectification(f, a.id));
    data(await recheck(f, a.id, true));
    const b = await reportHazard(f, pJ, { description: '超市消防车通道被占用' });
    ids.fireLane = b.id;
    data(await order(f, b.id, { deadline: '2027-06-20', responsibleParty: '超市经理钱某' }));
    const v = data(await t.gqlAs(f.station, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id } }`, { i: { regionId: village, description: '景山村柴草垛紧靠民房', foundOn: '2027-06-05' } })).reportHazard;
    data(await order(f, v.id, { deadline: '2027-06-25', responsibleParty: '景山村村委会' }));
    ids.village = v.id;
    const c = await reportHazard(f, pL, { description: '饭店楼上住人且无第二疏散通道', majorItemCodes: ['6.2', '6.3', '6.4', '6.7'] }, longquan);
    expect(c.majorStatus).toBe('SUSPECTED');
    ids.upstairs = c.id;
    const d = await reportHazard(f, pJ, { description: '超市安全出口数量不足', majorItemCodes: ['5.4'] });
    await reportMajor(f.station, d.id);
    await confirmMajor(d.id);
    data(await order(f, d.id, { deadline: '2027-08-31', responsibleParty: '超市业主孙某' }));
    const e = await reportHazard(f, pJ, { description: '超市仓库彩钢板住人（已销案）', majorItemCodes: ['5.7'] });
    await reportMajor(f.station, e.id);
    await confirmMajor(e.id);
    data(await order(f, e.id, { deadline: '2027-06-30' }));
    data(await reportRectification(f, e.id));
    data(await recheck(f, e.id, true, f.brigade));
    // the county committee's tasks (COM-2), overdue by today: one to 景山镇's government, one to the county's guidance center (县直)
    for (const [region, kind, title, deadline] of [['景山镇', 'TOWNSHIP_GOVERNMENT', '沿街商铺消防安全排查', '2027-06-20'], ['靖宇县', 'GUIDANCE_CENTER', '督导成员单位履职', '2027-06-10']]) {
      const [org] = await t.dataSource.query(`SELECT o.id, o.name FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = $1 AND o.kind = $2`, [region, kind]);
      assignees[title] = org.name;
      data(await t.gql(`mutation($i: AssignTaskInput!) { assignTask(input: $i) { id } }`, { i: { assigneeId: toGlobalId('Organization', org.id), title, requirement: '按要求办理并报送', deadline } }));
    }
    data(await t.gqlAs(f.station, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id } }`, {
      i: { premisesId: pJ, inspectedOn: '2027-06-05', inspectors: ['张三', '李四'], results: ['SV-01', 'SV-02', 'SV-03', 'SV-04', 'SV-05'].map((code) => ({ code, result: 'PASS' })) },
    }));

    // today; a fire of the current month
    await moveTo(at(TODAY));
    discipline = { ...discipline, ...(await session(discipline)) };
    await t.gql('{ __typename }'); // signs the office in again (t.office's token) after the clock moved
    await recordFire(f.station, f.jingshan, '2027-07-10T08:00:00+08:00', { directLossYuan: 700 });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  // ---------- the API's answers ----------

  const FIGURES = 'incidents deaths injuries directLossYuan hazardsFound hazardsRectified hazardsOverdue rectificationRate inspections';
  const METRICS = FIGURES.split(' ');
  const situation = async (who: TestAccount, regionId: string, month: number, year = 2027) => data(await t.gqlAs(who, `query($r: ID!, $p: PeriodInput!) {
    fireSituation(regionId: $r, period: $p) { regionName start end
      total { townshipName current { ${FIGURES} } previousPeriod { ${FIGURES} } samePeriodLastYear { ${FIGURES} } periodOnPeriod { metric value base delta percent } yearOnYear { metric value base delta percent } }
      townships { townshipId townshipName current { ${FIGURES} } } } }`, { r: regionId, p: { kind: 'MONTH', year, number: month } })).fireSituation;
  const hazards = async (who: TestAccount, filter: 'overdue' | 'major', regionId?: string) => {
    const nodes: any[] = [];
    let after: string | null = null;
    let totalCount = 0;
    do {
      const page: any = data(await t.gqlAs(who, `query($r: ID, $a: String) { hazards(regionId: $r, ${filter}: true, first: 100, after: $a) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { id description foundOn deadline responsibleParty status majorStatus majorCatalogueEdition majorItemCodes premises { name } region { id name level } } } } }`, { r: regionId, a: after })).hazards;
      totalCount = page.totalCount;
      nodes.push(...page.edges.map((x: any) => x.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return { nodes, totalCount };
  };

  // ---------- the document ----------

  /** GET the briefing; a list value is sent as the parameter repeated (`month=a&month=b`). */
  const download = (who: TestAccount | null, query: Record<string, string | string[]>) =>
    getFile(t, who, `${PATH}?${new URLSearchParams(Object.entries(query).flatMap(([k, v]) => [v].flat().map((one) => [k, one])))}`);
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  /** The text (mammoth) and every table as rows of cell texts (word/document.xml; a line break is "\n"). */
  const open = async (bytes: Buffer) => {
    const text = (await mammoth.extractRawText({ buffer: bytes })).value;
    const xml = new PizZip(bytes).file('word/document.xml')!.asText();
    const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((tbl) => [...tbl[1].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
      [...tr[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) => [...tc[1].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => (m[1] === undefined ? '\n' : unescape(m[1]))).join(''))));
    const table = (header: string) => {
      const found = tables.find((rows) => rows[0].includes(header));
      return found ? found.slice(1) : null;
    };
    // one line per paragraph, for sentences
    /** An appendix table: its township heading rows (one cell: 「景山镇（2 处）」) and the rows under each. */
    const grouped = (header: string) => {
      const rows = table(header);
      if (!rows) return null;
      const groups: { heading: string; rows: string[][] }[] = [];
      for (const r of rows) {
        if (r.length === 1) groups.push({ heading: r[0], rows: [] });
        else groups[groups.length - 1].rows.push(r);
      }
      return groups;
    };
    const overdueGroups = grouped('整改责任主体');
    const majorGroups = grouped('判定情况');
    return {
      text, lines: text.split('\n').map((l) => l.trim()).filter(Boolean), tables, figures: table('去年同月'), townships: table('火灾（起）'), supervision: table('其中挂牌督办（处）'),
      overdueGroups, majorGroups, taskGroups: grouped('办理期限'),
      overdue: overdueGroups && overdueGroups.flatMap((g) => g.rows), major: majorGroups && majorGroups.flatMap((g) => g.rows),
    };
  };
  const briefing = async (who: TestAccount, query: Record<string, string>) => {
    const res = await download(who, query);
    if (res.status !== 200) throw new Error(`briefing ${JSON.stringify(query)}: ${res.status} ${JSON.stringify(res.body)}`);
    return { res, doc: await open(res.bytes) };
  };

  // the test's own rendering of the API's numbers (the document's conventions, written again here)
  const num = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  const sign = (n: number) => (n > 0 ? `+${num(n)}` : num(n));
  const fig = (metric: string, v: number | null) => (v === null ? '—' : metric === 'rectificationRate' ? `${num(v)}%` : num(v));
  const chg = (metric: string, c: { delta: number | null; percent: number | null }) => {
    if (c.delta === null) return '—';
    if (c.delta === 0) return '持平';
    if (metric === 'rectificationRate') return `${sign(c.delta)} 个百分点`;
    return `${sign(c.delta)}\n（${c.percent === null ? '基期为 0' : `${sign(c.percent)}%`}）`;
  };
  const LABELS: Record<string, string> = {
    incidents: '火灾起数（起）', deaths: '死亡人数（人）', injuries: '受伤人数（人）', directLossYuan: '直接财产损失（元）', hazardsFound: '发现隐患（处）',
    hazardsRectified: '整改隐患（处）', hazardsOverdue: '逾期未整改隐患（处）', rectificationRate: '隐患整改率（%）', inspections: '检查次数（次）',
  };
  const townshipCells = (name: string, c: any) => [name, ...['incidents', 'deaths', 'injuries', 'directLossYuan', 'hazardsFound', 'hazardsRectified', 'hazardsOverdue', 'rectificationRate', 'inspections'].map((m) => fig(m, c[m]))];
  const daysAfter = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

  it('INS-4: the county briefing of 2027-06: headline figures, 环比 and 同比 equal fireSituation (and the hand count)', async () => {
    const { res, doc } = await briefing(t.office, { regionId: f.county, month: '2027-06' });
    expect(res.headers['content-type']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(decodeURIComponent(res.headers['content-disposition'].split("UTF-8''")[1])).toBe('靖宇县2027年6月消防安全形势通报.docx');
    const api = await situation(t.office, f.county, 6);
    const total = api.total;
    // by hand: June 2 fires (1 dead, 3 injured, 12,000.5 + 500 yuan); 6 hazards found, 2 closed, 2 overdue (deadlines
    // 06-20 and 06-25), 1 inspection; May 1 fire (3,000), 1 hazard found and overdue; June 2026 2 fires (1 injured, 10,000), 1 hazard
    expect(total.current).toEqual({ incidents: 2, deaths: 1, injuries: 3, directLossYuan: 12500.5, hazardsFound: 6, hazardsRectified: 2, hazardsOverdue: 2, rectificationRate: 33.33, inspections: 1 });
    expect(total.previousPeriod).toMatchObject({ incidents: 1, directLossYuan: 3000, hazardsFound: 1, hazardsOverdue: 1 });
    expect(total.samePeriodLastYear).toMatchObject({ incidents: 2, injuries: 1, directLossYuan: 10000, hazardsFound: 1, hazardsOverdue: 0 });

    expect(doc.lines).toContain('消防安全形势通报');
    expect(doc.lines).toContain('（2027年6月）');
    // the red header once, 期号 (default: the month's number), 主送 for a county, one issuer-and-date line at the end
    expect(doc.lines[0]).toBe('靖宇县消防救援委员会办公室');
    expect(doc.lines[1]).toBe('2027年第6期');
    expect(doc.lines).toContain('各乡镇人民政府，县消防救援委员会各成员单位：');
    expect(doc.lines.filter((l) => l === '靖宇县消防救援委员会办公室')).toHaveLength(2);
    expect(doc.lines.filter((l) => l === '2027年7月15日')).toHaveLength(1);
    const signature = doc.lines.indexOf('2027年7月15日');
    expect(doc.lines[signature - 1]).toBe('靖宇县消防救援委员会办公室');
    expect(doc.lines.indexOf('特此通报。')).toBeLessThan(signature);
    // no username, no actor label, no generation time anywhere in the text
    for (const who of [t.office, f.station, f.center]) expect(doc.text).not.toContain(who.username);
    expect(doc.text).not.toMatch(/编制|system:cli|生成|\d{2}:\d{2}/);
    expect(doc.text).toContain('统计期间：2027年6月1日至2027年6月30日，北京时间；环比基期为2027年5月，同比基期为2026年6月。');
    const headline = doc.lines.find((l) => l.startsWith('2027年6月，靖宇县共发生火灾'))!;
    expect(headline).toBe(`2027年6月，靖宇县共发生火灾 ${num(total.current.incidents)} 起，死亡 ${num(total.current.deaths)} 人，受伤 ${num(total.current.injuries)} 人，`
      + `直接财产损失 ${num(total.current.directLossYuan)} 元；开展消防安全检查 ${num(total.current.inspections)} 次，发现火灾隐患 ${num(total.current.hazardsFound)} 处，`
      + `已整改 ${num(total.current.hazardsRectified)} 处，整改率 ${num(total.current.rectificationRate)}%；整改期限在本月且逾期未整改的隐患 ${num(total.current.hazardsOverdue)} 处。`);
    expect(headline).toContain('共发生火灾 2 起，死亡 1 人，受伤 3 人，直接财产损失 12,500.5 元');

    // the comparison sentence, from the API's periodOnPeriod / yearOnYear
    const comparison = doc.lines.find((l) => l.startsWith('与上月'))!;
    const said = (c: any, unit: string, baseName: string) => (c.delta === 0 ? '持平'
      : `${c.delta > 0 ? '增加' : '减少'} ${num(Math.abs(c.delta))} ${unit}${c.percent === null ? `（${baseName}为 0）` : `（${c.delta > 0 ? '增长' : '下降'} ${num(Math.abs(c.percent))}%）`}`);
    // the API names a metric in UPPER_CASE (SituationMetric), the figures' field in camelCase
    const metric = (m: string) => m.replace(/[A-Z]/g, (l) => `_${l}`).toUpperCase();
    const pop = (m: string) => total.periodOnPeriod.find((c: any) => c.metric === metric(m));
    const yoy = (m: string) => total.yearOnYear.find((c: any) => c.metric === metric(m));
    expect(comparison).toContain(`与上月（2027年5月）相比，火灾起数${said(pop('incidents'), '起', '上月')}，死亡人数${said(pop('deaths'), '人', '上月')}`);
    expect(comparison).toContain(`直接财产损失${said(pop('directLossYuan'), '元', '上月')}`);
    expect(comparison).toContain(`与去年同月（2026年6月）相比，火灾起数${said(yoy('incidents'), '起', '去年同月')}`);
    expect(comparison).toContain(`逾期未整改隐患${said(yoy('hazardsOverdue'), '处', '去年同月')}`);
    expect(comparison).toContain('火灾起数增加 1 起（增长 100%），死亡人数增加 1 人（上月为 0）');
    expect(comparison).toContain('直接财产损失增加 9,500.5 元（增长 316.68%）');
    expect(comparison).toContain('与去年同月（2026年6月）相比，火灾起数持平');

    // the table of figures: every metric, 本月 / 上月 / 环比 / 去年同月 / 同比
    expect(doc.figures).toEqual(METRICS.map((m) => [
      LABELS[m], fig(m, total.current[m]), fig(m, total.previousPeriod[m]), chg(m, pop(m)), fig(m, total.samePeriodLastYear[m]), chg(m, yoy(m)),
    ]));
    expect(doc.figures![0]).toEqual(['火灾起数（起）', '2', '1', '+1\n（+100%）', '2', '持平']);
    expect(doc.figures![3]).toEqual(['直接财产损失（元）', '12,500.5', '3,000', '+9,500.5\n（+316.68%）', '10,000', chg('directLossYuan', yoy('directLossYuan'))]);
    expect(doc.figures![6]).toEqual(['逾期未整改隐患（处）', '2', '1', '+1\n（+100%）', '0', '+2\n（基期为 0）']);
    expect(doc.figures![7]).toEqual(['隐患整改率（%）', '33.33%', '0%', '+33.33 个百分点', '0%', '+33.33 个百分点']);
  });

  it('INS-4: the per-township table is fireSituation\'s townships row by row, with the total', async () => {
    const { doc } = await briefing(t.office, { regionId: f.county, month: '2027-06' });
    const api = await situation(t.office, f.county, 6);
    expect(api.townships).toHaveLength(8);
    expect(doc.townships).toEqual([...api.townships.map((r: any) => townshipCells(r.townshipName, r.current)), townshipCells('合计', api.total.current)]);
    const row = (name: string) => doc.townships!.find((r) => r[0] === name);
    // by hand: 景山镇 1 fire (1 dead, 2 injured, 12,000.5), 5 found (one in its village), 2 closed, 2 overdue, 1 inspection
    expect(row('景山镇')).toEqual(['景山镇', '1', '1', '2', '12,000.5', '5', '2', '2', '40%', '1']);
    expect(row('龙泉镇')).toEqual(['龙泉镇', '1', '0', '1', '500', '1', '0', '0', '0%', '0']);
    expect(row('赤松镇')).toEqual(['赤松镇', '0', '0', '0', '0', '0', '0', '0', '—', '0']);
  });

  // the hazards of June as they stood at 2027-06-30 (by hand): overdue = RECTIFYING with a deadline up to 06-30,
  // days counted to the month's end (to 07-01 00:00, Beijing); major = not closed, suspected / reported / confirmed
  const JUNE_OVERDUE = [
    // [township, place, description, found, deadline, days, responsible party], worst first within each township
    ['景山镇', '景山镇平价超市', '超市消防车通道被占用', '2027-06-05', '2027-06-20', '11', '超市经理钱某'],
    ['景山镇', '景山村', '景山村柴草垛紧靠民房', '2027-06-05', '2027-06-25', '6', '景山村村委会'],
    ['龙泉镇', '龙泉镇农家饭店', '龙泉镇农家饭店燃气管线老化', '2027-05-10', '2027-05-20', '42', '饭店业主赵某'],
  ];
  const juneOverdueGroups = (townships: string[]) => townships.filter((name) => JUNE_OVERDUE.some((r) => r[0] === name)).map((name) => ({
    heading: `${name}（${JUNE_OVERDUE.filter((r) => r[0] === name).length} 处）`,
    rows: JUNE_OVERDUE.filter((r) => r[0] === name).map((r) => r.slice(1)),
  }));
  const numbered = (groups: { heading: string; rows: string[][] }[]) => {
    let no = 0;
    return groups.map((g) => ({ heading: g.heading, rows: g.rows.map((r) => [String(++no), ...r]) }));
  };

  it('INS-2: a past month\'s appendices list the overdue and the major hazards as at its end, by township, worst first; the body counts them', async () => {
    const { doc } = await briefing(t.office, { regionId: f.county, month: '2027-06' });
    const api = await situation(t.office, f.county, 6);
    const order = api.townships.map((r: any) => r.townshipName);
    expect(order.indexOf('景山镇')).toBeLessThan(order.indexOf('龙泉镇'));
    expect(doc.overdueGroups).toEqual(numbered(juneOverdueGroups(order)));
    expect(doc.text).toContain('四、逾期未整改隐患和重大火灾隐患（截至2027年6月30日）');
    expect(doc.text).toContain('截至2027年6月30日（月末），靖宇县处于整改中且已超过整改期限的隐患共 3 处，其中逾期 90 天以上 0 处；按乡镇分列，逾期天数多的在前，详见附件1。');
    expect(doc.text).toContain('截至2027年6月30日（月末），靖宇县未销号的疑似及确认重大火灾隐患共 2 处，其中挂牌督办 1 处；按乡镇分列，挂牌督办的在前，详见附件2。');
    // confirmed first, then suspected; the one closed in June is not listed
    expect(doc.majorGroups!.map((g) => g.heading)).toEqual(['景山镇（1 处）', '龙泉镇（1 处）']);
    expect(doc.major).toEqual([
      ['1', '景山镇平价超市', '超市安全出口数量不足', '2027-06-05', '重大火灾隐患（挂牌督办）', 'GB 35181-2025 第5.4项', '整改中，期限 2027-08-31'],
      ['2', '龙泉镇农家饭店', '饭店楼上住人且无第二疏散通道', '2027-06-05', '疑似重大火灾隐患（待报大队）', 'GB 35181-2025 第6.2、6.3、6.4、6.7项', '待下达整改'],
    ]);
    expect(doc.text).not.toContain('超市仓库彩钢板住人（已销案）');
    expect(doc.text).not.toMatch(/另有|详见系统/);
    // the appendix list at the end of the text, and each appendix's heading
    expect(doc.lines).toContain('附件：1. 逾期未整改隐患清单（截至2027年6月30日）；');
    expect(doc.lines).toContain('2. 重大火灾隐患清单（截至2027年6月30日）；');
    expect(doc.lines).toContain('（截至2027年6月30日，共 3 处；按乡镇分列，逾期天数多的在前）');
    // the per-township supervision table: the month's figures are fireSituation's, the lists' counts the appendices'
    const count = (name: string) => String(JUNE_OVERDUE.filter((r) => r[0] === name).length);
    expect(doc.supervision).toEqual([
      ...api.townships.map((r: any) => [r.townshipName, fig('hazardsFound', r.current.hazardsFound), fig('hazardsRectified', r.current.hazardsRectified), fig('hazardsOverdue', r.current.hazardsOverdue),
        count(r.townshipName), r.townshipName === '景山镇' || r.townshipName === '龙泉镇' ? '1' : '0', r.townshipName === '景山镇' ? '1' : '0', '0', r.townshipName === '景山镇' ? '1' : '0']),
      // the guidance center's task: a unit at the county itself
      ['县直', '0', '0', '0', '0', '0', '0', '0', '1'],
      ['合计', '6', '2', '2', '3', '2', '1', '0', '2'],
    ]);
    // 附件3: the overdue tasks as at June's end (COM-2, from their steps; both still overdue today), by the assignee's
    // township (县直 last), the most days overdue first, days counted to the month's end
    const tasks = data(await t.gqlAs(t.office, `{ tasks(overdue: true, first: 100) { totalCount edges { node { title deadline assignedOn assignee { name } } } } }`)).tasks;
    expect(tasks.totalCount).toBe(2);
    expect(doc.taskGroups).toEqual([
      { heading: '景山镇（1 项）', rows: [['1', '沿街商铺消防安全排查', assignees['沿街商铺消防安全排查'], '2027-06-05', '2027-06-20', '11']] },
      { heading: '县直（1 项）', rows: [['2', '督导成员单位履职', assignees['督导成员单位履职'], '2027-06-05', '2027-06-10', '21']] },
    ]);
    expect(doc.text).toContain('截至2027年6月30日，逾期未办结的任务共 2 项（不分交办年度），按承办单位所在乡镇分列，详见附件3。');
    expect(doc.lines).toContain('3. 逾期未办结的交办任务（截至2027年6月30日）');
  });

  it('INS-2, INS-4: steps taken after the month\'s end leave its lists as they stood; the current month\'s lists are the hazards query\'s today', async () => {
    // after June: the fire lane's deadline extended, the village's rectification reported, the upstairs rooms reported and confirmed
    data(await t.gqlAs(f.center, `mutation($i: ExtendHazardDeadlineInput!) { extendHazardDeadline(input: $i) { deadline } }`, { i: { hazardId: ids.fireLane, newDeadline: '2027-07-31', reason: '需协调物业' } }));
    data(await reportRectification(f, ids.village));
    await reportMajor(longquan, ids.upstairs);
    await confirmMajor(ids.upstairs);
    const today = await hazards(t.office, 'overdue', f.county);
    expect(today.nodes.map((h) => h.description)).toEqual(['龙泉镇农家饭店燃气管线老化']);

    // June: unchanged, as at its end
    const { doc } = await briefing(t.office, { regionId: f.county, month: '2027-06' });
    const api = await situation(t.office, f.county, 6);
    expect(doc.overdueGroups).toEqual(numbered(juneOverdueGroups(api.townships.map((r: any) => r.townshipName))));
    expect(doc.major!.map((r) => [r[2], r[4]])).toEqual([['超市安全出口数量不足', '重大火灾隐患（挂牌督办）'], ['饭店楼上住人且无第二疏散通道', '疑似重大火灾隐患（待报大队）']]);

    // July (the current month): as of today, the same hazards as the API's lists, with the days to today
    const july = (await briefing(t.office, { regionId: f.county, month: '2027-07' })).doc;
    expect(july.text).toContain('截至2027年7月15日（今日），靖宇县处于整改中且已超过整改期限的隐患共 1 处');
    expect(july.overdue).toEqual(today.nodes.map((h, i) => [String(i + 1), h.premises?.name ?? h.region.name, h.description, h.foundOn, h.deadline, String(daysAfter(h.deadline, TODAY)), h.responsibleParty]));
    const major = (await hazards(t.office, 'major', f.county)).nodes.filter((h) => h.status !== 'CLOSED');
    expect(july.major!.map((r) => r[2]).sort()).toEqual(major.map((h) => h.description).sort());
    // now both confirmed: the older found first (both 06-05: then by id), all 挂牌督办
    expect(july.major!.map((r) => r[4])).toEqual(['重大火灾隐患（挂牌督办）', '重大火灾隐患（挂牌督办）']);
    expect(july.text).toContain('其中挂牌督办 2 处');
  });

  it('jurisdiction as in the API: a station\'s own briefing is its township; another township\'s or the county\'s is FORBIDDEN', async () => {
    // no regionId: the actor's own region
    const { doc } = await briefing(f.station, { month: '2027-06' });
    const api = await situation(f.station, f.jingshan, 6);
    expect(doc.townships).toEqual([townshipCells('景山镇', api.townships[0].current), townshipCells('合计', api.total.current)]);
    expect(doc.text).toContain('景山镇消防救援委员会办公室');
    // June's lists as at its end, of 景山镇 only; 主送 for a township
    expect(doc.overdueGroups).toEqual(numbered(juneOverdueGroups(['景山镇'])));
    expect(doc.text).not.toContain('龙泉镇农家饭店');
    expect(doc.lines).toContain('各村（居）民委员会，景山镇各有关单位：');
    // about the township itself, not a comparison of townships; its own station is addressed
    expect(doc.lines).toContain('三、景山镇情况');
    expect(doc.lines).toContain('表2　2027年6月景山镇消防安全情况');
    expect(doc.lines).toContain('图2　景山镇隐患发现、整改和逾期情况');
    expect(doc.text).toContain('景山镇消防工作站要对照本通报');
    expect(doc.text).not.toContain('各乡镇');
    // a past month's counts are rebuilt from the history, and the lists are in the appendix
    expect(doc.text).toContain('均按隐患记录的历史还原，清单见附件；');

    for (const [who, regionId] of [[longquan, f.jingshan], [f.station, f.county], [f.station, longquanId]] as const) {
      const refused = await download(who, { regionId, month: '2027-06' });
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(refused.body.errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
    }
    // and the API says the same to the same actor
    expect((await t.gqlAs(longquan, `query($r: ID!) { fireSituation(regionId: $r, period: { kind: MONTH, year: 2027, number: 6 }) { regionName } }`, { r: f.jingshan })).body.errors![0].extensions.code).toBe('FORBIDDEN');
    const anonymous = await download(null, { regionId: f.jingshan, month: '2027-06' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('without INSPECTION_READ (the discipline commission) the figures are there and the hazard lists are left out, saying so', async () => {
    expect((await t.gqlAs(discipline, `{ hazards(first: 1) { totalCount } }`)).body.errors![0].extensions.code).toBe('FORBIDDEN');
    const { doc } = await briefing(discipline, { regionId: f.county, month: '2027-06' });
    const api = await situation(discipline, f.county, 6);
    expect(doc.figures![0]).toEqual(['火灾起数（起）', fig('incidents', api.total.current.incidents), fig('incidents', api.total.previousPeriod.incidents), chg('incidents', api.total.periodOnPeriod[0]), '2', '持平']);
    expect(doc.overdue).toBeNull();
    expect(doc.major).toBeNull();
    expect(doc.lines.filter((l) => l === '本账号没有查阅隐患的权限，隐患清单从略。')).toHaveLength(1);
    // no hazard appendix; the supervision table says so with —
    expect(doc.text).not.toContain('逾期未整改隐患清单');
    expect(doc.supervision!.at(-1)).toEqual(['合计', '6', '2', fig('hazardsOverdue', api.total.current.hazardsOverdue), '—', '—', '—', '0', '2']);
    expect(doc.text).not.toContain('超市消防车通道被占用');
  });

  it('a month with nothing to list points to no appendix', async () => {
    const { doc } = await briefing(t.office, { regionId: f.county, month: '2027-01' });
    expect(doc.text).toContain('均按隐患记录的历史还原；');
    expect(doc.text).not.toContain('清单见附件');
    expect(doc.text).not.toMatch(/附件[：1-9]/);
  });

  const SAME_DAYS = `query($r: ID!, $p: PeriodInput!, $s: Boolean) { fireSituation(regionId: $r, period: $p, sameDays: $s) { start end sameDays previousPeriodStart previousPeriodEnd
    samePeriodLastYearStart samePeriodLastYearEnd total { current { ${FIGURES} } previousPeriod { ${FIGURES} } samePeriodLastYear { ${FIGURES} } periodOnPeriod { metric delta percent } yearOnYear { metric delta percent } }
    townships { townshipName current { ${FIGURES} } } } }`;

  it('INS-4: fireSituation(sameDays: true) compares the current month like for like; off (the default) or for a past month it changes nothing', async () => {
    const july = { kind: 'MONTH', year: 2027, number: 7 };
    const like = data(await t.gqlAs(t.office, SAME_DAYS, { r: f.county, p: july, s: true })).fireSituation;
    expect(like).toMatchObject({ start: '2027-07-01', end: '2027-07-15', sameDays: true, previousPeriodStart: '2027-06-01', previousPeriodEnd: '2027-06-15', samePeriodLastYearStart: '2026-07-01', samePeriodLastYearEnd: '2026-07-15' });
    const whole = data(await t.gqlAs(t.office, SAME_DAYS, { r: f.county, p: july })).fireSituation;
    expect(whole).toMatchObject({ start: '2027-07-01', end: '2027-07-31', sameDays: false, previousPeriodEnd: '2027-06-30', samePeriodLastYearEnd: '2026-07-31' });
    expect(like.total.current).toEqual(whole.total.current);
    // by hand, 1–15 June: 2 fires, 6 hazards found (06-05), 2 of them closed by 06-15 (the aisle and the warehouse,
    // both on 06-05); no deadline in 1–15 June missed (the aisle's 06-15 was met): 0 overdue, where the whole of June
    // has 1 (the village's 06-25; the fire lane's deadline was extended to 07-31 above, and the metric reads the
    // hazard's deadline as it is now)
    expect(like.total.previousPeriod).toMatchObject({ incidents: 2, hazardsFound: 6, hazardsRectified: 2, hazardsOverdue: 0 });
    expect(whole.total.previousPeriod).toMatchObject({ incidents: 2, hazardsFound: 6, hazardsOverdue: 1 });
    // a past month: the same answer with or without
    const june = { kind: 'MONTH', year: 2027, number: 6 };
    const pastLike = data(await t.gqlAs(t.office, SAME_DAYS, { r: f.county, p: june, s: true })).fireSituation;
    expect(pastLike).toEqual(data(await t.gqlAs(t.office, SAME_DAYS, { r: f.county, p: june, s: false })).fireSituation);
    expect(pastLike.sameDays).toBe(false);
  });

  it('INS-4: the current month\'s briefing is fireSituation(sameDays: true) and says so', async () => {
    const { doc } = await briefing(t.office, { regionId: f.county, month: '2027-07' });
    const api = data(await t.gqlAs(t.office, SAME_DAYS, { r: f.county, p: { kind: 'MONTH', year: 2027, number: 7 }, s: true })).fireSituation;
    expect(api.total.current.incidents).toBe(1);
    expect(doc.text).toContain('统计期间：本月截至7月15日，与6月1日至15日、去年7月1日至15日同期相比（北京时间）。');
    expect(doc.lines.some((l) => l.startsWith('本月截至7月15日，靖宇县共发生火灾 1 起'))).toBe(true);
    expect(doc.text).toContain('与上月同期（6月1日至15日）相比，火灾起数减少 1 起（下降 50%）');
    expect(doc.text).toContain('本月尚未结束：本月数据截至7月15日，上月和去年同月只取相同天数（6月1日至15日、2026年7月1日至15日）同期比较。');
    const pop = (m: string) => api.total.periodOnPeriod.find((c: any) => c.metric === m.replace(/[A-Z]/g, (l) => `_${l}`).toUpperCase());
    const yoy = (m: string) => api.total.yearOnYear.find((c: any) => c.metric === m.replace(/[A-Z]/g, (l) => `_${l}`).toUpperCase());
    expect(doc.figures).toEqual(METRICS.map((m) => [
      LABELS[m], fig(m, api.total.current[m]), fig(m, api.total.previousPeriod[m]), chg(m, pop(m)), fig(m, api.total.samePeriodLastYear[m]), chg(m, yoy(m)),
    ]));
    expect(doc.figures![6]).toEqual(['逾期未整改隐患（处）', '0', '0', '持平', '0', '持平']);
    expect(doc.townships).toEqual([...api.townships.map((r: any) => townshipCells(r.townshipName, r.current)), townshipCells('合计', api.total.current)]);
    expect(doc.lines[1]).toBe('2027年第7期');
  });

  it('文号, 期号 and 主送 from the query; a bad 文号 is refused', async () => {
    const { doc, res } = await briefing(t.office, { regionId: f.county, month: '2027-06', documentNumber: '景消委办[2027]12号', issueNumber: '2027年第6期（总第18期）', recipients: '各乡镇人民政府，县直各有关单位' });
    expect(res.status).toBe(200);
    expect(doc.lines[1]).toMatch(/^2027年第6期（总第18期）\s*景消委办〔2027〕12号$/);
    expect(doc.text).toContain('景消委办〔2027〕12号');
    expect(doc.lines).toContain('各乡镇人民政府，县直各有关单位：');
    expect(doc.text).not.toContain('各乡镇人民政府，县消防救援委员会各成员单位：');
  });

  it('refuses a bad month, a bad or a village region with 400 BAD_USER_INPUT and a zh-CN reason', async () => {
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ regionId: f.county }, 'month', '请指定月份'],
      [{ regionId: f.county, month: '' }, 'month', '请指定月份'],
      [{ regionId: f.county, month: '2027-6' }, 'month', '格式应为 YYYY-MM'],
      [{ regionId: f.county, month: '2027-13' }, 'month', '月份须在 01 至 12 之间'],
      [{ regionId: f.county, month: '1999-12' }, 'month', '年份须在 2000 至 2100 之间'],
      [{ regionId: f.county, month: '2027-08' }, 'month', '不能晚于本月（2027-07）'],
      [{ regionId: f.county, month: ['2027-05', '2027-06'] }, 'month', '格式应为 YYYY-MM'],
      [{ regionId: 'not-a-region', month: '2027-06' }, 'regionId', '不是有效的行政区划标识'],
      [{ regionId: village, month: '2027-06' }, 'regionId', '不能是村（社区）'],
      [{ regionId: f.county, month: '2027-06', documentNumber: '十二号' }, 'documentNumber', '文号应为'],
      [{ regionId: f.county, month: '2027-06', documentNumber: `${'景'.repeat(30)}〔2027〕12号` }, 'documentNumber', '最多 40 字'],
      [{ regionId: f.county, month: '2027-06', issueNumber: '第'.repeat(31) }, 'issueNumber', '期号最多 30 字'],
      [{ regionId: f.county, month: '2027-06', recipients: '各乡镇\n各单位' }, 'recipients', '不能换行'],
    ];
    for (const [query, field, reason] of cases) {
      const res = await download(t.office, query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      const e = res.body.errors[0];
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.extensions.fields).toEqual([{ field, reason: expect.stringContaining(reason) }]);
      expect(e.message).toContain(reason);
    }
  });

  it('every briefing is audited as generateBriefingFireSituation: successes with the month, denials and failures', async () => {
    await briefing(t.office, { regionId: f.county, month: '2027-05' });
    expect((await download(f.township, { regionId: longquanId, month: '2027-06' })).status).toBe(403);
    expect((await download(f.center, { regionId: f.county, month: '2027-99' })).status).toBe(400);
    // a refusal's entry is written by the error filter after the answer went out: wait for it
    const entries = async () => t.dataSource.query(
      `SELECT actor_label, outcome, error_code, summary FROM audit_entry WHERE operation = 'generateBriefingFireSituation'
         AND (actor_label IN ($1, $2) OR summary -> 'after' ->> 'month' = '2027-05') ORDER BY actor_label`, [f.township.username, f.center.username]);
    for (let i = 0; i < 50 && (await entries()).length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    const expected = [
      { actor_label: 'office', outcome: 'SUCCESS', error_code: null, summary: { after: { filename: '靖宇县2027年5月消防安全形势通报.docx', bytes: expect.any(Number), regionId: f.county, month: '2027-05' } } },
      { actor_label: f.township.username, outcome: 'DENIED', error_code: 'FORBIDDEN', summary: null },
      { actor_label: f.center.username, outcome: 'FAILURE', error_code: 'BAD_USER_INPUT', summary: null },
    ];
    const rows = await entries();
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(expect.arrayContaining(expected));
  });

  it('BRIEFING_TEMPLATE: a missing file stops the start; a given template replaces the bundled one', async () => {
    expect(() => loadAppConfig({ ...TEST_ENV, BRIEFING_TEMPLATE: '/nonexistent/briefing.docx' })).toThrow(/BRIEFING_TEMPLATE="\/nonexistent\/briefing.docx": cannot be read/);
    const dir = mkdtempSync(join(tmpdir(), 'briefing-'));
    const notDocx = join(dir, 'plain.docx');
    writeFileSync(notDocx, 'not a zip');
    expect(() => loadAppConfig({ ...TEST_ENV, BRIEFING_TEMPLATE: notDocx })).toThrow(/not a \.docx/);
    const zip = new PizZip();
    zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
    zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
    zip.file('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>自定义模板：{regionName}{monthLabel}火灾 {#figures}{current} {/figures}</w:t></w:r></w:p></w:body></w:document>');
    const custom = join(dir, 'custom.docx');
    writeFileSync(custom, zip.generate({ type: 'nodebuffer' }));
    const config = loadAppConfig({ ...TEST_ENV, BRIEFING_TEMPLATE: custom });
    expect(config.briefingTemplate).toBe(custom);
    // the running app's configuration object, pointed at the custom template for one request
    t.config.briefingTemplate = custom;
    try {
      const { doc } = await briefing(t.office, { regionId: f.county, month: '2027-06' });
      expect(doc.text.trim()).toMatch(/^自定义模板：靖宇县2027年6月火灾 2 1 3 12,500.5 /);
    } finally {
      t.config.briefingTemplate = null;
    }
  });

  it('the appendix holds every overdue hazard (no cap at 500): 508 rows grouped by township, worst first, numbered through', async () => {
    const chisong = await t.regionId('赤松镇');
    // 505 overdue hazards found in January (outside the compared months), straight into the table (no history:
    // read from their own dates), deadlines 02-01 … 02-28
    await t.dataSource.query(
      `INSERT INTO hazard (id, region_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, major_status, policy_version, reported_by, version)
       SELECT gen_random_uuid(), $1, 'OTHER', '批量逾期隐患' || lpad(g::text, 3, '0'), DATE '2027-01-01' + (g % 28), 'RECTIFYING', DATE '2027-01-01' + (g % 28),
              DATE '2027-02-01' + (g % 28), '责任人', '措施', DATE '2027-01-01' + (g % 28), 'NONE', 1, 'test', 1
       FROM generate_series(1, 505) g`, [chisong]);
    const overdue = await hazards(t.office, 'overdue', f.county);
    expect(overdue.totalCount).toBe(506);
    const { doc } = await briefing(t.office, { regionId: f.county, month: '2027-06' });
    expect(doc.overdue).toHaveLength(508);
    expect(doc.overdue!.map((r) => r[0])).toEqual(Array.from({ length: 508 }, (_, i) => String(i + 1)));
    expect(doc.text).toContain('处于整改中且已超过整改期限的隐患共 508 处，其中逾期 90 天以上 505 处；');
    expect(doc.text).not.toMatch(/另有|详见系统|超过附件可容纳/);
    const chisongGroup = doc.overdueGroups!.find((g) => g.heading === '赤松镇（505 处）')!;
    // worst first: the earliest deadline (most days overdue), then found earliest
    const expected = Array.from({ length: 505 }, (_, k) => k + 1).map((g) => ({ g, found: `2027-01-${String(1 + (g % 28)).padStart(2, '0')}`, due: `2027-02-${String(1 + (g % 28)).padStart(2, '0')}` }))
      .sort((a, b) => a.due.localeCompare(b.due) || a.found.localeCompare(b.found));
    expect(chisongGroup.rows.map((r) => [r[4], r[5]])).toEqual(expected.map((e) => [e.due, String(daysAfter(e.due, '2027-07-01'))]));
    expect(new Set(chisongGroup.rows.map((r) => r[2])).size).toBe(505);
    // townships in the body's order
    const order = (await situation(t.office, f.county, 6)).townships.map((r: any) => r.townshipName);
    expect(doc.overdueGroups!.map((g) => g.heading.replace(/（.*/, ''))).toEqual(order.filter((n: string) => ['景山镇', '龙泉镇', '赤松镇'].includes(n)));
    // the month's figures did not move
    expect(doc.townships!.find((r) => r[0] === '赤松镇')).toEqual(['赤松镇', '0', '0', '0', '0', '0', '0', '0', '—', '0']);
  });


  it('a history whose steps carry no deadline (loaded in bulk): the deadline before the first change after the month, else the hazard\'s own', async () => {
    const garden = await t.regionId('花园口镇');
    // ordered on 06-01 with 06-10 (no deadline in the step's details), extended on 07-05 to 07-31
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO hazard (id, region_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, major_status, policy_version, reported_by, version)
       VALUES (gen_random_uuid(), $1, 'OTHER', '导入的历史隐患', DATE '2027-06-01', 'RECTIFYING', DATE '2027-06-03', DATE '2027-07-31', '导入责任人', '措施', DATE '2027-06-01', 'NONE', 1, 'test', 1) RETURNING id`, [garden]);
    await t.dataSource.query(
      `INSERT INTO hazard_event (id, hazard_id, action, from_status, to_status, at, actor, details, attachments) VALUES
         (gen_random_uuid(), $1, 'REPORTED', NULL, 'REPORTED', '2027-06-01T09:00:00+08:00', 'import', '{}', '[]'),
         (gen_random_uuid(), $1, 'ORDERED', 'REPORTED', 'RECTIFYING', '2027-06-01T10:00:00+08:00', 'import', '{}', '[]'),
         (gen_random_uuid(), $1, 'DEADLINE_EXTENDED', 'RECTIFYING', 'RECTIFYING', '2027-07-05T10:00:00+08:00', 'import', '{"from": "2027-06-10", "to": "2027-07-31"}', '[]')`, [id]);
    const june = (await briefing(t.office, { regionId: f.county, month: '2027-06' })).doc;
    expect(june.overdueGroups!.find((g) => g.heading === '花园口镇（1 处）')!.rows.map((r) => r.slice(2))).toEqual([['导入的历史隐患', '2027-06-01', '2027-06-10', '21', '导入责任人']]);
    // today its deadline (07-31) has not passed: not in the current month's list
    const july = (await briefing(t.office, { regionId: f.county, month: '2027-07' })).doc;
    expect(july.text).not.toContain('导入的历史隐患');
  });

  it('a hazard loaded without history and worked on through the API after the month still stands in that month\'s list', async () => {
    const jingshan = await t.regionId('景山镇');
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO hazard (id, region_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, major_status, policy_version, reported_by, version)
       VALUES (gen_random_uuid(), $1, 'OTHER', '导入后延期的隐患', DATE '2027-05-01', 'RECTIFYING', DATE '2027-05-03', DATE '2027-06-10', '导入责任人', '措施', DATE '2027-05-01', 'NONE', 1, 'test', 1) RETURNING id`, [jingshan]);
    // its first step is today's extension (from 06-10 to 07-31)
    data(await t.gqlAs(f.center, `mutation($i: ExtendHazardDeadlineInput!) { extendHazardDeadline(input: $i) { deadline } }`,
      { i: { hazardId: toGlobalId('Hazard', id), newDeadline: '2027-07-31', reason: '业主申请延期' } }));
    const june = (await briefing(t.office, { regionId: f.county, month: '2027-06' })).doc;
    expect(june.overdue!.find((r) => r[2] === '导入后延期的隐患')?.slice(3)).toEqual(['2027-05-01', '2027-06-10', '21', '导入责任人']);
  });

  it('the current month\'s lists are the hazards as they are: one loaded without history and rectified today is not overdue', async () => {
    const jingshan = await t.regionId('景山镇');
    await t.dataSource.query(
      `INSERT INTO hazard (id, region_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, rectified_on, recheck_due_by, major_status, policy_version, reported_by, version)
       VALUES (gen_random_uuid(), $1, 'OTHER', '今日报告整改的导入隐患', DATE '2027-05-02', 'PENDING_RECHECK', DATE '2027-05-04', DATE '2027-06-12', '导入责任人', '措施', DATE '2027-05-02', $2::date, $2::date, 'NONE', 1, 'test', 1)`, [jingshan, TODAY]);
    const july = (await briefing(t.office, { regionId: f.county, month: '2027-07' })).doc;
    expect(july.text).not.toContain('今日报告整改的导入隐患');
    // at June's end it was still being rectified, past its deadline
    const june = (await briefing(t.office, { regionId: f.county, month: '2027-06' })).doc;
    expect(june.overdue!.some((r) => r[2] === '今日报告整改的导入隐患')).toBe(true);
  });

  it('COM-2: a past month lists the overdue tasks as they stood at its end (from their steps); the current month as they are', async () => {
    const copy = async (title: string, reportedAt: string, acceptedAt: string, onTime: boolean, steps: [string, string][]) => {
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO committee_task (id, committee_id, assigned_by_id, assignee_id, region_id, source, title, requirement, assigned_on, deadline, evidence_required, status,
           policy_version, completion_reported_at, accepted_at, completed_on_time, created_by, version)
         SELECT gen_random_uuid(), committee_id, assigned_by_id, assignee_id, region_id, source, $2, requirement, DATE '2027-06-01', DATE '2027-06-15', false, 'ACCEPTED',
           policy_version, $3::timestamptz, $4::timestamptz, $5, 'test', 1 FROM committee_task WHERE title = $1 RETURNING id`,
        ['沿街商铺消防安全排查', title, reportedAt, acceptedAt, onTime]);
      for (const [action, when] of steps) {
        await t.dataSource.query(`INSERT INTO committee_task_event (id, task_id, action, at, note, attachments, actor) VALUES (gen_random_uuid(), $1, $2, $3::timestamptz, NULL, '[]', 'test')`, [id, action, when]);
      }
    };
    // overdue all through June, reported and accepted in July
    await copy('六月逾期七月办结的任务', '2027-07-02T10:00:00+08:00', '2027-07-03T10:00:00+08:00', false,
      [['ASSIGNED', '2027-06-01T09:00:00+08:00'], ['ACKNOWLEDGED', '2027-06-02T09:00:00+08:00'], ['COMPLETION_REPORTED', '2027-07-02T10:00:00+08:00'], ['ACCEPTED', '2027-07-03T10:00:00+08:00']]);
    // reported by its deadline in June, accepted in July: waiting for the office at June's end, not overdue
    await copy('六月按期报结的任务', '2027-06-14T10:00:00+08:00', '2027-07-02T10:00:00+08:00', true,
      [['ASSIGNED', '2027-06-01T09:00:00+08:00'], ['COMPLETION_REPORTED', '2027-06-14T10:00:00+08:00'], ['ACCEPTED', '2027-07-02T10:00:00+08:00']]);
    const june = (await briefing(t.office, { regionId: f.county, month: '2027-06' })).doc;
    const juneTasks = june.taskGroups!.flatMap((g) => g.rows);
    // counted to June's end: 06-15 to 07-01 is 16 days
    expect(juneTasks.find((r) => r[1] === '六月逾期七月办结的任务')?.slice(3)).toEqual(['2027-06-01', '2027-06-15', '16']);
    expect(juneTasks.some((r) => r[1] === '六月按期报结的任务')).toBe(false);
    expect(june.text).toContain('截至2027年6月30日，逾期未办结的任务共');
    const july = (await briefing(t.office, { regionId: f.county, month: '2027-07' })).doc;
    expect(july.text).not.toContain('六月逾期七月办结的任务');
    expect(july.text).not.toContain('六月按期报结的任务');
  });

  it('a history without any major step (loaded in bulk): the hazard\'s own major status stands, at the month\'s end and today', async () => {
    const garden = await t.regionId('花园口镇');
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO hazard (id, region_id, source, description, found_on, status, order_due_by, deadline, responsible_party, measures, ordered_on, major_status, policy_version, reported_by, version)
       VALUES (gen_random_uuid(), $1, 'OTHER', '导入的重大隐患', DATE '2027-06-02', 'RECTIFYING', DATE '2027-06-04', DATE '2027-09-30', '导入责任人', '措施', DATE '2027-06-02', 'CONFIRMED', 1, 'test', 1) RETURNING id`, [garden]);
    await t.dataSource.query(
      `INSERT INTO hazard_event (id, hazard_id, action, from_status, to_status, at, actor, details, attachments) VALUES
         (gen_random_uuid(), $1, 'REPORTED', NULL, 'REPORTED', '2027-06-02T09:00:00+08:00', 'import', '{}', '[]'),
         (gen_random_uuid(), $1, 'ORDERED', 'REPORTED', 'RECTIFYING', '2027-06-02T10:00:00+08:00', 'import', '{}', '[]')`, [id]);
    for (const month of ['2027-06', '2027-07']) {
      const { doc } = await briefing(t.office, { regionId: f.county, month });
      expect([month, doc.text.includes('导入的重大隐患')]).toEqual([month, true]);
    }
  });

});
