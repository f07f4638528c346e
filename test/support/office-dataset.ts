import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { createPremises, InspectionsFixture, order, recheck, reportHazard, reportRectification } from './inspections';
import { data, TestAccount, TestApp } from './test-app';

/**
 * A small county for the rendered documents (test/office/rendered.e2e-spec.ts, scripts/office-samples.mjs), the same
 * on every run (frozen clock, fixed usernames): fires of 景山镇 and 龙泉镇 in 2027-05 and 2027-06 (the briefing's
 * month) and 2026-06 (同比), an inspection, and `overdueCount` (≤ 40) hazards of both townships found one a day from
 * 2027-05-01 with deadlines one a day from 2027-05-21 (all before 06-30: overdue at the month's end and on TODAY,
 * 2027-07-15); two more hazards rectified and closed, one confirmed major hazard open. Recorded through the API, as
 * the station accounts would.
 */
export interface OfficeDataset {
  f: InspectionsFixture;
  longquan: TestAccount;
  longquanId: string;
  /** the briefing's month */
  month: '2027-06';
  today: string;
  /**
   * The overdue hazards, worst (longest overdue) first: each description starts with a short key
   * (「超市隐患第 1 项」) that stays on one line in a rendered table cell, where the whole description may wrap.
   */
  overdue: { key: string; description: string; township: string }[];
}

export const OFFICE_TODAY = '2027-07-15';

