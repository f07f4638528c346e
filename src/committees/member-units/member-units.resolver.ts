import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow } from '../../auth/access.decorators';
import { Permission } from '../../auth/permissions';
import { mapConnection } from '../../graphql/connection';
import { Ctx } from '../../graphql/context.decorator';
import { toGlobalId } from '../../graphql/global-id';
import type { RequestContext } from '../../graphql/request-context';
import { PremisesModel } from '../../inspections/premises.types';
import { MemberUnitEvaluationService } from './member-unit-evaluation.service';
import { MemberUnitsService } from './member-units.service';
import { dutyCatalogue } from './duty-catalogue';
import {
  DutyCatalogueArgs, DutyItemModel, FinalizeMemberUnitEvaluationInput, MemberUnitDutiesArgs, MemberUnitDutyListModel, MemberUnitEvaluationConnection,
  MemberUnitEvaluationModel, MemberUnitEvaluationsArgs, RecordSupervisionVisitInput, ScoreMemberUnitInput, SectorHazardConnection, SectorHazardModel,
  SectorHazardsArgs, SectorPremisesConnection, SectorPremisesModel, SetMemberUnitDutiesInput, SetPremisesSectorUnitInput, SupervisionVisitConnection,
  SupervisionVisitModel, SupervisionVisitsArgs,
} from './member-units.types';
import { PageArgs } from '../../graphql/connection';
import { isOverdue } from '../../inspections/hazard-lifecycle';
import { Clock } from '../../common/clock';

/** COM-4: member units' duty lists, supervision and evaluation; COM-5: what a member unit sees of its sector. */
@Resolver()
export class MemberUnitsResolver {
  constructor(private readonly units: MemberUnitsService, private readonly evaluations: MemberUnitEvaluationService, private readonly clock: Clock) {}

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

  @Allow(Permission.SUPERVISION_RECORD)
  @Mutation(() => SupervisionVisitModel, { description: '登记对成员单位的督导检查及发现的问题（COM-4：指导中心督导县直单位，工作站督导本乡镇单位）' })
  async recordSupervisionVisit(@Ctx() ctx: RequestContext, @Args('input', { description: '被督导单位、日期、人员、情况和发现的问题' }) input: RecordSupervisionVisitInput): Promise<SupervisionVisitModel> {
    return SupervisionVisitModel.from(await this.units.recordVisit(ctx, input));
  }

  @Allow(Permission.COMMITTEE_READ)
  @Query(() => SupervisionVisitConnection, { description: '对成员单位的督导检查（本辖区，新的在前；成员单位账号只看本单位的）' })
  async supervisionVisits(@Ctx() ctx: RequestContext, @Args() args: SupervisionVisitsArgs): Promise<SupervisionVisitConnection> {
    return mapConnection(await this.units.visits(ctx, args, args), SupervisionVisitModel.from) as SupervisionVisitConnection;
  }

  @Allow(Permission.COMMITTEE_READ)
  @Query(() => MemberUnitEvaluationConnection, { description: '成员单位年度考评（COM-4）：辖区内每个成员单位一条，未定稿的实时计算；成员单位账号只看本单位的' })
  async memberUnitEvaluations(@Ctx() ctx: RequestContext, @Args() args: MemberUnitEvaluationsArgs): Promise<MemberUnitEvaluationConnection> {
    return mapConnection(await this.evaluations.list(ctx, args, args), MemberUnitEvaluationModel.from) as MemberUnitEvaluationConnection;
  }

  @Allow(Permission.MEMBER_UNIT_EVALUATE)
  @Mutation(() => MemberUnitEvaluationModel, { description: '成员单位年度考评的评分部分（COM-4；定稿前可重评）' })
  async scoreMemberUnit(@Ctx() ctx: RequestContext, @Args('input', { description: '成员单位、年度和评分' }) input: ScoreMemberUnitInput): Promise<MemberUnitEvaluationModel> {
    return MemberUnitEvaluationModel.from(await this.evaluations.score(ctx, input));
  }

  @Allow(Permission.MEMBER_UNIT_EVALUATE)
  @Mutation(() => MemberUnitEvaluationModel, { description: '成员单位年度考评定稿（COM-4；年度结束后，时间规则 T-COM-6；定稿后不再改变）' })
  async finalizeMemberUnitEvaluation(@Ctx() ctx: RequestContext, @Args('input', { description: '成员单位和年度' }) input: FinalizeMemberUnitEvaluationInput): Promise<MemberUnitEvaluationModel> {
    return MemberUnitEvaluationModel.from(await this.evaluations.finalize(ctx, input));
  }

  @Allow(Permission.PREMISES_MANAGE, { outside: 'NOT_FOUND' })
  @Mutation(() => PremisesModel, { description: '设定或清除场所的行业主管部门（COM-5：其委员会的区划须包含该场所）' })
  async setPremisesSectorUnit(@Ctx() ctx: RequestContext, @Args('input', { description: '场所和行业主管的成员单位' }) input: SetPremisesSectorUnitInput): Promise<PremisesModel> {
    return PremisesModel.from(await this.units.setSectorUnit(ctx, input));
  }

  @Allow(Permission.SECTOR_READ)
  @Query(() => SectorPremisesConnection, { description: '本行业的场所及本单位自身的场所（COM-5：成员单位查看，按名称）' })
  async sectorPremises(@Ctx() ctx: RequestContext, @Args() args: PageArgs): Promise<SectorPremisesConnection> {
    return mapConnection(await this.units.sectorPremises(ctx, args), (p) => Object.assign(new SectorPremisesModel(), {
      id: toGlobalId('Premises', p.id), name: p.name, kind: p.kind, address: p.address, regionName: p.regionName, riskLevel: p.riskLevel, keyUnit: p.keyUnit,
      ownPremises: p.memberUnitId !== null && p.memberUnitId === ctx.actor.organizationId, lastInspectedOn: p.lastInspectedOn, openHazards: p.openHazards,
      overdueHazards: p.overdueHazards,
    })) as SectorPremisesConnection;
  }

  @Allow(Permission.SECTOR_READ)
  @Query(() => SectorHazardConnection, { description: '本行业场所的隐患及整改情况（COM-5：成员单位查看，新发现的在前）' })
  async sectorHazards(@Ctx() ctx: RequestContext, @Args() args: SectorHazardsArgs): Promise<SectorHazardConnection> {
    const today = this.clock.today();
    return mapConnection(await this.units.sectorHazards(ctx, args, args), (h) => Object.assign(new SectorHazardModel(), {
      id: toGlobalId('Hazard', h.id), description: h.description, status: h.status, foundOn: h.foundOn, deadline: h.deadline,
      overdue: isOverdue(h.status, h.deadline, today), rectifiedOn: h.rectifiedOn, closedOn: MemberUnitsService.closedOn(h),
      premisesId: toGlobalId('Premises', h.premisesId!), premisesName: h.premisesName,
    })) as SectorHazardConnection;
  }
}
