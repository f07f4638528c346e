import { Args, ArgsType, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { DateTimeScalar } from '../graphql/scalars';
import { Allow } from '../kernel/access.decorators';
import { AuditOutcome } from './audit-entry.entity';
import { AuditService } from './audit.service';
import { AuditChainVerificationModel, AuditEntryConnection, AuditEntryModel } from './audit.types';
import { Permission } from '../kernel/permissions';

@ArgsType()
class AuditLogArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '操作者（账号或密钥的全局标识）' }) @IsOptional() @IsString() @MaxLength(200) actorId?: string;
  @Field(() => String, { nullable: true, description: '操作者名称（用户名、key:名称）' }) @IsOptional() @IsString() @MaxLength(200) actorLabel?: string;
  @Field(() => String, { nullable: true, description: '对象类型：记录的类型名，如 Account、Organization（随功能增加，不是固定的集合）' }) @IsOptional() @IsString() @MaxLength(50) targetType?: string;
  @Field(() => String, { nullable: true, description: '对象标识' }) @IsOptional() @IsString() @MaxLength(200) targetId?: string;
  @Field(() => String, { nullable: true, description: '操作，如 login、createAccount、ACCOUNT_LOCKED' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z_]{1,60}$/, { message: '不是有效的操作名' })
  operation?: string;
  @Field(() => AuditOutcome, { nullable: true, description: '只列出该结果的记录' }) @IsOptional() @IsEnum(AuditOutcome) outcome?: AuditOutcome;
  @Field(() => DateTimeScalar, { nullable: true, description: '起（含）' }) @IsOptional() @IsDate() from?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '止（不含）' }) @IsOptional() @IsDate() to?: Date;
}

@ArgsType()
class AuditPeriodArgs {
  @Field(() => DateTimeScalar, { description: '时段起（含）' }) @IsDate() from: Date;
  @Field(() => DateTimeScalar, { description: '时段止（不含）；不能早于起、不能晚于现在' }) @IsDate() to: Date;
}

/** The audit trail (AUDIT_ADMIN) and the check of its tamper-evident chain (GB/T 22239-2019 8.1.4.7). */
@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Allow(Permission.AUDIT_LOG_READ)
  @Query(() => AuditEntryConnection, { description: '审计日志（本辖区，新的在前）' })
  async auditLog(@Ctx() ctx: RequestContext, @Args() args: AuditLogArgs): Promise<AuditEntryConnection> {
    const page = await this.audit.list(ctx, args, args);
    await this.audit.recordRead(ctx, 'auditLog', { ...args });
    return mapConnection(page, AuditEntryModel.from) as AuditEntryConnection;
  }

  @Allow(Permission.AUDIT_LOG_READ)
  @Query(() => AuditChainVerificationModel, {
    description: '校验一个时段的审计记录是否完整、未被改动或删除（防篡改链，GB/T 22239-2019 8.1.4.7）；时段不能晚于现在（时间规则 T-AUD-1）',
  })
  async verifyAuditChain(@Ctx() ctx: RequestContext, @Args() args: AuditPeriodArgs): Promise<AuditChainVerificationModel> {
    const verification = await this.audit.verify(ctx, args.from, args.to);
    await this.audit.recordRead(ctx, 'verifyAuditChain', { from: args.from, to: args.to });
    return AuditChainVerificationModel.from(verification);
  }
}
