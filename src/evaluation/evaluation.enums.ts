import { registerEnum } from '../graphql/enums';

/** Who is evaluated: each on-duty person, and each station as a whole (the center evaluates its daily work). */
export enum SubjectKind {
  PERSON = 'PERSON',
  STATION = 'STATION',
}
registerEnum(SubjectKind, 'EvaluationSubjectKind', '考评对象', { PERSON: '工作站人员', STATION: '消防工作站（整体）' });

/** EVA-5: the two managers who score a work report. */
export enum ScoringSide {
  CENTER = 'CENTER',
  TOWNSHIP = 'TOWNSHIP',
}
registerEnum(ScoringSide, 'ScoringSide', '评分方（EVA-5 双重管理）', { CENTER: '指导中心', TOWNSHIP: '乡镇人民政府' });

/** EVA-4: the four grades; their labels are the policy's (configurable). */
export enum Grade {
  EXCELLENT = 'EXCELLENT',
  GOOD = 'GOOD',
  COMPETENT = 'COMPETENT',
  INCOMPETENT = 'INCOMPETENT',
}
export const DEFAULT_GRADE_LABELS: Record<Grade, string> = { EXCELLENT: '优秀', GOOD: '良好', COMPETENT: '称职', INCOMPETENT: '不称职' };
registerEnum(Grade, 'Grade', '考评等次（EVA-4；显示名称以考评政策为准）', DEFAULT_GRADE_LABELS);

/** EVA-6: an accountability case from opening (the discipline commission notified) to the interview's outcome. */
export enum AccountabilityStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnum(AccountabilityStatus, 'AccountabilityStatus', '问责案件状态（EVA-6）', {
  OPEN: '已通报县纪委监委，待约谈', CLOSED: '已约谈，已记录结果', WITHDRAWN: '考评更正后不再连续两年不称职，已撤销',
});

/** EVA-6, COM-6: whom an accountability case is about: a person (two INCOMPETENT years) or a member unit (non-implementation). */
export enum AccountabilitySubjectKind {
  PERSON = 'PERSON',
  MEMBER_UNIT = 'MEMBER_UNIT',
}
registerEnum(AccountabilitySubjectKind, 'AccountabilitySubjectKind', '问责对象类别（EVA-6、COM-6）', {
  PERSON: '人员（连续两年考评不称职，EVA-6）', MEMBER_UNIT: '成员单位（工作不落实，COM-6）',
});

/** What a reminder of the evaluation job asks for, and of whom. */
export enum ReminderKind {
  REPORT_MISSING = 'REPORT_MISSING',
  CENTER_SCORE_MISSING = 'CENTER_SCORE_MISSING',
  TOWNSHIP_SCORE_MISSING = 'TOWNSHIP_SCORE_MISSING',
  APPRAISAL_MISSING = 'APPRAISAL_MISSING',
}
registerEnum(ReminderKind, 'EvaluationReminderKind', '考评提醒', {
  REPORT_MISSING: '未提交工作述职（工作站）', CENTER_SCORE_MISSING: '指导中心未评分', TOWNSHIP_SCORE_MISSING: '乡镇人民政府未评分', APPRAISAL_MISSING: '尚无民主评议票',
});
