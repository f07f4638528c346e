/**
 * Roles and permissions: the source of truth of who may do what (GB/T 22239-2019 8.1.4.2). The guard reads
 * ROLE_PERMISSIONS, each operation declares its permission with @Allow(...), and docs/authorization.md is generated
 * from both (`npm run docs:authorization`). This file imports nothing, so every domain module may use it.
 *
 * Every grant reaches only the actor's jurisdiction: the subtree of its region (a township account: its township;
 * a county account: the county and its townships). Dual management (EVA-5, ORG-5) follows from it: a township
 * station's records are inside the county subtree (the CENTER) and inside the township subtree (its
 * TOWNSHIP_GOVERNMENT), each with its own permissions.
 */
export enum Role {
  COMMITTEE_OFFICE = 'COMMITTEE_OFFICE',
  CENTER = 'CENTER',
  TOWNSHIP_GOVERNMENT = 'TOWNSHIP_GOVERNMENT',
  STATION = 'STATION',
  BRIGADE = 'BRIGADE',
  DISCIPLINE = 'DISCIPLINE',
  MEMBER_UNIT = 'MEMBER_UNIT',
  INTEGRATION = 'INTEGRATION',
  /** 系统管理员: accounts, organization, configuration data (GB/T 22239-2019 8.1.5.1). */
  SYSTEM_ADMIN = 'SYSTEM_ADMIN',
  /** 安全管理员: role grants, API keys, unmask grants, second factors, unlocks, the security policy (8.1.5.3). */
  SECURITY_ADMIN = 'SECURITY_ADMIN',
  /** 审计管理员: the audit trail and security reports only (8.1.5.2). */
  AUDIT_ADMIN = 'AUDIT_ADMIN',
}

export const ROLE_LABELS: Record<Role, string> = {
  [Role.COMMITTEE_OFFICE]: '县消委办（系统管理，本县全部事务）',
  [Role.CENTER]: '指导中心（全县督导、考核）',
  [Role.TOWNSHIP_GOVERNMENT]: '乡镇人民政府（本乡镇选调人员、共同考核）',
  [Role.STATION]: '消防工作站（本乡镇日常工作）',
  [Role.BRIGADE]: '县消防救援大队（岗前培训考试，全县只读）',
  [Role.DISCIPLINE]: '县纪委监委（问责案件，只读）',
  [Role.MEMBER_UNIT]: '成员单位（办理本单位任务，查看本单位责任清单、考评和本行业场所隐患，参加民主评议）',
  [Role.INTEGRATION]: '对接系统（API 密钥）',
  [Role.SYSTEM_ADMIN]: '系统管理员（账号、机构、区划和配置数据；不授予角色，不看审计日志）',
  [Role.SECURITY_ADMIN]: '安全管理员（授予角色、API 密钥、查看个人信息的授权、双因素重置和解锁、安全策略）',
  [Role.AUDIT_ADMIN]: '审计管理员（只查看审计日志和安全报告）',
};

/**
 * The three administrators of GB/T 22239-2019 8.1.4.2 d) and 8.1.5.1 .. 8.1.5.3 (三权分立): each holds one kind of
 * administrative power, none holds another's, and an account is never an administrator and a business account at
 * once (an administrator account carries no organization). See docs/authorization.md, "Separation of administrators".
 */
export const ADMIN_ROLES: readonly Role[] = [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN];

export function isAdminRole(role: Role): boolean {
  return ADMIN_ROLES.includes(role);
}

/** The roles an account can have; INTEGRATION is for API keys only. */
export const ACCOUNT_ROLES = Object.values(Role).filter((r) => r !== Role.INTEGRATION);

/** Roles whose accounts sit in a township (their region is a township); the others sit in a county. */
export const TOWNSHIP_ROLES: readonly Role[] = [Role.TOWNSHIP_GOVERNMENT, Role.STATION];

