import { registerEnumType } from '@nestjs/graphql';
import { rememberLabels } from '../common/labels';

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}
registerEnumType(Gender, { name: 'Gender', description: '性别', valuesMap: { MALE: { description: '男' }, FEMALE: { description: '女' } } });

/** Education, lowest first; 中专 is the same stage as 高中 (upper secondary). */
export enum Education {
  PRIMARY = 'PRIMARY',
  JUNIOR_HIGH = 'JUNIOR_HIGH',
  SENIOR_HIGH = 'SENIOR_HIGH',
  SECONDARY_VOCATIONAL = 'SECONDARY_VOCATIONAL',
  JUNIOR_COLLEGE = 'JUNIOR_COLLEGE',
  BACHELOR = 'BACHELOR',
  MASTER = 'MASTER',
  DOCTOR = 'DOCTOR',
}
export const EDUCATION_LABELS: Record<Education, string> = {
  PRIMARY: '小学', JUNIOR_HIGH: '初中', SENIOR_HIGH: '高中', SECONDARY_VOCATIONAL: '中专', JUNIOR_COLLEGE: '大专',
  BACHELOR: '本科', MASTER: '硕士研究生', DOCTOR: '博士研究生',
};
/** The rank of each level: 高中 and 中专 share one (both 高中阶段教育). */
export const EDUCATION_RANK: Record<Education, number> = {
  PRIMARY: 1, JUNIOR_HIGH: 2, SENIOR_HIGH: 3, SECONDARY_VOCATIONAL: 3, JUNIOR_COLLEGE: 4, BACHELOR: 5, MASTER: 6, DOCTOR: 7,
};
registerEnumType(Education, {
  name: 'Education',
  description: '学历',
  valuesMap: Object.fromEntries(Object.values(Education).map((e) => [e, { description: EDUCATION_LABELS[e] }])),
});

/** PER-1: selected from within the public system (体制内) or not. */
export enum EstablishmentType {
  PUBLIC_SYSTEM = 'PUBLIC_SYSTEM',
  OUTSIDE = 'OUTSIDE',
}
registerEnumType(EstablishmentType, {
  name: 'EstablishmentType',
  description: '编制类型（PER-1）',
  valuesMap: { PUBLIC_SYSTEM: { description: '体制内（行政、事业编制等）' }, OUTSIDE: { description: '体制外' } },
});

/** PER-6: the recorded assessment of communication and coordination ability. */
export enum CommunicationAssessment {
  GOOD = 'GOOD',
  ADEQUATE = 'ADEQUATE',
  INSUFFICIENT = 'INSUFFICIENT',
}
registerEnumType(CommunicationAssessment, {
  name: 'CommunicationAssessment',
  description: '沟通协调能力评价（PER-6）',
  valuesMap: { GOOD: { description: '良好' }, ADEQUATE: { description: '合格' }, INSUFFICIENT: { description: '不足' } },
});

/** The onboarding lifecycle of a post (PER-7, PER-9). */
export enum PostState {
  CANDIDATE = 'CANDIDATE',
  SELECTED = 'SELECTED',
  IN_TRAINING = 'IN_TRAINING',
  EXAM_PASSED = 'EXAM_PASSED',
  EXAM_FAILED = 'EXAM_FAILED',
  ON_DUTY = 'ON_DUTY',
  LEFT = 'LEFT',
}
export const POST_STATE_LABELS: Record<PostState, string> = {
  CANDIDATE: '人选', SELECTED: '已选调', IN_TRAINING: '岗前培训中', EXAM_PASSED: '考试合格', EXAM_FAILED: '考试不合格',
  ON_DUTY: '在岗', LEFT: '已离岗',
};
rememberLabels(PostState, POST_STATE_LABELS);
registerEnumType(PostState, {
  name: 'PostState',
  description: '岗位状态',
  valuesMap: Object.fromEntries(Object.values(PostState).map((s) => [s, { description: POST_STATE_LABELS[s] }])),
});

