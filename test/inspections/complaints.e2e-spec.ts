import { randomUUID } from 'node:crypto';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { createPremises, inspectionsFixture, InspectionsFixture, nodes, reportHazard } from '../support/inspections';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from '../support/test-app';

/**
 * Complaints (举报投诉) as a source of hazards, through the API: a confirmed check and its hazard linked both ways
 * (INS-1, INS-2), the hazards of a complaint, a check done late, and what a complaint may be filed with (T-INS-6,
 * the DateTime contract, the place, the outcome). The clock stands at Wednesday 2027-03-10 10:00 Beijing time
 * unless a test moves it.
 */
describe('complaints: linked to their hazards and honest (INS-1, INS-2)', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let premisesId: string;
  let mengjiang: string;
  let longquan: string;
  let longquanStation: TestAccount;
  const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions.code ?? null;
  const complaintCount = async () => Number(((await t.dataSource.query(`SELECT count(*)::int AS n FROM complaint`)) as { n: number }[])[0].n);

  const COMPLAINT = `id checkDueAt checkOverdue checkedAt checkedLate outcome hazard { id source description complaint { id } }`;
  const file = (input: Record<string, unknown>, who: TestAccount = f.station) =>
    t.gqlAs(who, `mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { ${COMPLAINT} } }`, {
      i: { premisesId, receivedAt: '2027-03-10T09:30:00+08:00', channel: '12345 热线', category: 'BLOCKED_EXITS', content: '超市后门上锁', ...input },
    });
  const check = (complaintId: string, input: Record<string, unknown> = {}, who: TestAccount = f.colleague) =>
    t.gqlAs(who, `mutation($i: CheckComplaintInput!) { checkComplaint(input: $i) { complaint { ${COMPLAINT} } hazard { id source complaint { id outcome } } } }`, {
      i: { complaintId, outcome: 'CONFIRMED', note: '现场核实：后门上锁', hazardDescription: '安全出口上锁', ...input },
    });
  const complaintNode = async (id: string, who: TestAccount = f.station) =>
    data(await t.gqlAs(who, `query($id: ID!) { node(id: $id) { ... on Complaint { ${COMPLAINT} } } }`, { id })).node;
  const hazardsOf = (complaintId: string, who: TestAccount = f.station) =>
    t.gqlAs(who, `query($c: ID) { hazards(complaintId: $c) { totalCount edges { node { id source complaint { id } } } } }`, { c: complaintId });

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.freeze('2027-03-10T10:00:00+08:00');
    f = await inspectionsFixture(t);
    premisesId = await createPremises(f);
    mengjiang = toGlobalId('Region', await t.regionId('濛江乡'));
    longquan = toGlobalId('Region', await t.regionId('龙泉镇'));
    longquanStation = await t.account({ role: Role.STATION, region: '龙泉镇' });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('Complaint.hazard and Hazard.complaint', () => {
    it('INS-1, INS-2: a confirmed check links both ways: the complaint reads its hazard, the hazard its complaint', async () => {
      const c = data(await file({})).fileComplaint;
      expect(c.hazard).toBeNull();
      const r = data(await check(c.id)).checkComplaint;
      expect(r.hazard).toMatchObject({ source: 'COMPLAINT', complaint: { id: c.id, outcome: 'CONFIRMED' } });
      expect(r.complaint.hazard).toEqual({ id: r.hazard.id, source: 'COMPLAINT', description: '安全出口上锁', complaint: { id: c.id } });
      // read back later, through the list, node(id:) and the hazard itself
      expect((await complaintNode(c.id)).hazard.id).toBe(r.hazard.id);
      const listed = nodes(data(await t.gqlAs(f.station, `{ complaints(first: 50) { edges { node { id hazard { id } } } } }`)).complaints);
      expect(listed.find((n: any) => n.id === c.id).hazard).toEqual({ id: r.hazard.id });
      const hazard = data(await t.gqlAs(f.station, `query($id: ID!) { hazard(id: $id) { complaint { id outcome content hazard { id } } } }`, { id: r.hazard.id })).hazard;
      expect(hazard.complaint).toEqual({ id: c.id, outcome: 'CONFIRMED', content: '超市后门上锁', hazard: { id: r.hazard.id } });
    });

    it('INS-1: an unchecked or unfounded complaint has no hazard; a hazard found otherwise has no complaint', async () => {
      const open = data(await file({})).fileComplaint;
      const unfounded = data(await file({})).fileComplaint;
      const r = data(await check(unfounded.id, { outcome: 'UNFOUNDED', note: '现场核实：后门未上锁', hazardDescription: null })).checkComplaint;
      expect(r.hazard).toBeNull();
      expect(r.complaint).toMatchObject({ outcome: 'UNFOUNDED', hazard: null });
      expect((await complaintNode(open.id)).hazard).toBeNull();
      const other = await reportHazard(f, premisesId);
      expect(data(await t.gqlAs(f.station, `query($id: ID!) { hazard(id: $id) { source complaint { id } } }`, { id: other.id })).hazard).toEqual({ source: 'OTHER', complaint: null });
    });

    it('INS-1: a hazard corrected into another township: each side reads the link as null where it cannot see the other', async () => {
      // a complaint about a place without premises in 景山镇, confirmed; the hazard is then corrected to 龙泉镇
      const c = data(await file({ premisesId: null, regionId: f.jingshan })).fileComplaint;
      const h = data(await check(c.id)).checkComplaint.hazard;
      const version = data(await t.gqlAs(f.center, `query($id: ID!) { hazard(id: $id) { version } }`, { id: h.id })).hazard.version;
      data(await t.gqlAs(f.center, `mutation($i: CorrectHazardInput!) { correctHazard(input: $i) { id } }`, {
        i: { hazardId: h.id, expectedVersion: version, reason: '登记时区划选错', regionId: longquan },
      }));
      // the county sees both sides
      expect((await complaintNode(c.id, f.center)).hazard.id).toBe(h.id);
      // 景山镇 reads its complaint, not the hazard now in 龙泉镇; 龙泉镇 reads the hazard, not 景山镇's complaint
      expect((await complaintNode(c.id, f.station)).hazard).toBeNull();
      expect(codeOf(await t.gqlAs(f.station, `query($id: ID!) { hazard(id: $id) { id } }`, { id: h.id }))).toBe('NOT_FOUND');
      expect(data(await t.gqlAs(longquanStation, `query($id: ID!) { hazard(id: $id) { id complaint { id } } }`, { id: h.id })).hazard).toEqual({ id: h.id, complaint: null });
    });
  });

  describe('hazards(complaintId:)', () => {
    it('INS-1: lists the hazard a complaint\'s check recorded, and only it; an unfounded complaint lists none', async () => {
      const c = data(await file({})).fileComplaint;
      const hazardId = data(await check(c.id)).checkComplaint.hazard.id;
      await reportHazard(f, premisesId);
      const list = data(await hazardsOf(c.id)).hazards;
      expect(list.totalCount).toBe(1);
      expect(nodes(list)).toEqual([{ id: hazardId, source: 'COMPLAINT', complaint: { id: c.id } }]);
      // with the other filters: both must hold
      const filtered = data(await t.gqlAs(f.station, `query($c: ID, $p: ID) { hazards(complaintId: $c, premisesId: $p, status: CLOSED) { totalCount } }`, { c: c.id, p: premisesId })).hazards;
      expect(filtered.totalCount).toBe(0);
      const unfounded = data(await file({})).fileComplaint;
      data(await check(unfounded.id, { outcome: 'UNFOUNDED', hazardDescription: null }));
      expect(data(await hazardsOf(unfounded.id)).hazards.totalCount).toBe(0);
    });

    it('INS-1: an unknown complaint and one outside the jurisdiction answer as premisesId does (NOT_FOUND), a malformed id BAD_USER_INPUT', async () => {
      const unknownComplaint = toGlobalId('Complaint', randomUUID());
      const unknownPremises = toGlobalId('Premises', randomUUID());
      const premisesAnswer = error(await t.gqlAs(f.station, `query($p: ID) { hazards(premisesId: $p) { totalCount } }`, { p: unknownPremises }));
      const complaintAnswer = error(await hazardsOf(unknownComplaint));
      expect(premisesAnswer.extensions.code).toBe('NOT_FOUND');
      expect(complaintAnswer.extensions.code).toBe('NOT_FOUND');

      // a complaint and a premises of 龙泉镇, read by 景山镇's station
      const farPremises = await createPremises(f, { regionId: longquan, name: '龙泉镇加油站', address: '龙泉镇主街 9 号' }, f.center);
      const far = data(await file({ premisesId: farPremises }, f.center)).fileComplaint;
      data(await check(far.id, {}, f.center));
      expect(data(await hazardsOf(far.id, f.center)).hazards.totalCount).toBe(1);
      expect(data(await hazardsOf(far.id, longquanStation)).hazards.totalCount).toBe(1);
      const outsidePremises = error(await t.gqlAs(f.station, `query($p: ID) { hazards(premisesId: $p) { totalCount } }`, { p: farPremises }));
      const outsideComplaint = error(await hazardsOf(far.id));
      expect(outsidePremises.extensions.code).toBe('NOT_FOUND');
      expect(outsideComplaint.extensions.code).toBe('NOT_FOUND');
      // and "not found" says nothing more for a complaint out of sight than for one that does not exist
      expect(outsideComplaint.message).toBe(complaintAnswer.message);

      const malformed = error(await hazardsOf(premisesId));
      expect(malformed.extensions.code).toBe('BAD_USER_INPUT');
      expect(malformed.extensions.fields).toEqual([expect.objectContaining({ field: 'complaintId' })]);
    });
  });

  describe('checkedLate', () => {
    it('INS-1: checked after its clock is late, at or before it on time; unchecked is late once its clock has passed', async () => {
      t.clock.freeze('2027-03-10T10:00:00+08:00');
      // blocked exits: 24 hours; received 09:30, due 03-11 09:30
      const onTime = data(await file({ content: '按时核查' })).fileComplaint;
      const late = data(await file({ content: '超时核查' })).fileComplaint;
      const pending = data(await file({ content: '尚未核查' })).fileComplaint;
      expect([onTime, late, pending].map((c) => c.checkedLate)).toEqual([false, false, false]);
      expect(data(await check(onTime.id)).checkComplaint.complaint).toMatchObject({ checkedLate: false, checkOverdue: false });

      // at the clock itself: still on time
      t.clock.freeze('2027-03-11T09:30:00+08:00');
      await f.refresh();
      expect((await complaintNode(pending.id)).checkedLate).toBe(false);
      // a minute later: the check is late, and the one not checked is late already
      t.clock.freeze('2027-03-11T09:31:00+08:00');
      await f.refresh();
      expect(await complaintNode(pending.id)).toMatchObject({ checkedAt: null, checkOverdue: true, checkedLate: true });
      const checked = data(await check(late.id)).checkComplaint.complaint;
      expect(checked).toMatchObject({ checkedAt: '2027-03-11T01:31:00.000Z', checkOverdue: false, checkedLate: true });
      expect((await complaintNode(onTime.id)).checkedLate).toBe(false);

      // the filter answers as the field does, for every complaint in sight
      const all = nodes(data(await t.gqlAs(f.center, `{ complaints(first: 100) { edges { node { id checkedLate } } } }`)).complaints);
      const ids = async (checkedLate: boolean) =>
        nodes(data(await t.gqlAs(f.center, `query($l: Boolean) { complaints(first: 100, checkedLate: $l) { edges { node { id checkedLate } } } }`, { l: checkedLate })).complaints);
      const lateOnes = await ids(true);
      const onTimeOnes = await ids(false);
      expect(lateOnes.map((c: any) => c.id).sort()).toEqual(all.filter((c: any) => c.checkedLate).map((c: any) => c.id).sort());
      expect(onTimeOnes.map((c: any) => c.id).sort()).toEqual(all.filter((c: any) => !c.checkedLate).map((c: any) => c.id).sort());
      expect(lateOnes.map((c: any) => c.id)).toEqual(expect.arrayContaining([late.id, pending.id]));
      expect(onTimeOnes.map((c: any) => c.id)).toContain(onTime.id);
      // with open: the late ones still unchecked
      const openLate = nodes(data(await t.gqlAs(f.center, `{ complaints(first: 100, open: true, checkedLate: true) { edges { node { id checkedAt } } } }`)).complaints);
      expect(openLate.map((c: any) => c.id)).toContain(pending.id);
      expect(openLate.every((c: any) => c.checkedAt === null)).toBe(true);

      t.clock.freeze('2027-03-10T10:00:00+08:00');
      await f.refresh();
    });
  });

  describe('what a complaint is filed with', () => {
    it('T-INS-6 (INS-1): a complaint received 25 years ago is refused (not filed and at once overdue); one from the future too', async () => {
      const before = await complaintCount();
      for (const receivedAt of ['2002-03-10T09:30:00+08:00', '2027-03-10T10:01:01+08:00', '2028-03-10T09:30:00+08:00']) {
        const e = error(await file({ receivedAt }));
        expect(e.extensions.code).toBe('BAD_USER_INPUT');
        expect(e.extensions.rule).toBe('T-INS-6');
        expect(e.message).toMatch(/^时间规则 T-INS-6：/);
        expect(e.extensions.fields).toEqual([expect.objectContaining({ field: 'input.receivedAt' })]);
      }
      expect(await complaintCount()).toBe(before);
      // the same late-record window as hazards (T-INS-2): 366 days back in Beijing time accepted, the day before refused
      expect(data(await file({ receivedAt: '2026-03-09T00:00:00+08:00', category: 'OTHER' })).fileComplaint.checkOverdue).toBe(true);
      expect(error(await file({ receivedAt: '2026-03-08T23:59:59+08:00' })).extensions.rule).toBe('T-INS-6');
      expect((await reportHazard(f, premisesId, { foundOn: '2026-03-09' })).id).toBeTruthy();
      expect(error(await t.gqlAs(f.station, `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id } }`, {
        i: { premisesId, description: '通道堆物', foundOn: '2026-03-08' },
      })).extensions.rule).toBe('T-INS-2');
    });

    it('DateTime: a receipt time without an offset (date-only 2027-03-10, or a local time) is refused, in variables and inline', async () => {
      const before = await complaintCount();
      for (const receivedAt of ['2027-03-10', '2027-03-10T09:30:00']) {
        const viaVariables = error(await file({ receivedAt }));
        expect(viaVariables.extensions.code).toBe('BAD_USER_INPUT');
        expect(viaVariables.message).toContain('时区偏移');
        const inline = await t.gqlAs(f.station, `mutation($p: ID) { fileComplaint(input: { premisesId: $p, receivedAt: "${receivedAt}", channel: "来信", category: OTHER, content: "楼道堆物" }) { id } }`, { p: premisesId });
        expect(inline.body.data?.fileComplaint ?? null).toBeNull();
        expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(error(inline).extensions.code);
        expect(error(inline).message).toContain(`“${receivedAt}”不是有效的时间`);
        expect(error(inline).message).toContain('时区偏移');
      }
      expect(await complaintCount()).toBe(before);
      // the same instant with an offset is accepted, inline too
      const ok = await t.gqlAs(f.station, `mutation($p: ID) { fileComplaint(input: { premisesId: $p, receivedAt: "2027-03-10T09:30:00+08:00", channel: "来信", category: OTHER, content: "楼道堆物" }) { id } }`, { p: premisesId });
      expect(data(ok).fileComplaint.id).toBeTruthy();
    });

    it('INS-1: a premises of 景山镇 with the region 濛江乡 is refused on input.regionId, not resolved silently; nothing is written', async () => {
      const before = await complaintCount();
      const e = error(await file({ regionId: mengjiang }, f.center));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.extensions.fields).toEqual([expect.objectContaining({ field: 'input.regionId' })]);
      expect(e.message).toContain('濛江乡');
      expect(e.message).toContain('景山镇');
      // a station of 景山镇 cannot name 濛江乡 at all
      expect(codeOf(await file({ regionId: mengjiang }))).toBe('FORBIDDEN');
      expect(await complaintCount()).toBe(before);
      // the premises' own region, or the county above it, agrees
      for (const regionId of [f.jingshan, f.county]) {
        const c = data(await t.gqlAs(f.center, `mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { region { name } premises { id } } }`, {
          i: { premisesId, regionId, receivedAt: '2027-03-10T09:30:00+08:00', channel: '来信', category: 'OTHER', content: '楼道堆物' },
        })).fileComplaint;
        expect(c).toEqual({ region: { name: '景山镇' }, premises: { id: premisesId } });
      }
    });

    it('INS-2: a hazard description given to an UNFOUNDED check is refused on input.hazardDescription, naming INS-2; the complaint stays open', async () => {
      const c = data(await file({})).fileComplaint;
      const e = error(await check(c.id, { outcome: 'UNFOUNDED', note: '现场核实：后门未上锁' }));
      expect(e.extensions.code).toBe('BAD_USER_INPUT');
      expect(e.extensions.fields).toEqual([expect.objectContaining({ field: 'input.hazardDescription' })]);
      expect(e.message).toMatch(/INS-2：/);
      expect(await complaintNode(c.id)).toMatchObject({ checkedAt: null, outcome: null, hazard: null });
      // without one, the same check goes through; a CONFIRMED one without a description is refused, naming INS-2
      const confirmedBare = error(await check(c.id, { hazardDescription: '  ' }));
      expect(confirmedBare.extensions.fields).toEqual([expect.objectContaining({ field: 'input.hazardDescription' })]);
      expect(confirmedBare.message).toMatch(/INS-2：/);
      expect(data(await check(c.id, { outcome: 'UNFOUNDED', note: '现场核实：后门未上锁', hazardDescription: null })).checkComplaint.complaint).toMatchObject({ outcome: 'UNFOUNDED', hazard: null });
    });
  });
});