export enum Permission {
  /** Regions, organizations, stations, quotas and facility checks (read). */
  ORGANIZATION_READ = 'ORGANIZATION_READ',
  /** Create regions and set their codes. */
  REGION_MANAGE = 'REGION_MANAGE',
  /** Create member units and government full-time fire stations. */
  ORGANIZATION_MANAGE = 'ORGANIZATION_MANAGE',
  /** Change the staff quota of the center or a station (ORG-1, ORG-3). */
  STAFF_QUOTA_MANAGE = 'STAFF_QUOTA_MANAGE',
  /** Record a check of a station's office facilities (ORG-4). */
  FACILITY_CHECK_RECORD = 'FACILITY_CHECK_RECORD',
  /** List and read accounts (personal data masked). */
  ACCOUNT_READ = 'ACCOUNT_READ',
  /** Create accounts (their role only requested), change name, region, personal data, deactivate. */
  ACCOUNT_MANAGE = 'ACCOUNT_MANAGE',
  /** Reset another account's password: which accounts, the separation table (ADM-2, ADM-3, src/auth/admin-separation.ts). */
  PASSWORD_RESET = 'PASSWORD_RESET',
  /** Grant or change an account's role (the second person of the two-person rule). */
  ROLE_GRANT = 'ROLE_GRANT',
  /** Reset another account's second factor (a lost authenticator). */
  SECOND_FACTOR_RESET = 'SECOND_FACTOR_RESET',
  /** Unlock an account locked by failed sign-ins. */
  ACCOUNT_UNLOCK = 'ACCOUNT_UNLOCK',
  /** Grant and revoke, for a limited period, an account's right to read personal data unmasked. */
  UNMASK_GRANT = 'UNMASK_GRANT',
  /**
   * Read citizen ID and phone numbers unmasked (each read is audited). No role holds it: an account reads unmasked
   * only while a SECURITY_ADMIN's unmask grant is active (UnmaskGrantService), which adds it to its permissions.
   */
  PERSONAL_DATA_UNMASK = 'PERSONAL_DATA_UNMASK',
  /** Create, list and revoke API keys for other county systems. */
  API_KEY_MANAGE = 'API_KEY_MANAGE',
  /** Read the audit trail. */
  AUDIT_LOG_READ = 'AUDIT_LOG_READ',
  /** Publish a version of the security policy: password age and history, sessions, failed sign-ins, second factor (GB/T 22239-2019 8.1.4.1). */
  SECURITY_POLICY_MANAGE = 'SECURITY_POLICY_MANAGE',
  /** Read people, their posts and eligibility (personal data masked). */
  PERSONNEL_READ = 'PERSONNEL_READ',
  /** Propose and select people, request deviations, put on duty, record departures (PER-1 .. PER-9). */
  PERSONNEL_MANAGE = 'PERSONNEL_MANAGE',
  /** Record prior service: staff on duty before the platform and their past posts, with dates and a reason. */
  PRIOR_SERVICE_RECORD = 'PRIOR_SERVICE_RECORD',
  /** Approve or reject a deviation from a principle rule (PER-2, PER-8). */
  DEVIATION_APPROVE = 'DEVIATION_APPROVE',
  /** Run pre-job training and record its exam (PER-7). */
  PRE_JOB_TRAINING_MANAGE = 'PRE_JOB_TRAINING_MANAGE',
  /** Read quotas, staff on duty, the pipeline and vacancies. */
  STAFFING_READ = 'STAFFING_READ',
  /** Publish a new version of the personnel policy. */
  POLICY_MANAGE = 'POLICY_MANAGE',
  /** Read premises, checklists, plans, inspections, hazards, complaints and risk points (INS-1 .. INS-3). */
  INSPECTION_READ = 'INSPECTION_READ',
  /** Register and change premises and risk points, record monitoring (INS-1, INS-3). */
  PREMISES_MANAGE = 'PREMISES_MANAGE',
  /** Plan and record inspections, report hazards and drive their rectification, take complaints (INS-1, INS-2). */
  INSPECTION_RECORD = 'INSPECTION_RECORD',
  /** Approve a hazard's deadline extension (INS-2). */
  HAZARD_DEADLINE_APPROVE = 'HAZARD_DEADLINE_APPROVE',
  /** Hand a hazard over to the county brigade for legal measures (stations and the center: they have no enforcement power). */
  HAZARD_HAND_OVER = 'HAZARD_HAND_OVER',
  /** Decide suspected major hazards, supervise them, take hand-overs: accept, return, record the outcome (the county brigade). */
  MAJOR_HAZARD_DECIDE = 'MAJOR_HAZARD_DECIDE',
  /** Publish checklist versions. */
  CHECKLIST_MANAGE = 'CHECKLIST_MANAGE',
  /** Publish an edition of the major hazard determination catalogue (GB 35181). */
  CATALOGUE_MANAGE = 'CATALOGUE_MANAGE',
  /** Load the working-day calendar of a year. */
  CALENDAR_MANAGE = 'CALENDAR_MANAGE',
  /** Read early warnings (INS-3). */
  WARNING_READ = 'WARNING_READ',
  /** Acknowledge a warning. */
  WARNING_ACKNOWLEDGE = 'WARNING_ACKNOWLEDGE',
  /** Change the warning rules (colours, thresholds, on/off). */
  WARNING_RULE_MANAGE = 'WARNING_RULE_MANAGE',
  /** Read fires and the fire situation (INS-4). */
  FIRE_READ = 'FIRE_READ',
  /** Record a fire (INS-4, INS-6). */
  FIRE_RECORD = 'FIRE_RECORD',
  /** Read extended fire investigations (INS-6). */
  INVESTIGATION_READ = 'INVESTIGATION_READ',
  /** Record findings, responsible parties and accountability of an investigation, close it (INS-6). */
  INVESTIGATION_MANAGE = 'INVESTIGATION_MANAGE',
  /** Read work plans and reports (INS-5). */
  WORK_REPORT_READ = 'WORK_REPORT_READ',
  /** File a station's work plan or report (INS-5). */
  WORK_REPORT_FILE = 'WORK_REPORT_FILE',
  /** Review a work plan or report: receive, return with comments, accept (INS-5). */
  WORK_REPORT_REVIEW = 'WORK_REPORT_REVIEW',
  /** Upload a file (photo, PDF, office document) to attach to records (evidence of INS-2, TRN-1). */
  ATTACHMENT_UPLOAD = 'ATTACHMENT_UPLOAD',
  /** Read activities, courses and exams (not persons' results), village guidance, good practices (TRN-1 .. TRN-3, ORG-6). */
  TRAINING_READ = 'TRAINING_READ',
  /** Record publicity, education, training and drills (TRN-1). */
  ACTIVITY_RECORD = 'ACTIVITY_RECORD',
  /** Run courses, sessions, attendance and exams, record results (TRN-2); pre-job ones also need PRE_JOB_TRAINING_MANAGE. */
  COURSE_MANAGE = 'COURSE_MANAGE',
  /** Record villages' fire safety managers, pledges, teams and guidance visits (ORG-6). */
  VILLAGE_GUIDANCE_MANAGE = 'VILLAGE_GUIDANCE_MANAGE',
  /** Submit and revise a good practice (TRN-3). */
  PRACTICE_SUBMIT = 'PRACTICE_SUBMIT',
  /** Review good practices and publish them county-wide (TRN-3). */
  PRACTICE_REVIEW = 'PRACTICE_REVIEW',
  /** Read evaluations, their breakdowns, work reports (述职) and the evaluation policy (EVA-1 .. EVA-4). */
  EVALUATION_READ = 'EVALUATION_READ',
  /** Submit a month's work report (述职) of a person or of the station (EVA-1). */
  EVALUATION_REPORT_SUBMIT = 'EVALUATION_REPORT_SUBMIT',
  /** Score work reports as the center or as the township government (EVA-1, EVA-5). */
  EVALUATION_SCORE = 'EVALUATION_SCORE',
  /** Cast a democratic appraisal ballot (the evaluation policy names which roles rate). */
  APPRAISAL_VOTE = 'APPRAISAL_VOTE',
  /** Finalize monthly, quarterly and annual evaluations and correct them (EVA-3, EVA-4, EVA-6). */
  EVALUATION_FINALIZE = 'EVALUATION_FINALIZE',
  /** Publish a new version of the evaluation policy for a future period. */
  EVALUATION_POLICY_MANAGE = 'EVALUATION_POLICY_MANAGE',
  /** Read accountability cases of two consecutive INCOMPETENT years (EVA-6). */
  ACCOUNTABILITY_READ = 'ACCOUNTABILITY_READ',
  /** Record an accountability case's interview and outcome (EVA-6). */
  ACCOUNTABILITY_MANAGE = 'ACCOUNTABILITY_MANAGE',
  /** Read committee meetings, tasks, campaigns and their progress, duty lists, supervision visits and member-unit evaluations (COM-1 .. COM-4); a member unit reads only its own (COM-5). */
  COMMITTEE_READ = 'COMMITTEE_READ',
  /** Record, edit, publish and correct a committee's meetings and decisions (COM-1). */
  MEETING_RECORD = 'MEETING_RECORD',
  /** Assign tasks for a committee, accept or return them, pass a superior's task on (COM-2). */
  TASK_ASSIGN = 'TASK_ASSIGN',
  /** As a task's assignee: acknowledge it, report progress and completion with evidence (COM-2). */
  TASK_REPORT = 'TASK_REPORT',
  /** Deploy a special rectification campaign and close it with its summary (COM-3). */
  CAMPAIGN_DEPLOY = 'CAMPAIGN_DEPLOY',
  /** Load and edit member units' duty lists and sectors (COM-4). */
  MEMBER_UNIT_DUTY_MANAGE = 'MEMBER_UNIT_DUTY_MANAGE',
  /** Record supervision visits of member units and their findings (COM-4: the center county units, the station township units). */
  SUPERVISION_RECORD = 'SUPERVISION_RECORD',
  /** Score and finalize member-unit evaluations (COM-4). */
  MEMBER_UNIT_EVALUATE = 'MEMBER_UNIT_EVALUATE',
  /** Publish a version of the committees' policy: task deadlines, member-unit evaluation weights and grades (COM-2, COM-4). */
  COMMITTEE_POLICY_MANAGE = 'COMMITTEE_POLICY_MANAGE',
  /** A member unit reads the premises of its sector and the hazards found there, with their rectification (COM-5). */
  SECTOR_READ = 'SECTOR_READ',
  /** Subscribe other county systems to integration events (webhooks), see and redeliver their deliveries; never a key's. */
  WEBHOOK_MANAGE = 'WEBHOOK_MANAGE',
  /** Read the integration events of the jurisdiction through the `events` feed (the outbox, in commit order). */
  EVENT_READ = 'EVENT_READ',
}

