import { registerEnum } from '../graphql/enums';

/** TRN-1: publicity, education, training, drills. */
export enum ActivityKind {
  PUBLICITY = 'PUBLICITY',
  EDUCATION = 'EDUCATION',
  TRAINING = 'TRAINING',
  DRILL = 'DRILL',
}
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = { PUBLICITY: '宣传', EDUCATION: '教育', TRAINING: '培训', DRILL: '演练' };
registerEnum(ActivityKind, 'ActivityKind', '宣传教育培训和演练（TRN-1）', ACTIVITY_KIND_LABELS);

export enum Audience {
  VILLAGERS = 'VILLAGERS',
  STUDENTS = 'STUDENTS',
  ENTERPRISES = 'ENTERPRISES',
  MEMBER_UNITS = 'MEMBER_UNITS',
  PLACE_STAFF = 'PLACE_STAFF',
  ELDERLY_AND_CHILDREN = 'ELDERLY_AND_CHILDREN',
  STATION_STAFF = 'STATION_STAFF',
  OTHER = 'OTHER',
}
registerEnum(Audience, 'Audience', '活动对象', {
  VILLAGERS: '村（居）民', STUDENTS: '学校师生', ENTERPRISES: '企业员工', MEMBER_UNITS: '成员单位', PLACE_STAFF: '场所从业人员',
  ELDERLY_AND_CHILDREN: '老人和儿童等重点人群', STATION_STAFF: '消防工作站人员', OTHER: '其他',
});

/** TRN-2: who runs the training and what it is for. */
export enum CourseKind {
  PRE_JOB = 'PRE_JOB',
  QUARTERLY_THEORY = 'QUARTERLY_THEORY',
  OTHER = 'OTHER',
}
registerEnum(CourseKind, 'CourseKind', '培训或考试类别（TRN-2）', {
  PRE_JOB: '岗前培训和考试（县消防救援大队，PER-7）', QUARTERLY_THEORY: '季度业务理论培训和考试（EVA-2）', OTHER: '其他培训',
});

export enum AttendanceStatus {
  PRESENT = 'PRESENT',
  ABSENT = 'ABSENT',
  EXCUSED = 'EXCUSED',
}
registerEnum(AttendanceStatus, 'AttendanceStatus', '考勤', { PRESENT: '出勤', ABSENT: '缺勤', EXCUSED: '请假' });

/** ORG-6: a village's fire team. */
export enum TeamKind {
  VOLUNTEER_TEAM = 'VOLUNTEER_TEAM',
  MICRO_STATION = 'MICRO_STATION',
  NONE = 'NONE',
}
registerEnum(TeamKind, 'TeamKind', '村（社区）消防队伍（ORG-6）', { VOLUNTEER_TEAM: '志愿消防队', MICRO_STATION: '微型消防站', NONE: '无' });

/** TRN-3: a good practice from submission to county-wide promotion. */
export enum PracticeStatus {
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  ACCEPTED = 'ACCEPTED',
  PUBLISHED = 'PUBLISHED',
}
registerEnum(PracticeStatus, 'PracticeStatus', '好的做法状态（TRN-3）', { SUBMITTED: '待审核', RETURNED: '退回修改', ACCEPTED: '审核通过', PUBLISHED: '已在全县推广' });

export enum PracticeAction {
  SUBMIT = 'SUBMIT',
  REVISE = 'REVISE',
  RETURN = 'RETURN',
  ACCEPT = 'ACCEPT',
  PUBLISH = 'PUBLISH',
}
registerEnum(PracticeAction, 'PracticeAction', '好的做法的操作', { SUBMIT: '报送', REVISE: '修改后重新报送', RETURN: '退回修改', ACCEPT: '审核通过', PUBLISH: '发布推广' });

/** TRN-3: what the center decides on a submitted practice (the two review steps of PracticeAction). */
export enum PracticeReviewDecision {
  RETURN = 'RETURN',
  ACCEPT = 'ACCEPT',
}
registerEnum(PracticeReviewDecision, 'PracticeReviewDecision', '好的做法的审核决定（TRN-3）', { RETURN: '退回修改（须写意见）', ACCEPT: '审核通过' });
