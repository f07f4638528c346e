import { ADMIN_ROLES, isAdminRole, Role } from '../kernel/permissions';

/**
 * The separation of administrators (三权分立, GB/T 22239-2019 8.1.4.2 d) and 8.1.5.1 .. 8.1.5.3) as one pure
 * function: who may reset whose password or second factor, unlock whom, grant which role to whom. The guard
 * already checked the permission (PASSWORD_RESET, SECOND_FACTOR_RESET, ACCOUNT_UNLOCK, ROLE_GRANT); this table says
 * for which targets. docs/authorization.md ("Separation of administrators") shows the same table.
 *
 * ADM-1  No account acts on itself here: its own password through changePassword, never its own role, second factor
 *        or lock (a locked account waits or asks another administrator).
 * ADM-2  An administrator's password or second factor is reset, and it is unlocked, only by an administrator of
 *        another kind: a SECURITY_ADMIN by a SYSTEM_ADMIN (all three), a SYSTEM_ADMIN by a SECURITY_ADMIN (all
 *        three), an AUDIT_ADMIN's password by a SYSTEM_ADMIN, its second factor and lock by a SECURITY_ADMIN.
 * ADM-3  A business account's password is reset by a SYSTEM_ADMIN; its second factor and lock by a SECURITY_ADMIN.
 * ADM-4  Roles are granted by a SECURITY_ADMIN only (the second person: a SYSTEM_ADMIN only requests one).
 * ADM-5  An account is an administrator account or a business account for good: a business role is never granted
 *        to an administrator account (nor the reverse), and a granted administrator's role never changes to another
 *        kind (no account ever holds two administrator roles). A requested role not yet granted may be changed
 *        within its kind of account at the grant.
 * ADM-6  Whoever reset an administrator's password does not also reset its second factor (nor the reverse) before it
 *        signs in again (AccountService, from the audit trail: it needs history, this table does not).
 * ADM-7  Every administrator kind keeps at least one usable account (active, its role granted): a change that would
 *        take the last one out of use (deactivating it, or withdrawing its grant by ADM-8) is refused. Without a
 *        SECURITY_ADMIN nobody could grant a role again; without an AUDIT_ADMIN nobody reads the trail (8.1.5.2).
 * ADM-8  The jurisdiction is part of what the two-person rule grants: moving an account to another region or
 *        organization withdraws its role grant (it answers ROLE_NOT_GRANTED, its sessions and unmask grants end) until a
 *        SECURITY_ADMIN grants it again. Else a SYSTEM_ADMIN alone could widen an account's reach (a township
 *        account moved up to the county) or change which entries an AUDIT_ADMIN reads. A name, phone or citizen id
 *        edit keeps the grant; the system (first start, the command line) moves without withdrawing, as it creates.
 */
export type AdminAct = 'PASSWORD_RESET' | 'SECOND_FACTOR_RESET' | 'UNLOCK';
export const ADMIN_ACTS: readonly AdminAct[] = ['PASSWORD_RESET', 'SECOND_FACTOR_RESET', 'UNLOCK'];

/** The target kinds of the table: each administrator role, or any business account. */
export type TargetKind = Role.SYSTEM_ADMIN | Role.SECURITY_ADMIN | Role.AUDIT_ADMIN | 'BUSINESS';

export function targetKind(role: Role): TargetKind {
  return isAdminRole(role) ? (role as TargetKind) : 'BUSINESS';
}

/** ADM-2, ADM-3: the one administrator role that does an act on a kind of account. */
export const ACT_TABLE: Readonly<Record<TargetKind, Readonly<Record<AdminAct, Role>>>> = {
  BUSINESS: { PASSWORD_RESET: Role.SYSTEM_ADMIN, SECOND_FACTOR_RESET: Role.SECURITY_ADMIN, UNLOCK: Role.SECURITY_ADMIN },
  [Role.SYSTEM_ADMIN]: { PASSWORD_RESET: Role.SECURITY_ADMIN, SECOND_FACTOR_RESET: Role.SECURITY_ADMIN, UNLOCK: Role.SECURITY_ADMIN },
  [Role.SECURITY_ADMIN]: { PASSWORD_RESET: Role.SYSTEM_ADMIN, SECOND_FACTOR_RESET: Role.SYSTEM_ADMIN, UNLOCK: Role.SYSTEM_ADMIN },
  [Role.AUDIT_ADMIN]: { PASSWORD_RESET: Role.SYSTEM_ADMIN, SECOND_FACTOR_RESET: Role.SECURITY_ADMIN, UNLOCK: Role.SECURITY_ADMIN },
};

const ACT_LABELS: Record<AdminAct, string> = {
  PASSWORD_RESET: '重置密码',
  SECOND_FACTOR_RESET: '重置双因素认证',
  UNLOCK: '解除锁定',
};