export const PERMISSION_LABELS: Record<Permission, string> = {
  [Permission.ORGANIZATION_READ]: '查看区划、机构、工作站、编制和设施',
  [Permission.REGION_MANAGE]: '新增行政区划、设置区划代码',
  [Permission.ORGANIZATION_MANAGE]: '新增成员单位、政府专职消防站',
  [Permission.STAFF_QUOTA_MANAGE]: '调整编制（ORG-1、ORG-3）',
  [Permission.FACILITY_CHECK_RECORD]: '登记工作站办公场所设施检查（ORG-4）',
  [Permission.ACCOUNT_READ]: '查看账号（个人信息脱敏）',
  [Permission.ACCOUNT_MANAGE]: '管理账号：新建（角色待安全管理员授权）、修改姓名、区划和个人信息、停用',
  [Permission.PASSWORD_RESET]: '重置他人密码（业务账号由系统管理员；管理员之间由另一类管理员，见三权分立表）',
  [Permission.ROLE_GRANT]: '授予或变更账号的角色（双人原则的第二人）',
  [Permission.SECOND_FACTOR_RESET]: '重置他人的双因素认证（验证器丢失时；安全管理员的由系统管理员，见三权分立表）',
  [Permission.ACCOUNT_UNLOCK]: '解除因连续登录失败造成的锁定（安全管理员的由系统管理员，见三权分立表）',
  [Permission.UNMASK_GRANT]: '授予、撤销账号在限定期限内查看未脱敏个人信息的权利',
  [Permission.PERSONAL_DATA_UNMASK]: '查看未脱敏的身份证号、手机号（每次记入审计；只在安全管理员授予的期限内有）',
  [Permission.API_KEY_MANAGE]: '管理对接系统的 API 密钥',
  [Permission.AUDIT_LOG_READ]: '查看审计日志',
  [Permission.SECURITY_POLICY_MANAGE]: '发布安全策略新版本：密码有效期和历史、同时在线数、登录失败处理、须用双因素认证的角色',
  [Permission.PERSONNEL_READ]: '查看人员、岗位和选调条件审查（个人信息脱敏）',
  [Permission.PERSONNEL_MANAGE]: '提名、选调人员，申请偏离，安排上岗，登记离岗',
  [Permission.PRIOR_SERVICE_RECORD]: '补录既往任职：平台启用前已在岗的人员及其以往岗位（日期和原因，记入审计）',
  [Permission.DEVIATION_APPROVE]: '审批原则性规则的偏离申请（PER-2、PER-8）',
  [Permission.PRE_JOB_TRAINING_MANAGE]: '组织岗前培训、登记考试成绩（PER-7）',
  [Permission.STAFFING_READ]: '查看编制、在岗、在途和空岗（工作站只看本站）',
  [Permission.POLICY_MANAGE]: '发布人员政策参数的新版本',
  [Permission.INSPECTION_READ]: '查看场所、检查表、检查计划、检查记录、隐患、举报投诉和风险点',
  [Permission.PREMISES_MANAGE]: '登记和修改场所、风险点，记录风险监测',
  [Permission.INSPECTION_RECORD]: '制定检查计划、登记检查、登记隐患并推动整改复查、受理举报投诉（INS-1、INS-2）',
  [Permission.HAZARD_DEADLINE_APPROVE]: '批准隐患整改延期',
  [Permission.HAZARD_HAND_OVER]: '将需要采取法律措施的隐患移交县消防救援大队（工作站、指导中心）',
  [Permission.MAJOR_HAZARD_DECIDE]: '判定疑似重大火灾隐患、挂牌督办；办理移交案件：接收（立案或不予立案）、退回、登记处理结果（县消防救援大队）',
  [Permission.CHECKLIST_MANAGE]: '发布检查表新版本',
  [Permission.CATALOGUE_MANAGE]: '发布重大火灾隐患判定标准版本（GB 35181）',
  [Permission.CALENDAR_MANAGE]: '导入年度工作日历（法定节假日、调休）',
  [Permission.WARNING_READ]: '查看预警（INS-3）',
  [Permission.WARNING_ACKNOWLEDGE]: '签收预警',
  [Permission.WARNING_RULE_MANAGE]: '调整预警规则（等级、阈值、启停）',
  [Permission.FIRE_READ]: '查看火灾和火灾形势分析（INS-4）',
  [Permission.FIRE_RECORD]: '登记火灾（INS-4、INS-6）',
  [Permission.INVESTIGATION_READ]: '查看火灾延伸调查（INS-6）',
  [Permission.INVESTIGATION_MANAGE]: '记录延伸调查的结论、责任主体和问责结果，结案（INS-6）',
  [Permission.WORK_REPORT_READ]: '查看工作计划和报告（INS-5）',
  [Permission.WORK_REPORT_FILE]: '报送工作站的工作计划或报告（INS-5）',
  [Permission.WORK_REPORT_REVIEW]: '审阅工作计划和报告：接收、退回、采纳（INS-5）',
  [Permission.ATTACHMENT_UPLOAD]: '上传附件（照片、PDF、办公文档）',
  [Permission.TRAINING_READ]: '查看宣传教育培训和演练、培训课程和考试（不含个人成绩）、村（社区）消防工作指导、好的做法',
  [Permission.ACTIVITY_RECORD]: '登记宣传、教育、培训和演练活动（TRN-1）',
  [Permission.COURSE_MANAGE]: '组织培训课程、课次、考勤和考试，登记成绩（TRN-2）；岗前培训另需“组织岗前培训、登记考试成绩”的权限',
  [Permission.VILLAGE_GUIDANCE_MANAGE]: '登记村（社区）消防安全管理人、防火公约、志愿消防队或微型消防站和指导记录（ORG-6）',
  [Permission.PRACTICE_SUBMIT]: '报送和修改好的做法（TRN-3）',
  [Permission.PRACTICE_REVIEW]: '审核好的做法并在全县推广（TRN-3）',
  [Permission.EVALUATION_READ]: '查看考评结果及其计算明细、工作述职和考评政策（EVA-1 至 EVA-4）',
  [Permission.EVALUATION_REPORT_SUBMIT]: '提交人员或工作站的月度工作述职（EVA-1）',
  [Permission.EVALUATION_SCORE]: '以指导中心或乡镇人民政府身份为工作述职评分（EVA-1、EVA-5）',
  [Permission.APPRAISAL_VOTE]: '参加民主评议投票（评议人范围以考评政策为准）',
  [Permission.EVALUATION_FINALIZE]: '月度、季度、年度考评定稿和更正（EVA-3、EVA-4、EVA-6）',
  [Permission.EVALUATION_POLICY_MANAGE]: '发布考评政策新版本（仅对以后的周期生效）',
  [Permission.ACCOUNTABILITY_READ]: '查看问责案件：人员连续两年不称职（EVA-6）、成员单位工作不落实（COM-6）',
  [Permission.ACCOUNTABILITY_MANAGE]: '登记问责案件（人员 EVA-6、成员单位 COM-6）的约谈情况和结果',
  [Permission.COMMITTEE_READ]: '查看委员会会议、任务台账、专项整治及进度、责任清单、督导检查和成员单位考评（成员单位只看本单位，COM-1 至 COM-5）',
  [Permission.MEETING_RECORD]: '登记、修改、印发和更正委员会会议及议定事项（COM-1）',
  [Permission.TASK_ASSIGN]: '交办任务、验收或退回，分解转办上级任务（COM-2）',
  [Permission.TASK_REPORT]: '作为承办单位签收任务、报告进展和办结（附佐证材料，COM-2）',
  [Permission.CAMPAIGN_DEPLOY]: '部署专项整治（COM-3）',
  [Permission.MEMBER_UNIT_DUTY_MANAGE]: '导入和修改成员单位责任清单及所属行业（COM-4）',
  [Permission.SUPERVISION_RECORD]: '登记对成员单位的督导检查及发现的问题（COM-4）',
  [Permission.MEMBER_UNIT_EVALUATE]: '成员单位考评评分和定稿（COM-4）',
  [Permission.COMMITTEE_POLICY_MANAGE]: '发布委员会工作政策新版本：任务期限、成员单位考评权重和等次（COM-2、COM-4）',
  [Permission.SECTOR_READ]: '成员单位查看本行业场所及其隐患和整改情况（COM-5）',
  [Permission.WEBHOOK_MANAGE]: '管理事件订阅（Webhook）：新建、修改、停用、删除，查看推送记录、重推事件',
  [Permission.EVENT_READ]: '按提交顺序读取本辖区的对接事件（events 轮询，与 Webhook 推送的内容相同）',
};

