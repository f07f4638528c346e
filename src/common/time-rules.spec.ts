import { PeriodKind } from './period';
import * as time from './time-rules';
import { addDays } from './working-days';

const TODAY = '2027-03-15';
const POLICY: time.InspectionTimePolicy = { version: 3, maxDeadlineDays: 30, lateRecordDays: 366 };
const NOW = new Date('2027-03-15T00:30:00+08:00');
const post = (over: Partial<time.PostDates> = {}): time.PostDates => ({ selectedOn: null, trainingStartedOn: null, examOn: null, onDutyFrom: null, ...over });
const rule = (b: time.TimeRuleBreach | null) => b?.rule ?? null;

describe('time rules (docs/time-rules.md): pure windows, both sides of each boundary', () => {
  it('every rule names the domain rule it protects', () => {
    for (const [id, protects] of Object.entries(time.TIME_RULES)) {
      expect(id).toMatch(/^T-(PER|INS|EVA|TRN|ORG|POL|CAL|KEY|COM|INT|SEC|AUD)-\d+$/);
      expect(protects).toMatch(/^((PER|INS|EVA|TRN|ORG|COM)-\d|ACCESS)$/);
    }
  });

  it('T-COM-1: a meeting day within 366 days back, today at the latest', () => {
    expect(time.meetingDate(TODAY, TODAY)).toBeNull();
    expect(time.meetingDate('2026-03-14', TODAY)).toBeNull();
    expect(time.meetingDate('2026-03-13', TODAY)?.reason).toBe('会议日期不能早于 2026-03-14（补录不超过 366 天）');
    expect(time.meetingDate('2027-03-16', TODAY)?.reason).toBe('会议日期不能晚于今天（2027-03-15）');
    expect(time.meetingDate('2027-02-30', TODAY)?.rule).toBe('T-COM-1');
    expect(time.meetingDate('2027-03-16', TODAY, 'input.heldOn')?.protects).toBe('COM-1');
  });

  it('T-COM-5: a committees\' policy version from today on, not before the latest', () => {
    expect(time.committeePolicyDate(TODAY, null, TODAY)).toBeNull();
    expect(rule(time.committeePolicyDate('2027-03-14', null, TODAY))).toBe('T-COM-5');
    expect(time.committeePolicyDate('2027-04-01', '2027-04-01', TODAY)).toBeNull();
    expect(time.committeePolicyDate('2027-03-31', '2027-04-01', TODAY)?.reason).toBe('不能早于现行版本的生效日期 2027-04-01');
    // at most PLAN_AHEAD_DAYS (366) ahead: 2027-03-15 + 366 = 2028-03-15
    expect(time.committeePolicyDate('2028-03-15', null, TODAY)).toBeNull();
    expect(time.committeePolicyDate('2028-03-16', null, TODAY)?.reason).toBe('生效日期不能晚于 2028-03-15（至多提前 366 天发布）');
  });

  it('T-SEC-1: a security policy version from today on, not before the latest, at most 366 days ahead', () => {
    expect(time.securityPolicyDate(TODAY, null, TODAY)).toBeNull();
    expect(rule(time.securityPolicyDate('2027-03-14', null, TODAY))).toBe('T-SEC-1');
    expect(time.securityPolicyDate('2027-04-01', '2027-04-01', TODAY)).toBeNull();
    expect(time.securityPolicyDate('2027-03-31', '2027-04-01', TODAY)?.reason).toBe('不能早于现行版本的生效日期 2027-04-01');
    expect(time.securityPolicyDate('2028-03-15', null, TODAY)).toBeNull();
    expect(time.securityPolicyDate('2028-03-16', null, TODAY)?.reason).toBe('生效日期不能晚于 2028-03-15（至多提前 366 天发布）');
    expect(rule(time.securityPolicyDate('2027-02-30', null, TODAY))).toBe('T-SEC-1');
  });

  it('T-PER-1: a birth date before today, the citizen id\'s', () => {
    expect(time.personDates({ birthDate: '2027-03-14', birthDateInCitizenId: '2027-03-14' }, TODAY)).toBeNull();
    expect(rule(time.personDates({ birthDate: TODAY, birthDateInCitizenId: TODAY }, TODAY))).toBe('T-PER-1');
    expect(rule(time.personDates({ birthDate: '1990-01-01', birthDateInCitizenId: '1990-01-02' }, TODAY))).toBe('T-PER-1');
    expect(rule(time.personDates({ birthDate: '1990-02-30', birthDateInCitizenId: '1990-02-30' }, TODAY))).toBe('T-PER-1');
  });

  it('T-PER-2: selection within 30 days back, today at the latest', () => {
    expect(time.selectionDate(TODAY, TODAY)).toBeNull();
    expect(time.selectionDate('2027-02-13', TODAY)).toBeNull();
    expect(rule(time.selectionDate('2027-02-12', TODAY))).toBe('T-PER-2');
    expect(rule(time.selectionDate('2027-03-16', TODAY))).toBe('T-PER-2');
  });

  it('T-PER-3: training from the selection (and after a failed exam) to today', () => {
    const p = post({ selectedOn: '2027-03-05' });
    expect(time.trainingStart(p, '2027-03-05', TODAY)).toBeNull();
    expect(time.trainingStart(p, TODAY, TODAY)).toBeNull();
    expect(rule(time.trainingStart(p, '2027-03-04', TODAY))).toBe('T-PER-3');
    expect(rule(time.trainingStart(p, '2027-03-16', TODAY))).toBe('T-PER-3');
    expect(rule(time.trainingStart({ ...p, examOn: '2027-03-10' }, '2027-03-09', TODAY))).toBe('T-PER-3');
    expect(time.trainingStart({ ...p, examOn: '2027-03-10' }, '2027-03-10', TODAY)).toBeNull();
  });

  it('T-PER-4: the exam from the training start (else the selection) to today', () => {
    const p = post({ selectedOn: '2027-03-01', trainingStartedOn: '2027-03-05' });
    expect(time.examDate(p, '2027-03-05', TODAY)).toBeNull();
    expect(time.examDate(p, TODAY, TODAY)).toBeNull();
    expect(time.examDate(p, '2027-03-04', TODAY)?.reason).toBe('岗前考试日期不能早于岗前培训开始日期 2027-03-05');
    expect(rule(time.examDate(p, '2027-03-16', TODAY))).toBe('T-PER-4');
    expect(time.examDate(post({ selectedOn: '2027-03-01' }), '2027-02-28', TODAY)?.reason).toBe('岗前考试日期不能早于选调日期 2027-03-01');
    expect(time.examDate(p, '2027-03-04', TODAY, 'input.results[2].satOn')?.field).toBe('input.results[2].satOn');
  });

  it('T-PER-5: on duty from the exam to today', () => {
    const p = post({ examOn: '2027-03-10' });
    expect(time.onDutyDate(p, '2027-03-10', TODAY)).toBeNull();
    expect(time.onDutyDate(p, TODAY, TODAY)).toBeNull();
    expect(rule(time.onDutyDate(p, '2027-03-09', TODAY))).toBe('T-PER-5');
    expect(time.onDutyDate(p, '2099-01-01', TODAY)?.reason).toBe('上岗日期不能晚于今天（2027-03-15）');
  });

  it('T-PER-6: leaving from the start on duty (else the selection) to today', () => {
    expect(time.departureDate(post({ selectedOn: '2027-03-01', onDutyFrom: '2027-03-10' }), '2027-03-10', TODAY)).toBeNull();
    expect(rule(time.departureDate(post({ selectedOn: '2027-03-01', onDutyFrom: '2027-03-10' }), '2027-03-09', TODAY))).toBe('T-PER-6');
    expect(time.departureDate(post({ selectedOn: '2027-03-01' }), '2027-03-01', TODAY)).toBeNull();
    expect(rule(time.departureDate(post({ selectedOn: '2027-03-01' }), '2027-02-28', TODAY))).toBe('T-PER-6');
    expect(rule(time.departureDate(post(), '2027-03-16', TODAY))).toBe('T-PER-6');
  });


  it('T-PER-7 (PER-3): a prior-service spell starts on the birthday of the policy\'s minimum age (18) at the earliest and today at the latest; it ends on or after its start', () => {
    expect(time.priorServiceDates('1990-06-15', '2008-06-15', null, TODAY, 18)).toBeNull();
    expect(rule(time.priorServiceDates('1990-06-15', '2008-06-14', null, TODAY, 18))).toBe('T-PER-7');
    expect(time.priorServiceDates('1990-06-15', TODAY, null, TODAY, 18)).toBeNull();
    expect(rule(time.priorServiceDates('1990-06-15', '2027-03-16', null, TODAY, 18))).toBe('T-PER-7');
    expect(time.priorServiceDates('1990-06-15', '2010-01-01', '2010-01-01', TODAY, 18)).toBeNull();
    expect(time.priorServiceDates('1990-06-15', '2010-01-02', '2010-01-01', TODAY, 18)?.field).toBe('input.leftOn');
    expect(time.priorServiceDates('1990-06-15', '2010-01-01', '2027-03-16', TODAY, 18)?.field).toBe('input.leftOn');
    // born on 29 February: 18 on 1 March of a common year
    expect(rule(time.priorServiceDates('2004-02-29', '2022-02-28', null, TODAY, 18))).toBe('T-PER-7');
    expect(time.priorServiceDates('2004-02-29', '2022-03-01', null, TODAY, 18)).toBeNull();
    // the policy's minimum, not a literal: 20 moves the day
    expect(rule(time.priorServiceDates('1990-06-15', '2008-06-15', null, TODAY, 20))).toBe('T-PER-7');
    expect(time.priorServiceDates('1990-06-15', '2010-06-15', null, TODAY, 20)).toBeNull();
  });
  it('T-INS-1, T-INS-2: the late-record window of the policy, today at the latest', () => {
    for (const check of [time.inspectionDate, time.hazardFoundDate]) {
      expect(check(TODAY, TODAY, POLICY)).toBeNull();
      expect(check('2026-03-14', TODAY, POLICY)).toBeNull();
      expect(check('2026-03-13', TODAY, POLICY)?.reason).toContain('补录不超过 366 天，检查政策第 3 版');
      expect(check('2027-03-16', TODAY, POLICY)).not.toBeNull();
      expect(check('2027-03-14', TODAY, { ...POLICY, lateRecordDays: 0 })).not.toBeNull();
    }
  });

  it('T-INS-3: an ordinary deadline from today to today + the maximum', () => {
    expect(time.ordinaryDeadline(TODAY, TODAY, POLICY)).toBeNull();
    expect(time.ordinaryDeadline('2027-04-14', TODAY, POLICY)).toBeNull();
    expect(rule(time.ordinaryDeadline('2027-04-15', TODAY, POLICY))).toBe('T-INS-3');
    expect(rule(time.ordinaryDeadline('2027-03-14', TODAY, POLICY))).toBe('T-INS-3');
    expect(time.ordinaryDeadline('2027-04-15', TODAY, { ...POLICY, maxDeadlineDays: 31 })).toBeNull();
    // a confirmed major hazard (挂牌督办) is not an ordinary one: no maximum, still not before today
    expect(time.ordinaryDeadline('2027-06-30', TODAY, POLICY, 'input.deadline', true)).toBeNull();
    expect(rule(time.ordinaryDeadline('2027-03-14', TODAY, POLICY, 'input.deadline', true))).toBe('T-INS-3');
  });

  it('T-COM-2: a task deadline from the assignment day to the policy maximum after it; a sub-task not after its parent', () => {
    const policy = { version: 2, taskMaxDeadlineDays: 180 };
    expect(time.taskDeadline(TODAY, TODAY, policy)).toBeNull();
    expect(time.taskDeadline('2027-09-11', TODAY, policy)).toBeNull();
    expect(rule(time.taskDeadline('2027-09-12', TODAY, policy))).toBe('T-COM-2');
    expect(time.taskDeadline('2027-09-12', TODAY, policy)?.reason).toContain('第 2 版');
    expect(rule(time.taskDeadline('2027-03-14', TODAY, policy))).toBe('T-COM-2');
    expect(time.taskDeadline('2027-03-20', TODAY, policy, 'input.deadline', '2027-03-20')).toBeNull();
    expect(rule(time.taskDeadline('2027-03-21', TODAY, policy, 'input.deadline', '2027-03-20'))).toBe('T-COM-2');
    expect(time.taskDeadline('2027-03-21', TODAY, policy, 'input.deadline', '2027-03-20')?.protects).toBe('COM-2');
  });

  it('T-INS-4: an extension later than the current deadline, not before today', () => {
    expect(time.extendedDeadline('2027-04-15', '2027-04-14', TODAY)).toBeNull();
    expect(time.extendedDeadline('2099-01-01', '2027-04-14', TODAY)).toBeNull();
    expect(rule(time.extendedDeadline('2027-04-14', '2027-04-14', TODAY))).toBe('T-INS-4');
    expect(rule(time.extendedDeadline('2027-03-14', null, TODAY))).toBe('T-INS-4');
  });

  it('T-INS-5, T-INS-6: a moment up to a minute after now, on a Beijing day inside the window', () => {
    for (const check of [time.fireTime, time.complaintTime]) {
      expect(check(new Date(NOW.getTime() + 60_000), NOW, POLICY)).toBeNull();
      expect(check(new Date(NOW.getTime() + 60_001), NOW, POLICY)).not.toBeNull();
      expect(check(new Date('2026-03-14T00:00:00+08:00'), NOW, POLICY)).toBeNull();
      expect(check(new Date('2026-03-13T23:59:59+08:00'), NOW, POLICY)).not.toBeNull();
    }
  });

  it('T-INS-7, T-EVA-1: a period not beyond the current one; T-EVA-2: finalized once over', () => {
    const month = (number: number, year = 2027) => ({ kind: PeriodKind.MONTH, year, number });
    expect(time.workReportPeriod(month(3), TODAY)).toBeNull();
    expect(time.workReportPeriod(month(4), TODAY)?.rule).toBe('T-INS-7');
    expect(time.workReportPeriod({ kind: PeriodKind.YEAR, year: 2030, number: 1 }, TODAY)?.rule).toBe('T-INS-7');
    expect(time.evaluationInputPeriod({ kind: PeriodKind.QUARTER, year: 2027, number: 1 }, TODAY)).toBeNull();
    expect(time.evaluationInputPeriod({ kind: PeriodKind.QUARTER, year: 2027, number: 2 }, TODAY)?.rule).toBe('T-EVA-1');
    expect(time.finalizationPeriod(month(3), '2027-03-31')?.rule).toBe('T-EVA-2');
    expect(time.finalizationPeriod(month(3), '2027-04-01')).toBeNull();
  });

  it('a breach becomes BAD_USER_INPUT naming the rule, in the message and the extensions', () => {
    const b = time.onDutyDate(post(), '2099-01-01', TODAY)!;
    const e = new time.TimeRuleError(b);
    expect(e.message).toBe('时间规则 T-PER-5：上岗日期不能晚于今天（2027-03-15）');
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'T-PER-5', protects: 'PER-7', fields: [{ field: 'input.onDutyFrom', reason: b.reason }] });
    expect(() => time.assertTimeRules([null, b, null])).toThrow(e.message);
    expect(() => time.assertTimeRules([null])).not.toThrow();
  });

  it('T-TRN-1, T-ORG-1, T-ORG-3: records of work done, 366 days back to today', () => {
    for (const f of [time.activityDate, time.facilityCheckDate, time.guidanceVisitDate]) {
      expect(f(TODAY, TODAY)).toBeNull();
      expect(f('2026-03-14', TODAY)).toBeNull();
      expect(f('2026-03-13', TODAY)?.reason).toContain('补录不超过 366 天');
      expect(f('2027-03-16', TODAY)?.reason).toContain('不能晚于今天');
    }
    expect(rule(time.activityDate('2027-03-16', TODAY))).toBe('T-TRN-1');
    expect(rule(time.facilityCheckDate('2027-03-16', TODAY))).toBe('T-ORG-1');
    expect(rule(time.guidanceVisitDate('2027-03-16', TODAY))).toBe('T-ORG-3');
  });

  it('T-ORG-2: a manager appointed, a pledge adopted, today at the latest, years back accepted', () => {
    expect(time.villageStateDate('input.appointedOn', '2010-01-01', TODAY)).toBeNull();
    expect(time.villageStateDate('input.adoptedOn', TODAY, TODAY)).toBeNull();
    expect(rule(time.villageStateDate('input.adoptedOn', '2027-03-16', TODAY))).toBe('T-ORG-2');
  });

  it('T-EVA-3, T-INS-8: on or after the Beijing day of the notification or the fire, today at the latest', () => {
    const at = new Date('2027-03-10T00:10:00+08:00'); // 2027-03-09 in UTC
    expect(time.interviewDate('2027-03-10', at, TODAY)).toBeNull();
    expect(rule(time.interviewDate('2027-03-09', at, TODAY))).toBe('T-EVA-3');
    expect(rule(time.interviewDate('2027-03-16', at, TODAY))).toBe('T-EVA-3');
    expect(time.outcomeDecisionDate(TODAY, at, TODAY, 'f')).toBeNull();
    expect(rule(time.outcomeDecisionDate('2027-03-09', at, TODAY, 'f'))).toBe('T-INS-8');
    expect(rule(time.outcomeDecisionDate('2027-03-16', at, TODAY, 'f'))).toBe('T-INS-8');
  });

  it('T-TRN-2, T-TRN-3: courses and exams 366 days back or ahead; sessions inside the course; sittings exam day .. today', () => {
    expect(time.courseDates('2026-03-14', '2028-03-15', TODAY)).toBeNull();
    expect(time.courseDates('2026-03-13', TODAY, TODAY)?.field).toBe('input.startsOn');
    expect(time.courseDates(TODAY, '2027-03-14', TODAY)?.field).toBe('input.endsOn');
    expect(rule(time.courseDates(TODAY, '2028-03-16', TODAY))).toBe('T-TRN-2');
    expect(time.sessionDate('2027-03-20', { startsOn: TODAY, endsOn: '2027-03-20' })).toBeNull();
    expect(rule(time.sessionDate('2027-03-21', { startsOn: TODAY, endsOn: '2027-03-20' }))).toBe('T-TRN-2');
    expect(time.examDay('2028-03-15', TODAY)).toBeNull();
    expect(rule(time.examDay('2028-03-16', TODAY))).toBe('T-TRN-3');
    expect(rule(time.examDay('2026-03-13', TODAY))).toBe('T-TRN-3');
    expect(time.sittingDate(TODAY, '2027-03-01', TODAY, 'f')).toBeNull();
    expect(rule(time.sittingDate('2027-02-28', '2027-03-01', TODAY, 'f'))).toBe('T-TRN-3');
    expect(rule(time.sittingDate('2027-03-16', '2027-03-01', TODAY, 'f'))).toBe('T-TRN-3');
  });

  it('T-POL-1..3: a new version takes effect today or later (an evaluation policy after today), never before the latest', () => {
    expect(time.personnelPolicyDate(TODAY, '2027-01-01', TODAY)).toBeNull();
    expect(rule(time.personnelPolicyDate('2027-03-14', null, TODAY))).toBe('T-POL-1');
    expect(rule(time.personnelPolicyDate('2027-04-01', '2027-05-01', TODAY))).toBe('T-POL-1');
    expect(time.evaluationPolicyDate('2027-04-01', null, TODAY)).toBeNull();
    expect(rule(time.evaluationPolicyDate(TODAY, null, TODAY))).toBe('T-POL-2');
    expect(time.catalogueEditionDate(TODAY, { edition: 'A', validFrom: '2025-11-01' }, TODAY)).toBeNull();
    expect(rule(time.catalogueEditionDate('2027-03-14', { edition: 'A', validFrom: '2025-11-01' }, TODAY))).toBe('T-POL-3');
    expect(time.catalogueEditionDate('2027-05-01', { edition: 'A', validFrom: '2027-05-01' }, TODAY)?.reason).toContain('须晚于现行版本 A');
  });

  it('T-CAL-1, T-KEY-1: the calendar of the current year +-1; a key expiring after now, at most 366 days ahead', () => {
    expect(time.calendarYear(2026, TODAY)).toBeNull();
    expect(time.calendarYear(2028, TODAY)).toBeNull();
    expect(rule(time.calendarYear(2025, TODAY))).toBe('T-CAL-1');
    expect(rule(time.calendarYear(2029, TODAY))).toBe('T-CAL-1');
    const day = 86_400_000;
    expect(time.apiKeyExpiry(new Date(NOW.getTime() + 1), NOW)).toBeNull();
    expect(time.apiKeyExpiry(new Date(NOW.getTime() + 366 * day), NOW)).toBeNull();
    expect(rule(time.apiKeyExpiry(NOW, NOW))).toBe('T-KEY-1');
    expect(rule(time.apiKeyExpiry(new Date(NOW.getTime() + 366 * day + 1), NOW))).toBe('T-KEY-1');
  });

  it('T-AUD-1: an audit period: from not after to, neither after now plus a minute of clock skew', () => {
    const earlier = new Date(NOW.getTime() - 86_400_000);
    expect(time.auditPeriod(earlier, NOW, NOW)).toBeNull();
    expect(time.auditPeriod(NOW, NOW, NOW)).toBeNull();
    expect(time.auditPeriod(earlier, new Date(NOW.getTime() + time.NOW_TOLERANCE_MS), NOW)).toBeNull();
    expect(rule(time.auditPeriod(NOW, earlier, NOW))).toBe('T-AUD-1');
    expect(time.auditPeriod(NOW, earlier, NOW)?.field).toBe('to');
    expect(time.auditPeriod(earlier, new Date(NOW.getTime() + time.NOW_TOLERANCE_MS + 1), NOW)?.field).toBe('to');
    expect(time.auditPeriod(new Date(NOW.getTime() + time.NOW_TOLERANCE_MS + 1), new Date(NOW.getTime() + 2 * time.NOW_TOLERANCE_MS), NOW)?.field).toBe('from');
    expect(rule(time.auditPeriod(new Date(NaN), NOW, NOW))).toBe('T-AUD-1');
    // the security report's longest period
    const fields = { from: 'from', to: 'to' };
    expect(time.auditPeriod(new Date(NOW.getTime() - 366 * 86_400_000), NOW, NOW, fields, 366)).toBeNull();
    expect(time.auditPeriod(new Date(NOW.getTime() - 366 * 86_400_000 - 1), NOW, NOW, fields, 366)).toMatchObject({ rule: 'T-AUD-1', field: 'to', reason: '时段不能超过 366 天' });
  });

  it('T-KEY-2: an unmask grant valid through today .. today + 90 days', () => {
    expect(time.unmaskGrantUntil(TODAY, TODAY)).toBeNull();
    expect(time.unmaskGrantUntil(addDays(TODAY, 90), TODAY)).toBeNull();
    expect(rule(time.unmaskGrantUntil(addDays(TODAY, -1), TODAY))).toBe('T-KEY-2');
    expect(rule(time.unmaskGrantUntil(addDays(TODAY, 91), TODAY))).toBe('T-KEY-2');
    expect(time.unmaskGrantUntil(addDays(TODAY, 91), TODAY)?.reason).toContain(addDays(TODAY, 90));
  });

  it('T-INT-1: updatedSince up to now plus a minute of clock skew', () => {
    expect(time.updatedSinceTime(new Date('2020-01-01T00:00:00Z'), NOW)).toBeNull();
    expect(time.updatedSinceTime(new Date(NOW.getTime() + time.NOW_TOLERANCE_MS), NOW)).toBeNull();
    expect(rule(time.updatedSinceTime(new Date(NOW.getTime() + time.NOW_TOLERANCE_MS + 1), NOW))).toBe('T-INT-1');
    expect(time.updatedSinceTime(new Date(NOW.getTime() + time.NOW_TOLERANCE_MS + 1), NOW)?.field).toBe('updatedSince');
  });

  it('T-INS-9: a plan ends today or later, not before its start, starts at most 366 days ahead', () => {
    expect(time.inspectionPlanPeriod('2027-03-01', TODAY, TODAY)).toBeNull();
    expect(time.inspectionPlanPeriod('2028-03-15', '2028-03-15', TODAY)).toBeNull();
    expect(time.inspectionPlanPeriod('2027-03-01', '2027-03-14', TODAY)?.field).toBe('input.periodEnd');
    expect(time.inspectionPlanPeriod('2027-03-20', '2027-03-19', TODAY)?.field).toBe('input.periodEnd');
    expect(time.inspectionPlanPeriod('2028-03-16', '2028-03-31', TODAY)?.field).toBe('input.periodStart');
  });

  it('T-COM-4: a supervision visit of a member unit, 366 days back to today', () => {
    expect(time.supervisionVisitDate(TODAY, TODAY)).toBeNull();
    expect(time.supervisionVisitDate('2026-03-14', TODAY)).toBeNull();
    expect(time.supervisionVisitDate('2026-03-13', TODAY)?.reason).toContain('补录不超过 366 天');
    expect(rule(time.supervisionVisitDate('2027-03-16', TODAY))).toBe('T-COM-4');
    expect(time.supervisionVisitDate('2027-03-16', TODAY)?.field).toBe('input.visitedOn');
  });

  it('T-COM-6: a member unit is scored for this year at the latest', () => {
    expect(time.memberUnitScoreYear(2027, TODAY)).toBeNull();
    expect(time.memberUnitScoreYear(2022, TODAY)).toBeNull();
    expect(time.memberUnitScoreYear(2028, TODAY)?.reason).toBe('2028年尚未开始，不能评分（今天 2027-03-15）');
  });

  it('T-COM-6: a member unit\'s evaluation is finalized once its year is over', () => {
    expect(rule(time.memberUnitEvaluationYear(2026, '2026-12-31'))).toBe('T-COM-6');
    expect(time.memberUnitEvaluationYear(2026, '2027-01-01')).toBeNull();
    expect(rule(time.memberUnitEvaluationYear(2027, TODAY))).toBe('T-COM-6');
    expect(time.memberUnitEvaluationYear(2026, '2027-01-01')).toBeNull();
  });
});