const KIND_LABELS: Record<TargetKind, string> = {
  BUSINESS: '业务账号',
  [Role.SYSTEM_ADMIN]: '系统管理员',
  [Role.SECURITY_ADMIN]: '安全管理员',
  [Role.AUDIT_ADMIN]: '审计管理员',
};

/** The refusal: a stable code for clients, a zh-CN reason for people; null: allowed. */
export interface SeparationRefusal {
  code: 'SELF_ADMINISTRATION' | 'SEPARATION_OF_DUTIES' | 'ADMIN_ACCOUNT_KIND' | 'LAST_ADMINISTRATOR';
  reason: string;
}

/** The acting side: an account's role, or the system (first start, the command line), which the table does not bind. */
export type AdminActor = { kind: 'SYSTEM' } | { kind: 'ACCOUNT'; id: string; role: Role };

/** ADM-1 .. ADM-3: may the actor do `act` on the target account? */
export function adminActRefusal(actor: AdminActor, act: AdminAct, target: { id: string; role: Role }): SeparationRefusal | null {
  if (actor.kind === 'SYSTEM') return null;
  if (actor.id === target.id) {
    return {
      code: 'SELF_ADMINISTRATION',
      reason: act === 'PASSWORD_RESET' ? '不能重置本人的密码：请用“修改密码”' : `不能对本人账号${ACT_LABELS[act]}，请另一类管理员操作`,
    };
  }
  const kind = targetKind(target.role);
  const doer = ACT_TABLE[kind][act];
  if (actor.role === doer) return null;
  return {
    code: 'SEPARATION_OF_DUTIES',
    reason: `${KIND_LABELS[kind]}的${ACT_LABELS[act]}只能由${KIND_LABELS[doer as TargetKind]}办理（三权分立）`,
  };
}

/**
 * ADM-1, ADM-4, ADM-5: may the actor grant `role` to the target, whose current (granted or requested) role is
 * `target.role` and which is `granted` or still waiting?
 */
export function roleGrantRefusal(
  actor: AdminActor,
  target: { id: string; role: Role; granted: boolean },
  role: Role,
): SeparationRefusal | null {
  if (actor.kind === 'ACCOUNT') {
    if (actor.id === target.id) return { code: 'SELF_ADMINISTRATION', reason: '不能授予或变更本人的角色，请另一位安全管理员操作' };
    if (actor.role !== Role.SECURITY_ADMIN) return { code: 'SEPARATION_OF_DUTIES', reason: '角色只能由安全管理员授予（三权分立）' };
  }
  if (isAdminRole(target.role) !== isAdminRole(role)) {
    return {
      code: 'ADMIN_ACCOUNT_KIND',
      reason: isAdminRole(role)
        ? '业务账号不能再担任管理员：请为管理员新建专用账号（管理员账号不属于任何业务机构）'
        : '管理员账号不能改为业务账号：请为业务新建账号',
    };
  }
  if (isAdminRole(role) && target.granted && role !== target.role) {
    return { code: 'ADMIN_ACCOUNT_KIND', reason: '管理员账号的角色授予后不能改为另一类管理员：一个账号只担任一种管理员' };
  }
  return null;
}

/** Where an account sits: its region and organization (null: none). */
export interface AccountPlacement {
  regionId: string;
  organizationId: string | null;
}

/** ADM-8: whether a change of placement withdraws the account's role grant (a granted account moved by a person). */
export function placementWithdrawsGrant(actor: AdminActor, granted: boolean, before: AccountPlacement, after: AccountPlacement): boolean {
  if (actor.kind === 'SYSTEM' || !granted) return false;
  return before.regionId !== after.regionId || before.organizationId !== after.organizationId;
}

/**
 * ADM-7: may a change take the target out of use (`deactivates`, or `withdraws` its grant by ADM-8), when
 * `othersInUse` other accounts of its kind are active and granted? Only administrator accounts in use are bound; the
 * system (the command line, which makes a replacement) is not.
 */
export function lastAdministratorRefusal(
  actor: AdminActor,
  target: { role: Role; active: boolean; granted: boolean },
  change: { deactivates: boolean; withdraws: boolean },
  othersInUse: number,
): SeparationRefusal | null {
  if (actor.kind === 'SYSTEM' || !isAdminRole(target.role) || !target.active || !target.granted) return null;
  if ((!change.deactivates && !change.withdraws) || othersInUse > 0) return null;
  const kind = KIND_LABELS[target.role as TargetKind];
  return {
    code: 'LAST_ADMINISTRATOR',
    reason: `这是最后一个可用的${kind}账号：每类管理员至少保留一个启用且已授权的账号（ADM-7，三权分立），${change.deactivates ? '不能停用' : '调整区划或机构会收回其角色授权，不能调整'}；请先新建并授权另一名${kind}`,
  };
}

/** Every administrator role other than the one given (tests and documentation walk the table with it). */
export function otherAdminRoles(role: Role): Role[] {
  return ADMIN_ROLES.filter((r) => r !== role);
}
