import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { FacilityCheckModel, RecordFacilityCheckInput } from './facility-check.types';
import { OrganizationService } from './organization.service';

/** Checks of a station's office facilities (ORG-4). */
@Resolver()
export class FacilityCheckResolver {
  constructor(private readonly service: OrganizationService) {}

  @Allow(Permission.FACILITY_CHECK_RECORD)
  @Mutation(() => FacilityCheckModel, { description: '登记工作站办公场所设施检查（ORG-4）' })
  async recordFacilityCheck(@Ctx() ctx: RequestContext, @Args('input', { description: '工作站、设施、检查日期和结论' }) input: RecordFacilityCheckInput): Promise<FacilityCheckModel> {
    const check = await this.service.recordFacilityCheck(ctx, input);
    ctx.auditTarget('Organization', check.stationId, { after: { facility: check.facility, compliant: check.compliant, checkedOn: check.checkedOn } });
    return FacilityCheckModel.from(check);
  }
}
