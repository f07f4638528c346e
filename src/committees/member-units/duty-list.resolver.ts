import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow } from '../../kernel/access.decorators';
import { Permission } from '../../kernel/permissions';
import { mapConnection, PageArgs } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import type { RequestContext } from '../../kernel/request-context';
import { OrganizationService } from '../../organization/organization.service';
import { OrganizationModel } from '../../organization/organization.types';
import { dutyCatalogue } from './duty-catalogue';
import {
  DutyCatalogueArgs, DutyItemModel, MemberUnitDutiesArgs, MemberUnitDutyListConnection, MemberUnitDutyListModel, SetMemberUnitDutiesInput,
} from './duty-list.types';
import { MemberUnitsService } from './member-units.service';
import { organizationOf } from './organization-of';

/** Member units' duty lists (COM-4): a sector's default catalogue, a unit's list in force, a new version. */
@Resolver()
export class DutyListResolver {
  constructor(private readonly units: MemberUnitsService) {}

  @Allow(Permission.COMMITTEE_READ)
  @Query(() => [DutyItemModel], { description: '某行业的默认责任清单（COM-4；据《消防安全责任制实施办法》第十四条和《吉林省消防安全责任实施办法》摘要，最多 6 项）' })
  dutyCatalogue(@Args() args: DutyCatalogueArgs): DutyItemModel[] {
    return dutyCatalogue(args.sector);
  }

  @Allow(Permission.COMMITTEE_READ, { outside: 'NOT_FOUND' })
  @Query(() => MemberUnitDutyListModel, { nullable: true, description: '成员单位现行的责任清单（COM-4）；尚未设定为空。成员单位账号只能看本单位的（COM-5）' })
  async memberUnitDuties(@Ctx() ctx: RequestContext, @Args() args: MemberUnitDutiesArgs): Promise<MemberUnitDutyListModel | null> {
    const row = await this.units.duties(ctx, args.memberUnitId);
    return row ? MemberUnitDutyListModel.from(row) : null;
  }

  @Allow(Permission.MEMBER_UNIT_DUTY_MANAGE)
  @Mutation(() => MemberUnitDutyListModel, { description: '设定成员单位的责任清单，写入新版本（COM-4：县直单位由县消委办设定，乡镇单位由所在乡镇政府设定）' })
  async setMemberUnitDuties(@Ctx() ctx: RequestContext, @Args('input', { description: '成员单位、行业和职责（不填职责则载入默认清单）' }) input: SetMemberUnitDutiesInput): Promise<MemberUnitDutyListModel> {
    return MemberUnitDutyListModel.from(await this.units.setDuties(ctx, input));
  }
}

@Resolver(() => MemberUnitDutyListModel)
export class MemberUnitDutyListFieldsResolver {
  constructor(private readonly organizations: OrganizationService, private readonly units: MemberUnitsService) {}

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => OrganizationModel, { description: '成员单位' })
  memberUnit(@Ctx() ctx: RequestContext, @Parent() d: MemberUnitDutyListModel): Promise<OrganizationModel> {
    return organizationOf(this.organizations, ctx, d.row.memberUnitId);
  }

  @Allow(Permission.COMMITTEE_READ)
  @ResolveField(() => MemberUnitDutyListConnection, { description: '此前的版本（新的在前）' })
  async versions(@Ctx() ctx: RequestContext, @Parent() d: MemberUnitDutyListModel, @Args() page: PageArgs): Promise<MemberUnitDutyListConnection> {
    return mapConnection(await this.units.versions(ctx, d.row, page), MemberUnitDutyListModel.from) as MemberUnitDutyListConnection;
  }
}
