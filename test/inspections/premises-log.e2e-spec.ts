import { PremisesLogOrder1766548800000 } from '../../migrations/1766548800000-premises-log-order';
import { jpeg, uploaded } from '../support/files';
import { createPremises, inspectionsFixture, InspectionsFixture, nodes, order, recheck, reportHazard, reportRectification } from '../support/inspections';
import { createTestApp, data, TestApp } from '../support/test-app';

/**
 * The premises log tells one premises' whole story (户籍化, INS-1, INS-2), through the API: a worked example from
 * registration through an inspection, the closed loop of one of its hazards (a failed re-check included), a
 * deadline extension, a complaint checked on site, and an inspection of an earlier day recorded late. The log lists
 * entries by when things happened (own time), then by the order they were written.
 */
describe('the premises log (INS-1, INS-2)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let premisesId: string;
  const ids: Record<string, string> = {};

  const LOG = `query($p: ID!, $first: Int, $after: String) { premisesLog(premisesId: $p, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { occurredAt at kind summary actor subjectId attachments { name sha256 uri } } } } }`;
  const log = async (first = 100, after?: string) => data(await t.gqlAs(f.township, LOG, { p: premisesId, first, after })).premisesLog;
  const SV_ITEMS = ['SV-01', 'SV-02', 'SV-03', 'SV-04', 'SV-05'];
  const results = (failed: string[]) => SV_ITEMS.map((code) => ({ code, result: failed.includes(code) ? 'FAIL' : 'PASS', note: failed.includes(code) ? '现场发现问题' : null }));
  /** Moves the clock (Beijing time) and signs everyone in again (the idle limit). */
  const at = async (instant: string) => {
    t.clock.freeze(instant);
    await f.refresh();
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-08T09:00:00+08:00');
    f = await inspectionsFixture(t);
    premisesId = await createPremises(f, { name: '景山镇百货商店' });

    // Wednesday 03-10: an inspection with two failed items, the order for each
    await at('2027-03-10T10:00:00+08:00');
    const photo = await uploaded(t, f.station, '检查现场.jpg', jpeg('inspection'));
    const inspection = data(await t.gqlAs(f.station, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id hazards { id checklistItemCode } } }`, {
      i: { premisesId, inspectedOn: '2027-03-10', inspectors: ['张三', '李四'], results: results(['SV-02', 'SV-04']), attachments: [photo] },
    })).recordInspection;
    ids.inspection = inspection.id;
    [ids.a, ids.b] = inspection.hazards.map((h: any) => h.id);
    await at('2027-03-10T10:30:00+08:00');
    data(await order(f, ids.a, { deadline: '2027-03-20' }));
    await at('2027-03-10T10:40:00+08:00');
    data(await order(f, ids.b, { deadline: '2027-03-20', measures: '修复灭火器' }));

    // the rectification reported with evidence, a failed re-check by a colleague, reported again, re-checked passed
    await at('2027-03-11T09:00:00+08:00');
    data(await reportRectification(f, ids.a));
    await at('2027-03-11T15:00:00+08:00');
    data(await recheck(f, ids.a, false, f.colleague, { newDeadline: '2027-03-25' }));
    await at('2027-03-12T09:00:00+08:00');
    data(await reportRectification(f, ids.a));
    await at('2027-03-12T14:00:00+08:00');
    data(await recheck(f, ids.a, true, f.colleague));

    // a complaint received at 13:00 and filed at 16:00: it sorts by its receipt, before the 14:00 re-check
    await at('2027-03-12T16:00:00+08:00');
    ids.complaint = data(await t.gqlAs(f.station, `mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { id } }`, {
      i: { premisesId, receivedAt: '2027-03-12T13:00:00+08:00', channel: '12345 热线', category: 'BLOCKED_EXITS', content: '商店后门上锁' },
    })).fileComplaint.id;
    await at('2027-03-13T10:00:00+08:00');
    ids.fromComplaint = data(await t.gqlAs(f.colleague, `mutation($i: CheckComplaintInput!) { checkComplaint(input: $i) { hazard { id } } }`, {
      i: { complaintId: ids.complaint, outcome: 'CONFIRMED', note: '现场核实：后门上锁', hazardDescription: '安全出口上锁' },
    })).checkComplaint.hazard.id;

    // Monday 03-15: the deadline of the second hazard extended; an inspection of Tuesday 03-09 recorded late
    await at('2027-03-15T09:00:00+08:00');
    data(await t.gqlAs(f.township, `mutation($i: ExtendHazardDeadlineInput!) { extendHazardDeadline(input: $i) { deadline } }`, {
      i: { hazardId: ids.b, newDeadline: '2027-03-31', reason: '灭火器需厂家更换' },
    }));
    await at('2027-03-15T10:00:00+08:00');
    const late = data(await t.gqlAs(f.station, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id hazards { id } } }`, {
      i: { premisesId, inspectedOn: '2027-03-09', inspectors: ['王五', '赵六'], results: results(['SV-05']) },
    })).recordInspection;
    ids.late = late.id;
    ids.lateHazard = late.hazards[0].id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The whole story, in the order things happened: [kind, subject, own time (Beijing), what the summary says]. */
  const STORY: [string, string | null, string, string[]][] = [
    ['CREATED', null, '2027-03-08T09:00:00+08:00', ['登记场所']],
    // recorded last, on the day it happened: that day's start, before everything after it
    ['INSPECTED', 'late', '2027-03-09T00:00:00+08:00', ['检查（王五、赵六），1 项不合格']],
    ['HAZARD_REPORTED', 'lateHazard', '2027-03-09T00:00:00+08:00', ['发现隐患']],
    // the inspection before the hazards it found (same moment: written first)
    ['INSPECTED', 'inspection', '2027-03-10T10:00:00+08:00', ['检查（张三、李四），2 项不合格', '附件 1 个：检查现场.jpg']],
    ['HAZARD_REPORTED', 'a', '2027-03-10T10:00:00+08:00', ['发现隐患']],
    ['HAZARD_REPORTED', 'b', '2027-03-10T10:00:00+08:00', ['发现隐患']],
    ['ORDERED', 'a', '2027-03-10T10:30:00+08:00', ['下达整改', '整改期限 2027-03-20', '责任人 王店主', '清理通道杂物']],
    ['ORDERED', 'b', '2027-03-10T10:40:00+08:00', ['整改期限 2027-03-20', '修复灭火器']],
    ['RECTIFICATION_REPORTED', 'a', '2027-03-11T09:00:00+08:00', ['报告整改完成', '已清理', '附件 1 个：整改照片.jpg']],
    ['RECHECK_FAILED', 'a', '2027-03-11T15:00:00+08:00', ['复查不合格', '原因：通道仍有杂物', '新整改期限 2027-03-25（原 2027-03-20）']],
    ['RECTIFICATION_REPORTED', 'a', '2027-03-12T09:00:00+08:00', ['报告整改完成', '附件 1 个：整改照片.jpg']],
    ['COMPLAINT', 'complaint', '2027-03-12T13:00:00+08:00', ['受理举报投诉（12345 热线）', '核查时限 2027-03-13 13:00（北京时间）']],
    ['HAZARD_CLOSED', 'a', '2027-03-12T14:00:00+08:00', ['隐患复查合格销号']],
    ['COMPLAINT_CHECKED', 'complaint', '2027-03-13T10:00:00+08:00', ['举报投诉现场核查：属实（现场核实：后门上锁），登记隐患：安全出口上锁']],
    ['HAZARD_REPORTED', 'fromComplaint', '2027-03-13T10:00:00+08:00', ['发现隐患：安全出口上锁']],
    ['DEADLINE_EXTENDED', 'b', '2027-03-15T09:00:00+08:00', ['整改延期', '期限由 2027-03-20 延至 2027-03-31', '灭火器需厂家更换']],
  ];

  it('INS-1, INS-2: the log tells the whole story in the order things happened, each step of the closed loop included', async () => {
    const page = await log();
    const entries = nodes(page);
    expect(page.totalCount).toBe(STORY.length);
    expect(entries.map((e: any) => [e.kind, e.subjectId])).toEqual(STORY.map(([kind, subject]) => [kind, subject ? ids[subject] : null]));
    entries.forEach((e: any, i: number) => {
      expect(new Date(e.occurredAt).getTime()).toBe(new Date(STORY[i][2]).getTime());
      for (const words of STORY[i][3]) expect(e.summary).toContain(words);
    });
    // the late inspection was written last: its recording time says so, its own time puts it in its place
    expect(new Date(entries[1].at).getTime()).toBe(new Date('2027-03-15T10:00:00+08:00').getTime());
    expect(entries[9].actor).toBe(f.colleague.username);
  });

  it('INS-2: an entry whose step carried files lists them, and a reader of the hazard can download them', async () => {
    const entries = nodes(await log());
    const evidence = entries.filter((e: any) => e.kind === 'RECTIFICATION_REPORTED').map((e: any) => e.attachments);
    expect(evidence).toHaveLength(2);
    for (const files of evidence) expect(files).toEqual([expect.objectContaining({ name: '整改照片.jpg', uri: expect.stringMatching(/^\/attachments\/[0-9a-f]{64}$/) })]);
    expect(entries[3].attachments.map((a: any) => a.name)).toEqual(['检查现场.jpg']);
    expect(entries.filter((e: any) => !['RECTIFICATION_REPORTED', 'INSPECTED'].includes(e.kind)).every((e: any) => e.attachments.length === 0)).toBe(true);
    // the township government reads the log and the hazard: it downloads the evidence it lists
    expect((await t.download(f.township, evidence[0][0].sha256)).status).toBe(200);
  });

  it('INS-1: times in the summaries are Beijing time, never UTC ISO strings', async () => {
    for (const e of nodes(await log())) expect(e.summary).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it('INS-1: pages (first/after) follow the log\'s order: each entry once, the late inspection on the first page', async () => {
    const all = nodes(await log()).map((e: any) => `${e.kind}:${e.subjectId}:${e.at}`);
    const seen: string[] = [];
    let after: string | undefined;
    const pages: number[] = [];
    for (;;) {
      const page = await log(4, after);
      seen.push(...nodes(page).map((e: any) => `${e.kind}:${e.subjectId}:${e.at}`));
      pages.push(page.edges.length);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    expect(pages).toEqual([4, 4, 4, 4]);
    expect(seen.slice(0, 4).map((s) => s.split(':')[0])).toEqual(['CREATED', 'INSPECTED', 'HAZARD_REPORTED', 'INSPECTED']);
    // a cursor at the end of a day, and one inside a run of equal own times (the 03-10 inspection and its hazards)
    const third = (await log(3)).pageInfo.endCursor;
    const next = nodes(await log(3, third));
    expect(next.map((e: any) => [e.kind, e.subjectId])).toEqual([['INSPECTED', ids.inspection], ['HAZARD_REPORTED', ids.a], ['HAZARD_REPORTED', ids.b]]);
    const fifth = (await log(5)).pageInfo.endCursor;
    expect(nodes(await log(2, fifth)).map((e: any) => e.subjectId)).toEqual([ids.b, ids.a]);
  });

  it('INS-2: major hazards through the brigade and complaints found unfounded or checked late are in the log too', async () => {
    await at('2027-03-16T09:00:00+08:00');
    const other = await createPremises(f, { name: '景山镇旅店', kind: 'CROWDED_PLACE' });
    const reportMajor = (hazardId: string) => t.gqlAs(f.station, `mutation($i: ReportMajorHazardInput!) { reportMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId } });
    const decide = (hazardId: string, confirm: boolean) => t.gqlAs(f.brigade, `mutation($i: DecideMajorHazardInput!) { decideMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId, confirm, note: '经现场核查' } });
    const confirmed = await reportHazard(f, other, { description: '安全出口数量不足', majorItemCodes: ['5.4'] });
    data(await reportMajor(confirmed.id));
    data(await decide(confirmed.id, true));
    data(await order(f, confirmed.id, { deadline: '2027-04-30' }));
    data(await reportRectification(f, confirmed.id));
    data(await recheck(f, confirmed.id, true, f.brigade));
    const rejected = await reportHazard(f, other, { description: '彩钢板住人', majorItemCodes: ['5.7'] });
    data(await reportMajor(rejected.id));
    data(await decide(rejected.id, false));
    const file = async (receivedAt: string) => data(await t.gqlAs(f.station, `mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { id } }`, {
      i: { premisesId: other, receivedAt, channel: '来信', category: 'FACILITIES_OFF', content: '灭火器过期' },
    })).fileComplaint.id;
    const unfounded = await file('2027-03-16T08:00:00+08:00');
    data(await t.gqlAs(f.colleague, `mutation($i: CheckComplaintInput!) { checkComplaint(input: $i) { complaint { id } } }`, { i: { complaintId: unfounded, outcome: 'UNFOUNDED', note: '灭火器在有效期内' } }));
    await at('2027-03-18T10:00:00+08:00');
    const late = await file('2027-03-16T09:30:00+08:00');
    data(await t.gqlAs(f.colleague, `mutation($i: CheckComplaintInput!) { checkComplaint(input: $i) { complaint { id } } }`, { i: { complaintId: late, outcome: 'UNFOUNDED', note: '已更换' } }));

    const entries = nodes(data(await t.gqlAs(f.township, LOG, { p: other, first: 100 })).premisesLog);
    expect(entries.map((e: any) => e.kind)).toEqual([
      // the complaint received at 08:00, before the premises was registered in the system at 09:00
      'COMPLAINT', 'CREATED', 'HAZARD_REPORTED', 'MAJOR_REPORTED', 'MAJOR_CONFIRMED', 'ORDERED', 'RECTIFICATION_REPORTED', 'HAZARD_CLOSED',
      'HAZARD_REPORTED', 'MAJOR_REPORTED', 'MAJOR_REJECTED', 'COMPLAINT_CHECKED', 'COMPLAINT',
      'COMPLAINT_CHECKED',
    ]);
    expect(entries[2].summary).toContain('（疑似重大火灾隐患）');
    expect(entries[7].summary).toBe('隐患复查合格销号：安全出口数量不足（重大火灾隐患督办销案）');
    expect(entries[10].summary).toBe('县消防救援大队判定不构成重大火灾隐患：彩钢板住人（经现场核查）');
    expect(entries[11].summary).toBe('举报投诉现场核查：不属实（灭火器在有效期内）');
    expect(entries[12]).toMatchObject({ subjectId: late, summary: '受理举报投诉（来信），核查时限 2027-03-17 09:30（北京时间）' });
    expect(entries[13].summary).toBe('举报投诉现场核查：不属实（已更换）；超过核查时限 2027-03-17 09:30（北京时间）');
  });

  it('INS-1: the migration gives entries written before it their own time from what they record', async () => {
    const before = nodes(await log()).map((e: any) => [e.kind, e.subjectId, e.occurredAt]);
    const migration = new PremisesLogOrder1766548800000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      // a complaint entry as it was written before: its deadline in UTC
      await runner.query(`UPDATE premises_event SET summary = '受理举报投诉，核查时限 2027-03-13T05:00:00.000Z' WHERE kind = 'COMPLAINT' AND subject_id = $1`, [Buffer.from(ids.complaint, 'base64').toString().split(':')[1]]);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const after = nodes(await log());
    expect(after.map((e: any) => [e.kind, e.subjectId, e.occurredAt])).toEqual(before);
    expect(after.find((e: any) => e.kind === 'COMPLAINT').summary).toBe('受理举报投诉（12345 热线），核查时限 2027-03-13 13:00（北京时间）');
  });
});
