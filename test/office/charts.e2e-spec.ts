import PizZip from 'pizzip';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { createPremises, inspectionsFixture, InspectionsFixture, order, recheck, reportHazard, reportRectification } from '../support/inspections';
import { getFile } from '../support/office';
import { createTestApp, data, TestAccount, TestApp } from '../support/test-app';

/**
 * The fire situation's charts (INS-4): `GET /office/charts/fire-trend.svg|.png` and `townships.svg|.png`, and the
 * two pictures of the briefing. The figures a chart draws (its SVG's <desc>, the figures in words) are compared
 * with what `fireSituation` answers for each month. Data: 景山镇 and 龙泉镇 from 2026-06 to 2027-07, recorded
 * through the API with the clock moved; today is 2027-07-15 (Beijing).
 */
describe('the fire situation charts (INS-4)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let longquan: TestAccount;
  let longquanId: string;
  let village: string;
  const at = (day: string) => `${day}T10:00:00+08:00`;
  const SIZE = { trend: { width: 1280, height: 760 } };

  const session = async (a: TestAccount) => {
    const { accessToken } = await t.app.get(AuthService).startSession(RequestContext.system('test'), a.id);
    return { token: accessToken, headers: { authorization: `Bearer ${accessToken}` } };
  };
  const moveTo = async (instant: string) => {
    t.clock.freeze(instant);
    await f.refresh();
    longquan = { ...longquan, ...(await session(longquan)) };
  };
  const recordFire = async (who: TestAccount, regionId: string, occurredAt: string) =>
    data(await t.gqlAs(who, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id } }`, {
      i: { regionId, occurredAt, place: '测试起火地点', cause: 'ELECTRICAL', deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 1000 },
    }));

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze(at('2026-06-20'));
    f = await inspectionsFixture(t);
    longquan = await t.account({ role: Role.STATION, region: '龙泉镇' });
    longquanId = toGlobalId('Region', await t.regionId('龙泉镇'));
    village = data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: f.jingshan, name: '图表村', kind: 'VILLAGE' } })).createRegion.id;
    const pJ = await createPremises(f, { name: '景山镇图表超市' });
    const pL = await createPremises(f, { regionId: longquanId, name: '龙泉镇图表饭店', address: '龙泉镇新华街 9 号' }, longquan);
    // before the twelve months of 2027-06: not drawn
    await recordFire(f.station, f.jingshan, at('2026-06-19'));
    await reportHazard(f, pJ, { description: '窗口之前的隐患' });

    await moveTo(at('2026-07-10'));
    await recordFire(f.station, f.jingshan, at('2026-07-09'));
    await reportHazard(f, pJ, { description: '七月：仓库堆放可燃物' });

    await moveTo(at('2026-12-05'));
    const dec = await reportHazard(f, pJ, { description: '十二月：疏散通道堆放杂物' });
    data(await order(f, dec.id, { deadline: '2026-12-15' }));
    data(await reportRectification(f, dec.id));
    data(await recheck(f, dec.id, true));

    await moveTo(at('2027-03-12'));
    await recordFire(f.station, f.jingshan, at('2027-03-11'));
    await recordFire(longquan, longquanId, at('2027-03-10'));
    await reportHazard(f, pL, { description: '三月：厨房油烟管道未清洗' }, longquan);

    await moveTo(at('2027-05-10'));
    const may = await reportHazard(f, pL, { description: '五月：燃气管线老化' }, longquan);
    data(await order(f, may.id, { deadline: '2027-05-20', responsibleParty: '饭店业主赵某' }, longquan));

    await moveTo(at('2027-06-05'));
    await recordFire(longquan, longquanId, at('2027-06-03'));
    const jun = await reportHazard(f, pJ, { description: '六月：消防车通道被占用' });
    data(await order(f, jun.id, { deadline: '2027-06-20' }));
    const junDone = await reportHazard(f, pJ, { description: '六月：灭火器过期' });
    data(await order(f, junDone.id, { deadline: '2027-06-15' }));
    data(await reportRectification(f, junDone.id));
    data(await recheck(f, junDone.id, true));
    const v = data(await t.gqlAs(f.station, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id } }`, { i: { regionId: village, description: '六月：柴草垛紧靠民房', foundOn: '2027-06-05' } })).reportHazard;
    data(await order(f, v.id, { deadline: '2027-06-25' }));

    await moveTo(at('2027-07-15'));
    await t.gql('{ __typename }'); // signs the office in again after the clock moved
    await recordFire(f.station, f.jingshan, at('2027-07-10'));
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const FIGURES = 'incidents hazardsFound hazardsRectified hazardsOverdue';
  const situation = async (who: TestAccount, regionId: string, year: number, month: number) => data(await t.gqlAs(who, `query($r: ID!, $p: PeriodInput!) {
    fireSituation(regionId: $r, period: $p) { total { current { ${FIGURES} } } townships { townshipName current { ${FIGURES} } } } }`, { r: regionId, p: { kind: 'MONTH', year, number: month } })).fireSituation;
  const chart = (who: TestAccount | null, file: string, query: Record<string, string | string[]>) =>
    getFile(t, who, `/office/charts/${file}?${new URLSearchParams(Object.entries(query).flatMap(([k, v]) => [v].flat().map((one) => [k, one])))}`);
  const ok = async (who: TestAccount, file: string, query: Record<string, string>) => {
    const res = await chart(who, file, query);
    if (res.status !== 200) throw new Error(`${file} ${JSON.stringify(query)}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  /** The figures an SVG draws, from its <desc>: 「2027年6月：发现隐患 3 处，…」 items after the first sentence. */
  const described = (svg: string) => {
    const desc = /<desc>([^<]*)<\/desc>/.exec(svg)![1];
    return desc.slice(desc.indexOf('。') + 1).replace(/。$/, '').split('；');
  };
  const last12 = () => Array.from({ length: 12 }, (_, i) => (i < 6 ? { year: 2026, month: 7 + i } : { year: 2027, month: i - 5 }));
  const pngSize = (png: Buffer) => ({ signature: png.subarray(0, 8).toString('hex'), width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
  const filename = (res: { headers: Record<string, string> }) => decodeURIComponent(res.headers['content-disposition'].split("UTF-8''")[1]);

  it('the trend draws fireSituation\'s total for each of the twelve months ending with the month', async () => {
    const res = await ok(t.office, 'fire-trend.svg', { regionId: f.county, month: '2027-06' });
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(filename(res)).toBe('靖宇县2027年6月火灾和隐患趋势图.svg');
    const svg = res.bytes.toString('utf8');
    expect(svg).toContain('<title>靖宇县2026年7月至2027年6月火灾和隐患趋势</title>');
    expect(svg).toContain('2026年7月至2027年6月');
    const expected = [];
    for (const { year, month } of last12()) {
      const c = (await situation(t.office, f.county, year, month)).total.current;
      expected.push(`${year}年${month}月：发现隐患 ${c.hazardsFound} 处，整改隐患 ${c.hazardsRectified} 处，火灾 ${c.incidents} 起`);
    }
    expect(described(svg)).toEqual(expected);
    // by hand: July 1 fire, 1 hazard; December 1 hazard, rectified; March 2 fires, 1 hazard; May 1 hazard; June 1 fire, 3 hazards, 1 rectified
    expect(expected[0]).toBe('2026年7月：发现隐患 1 处，整改隐患 0 处，火灾 1 起');
    expect(expected[5]).toBe('2026年12月：发现隐患 1 处，整改隐患 1 处，火灾 0 起');
    expect(expected[8]).toBe('2027年3月：发现隐患 1 处，整改隐患 0 处，火灾 2 起');
    expect(expected[11]).toBe('2027年6月：发现隐患 3 处，整改隐患 1 处，火灾 1 起');
  });

  it('the townships chart draws each township\'s row of fireSituation for the month, most found first', async () => {
    const svg = (await ok(t.office, 'townships.svg', { regionId: f.county, month: '2027-06' })).bytes.toString('utf8');
    expect(svg).toContain('<title>靖宇县2027年6月各乡镇隐患发现、整改和逾期情况</title>');
    const api = await situation(t.office, f.county, 2027, 6);
    const drawn = described(svg);
    expect(drawn).toHaveLength(api.townships.length);
    expect([...drawn].sort()).toEqual(api.townships.map((r: any) => `${r.townshipName}：发现隐患 ${r.current.hazardsFound} 处，整改隐患 ${r.current.hazardsRectified} 处，逾期未整改 ${r.current.hazardsOverdue} 处`).sort());
    expect(drawn[0]).toBe('景山镇：发现隐患 3 处，整改隐患 1 处，逾期未整改 2 处');
    // ties on found keep fireSituation's order (表2's: the region order, 县直 last)
    const line = (r: any) => `${r.townshipName}：发现隐患 ${r.current.hazardsFound} 处，整改隐患 ${r.current.hazardsRectified} 处，逾期未整改 ${r.current.hazardsOverdue} 处`;
    expect(drawn).toEqual([...api.townships].sort((a: any, b: any) => b.current.hazardsFound - a.current.hazardsFound).map(line));
    const may = described((await ok(t.office, 'townships.svg', { regionId: f.county, month: '2027-05' })).bytes.toString('utf8'));
    expect(may[0]).toBe('龙泉镇：发现隐患 1 处，整改隐患 0 处，逾期未整改 1 处');
  });

  it('PNG: the signature, twice the SVG\'s size, the height growing with the townships', async () => {
    const trend = await ok(t.office, 'fire-trend.png', { regionId: f.county, month: '2027-06' });
    expect(trend.headers['content-type']).toBe('image/png');
    expect(filename(trend)).toBe('靖宇县2027年6月火灾和隐患趋势图.png');
    expect(pngSize(trend.bytes)).toEqual({ signature: '89504e470d0a1a0a', ...SIZE.trend });
    const towns = await ok(t.office, 'townships.png', { regionId: f.county, month: '2027-06' });
    const svg = (await ok(t.office, 'townships.svg', { regionId: f.county, month: '2027-06' })).bytes.toString('utf8');
    const [, w, h] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    expect(pngSize(towns.bytes)).toEqual({ signature: '89504e470d0a1a0a', width: w * 2, height: h * 2 });
    const own = await ok(f.station, 'townships.png', { month: '2027-06' });
    expect(filename(own)).toBe('景山镇2027年6月隐患情况图.png');
    expect(pngSize(own.bytes).height).toBeLessThan(pngSize(towns.bytes).height);
  });

  it('the current month runs to today, as fireSituation\'s', async () => {
    const svg = (await ok(t.office, 'fire-trend.svg', { regionId: f.county, month: '2027-07' })).bytes.toString('utf8');
    expect(svg).toContain('（7月截至15日）');
    const c = (await situation(t.office, f.county, 2027, 7)).total.current;
    expect(described(svg).at(-1)).toBe(`2027年7月：发现隐患 ${c.hazardsFound} 处，整改隐患 ${c.hazardsRectified} 处，火灾 ${c.incidents} 起`);
    expect(c.incidents).toBe(1);
  });

  it('refuses what the briefing refuses, with the same answer', async () => {
    const cases: Record<string, string | string[]>[] = [
      { regionId: f.county }, { regionId: f.county, month: '2027-6' }, { regionId: f.county, month: '2027-13' }, { regionId: f.county, month: '1999-12' },
      { regionId: f.county, month: '2027-08' }, { regionId: f.county, month: ['2027-05', '2027-06'] }, { regionId: 'not-a-region', month: '2027-06' },
      { regionId: village, month: '2027-06' },
    ];
    const briefing = (who: TestAccount | null, query: Record<string, string | string[]>) =>
      getFile(t, who, `/office/briefings/fire-situation.docx?${new URLSearchParams(Object.entries(query).flatMap(([k, v]) => [v].flat().map((one) => [k, one])))}`);
    const answer = (r: { status: number; body: any }) => ({ status: r.status, code: r.body?.errors?.[0]?.extensions?.code, fields: r.body?.errors?.[0]?.extensions?.fields, message: r.body?.errors?.[0]?.message });
    for (const query of cases) {
      const expected = answer(await briefing(t.office, query));
      expect(expected.status).toBe(400);
      for (const file of ['fire-trend.svg', 'fire-trend.png', 'townships.svg', 'townships.png']) {
        expect({ file, query, ...answer(await chart(t.office, file, query)) }).toEqual({ file, query, ...expected });
      }
    }
    expect(answer(await chart(t.office, 'fire-trend.png', { regionId: f.county, month: '2027-08' })).fields).toEqual([{ field: 'month', reason: '不能晚于本月（2027-07）' }]);
    // a township's station asking for another township, or the county: FORBIDDEN, as the briefing and fireSituation
    for (const [who, regionId] of [[longquan, f.jingshan], [f.station, f.county], [f.station, longquanId]] as const) {
      const expected = answer(await briefing(who, { regionId, month: '2027-06' }));
      expect(expected).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      for (const file of ['fire-trend.png', 'townships.svg']) expect(answer(await chart(who, file, { regionId, month: '2027-06' }))).toEqual(expected);
    }
    expect(answer(await chart(null, 'fire-trend.svg', { regionId: f.county, month: '2027-06' }))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect((await chart(t.office, 'fire-trend.gif', { regionId: f.county, month: '2027-06' })).status).toBe(404);
  });

  it('the briefing holds both charts as PNG pictures referenced from the document, as the routes draw them', async () => {
    const res = await getFile(t, t.office, `/office/briefings/fire-situation.docx?regionId=${encodeURIComponent(f.county)}&month=2027-06`);
    expect(res.status).toBe(200);
    const zip = new PizZip(res.bytes);
    const doc = zip.file('word/document.xml')!.asText();
    const rels = zip.file('word/_rels/document.xml.rels')!.asText();
    expect(zip.file('[Content_Types].xml')!.asText()).toContain('<Default Extension="png" ContentType="image/png"/>');
    const trend = (await ok(t.office, 'fire-trend.png', { regionId: f.county, month: '2027-06' })).bytes;
    const towns = (await ok(t.office, 'townships.png', { regionId: f.county, month: '2027-06' })).bytes;
    for (const [target, png] of [['media/chart-trend.png', trend], ['media/chart-townships.png', towns]] as const) {
      const rId = new RegExp(`Id="([^"]+)" Type="[^"]+/image" Target="${target}"`).exec(rels)![1];
      expect(doc).toContain(`r:embed="${rId}"`);
      const part = Buffer.from(zip.file(`word/${target}`)!.asUint8Array());
      expect(pngSize(part).width).toBe(1280); // not the template's placeholder (64 px)
      expect(part.equals(png)).toBe(true);
      // the drawing has the picture's aspect ratio
      const drawing = doc.slice(doc.lastIndexOf('<w:drawing>', doc.indexOf(`r:embed="${rId}"`)), doc.indexOf('</w:drawing>', doc.indexOf(`r:embed="${rId}"`)));
      const [, cx, cy] = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(drawing)!.map(Number);
      expect(Math.abs(cy / cx - pngSize(part).height / pngSize(part).width)).toBeLessThan(0.001);
    }
    expect(doc).toContain('图1　近12个月火灾和隐患趋势');
    expect(doc).toContain('图2　各乡镇隐患发现、整改和逾期情况');
  });

  it('every chart is audited as drawChart…: successes with region and month, refusals', async () => {
    await ok(t.office, 'townships.png', { regionId: f.county, month: '2027-04' });
    const rows = async () => t.dataSource.query(`SELECT operation, outcome, error_code, summary FROM audit_entry WHERE operation LIKE 'drawChart%' ORDER BY operation`) as Promise<any[]>;
    for (let i = 0; i < 50 && !(await rows()).some((r) => r.outcome === 'DENIED'); i++) await new Promise((r) => setTimeout(r, 100));
    const all = await rows();
    expect(all).toEqual(expect.arrayContaining([
      expect.objectContaining({ operation: 'drawChartTownships', outcome: 'SUCCESS', summary: { after: { filename: '靖宇县2027年4月各乡镇隐患情况图.png', bytes: expect.any(Number), regionId: f.county, month: '2027-04', format: 'png' } } }),
      expect.objectContaining({ operation: 'drawChartFireTrend', outcome: 'FAILURE', error_code: 'BAD_USER_INPUT' }),
      expect.objectContaining({ operation: 'drawChartFireTrend', outcome: 'DENIED', error_code: 'FORBIDDEN' }),
    ]));
  });
});
