import { AppError, ErrorCode, UnauthenticatedError } from '../kernel/errors';
import { Gate } from '../kernel/request-context';
import type { Actor } from '../kernel/request-context';
import type { AccessRule } from '../kernel/access.decorators';
import { Permission, PERMISSION_LABELS } from '../kernel/permissions';

/** What an account must do first, and how it is told (auth.guard.ts and the payload check say it alike). */
export const GATE_ERRORS: Record<Gate, [ErrorCode, string]> = {
  [Gate.SECOND_FACTOR]: [ErrorCode.SECOND_FACTOR_REQUIRED, '请先完成第二因素验证（verifySecondFactor）'],
  [Gate.PASSWORD_CHANGE]: [ErrorCode.PASSWORD_CHANGE_REQUIRED, '密码由他人设置，请先修改密码（changePassword）'],
  [Gate.SECOND_FACTOR_ENROLLMENT]: [ErrorCode.SECOND_FACTOR_ENROLLMENT_REQUIRED, '本角色须启用双因素认证，请先绑定验证器（enrollTotp、confirmTotp）'],
};

/** A permission in the words of the people who hold it: 「“查看火灾延伸调查（INS-6）”的权限」 (the code stays in `extensions.permission`). */
export function permissionWords(permission: Permission): string {
  return `“${PERMISSION_LABELS[permission]}”的权限`;
}

/** The refusal of an actor who lacks a permission: a zh-CN phrase for the person, the code for the program. */
export function missingPermission(permission: Permission, what = '无权执行此操作'): AppError {
  return new AppError(ErrorCode.FORBIDDEN, `${what}：需要${permissionWords(permission)}`, { permission });
}

/**
 * Why an actor may not run an operation (a root field or a field resolver) declaring `rule`, or null when it may.
 * The one decision of the global guard (auth.guard.ts); the payload check (payload-access.ts) asks it for every
 * field a mutation's selection reaches, before the mutation runs. Jurisdiction is not decided here: the services
 * check the target of an operation; fields answer what their parent holds.
 */
export function refusalOf(rule: AccessRule, actor: Actor): AppError | null {
  if (rule.kind === 'PUBLIC') return null;
  if (actor.kind === 'ANONYMOUS') return new UnauthenticatedError('NO_CREDENTIALS', '请先登录');
  if (actor.gate) {
    const passes = rule.kind === 'SIGNED_IN' && rule.passes.includes(actor.gate);
    if (!passes) {
      const [code, message] = GATE_ERRORS[actor.gate];
      return new AppError(code, message);
    }
  }
  if (rule.kind === 'SIGNED_IN') {
    return rule.accountsOnly && actor.kind !== 'ACCOUNT' ? new AppError(ErrorCode.FORBIDDEN, '此操作只限账号本人，API 密钥不能使用') : null;
  }
  if (actor.kind !== 'SYSTEM' && !actor.permissions.has(rule.permission)) return missingPermission(rule.permission);
  if (rule.keysRefused && actor.kind === 'API_KEY') return new AppError(ErrorCode.FORBIDDEN, rule.keysRefused, { reason: 'API_KEY_NOT_ALLOWED' });
  return null;
}