export enum LeaveReason {
  TRANSFER = 'TRANSFER',
  RESIGNATION = 'RESIGNATION',
  DISMISSAL = 'DISMISSAL',
}
registerEnumType(LeaveReason, {
  name: 'LeaveReason',
  description: '离岗原因',
  valuesMap: { TRANSFER: { description: '调离' }, RESIGNATION: { description: '辞职' }, DISMISSAL: { description: '辞退' } },
});

export enum Verdict {
  PASS = 'PASS',
  FAIL = 'FAIL',
  DEVIATION = 'DEVIATION',
}
registerEnumType(Verdict, {
  name: 'Verdict',
  description: '规则结论',
  valuesMap: { PASS: { description: '符合' }, FAIL: { description: '不符合' }, DEVIATION: { description: '经批准的偏离（原则性规则）' } },
});

/** The rules a deviation may be approved for: the "in principle" ones. */
export enum PrincipleRule {
  PER_2 = 'PER_2',
  PER_8 = 'PER_8',
}
registerEnumType(PrincipleRule, {
  name: 'PrincipleRule',
  description: '可申请偏离的原则性规则',
  valuesMap: { PER_2: { description: 'PER-2 原则上以男性为主' }, PER_8: { description: 'PER-8 原则上不得兼职' } },
});

export enum DeviationStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(DeviationStatus, {
  name: 'DeviationStatus',
  description: '偏离申请状态',
  valuesMap: { PENDING: { description: '待指导中心审批' }, APPROVED: { description: '已批准' }, REJECTED: { description: '已驳回' } },
});

/** PER-1 .. PER-9: the rules an eligibility check gives a verdict on (the domain's rule ids, `PER-3` as `PER_3`). */
export enum EligibilityRule {
  PER_1 = 'PER_1',
  PER_2 = 'PER_2',
  PER_3 = 'PER_3',
  PER_4 = 'PER_4',
  PER_5 = 'PER_5',
  PER_6 = 'PER_6',
  PER_7 = 'PER_7',
  PER_8 = 'PER_8',
  PER_9 = 'PER_9',
}
export const ELIGIBILITY_RULE_LABELS: Record<EligibilityRule, string> = {
  PER_1: 'PER-1 体制内选调', PER_2: 'PER-2 原则上以男性为主', PER_3: 'PER-3 选调之日年满 18 至 45 周岁', PER_4: 'PER-4 户籍在常驻地',
  PER_5: 'PER-5 高中及以上学历', PER_6: 'PER-6 具备良好的沟通协调能力', PER_7: 'PER-7 岗前培训考试合格方可上岗', PER_8: 'PER-8 原则上不得兼职',
  PER_9: 'PER-9 在岗人数不超过编制',
};
registerEnumType(EligibilityRule, {
  name: 'EligibilityRule',
  description: '选调条件规则编号（PER-1 至 PER-9，连字符写作下划线）',
  valuesMap: Object.fromEntries(Object.values(EligibilityRule).map((r) => [r, { description: ELIGIBILITY_RULE_LABELS[r] }])),
});
/** The rule id as the domain writes it (`PER-3`) to its enum value (`PER_3`). */
export const eligibilityRuleOf = (id: string): EligibilityRule => id.replace('-', '_') as EligibilityRule;

/** Which step a failed rule blocks: selection (PER-1 .. PER-6, PER-8) or only going on duty (PER-7, PER-9). */
export enum EligibilityStage {
  SELECTION = 'SELECTION',
  DUTY = 'DUTY',
}
registerEnumType(EligibilityStage, {
  name: 'EligibilityStage',
  description: '规则把关的环节：不符合时不能进行的一步',
  valuesMap: { SELECTION: { description: '选调：不符合则不能选调' }, DUTY: { description: '上岗：不符合则不能上岗' } },
});