const P = Permission;

/**
 * Roles x permissions. Station staff never score, rate or finalize (they never evaluate themselves, EVA-5): they
 * submit work reports and read their results. The center and the township government score (EVA-5); the
 * center finalizes and, as the assessing department, interviews (EVA-6); the discipline commission reads cases.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  [Role.COMMITTEE_OFFICE]: [
    // GB/T 22239-2019 8.1.4.2 d): its administrative powers went to the three administrators below
    P.ORGANIZATION_READ, P.STAFF_QUOTA_MANAGE, P.FACILITY_CHECK_RECORD, P.ACCOUNT_READ,
    P.PERSONNEL_READ, P.PERSONNEL_MANAGE, P.PRIOR_SERVICE_RECORD, P.STAFFING_READ, P.POLICY_MANAGE,
    // the office keeps checklists and warning rules; leads investigations (INS-6); reads the rest
    P.INSPECTION_READ, P.CHECKLIST_MANAGE, P.WARNING_READ, P.WARNING_ACKNOWLEDGE, P.WARNING_RULE_MANAGE,
    P.FIRE_READ, P.INVESTIGATION_READ, P.INVESTIGATION_MANAGE, P.WORK_REPORT_READ,
    P.ATTACHMENT_UPLOAD, P.TRAINING_READ,
    // It loads the villages' register (ORG-6), the villages with their fire safety managers, by import
    P.VILLAGE_GUIDANCE_MANAGE,
    P.EVALUATION_READ, P.EVALUATION_POLICY_MANAGE, P.ACCOUNTABILITY_READ,
    // the county committee at work (COM-1 .. COM-4): meetings, tasks, campaigns, duty lists, the committees' policy
    P.COMMITTEE_READ, P.MEETING_RECORD, P.TASK_ASSIGN, P.CAMPAIGN_DEPLOY, P.MEMBER_UNIT_DUTY_MANAGE, P.COMMITTEE_POLICY_MANAGE,
    // it reads the integration events of the county, as the systems it connects do (the `events` feed)
    P.EVENT_READ,
  ],
  // the center approves deviations (PER-2, PER-8) and, with the township government, manages the station (EVA-5);
  // it inspects member units (INS-1), briefs the fire situation (INS-4) and reviews the stations' plans (INS-5)
  [Role.CENTER]: [
    P.ORGANIZATION_READ, P.FACILITY_CHECK_RECORD, P.ACCOUNT_READ, P.PERSONNEL_READ, P.DEVIATION_APPROVE, P.STAFFING_READ,
    P.INSPECTION_READ, P.PREMISES_MANAGE, P.INSPECTION_RECORD, P.HAZARD_DEADLINE_APPROVE, P.HAZARD_HAND_OVER, P.CHECKLIST_MANAGE, P.WARNING_READ,
    P.WARNING_ACKNOWLEDGE, P.FIRE_READ, P.FIRE_RECORD, P.INVESTIGATION_READ, P.INVESTIGATION_MANAGE, P.WORK_REPORT_READ, P.WORK_REPORT_REVIEW,
    // it runs the quarterly theory training and exam (EVA-2, TRN-2) and reviews good practices (TRN-3)
    P.ATTACHMENT_UPLOAD, P.TRAINING_READ, P.ACTIVITY_RECORD, P.COURSE_MANAGE, P.VILLAGE_GUIDANCE_MANAGE, P.PRACTICE_REVIEW,
    // it evaluates the stations with the township governments (EVA-5), finalizes, and interviews (EVA-6)
    P.EVALUATION_READ, P.EVALUATION_SCORE, P.APPRAISAL_VOTE, P.EVALUATION_FINALIZE, P.ACCOUNTABILITY_READ, P.ACCOUNTABILITY_MANAGE,
    // it carries out the committee's tasks, supervises and evaluates the county's member units (COM-2, COM-4)
    P.COMMITTEE_READ, P.TASK_REPORT, P.SUPERVISION_RECORD, P.MEMBER_UNIT_EVALUATE,
    // it reads the integration events of the county (the `events` feed)
    P.EVENT_READ,
  ],
  // the township government selects its station's staff (PER-1), records those on duty before the platform (prior
  // service), and co-manages the station: it approves extensions
  [Role.TOWNSHIP_GOVERNMENT]: [
    P.ORGANIZATION_READ, P.FACILITY_CHECK_RECORD, P.ACCOUNT_READ, P.PERSONNEL_READ, P.PERSONNEL_MANAGE, P.PRIOR_SERVICE_RECORD, P.STAFFING_READ,
    P.INSPECTION_READ, P.HAZARD_DEADLINE_APPROVE, P.WARNING_READ, P.WARNING_ACKNOWLEDGE, P.FIRE_READ, P.WORK_REPORT_READ,
    P.ATTACHMENT_UPLOAD, P.TRAINING_READ, P.PRACTICE_SUBMIT,
    P.EVALUATION_READ, P.EVALUATION_SCORE, P.APPRAISAL_VOTE, P.ACCOUNTABILITY_READ,
    // the township committee sits with the township government: it meets, assigns and passes county tasks on,
    // deploys campaigns in its township, keeps its member units' duty lists, and carries out county tasks (COM-1 .. COM-4)
    P.COMMITTEE_READ, P.MEETING_RECORD, P.TASK_ASSIGN, P.TASK_REPORT, P.CAMPAIGN_DEPLOY, P.MEMBER_UNIT_DUTY_MANAGE,
  ],
  // the station's daily work (INS-1 .. INS-5); it never decides a major hazard (no enforcement power); it reads its
  // own staffing and vacancies (STAFFING_READ is limited to its own station), not the people (no PERSONNEL_READ)
  [Role.STATION]: [
    P.ORGANIZATION_READ, P.FACILITY_CHECK_RECORD, P.STAFFING_READ, P.INSPECTION_READ, P.PREMISES_MANAGE, P.INSPECTION_RECORD, P.HAZARD_HAND_OVER, P.WARNING_READ,
    P.WARNING_ACKNOWLEDGE, P.FIRE_READ, P.FIRE_RECORD, P.WORK_REPORT_READ, P.WORK_REPORT_FILE,
    // outreach: publicity and drills (TRN-1), village guidance (ORG-6), good practices (TRN-3)
    P.ATTACHMENT_UPLOAD, P.TRAINING_READ, P.ACTIVITY_RECORD, P.VILLAGE_GUIDANCE_MANAGE, P.PRACTICE_SUBMIT,
    // its monthly work reports (EVA-1); it reads its results, never scores itself
    P.EVALUATION_REPORT_SUBMIT, P.EVALUATION_READ,
    // it carries out tasks, supervises and evaluates its township's member units (COM-2, COM-4)
    P.COMMITTEE_READ, P.TASK_REPORT, P.SUPERVISION_RECORD, P.MEMBER_UNIT_EVALUATE,
  ],
  // the brigade trains and examines (PER-7), decides major hazards and takes hand-overs (never hands over to itself:
  // no HAZARD_HAND_OVER), records fires
  [Role.BRIGADE]: [
    P.ORGANIZATION_READ, P.PERSONNEL_READ, P.PRE_JOB_TRAINING_MANAGE, P.INSPECTION_READ, P.INSPECTION_RECORD, P.MAJOR_HAZARD_DECIDE,
    P.WARNING_READ, P.FIRE_READ, P.FIRE_RECORD, P.INVESTIGATION_READ,
    P.ATTACHMENT_UPLOAD, P.TRAINING_READ, P.ACTIVITY_RECORD, P.COURSE_MANAGE,
    // it reads the committees' tasks and campaigns it takes part in (COM-2, COM-3)
    P.COMMITTEE_READ,
  ],
  // the discipline commission reads investigations and their accountability (INS-6), and is notified of EVA-6 cases
  [Role.DISCIPLINE]: [P.ORGANIZATION_READ, P.PERSONNEL_READ, P.INVESTIGATION_READ, P.FIRE_READ, P.ACCOUNTABILITY_READ, P.COMMITTEE_READ],
  // they rate the stations they work with in the democratic appraisal (EVA-1, EVA-2); they carry out their tasks and
  // read what concerns their own unit only: tasks, duty list, evaluation, the premises of their sector and the
  // hazards found there (COM-5; every read is narrowed to the account's organization)
  [Role.MEMBER_UNIT]: [P.ORGANIZATION_READ, P.APPRAISAL_VOTE, P.COMMITTEE_READ, P.TASK_REPORT, P.SECTOR_READ, P.ATTACHMENT_UPLOAD],
  // the most an API key can be given; each key holds a chosen subset
  [Role.INTEGRATION]: [P.ORGANIZATION_READ, P.INSPECTION_READ, P.WARNING_READ, P.FIRE_READ, P.TRAINING_READ, P.COMMITTEE_READ,
    // a county system (grid management, the 12345 hotline, the brigade's own system) reports what it found: hazards
    // and their rectification, inspections, fires, outreach, with evidence files; each write needs an Idempotency-Key
    // and a key never signs as a named person (recheckHazard: @Allow's keysRefused)
    P.INSPECTION_RECORD, P.FIRE_RECORD, P.ACTIVITY_RECORD, P.ATTACHMENT_UPLOAD,
    // and reads staffing and evaluations for the county's dashboards (personal data masked, as for accounts)
    P.PERSONNEL_READ, P.STAFFING_READ, P.EVALUATION_READ,
    // and polls the integration events of its region (`events`) when it cannot receive webhooks
    P.EVENT_READ],
  // GB/T 22239-2019 8.1.5.1 (系统管理): accounts (their roles only requested), the organization and configuration
  // data; no role grants, no keys, no audit trail
  [Role.SYSTEM_ADMIN]: [
    P.ORGANIZATION_READ, P.ACCOUNT_READ, P.ACCOUNT_MANAGE, P.REGION_MANAGE, P.ORGANIZATION_MANAGE, P.CALENDAR_MANAGE, P.CATALOGUE_MANAGE,
    // for the accounts the separation table gives it (ADM-2, ADM-3): business and SECURITY_ADMIN / AUDIT_ADMIN
    // passwords, a SECURITY_ADMIN's second factor and lock
    P.PASSWORD_RESET, P.SECOND_FACTOR_RESET, P.ACCOUNT_UNLOCK,
  ],
  // GB/T 22239-2019 8.1.5.3 (安全管理): role grants, integration credentials (API keys, webhook secrets), unmask
  // grants, second factors and unlocks; the security policy's permission joins this list when it exists
  [Role.SECURITY_ADMIN]: [
    P.ACCOUNT_READ, P.ROLE_GRANT, P.API_KEY_MANAGE, P.WEBHOOK_MANAGE, P.UNMASK_GRANT, P.SECOND_FACTOR_RESET, P.ACCOUNT_UNLOCK,
    // the security policy: password age and history, sessions, sign-in failures, second-factor roles (8.1.4.1)
    P.SECURITY_POLICY_MANAGE,
    // a SYSTEM_ADMIN's password only (ADM-2)
    P.PASSWORD_RESET,
  ],
  // GB/T 22239-2019 8.1.5.2 (审计管理): the audit trail and the security reports, nothing else
  [Role.AUDIT_ADMIN]: [P.AUDIT_LOG_READ],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
