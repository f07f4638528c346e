import { ageOn, evaluateEligibility, PersonFacts } from './eligibility.rules';
import { CommunicationAssessment, Education, EstablishmentType, Gender, PrincipleRule, Verdict } from './personnel.enums';

const POLICY = { version: 1, minAge: 18, maxAge: 45, minEducation: Education.SENIOR_HIGH, examPassMark: 60 };
const PERSON: PersonFacts = {
  gender: Gender.MALE, birthDate: '1990-06-15', education: Education.SENIOR_HIGH, establishmentType: EstablishmentType.PUBLIC_SYSTEM,
  establishmentUnit: '景山镇人民政府', householdRegionCode: '220622101', residenceRegionCode: '220622101',
  communication: CommunicationAssessment.GOOD, otherJobs: null,
};
const run = (person: Partial<PersonFacts> = {}, extra: Partial<Parameters<typeof evaluateEligibility>[0]> = {}) =>
  evaluateEligibility({ person: { ...PERSON, ...person }, asOf: '2026-11-29', policy: POLICY, deviations: [], latestExamScore: null, quota: { staffQuota: 2, onDuty: 0, holdsPost: false }, ...extra });
const verdict = (r: ReturnType<typeof run>, rule: string) => r.verdicts.find((v) => v.rule === rule)!;

describe('eligibility (PER-1 .. PER-9)', () => {
  it('a person meeting every rule may be selected, and goes on duty only after passing the exam (PER-7)', () => {
    const r = run();
    expect(r.eligibleForSelection).toBe(true);
    expect(r.eligibleForDuty).toBe(false);
    expect(verdict(r, 'PER-7')).toMatchObject({ verdict: Verdict.FAIL, stage: 'DUTY' });
    expect(run({}, { latestExamScore: 60 }).eligibleForDuty).toBe(true);
    expect(run({}, { latestExamScore: 59 }).eligibleForDuty).toBe(false);
  });

  it('PER-3: 18 and 45 on the selection date pass; the day before the 18th birthday and the 46th birthday fail', () => {
    expect(verdict(run({ birthDate: '2008-11-29' }), 'PER-3')).toMatchObject({ verdict: Verdict.PASS, explanation: expect.stringContaining('年满 18 周岁') });
    expect(verdict(run({ birthDate: '2008-11-30' }), 'PER-3')).toMatchObject({ verdict: Verdict.FAIL, explanation: expect.stringContaining('年满 17 周岁') });
    expect(verdict(run({ birthDate: '1980-11-30' }), 'PER-3')).toMatchObject({ verdict: Verdict.PASS, explanation: expect.stringContaining('年满 45 周岁') });
    expect(verdict(run({ birthDate: '1980-11-29' }), 'PER-3')).toMatchObject({ verdict: Verdict.FAIL, explanation: expect.stringContaining('年满 46 周岁') });
    expect(ageOn('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageOn('2000-02-29', '2018-03-01')).toBe(18);
  });

  it('PER-1: only from within the public system', () => {
    expect(verdict(run({ establishmentType: EstablishmentType.OUTSIDE }), 'PER-1').verdict).toBe(Verdict.FAIL);
    expect(run({ establishmentType: EstablishmentType.OUTSIDE }).eligibleForSelection).toBe(false);
  });

  it('PER-4: household registration at the place of residence, read as GB/T 2260 codes: the same 9-digit township', () => {
    expect(verdict(run({ householdRegionCode: '220622101000', residenceRegionCode: '220622101201' }), 'PER-4').verdict).toBe(Verdict.PASS);
    expect(verdict(run({ householdRegionCode: '220622101001', residenceRegionCode: '220622101' }), 'PER-4').verdict).toBe(Verdict.PASS);
    expect(verdict(run({ householdRegionCode: '220621101' }), 'PER-4').verdict).toBe(Verdict.FAIL);
    expect(verdict(run({ householdRegionCode: '220622102' }), 'PER-4').verdict).toBe(Verdict.FAIL); // same county, another town
    // a county alone (stored before codes were checked) is too coarse; a code of no province never passes
    const coarse = verdict(run({ householdRegionCode: '220622', residenceRegionCode: '220622101' }), 'PER-4');
    expect(coarse.verdict).toBe(Verdict.FAIL);
    expect(coarse.explanation).toMatch(/户籍地代码须为 9 位/);
    expect(verdict(run({ householdRegionCode: '999999999999', residenceRegionCode: '999999999999' }), 'PER-4').verdict).toBe(Verdict.FAIL);
  });

  it('PER-5: senior high (or 中专, the same stage) and above', () => {
    expect(verdict(run({ education: Education.JUNIOR_HIGH }), 'PER-5').verdict).toBe(Verdict.FAIL);
    expect(verdict(run({ education: Education.SECONDARY_VOCATIONAL }), 'PER-5').verdict).toBe(Verdict.PASS);
    expect(verdict(run({ education: Education.BACHELOR }), 'PER-5').verdict).toBe(Verdict.PASS);
  });

  it('PER-6: a recorded assessment of good or adequate communication', () => {
    expect(verdict(run({ communication: null }), 'PER-6').verdict).toBe(Verdict.FAIL);
    expect(verdict(run({ communication: CommunicationAssessment.INSUFFICIENT }), 'PER-6').verdict).toBe(Verdict.FAIL);
  });

  it('PER-2, PER-8: a principle rule fails until the center approves a written deviation, which the verdict shows', () => {
    const woman = run({ gender: Gender.FEMALE });
    expect(verdict(woman, 'PER-2').verdict).toBe(Verdict.FAIL);
    expect(woman.eligibleForSelection).toBe(false);
    const approved = { rule: PrincipleRule.PER_2, justification: '熟悉本镇妇女工作', approvedBy: 'center-1', approvedAt: new Date() };
    const allowed = run({ gender: Gender.FEMALE }, { deviations: [approved] });
    expect(verdict(allowed, 'PER-2')).toMatchObject({ verdict: Verdict.DEVIATION, deviation: approved, explanation: expect.stringContaining('熟悉本镇妇女工作') });
    expect(allowed.eligibleForSelection).toBe(true);
    expect(verdict(run({ otherJobs: '村会计' }), 'PER-8').verdict).toBe(Verdict.FAIL);
    expect(verdict(run({ otherJobs: '  ' }), 'PER-8').verdict).toBe(Verdict.PASS);
  });

  it('PER-9: a full station blocks going on duty, not selection; one who holds the post is not counted twice', () => {
    const full = run({}, { latestExamScore: 80, quota: { staffQuota: 2, onDuty: 2, holdsPost: false } });
    expect(verdict(full, 'PER-9').verdict).toBe(Verdict.FAIL);
    expect(full.eligibleForSelection).toBe(true);
    expect(full.eligibleForDuty).toBe(false);
    expect(verdict(run({}, { quota: { staffQuota: 2, onDuty: 2, holdsPost: true } }), 'PER-9').verdict).toBe(Verdict.PASS);
  });

  it('the parameters come from the policy it is given', () => {
    const stricter = evaluateEligibility({ person: PERSON, asOf: '2026-11-29', policy: { ...POLICY, version: 2, maxAge: 35 }, deviations: [], latestExamScore: null, quota: { staffQuota: 2, onDuty: 0, holdsPost: false } });
    expect(verdict(stricter, 'PER-3').verdict).toBe(Verdict.FAIL);
    expect(stricter.policyVersion).toBe(2);
  });
});
