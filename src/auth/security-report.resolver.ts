import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { Allow } from '../kernel/access.decorators';
import { AuditChainVerificationModel } from './audit.types';
import { Permission } from '../kernel/permissions';
import { SecurityReportService } from './security-report.service';
import { SecurityReportArgs, SecurityReportModel } from './security-report.types';

/** The audit administrator's security report (GB/T 22239-2019 8.1.5.2). */
@Resolver(() => SecurityReportModel)
export class SecurityReportResolver {
  constructor(private readonly reports: SecurityReportService) {}

  @Allow(Permission.AUDIT_LOG_READ)
  @Query(() => SecurityReportModel, {
    description: '安全报告：一个时段（至多 366 天，不晚于现在：时间规则 T-AUD-1）内本辖区的登录失败、被拒绝的操作、明文查看个人信息和三类管理员的操作，账号现状，审计记录是否完整（GB/T 22239-2019 8.1.5.2）',
  })
  async securityReport(@Ctx() ctx: RequestContext, @Args() args: SecurityReportArgs): Promise<SecurityReportModel> {
    return SecurityReportModel.from(await this.reports.report(ctx, args.from, args.to));
  }

  // read only when asked: it recomputes the MAC of every entry of the period
  @Allow(Permission.AUDIT_LOG_READ)
  @ResolveField(() => AuditChainVerificationModel, { description: '该时段审计记录防篡改链的校验结果（GB/T 22239-2019 8.1.4.7；要读该时段的全部记录，需要时才查询）' })
  async chain(@Ctx() ctx: RequestContext, @Parent() report: SecurityReportModel): Promise<AuditChainVerificationModel> {
    return AuditChainVerificationModel.from(await this.reports.chain(ctx, report.from, report.to));
  }
}