export async function officeDataset(t: TestApp, overdueCount = 40): Promise<OfficeDataset> {
  const at = (day: string) => `${day}T10:00:00+08:00`;
  t.clock.freeze(at('2026-06-10'));
  // the accounts of test/support/inspections.ts, with fixed usernames: the samples show them (登记人)
  const account = (role: Role, username: string, region?: string) => t.account({ role, region, username });
  const f: InspectionsFixture = {
    t,
    station: await account(Role.STATION, 'jingshan-station', '景山镇'),
    colleague: await account(Role.STATION, 'jingshan-station-2', '景山镇'),
    center: await account(Role.CENTER, 'county-center'),
    township: await account(Role.TOWNSHIP_GOVERNMENT, 'jingshan-township', '景山镇'),
    brigade: await account(Role.BRIGADE, 'county-brigade'),
    jingshan: toGlobalId('Region', await t.regionId('景山镇')),
    county: toGlobalId('Region', await t.regionId('靖宇县')),
    async refresh() {
      for (const a of [f.station, f.colleague, f.center, f.township, f.brigade]) Object.assign(a, await session(a.id));
    },
  };
  const session = async (id: string) => {
    const { accessToken } = await t.app.get(AuthService).startSession(RequestContext.system('test'), id);
    return { token: accessToken, headers: { authorization: `Bearer ${accessToken}` } };
  };
  let longquan = await account(Role.STATION, 'longquan-station', '龙泉镇');
  const longquanId = toGlobalId('Region', await t.regionId('龙泉镇'));
  const moveTo = async (instant: string) => {
    t.clock.freeze(instant);
    await f.refresh();
    longquan = { ...longquan, ...(await session(longquan.id)) };
  };
  const recordFire = async (who: TestAccount, regionId: string, occurredAt: string, place: string, figures: { deaths?: number; injuries?: number; directLossYuan: number }) =>
    data(await t.gqlAs(who, `mutation($i: RecordFireInput!) { recordFire(input: $i) { id } }`, {
      i: { regionId, occurredAt, place, cause: 'ELECTRICAL', deaths: 0, injuries: 0, seriousInjuries: 0, ...figures },
    }));

  const pJ = await createPremises(f, { name: '景山镇平价超市', address: '景山镇中心街 8 号' });
  const pJ2 = await createPremises(f, { name: '景山镇红星饭店', address: '景山镇新街 3 号' });
  const pL = await createPremises(f, { regionId: longquanId, name: '龙泉镇农家饭店', address: '龙泉镇新华街 8 号' }, longquan);
  await recordFire(f.station, f.jingshan, '2026-06-08T21:00:00+08:00', '景山镇某仓库', { injuries: 1, directLossYuan: 8000 });
  await recordFire(longquan, longquanId, '2026-06-09T09:00:00+08:00', '龙泉镇某民房', { directLossYuan: 2000 });

  await moveTo(at('2027-05-10'));
  await recordFire(f.station, f.jingshan, '2027-05-09T14:00:00+08:00', '景山镇某厂房', { directLossYuan: 3000 });

  // the overdue hazards, each on its own day (found 05-01 + i, deadline 05-21 + i: a total order, worst first), in
  // two rounds so that no deadline is further than 20 days from its order (T-INS-3)
  const overdue: { key: string; description: string; deadline: string; township: string }[] = [];
  const day = (from: string, plus: number) => new Date(Date.parse(`${from}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
  const half = Math.ceil(overdueCount / 2);
  for (const [clock, from, to] of [['2027-05-20', 0, half], ['2027-06-09', half, overdueCount]] as const) {
    await moveTo(at(clock));
    for (let i = from; i < to; i++) {
      const inLongquan = i % 3 === 2;
      const key = `${inLongquan ? '饭店' : i % 2 ? '饭店' : '超市'}隐患第 ${i + 1} 项`;
      const description = `${key}：${['疏散通道堆放杂物', '灭火器压力不足', '电线私拉乱接', '安全出口锁闭', '应急照明损坏'][i % 5]}`;
      const h = await reportHazard(f, inLongquan ? pL : i % 2 ? pJ2 : pJ, { description, foundOn: day('2027-05-01', i) }, inLongquan ? longquan : f.station);
      const deadline = day('2027-05-21', i);
      data(await order(f, h.id, { deadline, responsibleParty: inLongquan ? '饭店业主赵某' : '店主王某' }, inLongquan ? longquan : f.station));
      overdue.push({ key, description, deadline, township: inLongquan ? '龙泉镇' : '景山镇' });
    }
  }
  await recordFire(f.station, f.jingshan, '2027-06-04T22:00:00+08:00', '景山镇某民房', { deaths: 1, injuries: 2, directLossYuan: 12000.5 });
  await recordFire(longquan, longquanId, '2027-06-03T11:00:00+08:00', '龙泉镇某商铺', { injuries: 1, directLossYuan: 500 });
  for (const description of ['超市消防车通道被占用', '饭店厨房排油烟管道油污']) {
    const h = await reportHazard(f, description.startsWith('超市') ? pJ : pJ2, { description });
    data(await order(f, h.id, { deadline: '2027-06-25' }));
    data(await reportRectification(f, h.id));
    data(await recheck(f, h.id, true));
  }
  const major = await reportHazard(f, pJ, { description: '超市安全出口数量不足', majorItemCodes: ['5.4'] });
  data(await t.gqlAs(f.station, `mutation($i: ReportMajorHazardInput!) { reportMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId: major.id } }));
  data(await t.gqlAs(f.brigade, `mutation($i: DecideMajorHazardInput!) { decideMajorHazard(input: $i) { majorStatus } }`, { i: { hazardId: major.id, confirm: true, note: '经现场核查，确认重大火灾隐患' } }));
  data(await order(f, major.id, { deadline: '2027-08-31', responsibleParty: '超市业主孙某' }));
  data(await t.gqlAs(f.station, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id } }`, {
    i: { premisesId: pJ, inspectedOn: '2027-06-05', inspectors: ['张三', '李四'], results: ['SV-01', 'SV-02', 'SV-03', 'SV-04', 'SV-05'].map((code) => ({ code, result: 'PASS' })) },
  }));

  await moveTo(at(OFFICE_TODAY));
  await t.gql('{ __typename }'); // signs the office in again after the clock moved
  // worst first: the earliest deadline is the longest overdue (no two share a deadline)
  const worst = [...overdue].sort((a, b) => a.deadline.localeCompare(b.deadline)).map(({ key, description, township }) => ({ key, description, township }));
  return { f, longquan, longquanId, month: '2027-06', today: OFFICE_TODAY, overdue: worst };
}
