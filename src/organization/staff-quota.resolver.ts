import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from './organization.service';
import { OrganizationModel } from './organization.types';
import { ChangeStaffQuotaInput } from './staff-quota.types';

/** The guidance center's and the stations' staff quotas (ORG-1, ORG-3): each change is recorded. */
@Resolver()
export class StaffQuotaResolver {
  constructor(private readonly service: OrganizationService) {}

  @Allow(Permission.STAFF_QUOTA_MANAGE)
  @Mutation(() => OrganizationModel, { description: '调整指导中心或工作站的编制人数（工作站 2 至 3 人，ORG-3）' })
  async changeStaffQuota(@Ctx() ctx: RequestContext, @Args('input', { description: '机构、新的编制人数和调整依据' }) input: ChangeStaffQuotaInput): Promise<OrganizationModel> {
    const org = await this.service.changeStaffQuota(ctx, input);
    ctx.auditTarget('Organization', org.id, { after: { staffQuota: org.staffQuota, reason: input.reason } });
    return OrganizationModel.from(org);
  }
}
