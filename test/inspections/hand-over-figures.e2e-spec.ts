import mammoth from 'mammoth';
import PizZip from 'pizzip';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { inspectionsFixture, InspectionsFixture } from '../support/inspections';
import { getFile } from '../support/office';
import { createTestApp, data, TestAccount, TestApp } from '../support/test-app';

/**
 * The fire situation (INS-4) and the monthly briefing count the cases handed over to the county brigade (hand-over
 * default: stations have no enforcement power, a case needing legal measures is handed over and tracked; INS-2).
 * Data, all through the API with the clock moved (Beijing days): 景山镇 (one case in its village) and 龙泉镇, in
 * 2027-03 and 2027-04, and the month in which a case's outcome day passes.
 *
 *   case  township  handed over        accepted / returned            outcome
 *   J1    景山镇     03-01              accepted 03-02 (立案)           04-02, eliminated
 *   J2    景山村     03-01              accepted 03-10 (late: due 03-04, 不予立案)  04-02, not eliminated
 *   L1    龙泉镇     03-01              accepted 03-04 (on its due day) after its outcome day (late)
 *   L2    龙泉镇     03-31 23:30        never (its accept day in April passes)
 *   L3    龙泉镇     04-01 00:10        returned 04-02 (on time)
 */
describe('hand-overs in the fire situation and the briefing (INS-4, INS-2, hand-over default)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let longquan: TestAccount; // the station of 龙泉镇
  let longquanId: string;
  let village: string;
  const cases: Record<string, { id: string; hazardId: string; acceptDueBy: string; outcomeDueBy?: string }> = {};

  const session = async (a: TestAccount) => {
    const { accessToken } = await t.app.get(AuthService).startSession(RequestContext.system('test'), a.id);
    return { token: accessToken, headers: { authorization: `Bearer ${accessToken}` } };
  };
  /** Moves the clock to a Beijing instant and signs everyone in again. */
  const moveTo = async (instant: string) => {
    t.clock.freeze(instant);
    await f.refresh();
    longquan = { ...longquan, ...(await session(longquan)) };
    await t.gql('{ __typename }'); // signs the office in again after the clock moved
  };
  const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

  // ---------- the cases, through the API ----------

  const handOver = async (name: string, who: TestAccount, regionId: string) => {
    const hazard = data(await t.gqlAs(who, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id } }`, {
      i: { regionId, description: `需要采取法律措施的隐患 ${name}`, foundOn: t.clock.today() },
    })).reportHazard;
    const handed = data(await t.gqlAs(who, `mutation($i: HandOverHazardInput!) { handOverHazard(input: $i) { handOver { id state acceptDueBy } } }`, {
      i: { hazardId: hazard.id, reason: '拒不整改，需依法处罚' },
    })).handOverHazard.handOver;
    expect(handed.state).toBe('PENDING');
    cases[name] = { id: handed.id, hazardId: hazard.id, acceptDueBy: handed.acceptDueBy };
  };
  const accept = async (name: string, caseFiled: boolean) => {
    const c = data(await t.gqlAs(f.brigade, `mutation($i: AcceptHandOverInput!) { acceptHandOver(input: $i) { state outcomeDueBy } }`, {
      i: { handOverId: cases[name].id, caseFiled, note: caseFiled ? null : '情节轻微，不予立案，责令改正' },
    })).acceptHandOver;
    expect(c.state).toBe('ACCEPTED');
    cases[name].outcomeDueBy = c.outcomeDueBy;
  };
  const giveBack = async (name: string) => {
    expect(data(await t.gqlAs(f.brigade, `mutation($i: ReturnHandOverInput!) { returnHandOver(input: $i) { state } }`, {
      i: { handOverId: cases[name].id, reason: '不需要采取法律措施，由工作站继续督促整改' },
    })).returnHandOver.state).toBe('RETURNED');
  };
  const conclude = async (name: string, caseFiled: boolean, hazardEliminated: boolean) => {
    const today = t.clock.today();
    expect(data(await t.gqlAs(f.brigade, `mutation($i: RecordHandOverOutcomeInput!) { recordHandOverOutcome(input: $i) { state } }`, {
      i: {
        handOverId: cases[name].id, documentNumber: `靖消行罚决字〔2027〕${name}号`, decidedOn: today, hazardEliminated,
        measures: [{ measure: caseFiled ? 'CASE_FILED' : 'NOT_FILED', takenOn: today }, { measure: 'ORDER_CORRECTION', takenOn: today }],
      },
    })).recordHandOverOutcome.state).toBe('CONCLUDED');
  };

  // ---------- the API's answers ----------

  const HAND_OVER_FIGURES = 'handOvers handOversAccepted handOversConcluded handOversOverdue';
  const situation = async (regionId: string, period: { kind: string; year: number; number: number }, who: TestAccount = f.center) => data(await t.gqlAs(who, `query($r: ID!, $p: PeriodInput!) {
    fireSituation(regionId: $r, period: $p) {
      total { townshipName current { ${HAND_OVER_FIGURES} hazardsFound } previousPeriod { ${HAND_OVER_FIGURES} } samePeriodLastYear { ${HAND_OVER_FIGURES} }
        periodOnPeriod { metric value base delta percent } yearOnYear { metric value base delta percent } }
      townships { townshipName current { ${HAND_OVER_FIGURES} } } } }`, { r: regionId, p: period })).fireSituation;
  const month = (number: number, year = 2027) => ({ kind: 'MONTH', year, number });
  /** A township's hand-over figures as [made, accepted, concluded, overdue]. */
  const row = (s: any, name: string) => {
    const r = name === '合计' ? s.total : s.townships.find((x: any) => x.townshipName === name);
    return [r.current.handOvers, r.current.handOversAccepted, r.current.handOversConcluded, r.current.handOversOverdue];
  };
  const overdueList = async () => data(await t.gqlAs(f.brigade, `{ handOvers(overdue: true, first: 50) { totalCount edges { node { id overdue } } } }`)).handOvers;

  // ---------- the briefing document ----------

  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const briefing = async (who: TestAccount, query: Record<string, string>) => {
    const res = await getFile(t, who, `/office/briefings/fire-situation.docx?${new URLSearchParams(query)}`);
    if (res.status !== 200) throw new Error(`briefing ${JSON.stringify(query)}: ${res.status} ${JSON.stringify(res.body)}`);
    const text = (await mammoth.extractRawText({ buffer: res.bytes })).value;
    const xml = new PizZip(res.bytes).file('word/document.xml')!.asText();
    const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((tbl) => [...tbl[1].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
      [...tr[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) => [...tc[1].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join(''))));
    // 表4, the hand-overs' own table (表3 has a 移交大队 column too)
    const handOvers = tables.find((rows) => rows[0].includes('大队接收（件）'));
    return { text, lines: text.split('\n').map((l) => l.trim()).filter(Boolean), handOvers: handOvers ? { header: handOvers[0], rows: handOvers.slice(1) } : null, tables };
  };
  /** The document's sentence and table as the test writes them from fireSituation's numbers. */
  const sentence = (when: string, region: string, c: any) =>
    `${when}，${region}移交大队 ${c.handOvers} 件，大队接收 ${c.handOversAccepted} 件，办结 ${c.handOversConcluded} 件，逾期未接收或未办结 ${c.handOversOverdue} 件。`;
  const tableOf = (s: any) => [...s.townships.map((r: any) => [r.townshipName, ...row(s, r.townshipName).map(String)]), ['合计', ...row(s, '合计').map(String)]];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-01T10:00:00+08:00'); // a Monday
    f = await inspectionsFixture(t);
    longquan = await t.account({ role: Role.STATION, region: '龙泉镇' });
    longquanId = toGlobalId('Region', await t.regionId('龙泉镇'));
    village = data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: f.jingshan, name: '景山村', kind: 'VILLAGE' } })).createRegion.id;
    await handOver('J1', f.station, f.jingshan);
    await handOver('J2', f.station, village);
    await handOver('L1', longquan, longquanId);
    // 3 working days: Thursday
    expect([cases.J1.acceptDueBy, cases.J2.acceptDueBy, cases.L1.acceptDueBy]).toEqual(['2027-03-04', '2027-03-04', '2027-03-04']);
    await moveTo('2027-03-02T10:00:00+08:00');
    await accept('J1', true);
    await moveTo('2027-03-04T10:00:00+08:00');
    await accept('L1', true); // on its due day: on time
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('INS-4, hand-over default: overdue on the day after the accept day (Asia/Shanghai), not on it; the current month counts as of today', async () => {
    // the last second of the due day in Beijing: J2 is still on time
    await moveTo('2027-03-04T23:59:59+08:00');
    let march = await situation(f.county, month(3));
    expect(row(march, '景山镇')).toEqual([2, 1, 0, 0]);
    expect(row(march, '龙泉镇')).toEqual([1, 1, 0, 0]);
    expect(row(march, '合计')).toEqual([3, 2, 0, 0]);
    expect((await overdueList()).totalCount).toBe(0);

    // the first second of the next day: J2 missed its accept day; the list (handOverOverdue) says the same
    await moveTo('2027-03-05T00:00:00+08:00');
    march = await situation(f.county, month(3));
    expect(row(march, '景山镇')).toEqual([2, 1, 0, 1]);
    expect(row(march, '龙泉镇')).toEqual([1, 1, 0, 0]);
    expect(row(march, '合计')).toEqual([3, 2, 0, 1]);
    const listed = await overdueList();
    expect(listed.edges.map((e: any) => e.node.id)).toEqual([cases.J2.id]);

    // the briefing of the current month says the same, 截至今日
    const { lines, handOvers } = await briefing(t.office, { regionId: f.county, month: '2027-03' });
    expect(lines).toContain(sentence('本月截至3月5日', '靖宇县', march.total.current));
    expect(lines).toContain('本月截至3月5日，靖宇县移交大队 3 件，大队接收 2 件，办结 0 件，逾期未接收或未办结 1 件。');
    expect(handOvers!.rows).toEqual(tableOf(march));
  });

  it('INS-2, hand-over default: a case accepted late stays counted in the month of its missed day (as hazardsOverdue), though no longer overdue now', async () => {
    await moveTo('2027-03-10T10:00:00+08:00');
    await accept('J2', false);
    expect((await overdueList()).totalCount).toBe(0);
    expect(row(await situation(f.county, month(3)), '景山镇')).toEqual([2, 2, 0, 1]);
  });

  it('INS-4, hand-over default: every figure per township and in total, March and April, with 环比 and 同比; Beijing day boundaries', async () => {
    await moveTo('2027-03-31T23:30:00+08:00'); // 15:30 UTC: March 31 in Beijing
    await handOver('L2', longquan, longquanId);
    await moveTo('2027-04-01T00:10:00+08:00'); // March 31 in UTC, April 1 in Beijing
    await handOver('L3', longquan, longquanId);
    expect(cases.L2.acceptDueBy > '2027-04-01' && cases.L2.acceptDueBy < '2027-04-30').toBe(true);
    await moveTo('2027-04-02T10:00:00+08:00');
    await giveBack('L3');
    await conclude('J1', true, true);
    await conclude('J2', false, false);
    // past L2's accept day (still pending)
    await moveTo(`${nextDay(cases.L2.acceptDueBy)}T09:00:00+08:00`);

    const march = await situation(f.county, month(3));
    expect(row(march, '景山镇')).toEqual([2, 2, 0, 1]);
    expect(row(march, '龙泉镇')).toEqual([2, 1, 0, 0]);
    expect(row(march, '赤松镇')).toEqual([0, 0, 0, 0]);
    expect(row(march, '合计')).toEqual([4, 3, 0, 1]);

    const april = await situation(f.county, month(4));
    expect(row(april, '景山镇')).toEqual([0, 0, 2, 0]);
    expect(row(april, '龙泉镇')).toEqual([1, 0, 0, 1]);
    expect(row(april, '合计')).toEqual([1, 0, 2, 1]);
    // the previous period is March; the same month last year has none
    expect(april.total.previousPeriod).toEqual({ handOvers: 4, handOversAccepted: 3, handOversConcluded: 0, handOversOverdue: 1 });
    expect(april.total.samePeriodLastYear).toEqual({ handOvers: 0, handOversAccepted: 0, handOversConcluded: 0, handOversOverdue: 0 });
    const change = (list: any[], metric: string) => list.find((c) => c.metric === metric);
    expect(change(april.total.periodOnPeriod, 'HAND_OVERS')).toEqual({ metric: 'HAND_OVERS', value: 1, base: 4, delta: -3, percent: -75 });
    expect(change(april.total.periodOnPeriod, 'HAND_OVERS_ACCEPTED')).toEqual({ metric: 'HAND_OVERS_ACCEPTED', value: 0, base: 3, delta: -3, percent: -100 });
    expect(change(april.total.periodOnPeriod, 'HAND_OVERS_CONCLUDED')).toEqual({ metric: 'HAND_OVERS_CONCLUDED', value: 2, base: 0, delta: 2, percent: null });
    expect(change(april.total.periodOnPeriod, 'HAND_OVERS_OVERDUE')).toEqual({ metric: 'HAND_OVERS_OVERDUE', value: 1, base: 1, delta: 0, percent: 0 });
    expect(change(april.total.yearOnYear, 'HAND_OVERS')).toEqual({ metric: 'HAND_OVERS', value: 1, base: 0, delta: 1, percent: null });

    // the quarter is the sum of its months here (no case missed two days in it); a station sees its township only
    const q1 = await situation(f.county, { kind: 'QUARTER', year: 2027, number: 1 });
    expect(row(q1, '合计')).toEqual([4, 3, 0, 1]);
    const mine = await situation(longquanId, month(4), longquan);
    expect(mine.townships.map((r: any) => r.townshipName)).toEqual(['龙泉镇']);
    expect(row(mine, '合计')).toEqual([1, 0, 0, 1]);
    expect((await overdueList()).edges.map((e: any) => e.node.id)).toEqual([cases.L2.id]);
  });

  it('INS-4, hand-over default: an outcome day passing counts in its own month, from the day after it', async () => {
    const due = cases.L1.outcomeDueBy!;
    const period = month(Number(due.slice(5, 7)));
    expect(due > '2027-04-30' && due < '2027-06-28').toBe(true); // 60 working days after March 4: in Q2
    await moveTo(`${due}T23:59:59+08:00`);
    expect(row(await situation(f.county, period), '龙泉镇')).toEqual([0, 0, 0, 0]);
    await moveTo(`${nextDay(due)}T00:00:00+08:00`);
    expect(row(await situation(f.county, period), '龙泉镇')).toEqual([0, 0, 0, 1]);
    expect((await overdueList()).edges.map((e: any) => e.node.id).sort()).toEqual([cases.L1.id, cases.L2.id].sort());
    // concluded late: no longer overdue now, still counted in the month of the missed day; concluded in the month of today
    await moveTo(`${nextDay(nextDay(due))}T10:00:00+08:00`);
    await conclude('L1', true, true);
    const after = await situation(f.county, month(Number(t.clock.today().slice(5, 7))));
    expect(row(after, '龙泉镇')[2]).toBe(1);
    expect(row(await situation(f.county, period), '龙泉镇')[3]).toBe(1);
    expect((await overdueList()).edges.map((e: any) => e.node.id)).toEqual([cases.L2.id]);
    // the quarter of the outcome day: L2's missed accept day (April) and L1's missed outcome day
    const q2 = await situation(f.county, { kind: 'QUARTER', year: 2027, number: 2 });
    expect(row(q2, '龙泉镇')).toEqual([1, 0, 1, 2]);
    expect(row(q2, '景山镇')).toEqual([0, 0, 2, 0]);
    expect(row(q2, '合计')).toEqual([1, 0, 3, 2]);
  });

  it('INS-4, hand-over default: the briefing of a past month shows the hand-overs per township, equal to fireSituation', async () => {
    for (const [m, label] of [[3, '2027年3月'], [4, '2027年4月']] as const) {
      const api = await situation(f.county, month(m), t.office);
      const { lines, handOvers } = await briefing(t.office, { regionId: f.county, month: `2027-0${m}` });
      expect(lines).toContain(sentence(label, '靖宇县', api.total.current));
      expect(handOvers!.header).toEqual(['乡镇', '移交大队（件）', '大队接收（件）', '办结（件）', '逾期未接收或未办结（件）']);
      expect(handOvers!.rows).toEqual(tableOf(api));
    }
    const { lines, handOvers } = await briefing(t.office, { regionId: f.county, month: '2027-04' });
    expect(lines).toContain('2027年4月，靖宇县移交大队 1 件，大队接收 0 件，办结 2 件，逾期未接收或未办结 1 件。');
    expect(handOvers!.rows.find((r) => r[0] === '龙泉镇')).toEqual(['龙泉镇', '1', '0', '0', '1']);
    expect(handOvers!.rows.at(-1)).toEqual(['合计', '1', '0', '2', '1']);

    // a station's own briefing: its township and the total
    const mine = await briefing(longquan, { month: '2027-03' });
    const api = await situation(longquanId, month(3), longquan);
    expect(mine.handOvers!.rows).toEqual([['龙泉镇', '2', '1', '0', '0'], ['合计', '2', '1', '0', '0']]);
    expect(mine.handOvers!.rows).toEqual(tableOf(api));
    expect(mine.lines).toContain(sentence('2027年3月', '龙泉镇', api.total.current));
  });
});
