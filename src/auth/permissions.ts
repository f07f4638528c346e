/**
 * Roles and permissions: the source of truth of who may do what (issue 3). The guard reads ROLE_PERMISSIONS,
 * each operation declares its permission with @Allow(...), and docs/authorization.md is generated from both
 * (`npm run docs:authorization`). This file imports nothing, so every domain module may use it.
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
}

export const ROLE_LABELS: Record<Role, string> = {
  [Role.COMMITTEE_OFFICE]: '县消委办（系统管理，本县全部事务）',
  [Role.CENTER]: '指导中心（全县督导、考核）',
  [Role.TOWNSHIP_GOVERNMENT]: '乡镇人民政府（本乡镇选调人员、共同考核）',
  [Role.STATION]: '消防工作站（本乡镇日常工作）',
  [Role.BRIGADE]: '县消防救援大队（岗前培训考试，全县只读）',
  [Role.DISCIPLINE]: '县纪委监委（问责案件，只读）',
  [Role.MEMBER_UNIT]: '成员单位（本单位的检查和隐患）',
  [Role.INTEGRATION]: '对接系统（API 密钥）',
};

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
  /** Create and change accounts, reset passwords and second factors, unlock. */
  ACCOUNT_MANAGE = 'ACCOUNT_MANAGE',
  /** Read citizen ID and phone numbers unmasked (each read is audited). */
  PERSONAL_DATA_UNMASK = 'PERSONAL_DATA_UNMASK',
  /** Create, list and revoke API keys for other county systems. */
  API_KEY_MANAGE = 'API_KEY_MANAGE',
  /** Read the audit trail. */
  AUDIT_LOG_READ = 'AUDIT_LOG_READ',
  /** Read people, their posts and eligibility (personal data masked). */
  PERSONNEL_READ = 'PERSONNEL_READ',
  /** Propose and select people, request deviations, put on duty, record departures (PER-1 .. PER-9). */
  PERSONNEL_MANAGE = 'PERSONNEL_MANAGE',
  /** Approve or reject a deviation from a principle rule (PER-2, PER-8). */
  DEVIATION_APPROVE = 'DEVIATION_APPROVE',
  /** Run pre-job training and record its exam (PER-7). */
  PRE_JOB_TRAINING_MANAGE = 'PRE_JOB_TRAINING_MANAGE',
  /** Read quotas, staff on duty, the pipeline and vacancies. */
  STAFFING_READ = 'STAFFING_READ',
  /** Publish a new version of the personnel policy. */
  POLICY_MANAGE = 'POLICY_MANAGE',
}

export const PERMISSION_LABELS: Record<Permission, string> = {
  [Permission.ORGANIZATION_READ]: '查看区划、机构、工作站、编制和设施',
  [Permission.REGION_MANAGE]: '新增行政区划、设置区划代码',
  [Permission.ORGANIZATION_MANAGE]: '新增成员单位、政府专职消防站',
  [Permission.STAFF_QUOTA_MANAGE]: '调整编制（ORG-1、ORG-3）',
  [Permission.FACILITY_CHECK_RECORD]: '登记工作站办公场所设施检查（ORG-4）',
  [Permission.ACCOUNT_READ]: '查看账号（个人信息脱敏）',
  [Permission.ACCOUNT_MANAGE]: '管理账号：新建、修改、重置密码和双因素、解锁',
  [Permission.PERSONAL_DATA_UNMASK]: '查看未脱敏的身份证号、手机号（每次记入审计）',
  [Permission.API_KEY_MANAGE]: '管理对接系统的 API 密钥',
  [Permission.AUDIT_LOG_READ]: '查看审计日志',
  [Permission.PERSONNEL_READ]: '查看人员、岗位和选调条件审查（个人信息脱敏）',
  [Permission.PERSONNEL_MANAGE]: '提名、选调人员，申请偏离，安排上岗，登记离岗',
  [Permission.DEVIATION_APPROVE]: '审批原则性规则的偏离申请（PER-2、PER-8）',
  [Permission.PRE_JOB_TRAINING_MANAGE]: '组织岗前培训、登记考试成绩（PER-7）',
  [Permission.STAFFING_READ]: '查看编制、在岗、在途和空岗',
  [Permission.POLICY_MANAGE]: '发布人员政策参数的新版本',
};

const P = Permission;

/**
 * Roles x permissions. Station staff hold no evaluation permission (they never evaluate themselves, EVA-5);
 * evaluation permissions arrive with the evaluation issue, granted to CENTER and TOWNSHIP_GOVERNMENT.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  [Role.COMMITTEE_OFFICE]: [
    P.ORGANIZATION_READ, P.REGION_MANAGE, P.ORGANIZATION_MANAGE, P.STAFF_QUOTA_MANAGE, P.FACILITY_CHECK_RECORD,
    P.ACCOUNT_READ, P.ACCOUNT_MANAGE, P.PERSONAL_DATA_UNMASK, P.API_KEY_MANAGE, P.AUDIT_LOG_READ,
    P.PERSONNEL_READ, P.PERSONNEL_MANAGE, P.STAFFING_READ, P.POLICY_MANAGE,
  ],
  // the center approves deviations (PER-2, PER-8) and, with the township government, manages the station (EVA-5)
  [Role.CENTER]: [P.ORGANIZATION_READ, P.FACILITY_CHECK_RECORD, P.ACCOUNT_READ, P.PERSONNEL_READ, P.DEVIATION_APPROVE, P.STAFFING_READ],
  // the township government selects its station's staff (PER-1)
  [Role.TOWNSHIP_GOVERNMENT]: [P.ORGANIZATION_READ, P.FACILITY_CHECK_RECORD, P.ACCOUNT_READ, P.PERSONNEL_READ, P.PERSONNEL_MANAGE, P.STAFFING_READ],
  [Role.STATION]: [P.ORGANIZATION_READ, P.FACILITY_CHECK_RECORD],
  // the brigade trains and examines (PER-7)
  [Role.BRIGADE]: [P.ORGANIZATION_READ, P.PERSONNEL_READ, P.PRE_JOB_TRAINING_MANAGE],
  [Role.DISCIPLINE]: [P.ORGANIZATION_READ, P.PERSONNEL_READ],
  [Role.MEMBER_UNIT]: [P.ORGANIZATION_READ],
  // the most an API key can be given; each key holds a chosen subset
  [Role.INTEGRATION]: [P.ORGANIZATION_READ],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
