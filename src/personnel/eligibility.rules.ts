import { householdAtResidence, placeCodeProblem } from '../organization/region-code';
import { CommunicationAssessment, Education, EDUCATION_LABELS, EDUCATION_RANK, EstablishmentType, Gender, PrincipleRule, Verdict } from './personnel.enums';

/** The parameters of PER-3, PER-5 and PER-7, from a versioned policy (never literals in code). */
export interface PersonnelPolicyValues {
  version: number;
  minAge: number;
  maxAge: number;
  minEducation: Education;
  examPassMark: number;
}

export interface PersonFacts {
  gender: Gender;
  birthDate: string;
  education: Education;
  establishmentType: EstablishmentType;
  establishmentUnit: string;
  householdRegionCode: string;
  residenceRegionCode: string;
  communication: CommunicationAssessment | null;
  otherJobs: string | null;
}

export interface ApprovedDeviation {
  rule: PrincipleRule;
  justification: string;
  approvedBy: string;
  approvedAt: Date;
}

export interface RuleVerdict {
  rule: string;
  verdict: Verdict;
  /** zh-CN, with the values used. */
  explanation: string;
  /** Whether a FAIL blocks selection (PER-1..PER-6, PER-8), or only going on duty (PER-7, PER-9). */
  stage: 'SELECTION' | 'DUTY';
  deviation: ApprovedDeviation | null;
}

export interface EligibilityResult {
  verdicts: RuleVerdict[];
  eligibleForSelection: boolean;
  eligibleForDuty: boolean;
  policyVersion: number;
}

/** Whole years from `birthDate` to `date` (YYYY-MM-DD, both Asia/Shanghai calendar dates). */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * PER-1 .. PER-9 for one person, one post and one date. Hard rules (PER-1, PER-3 .. PER-6) fail outright; the
 * principle rules (PER-2, PER-8) fail unless the center approved a written deviation, which the verdict shows.
 * PER-7 (the brigade's exam) and PER-9 (the quota) gate going on duty, not selection.
 */
export function evaluateEligibility(input: {
  person: PersonFacts;
  asOf: string;
  policy: PersonnelPolicyValues;
  deviations: ApprovedDeviation[];
  latestExamScore: number | null;
  quota: { staffQuota: number; onDuty: number; holdsPost: boolean };
}): EligibilityResult {
  const { person, asOf, policy } = input;
  const v: RuleVerdict[] = [];
  const rule = (id: string, pass: boolean, explanation: string, stage: RuleVerdict['stage'] = 'SELECTION') =>
    v.push({ rule: id, verdict: pass ? Verdict.PASS : Verdict.FAIL, explanation, stage, deviation: null });
  const principle = (id: string, key: PrincipleRule, pass: boolean, passText: string, failText: string) => {
    if (pass) return rule(id, true, passText);
    const approved = input.deviations.find((d) => d.rule === key) ?? null;
    v.push(
      approved
        ? { rule: id, verdict: Verdict.DEVIATION, explanation: `${failText}；偏离已经指导中心批准（理由：${approved.justification}）`, stage: 'SELECTION', deviation: approved }
        : { rule: id, verdict: Verdict.FAIL, explanation: `${failText}；须有书面理由并经指导中心批准方可偏离`, stage: 'SELECTION', deviation: null },
    );
  };

  // PER-1 selected from within the public system
  rule('PER-1', person.establishmentType === EstablishmentType.PUBLIC_SYSTEM,
    person.establishmentType === EstablishmentType.PUBLIC_SYSTEM
      ? `体制内人员（编制所属单位：${person.establishmentUnit}）`
      : `体制外人员（${person.establishmentUnit}），须从体制内选调`);
  // PER-2 male in principle
  principle('PER-2', PrincipleRule.PER_2, person.gender === Gender.MALE, '男性', '女性（原则上以男性为主）');
  // PER-3 age 18..45 inclusive on the selection date
  const age = ageOn(person.birthDate, asOf);
  rule('PER-3', age >= policy.minAge && age <= policy.maxAge,
    `至 ${asOf} 年满 ${age} 周岁（要求 ${policy.minAge} 至 ${policy.maxAge} 周岁）`);
  // PER-4 household registration at the place of residence
  // (GB/T 2260 codes: the same 9-digit township; a code that is not a place code never passes, its reason shown)
  const placeProblem = placeCodeProblem(person.householdRegionCode) ? `户籍地代码${placeCodeProblem(person.householdRegionCode)}`
    : placeCodeProblem(person.residenceRegionCode) ? `常驻地代码${placeCodeProblem(person.residenceRegionCode)}` : null;
  const atResidence = householdAtResidence(person.householdRegionCode, person.residenceRegionCode);
  rule('PER-4', atResidence,
    `户籍地 ${person.householdRegionCode}，常驻地 ${person.residenceRegionCode}${placeProblem ? `，${placeProblem}` : atResidence ? '，同属一个乡镇，户口在常驻地' : '，不在同一乡镇，户口不在常驻地'}`);
  // PER-5 senior high school or above
  rule('PER-5', EDUCATION_RANK[person.education] >= EDUCATION_RANK[policy.minEducation],
    `学历 ${EDUCATION_LABELS[person.education]}（要求${EDUCATION_LABELS[policy.minEducation]}及以上）`);
  // PER-6 good communication and coordination ability: a recorded assessment
  rule('PER-6', person.communication === CommunicationAssessment.GOOD || person.communication === CommunicationAssessment.ADEQUATE,
    person.communication === null ? '尚未记录沟通协调能力评价' : `沟通协调能力评价：${{ GOOD: '良好', ADEQUATE: '合格', INSUFFICIENT: '不足' }[person.communication]}`);
  // PER-8 no other concurrent job in principle
  const jobs = person.otherJobs?.trim() || null;
  principle('PER-8', PrincipleRule.PER_8, jobs === null, '无其他兼职', `兼任：${jobs}（原则上不得兼职）`);
  // PER-7 only those who passed the brigade's pre-job exam go on duty
  const score = input.latestExamScore;
  rule('PER-7', score !== null && score >= policy.examPassMark,
    score === null ? `尚无岗前考试成绩（合格线 ${policy.examPassMark} 分，考试合格后方能上岗）` : `最近一次岗前考试 ${score} 分（合格线 ${policy.examPassMark} 分）`, 'DUTY');
  // PER-9 on-duty staff never exceed the quota
  const { staffQuota, onDuty, holdsPost } = input.quota;
  rule('PER-9', holdsPost || onDuty < staffQuota, `编制 ${staffQuota} 人，在岗 ${onDuty} 人${holdsPost ? '（本人已在岗）' : onDuty < staffQuota ? `，尚有 ${staffQuota - onDuty} 个空岗` : '，已满编'}`, 'DUTY');

  const blocking = (stage: RuleVerdict['stage'][]) => v.filter((r) => stage.includes(r.stage) && r.verdict === Verdict.FAIL).length === 0;
  return { verdicts: v, eligibleForSelection: blocking(['SELECTION']), eligibleForDuty: blocking(['SELECTION', 'DUTY']), policyVersion: policy.version };
}
