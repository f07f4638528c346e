import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsDate } from 'class-validator';
import { toGlobalId } from '../graphql/global-id';
import { DateTimeScalar } from '../graphql/scalars';
import { AuditOutcome } from './audit-entry.entity';
import { Role } from '../kernel/permissions';
import type { AccountsSnapshot, AdministratorActivity, OperationCount, SecurityReport } from './security-report.service';

@ArgsType()
export class SecurityReportArgs {
  @Field(() => DateTimeScalar, { description: '统计时段起（含）' }) @IsDate() from: Date;
  @Field(() => DateTimeScalar, { description: '统计时段止（不含）；不能早于起、不能晚于现在，时段至多 366 天（时间规则 T-AUD-1）' }) @IsDate() to: Date;
}

@ObjectType('SecurityReportOperationCount', { description: '某项操作按结果和错误码归并的条数' })
export class SecurityReportOperationCountModel {
  @Field({ description: '操作（GraphQL 字段名或事件名）' }) operation: string;
  @Field(() => AuditOutcome, { description: '结果' }) outcome: AuditOutcome;
  @Field(() => String, { nullable: true, description: '错误码（extensions.code）' }) errorCode: string | null;
  @Field(() => String, { nullable: true, description: '拒绝的原因（extensions.reason，如 ROLE_NOT_GRANTED 角色尚待授权、SEPARATION_OF_DUTIES 三权分立）' }) reason: string | null;
  @Field(() => Int, { description: '条数' }) count: number;

  static from(v: OperationCount): SecurityReportOperationCountModel {
    return Object.assign(new SecurityReportOperationCountModel(), v);
  }
}

@ObjectType('AdministratorActivity', { description: '一名管理员在时段内的一类操作（GB/T 22239-2019 8.1.5.2：审计管理员审计系统管理员和安全管理员的操作）' })
export class AdministratorActivityModel {
  @Field(() => ID, { description: '管理员账号标识' }) accountId: string;
  @Field({ description: '管理员用户名' }) username: string;
  @Field(() => Role, { description: '管理员角色（现在的角色）' }) role: Role;
  @Field({ description: '操作' }) operation: string;
  @Field(() => AuditOutcome, { description: '结果' }) outcome: AuditOutcome;
  @Field(() => Int, { description: '条数' }) count: number;

  static from(v: AdministratorActivity): AdministratorActivityModel {
    return Object.assign(new AdministratorActivityModel(), {
      accountId: toGlobalId('Account', v.actorId), username: v.actorLabel, role: v.role, operation: v.operation, outcome: v.outcome, count: v.count,
    });
  }
}

@ObjectType('SecurityReportAccounts', { description: '本辖区账号的现状（生成报告之时）' })
export class SecurityReportAccountsModel {
  @Field(() => Int, { description: '启用的账号数' }) active: number;
  @Field(() => Int, { description: '其中现正锁定的' }) locked: number;
  @Field(() => Int, { description: '其中密码超过安全策略最长使用天数、下次登录须修改的' }) passwordExpired: number;
  @Field(() => Int, { description: '其中角色须用双因素认证而尚未启用的' }) secondFactorMissing: number;
  @Field(() => Int, { description: '其中尚待安全管理员授予角色、不能登录的' }) awaitingRoleGrant: number;
  @Field(() => Int, { description: '有效的查看个人信息授权数（GB/T 22239-2019 8.1.4.11）' }) unmaskGrantsInForce: number;

  static from(v: AccountsSnapshot): SecurityReportAccountsModel {
    return Object.assign(new SecurityReportAccountsModel(), v);
  }
}

@ObjectType('SecurityReport', {
  description: '安全报告（审计管理员；GB/T 22239-2019 8.1.5.2 对审计记录进行分析）：一个时段内本辖区的登录失败、暂停和锁定、被拒绝的操作、明文查看个人信息、三类管理员的操作，账号现状，以及审计记录是否完整',
})
export class SecurityReportModel {
  @Field(() => DateTimeScalar, { description: '时段起（含）' }) from: Date;
  @Field(() => DateTimeScalar, { description: '时段止（不含）' }) to: Date;
  @Field(() => DateTimeScalar, { description: '生成时间' }) generatedAt: Date;
  @Field(() => Int, { description: '登录失败次数（密码或第二因素错误）' }) signInFailures: number;
  @Field(() => Int, { description: '因连续失败暂停某地址登录的次数' }) signInPauses: number;
  @Field(() => Int, { description: '账号被锁定的次数' }) accountLocks: number;
  @Field(() => Int, { description: '因密码过期被要求修改密码的次数' }) passwordExpiries: number;
  @Field(() => Int, { description: '被拒绝的操作和查询次数（含因频率上限未逐条记录的）' }) refusals: number;
  @Field(() => Int, { description: '其中因频率上限（每个操作者或地址每分钟）未逐条记录的次数，含匿名的失败请求' }) refusalsNotRecorded: number;
  @Field(() => [SecurityReportOperationCountModel], { description: '被拒绝的操作按操作、错误码和原因归并（多的在前，至多 200 行；执行前即被拒绝的请求归为“（执行前拒绝）”一组）' }) refusalsByOperation: SecurityReportOperationCountModel[];
  @Field({ description: '被拒绝的操作是否多于 200 组、只列出了最多的 200 组' }) refusalsByOperationTruncated: boolean;
  @Field(() => Int, { description: '明文查看个人信息的次数' }) unmaskedReads: number;
  @Field(() => [AdministratorActivityModel], { description: '三类管理员的操作，按管理员、操作和结果归并（多的在前，至多 200 行）' }) administratorActivity: AdministratorActivityModel[];
  @Field({ description: '管理员的操作是否多于 200 行、只列出了最多的 200 行' }) administratorActivityTruncated: boolean;
  @Field(() => SecurityReportAccountsModel, { description: '本辖区账号的现状' }) accounts: SecurityReportAccountsModel;

  static from(v: SecurityReport): SecurityReportModel {
    return Object.assign(new SecurityReportModel(), {
      from: v.from, to: v.to, generatedAt: v.generatedAt, signInFailures: v.signInFailures, signInPauses: v.signInPauses,
      accountLocks: v.accountLocks, passwordExpiries: v.passwordExpiries, refusals: v.refusals, refusalsNotRecorded: v.refusalsNotRecorded,
      refusalsByOperation: v.refusalsByOperation.map(SecurityReportOperationCountModel.from), refusalsByOperationTruncated: v.refusalsByOperationTruncated,
      unmaskedReads: v.unmaskedReads, administratorActivity: v.administratorActivity.map(AdministratorActivityModel.from),
      administratorActivityTruncated: v.administratorActivityTruncated, accounts: SecurityReportAccountsModel.from(v.accounts),
    });
  }
}
