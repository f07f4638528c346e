import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { CorrectionService } from '../corrections/correction.service';
import { RecordCorrectionConnection, RecordCorrectionModel } from '../corrections/correction.types';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { memoryPage } from '../graphql/child-pages';
import { mapConnection, PageArgs } from '../graphql/connection';
import type { OrderKey } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { RegionConnection, RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { RegionPageArgs } from './region-page-args';
import { VillageService } from './village.service';
import {
  GuidanceVisitConnection, GuidanceVisitModel, RecordGuidanceVisitInput, RecordVillagePledgeInput, SetVillageManagerInput, SetVillageTeamInput,
  TeamShortfallConnection, TeamShortfallModel, TownshipCoverageConnection, TownshipCoverageModel, VillageGuidanceModel,
} from './village.types';

@ArgsType()
class CoverageArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '县或乡镇，默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

/** A township's villages in their order (region's sort order, then id). */
const VILLAGE_ORDER: OrderKey<RegionModel>[] = [
  { expr: 'sort_order', type: 'int', value: (v) => v.row.sortOrder },
  { expr: 'id', type: 'uuid', value: (v) => v.row.id },
];

const SHORTFALL_ORDER: OrderKey<TeamShortfallModel>[] = VILLAGE_ORDER.map((o) => ({ expr: o.expr, type: o.type as 'int' | 'uuid', value: (s: TeamShortfallModel) => o.value!(s.village) }));

/** Village guidance (ORG-6): a village's manager, pledge and team, the guidance visits, the townships' coverage. */
@Resolver()
export class VillageResolver {
  constructor(private readonly villages: VillageService) {}

  @Allow(Permission.TRAINING_READ)
  @Query(() => VillageGuidanceModel, { description: '一个村（社区）的消防安全管理人、防火公约和消防队伍（ORG-6）' })
  async villageGuidance(@Ctx() ctx: RequestContext, @Args('villageId', { type: () => ID, description: '村（社区）' }) villageId: string): Promise<VillageGuidanceModel> {
    return VillageGuidanceModel.from(await this.villages.guidance(ctx, villageId));
  }

  @Allow(Permission.TRAINING_READ)
  @Query(() => GuidanceVisitConnection, { description: '对村（社区）的指导记录（本辖区，新的在前）' })
  async guidanceVisits(@Ctx() ctx: RequestContext, @Args() args: RegionPageArgs): Promise<GuidanceVisitConnection> {
    return mapConnection(await this.villages.visits(ctx, args, args), GuidanceVisitModel.from) as GuidanceVisitConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @Query(() => TownshipCoverageConnection, { description: '各乡镇村（社区）消防工作覆盖情况：有管理人、公约、队伍的数量和缺项名单，按乡镇的排序（ORG-6）' })
  async villageCoverage(@Ctx() ctx: RequestContext, @Args() args: CoverageArgs): Promise<TownshipCoverageConnection> {
    return mapConnection(await this.villages.coveragePage(ctx, args, args.regionId), (c): TownshipCoverageModel => {
      const { township, lackingManager, lackingPledge, lackingTeam, shortTeams, ...counts } = c;
      const model = Object.assign(new TownshipCoverageModel(), { ...counts, township: RegionModel.from(township) });
      const lists = {
        lackingManager: lackingManager.map(RegionModel.from), lackingPledge: lackingPledge.map(RegionModel.from), lackingTeam: lackingTeam.map(RegionModel.from),
        shortTeams: shortTeams.map((s) => ({ village: RegionModel.from(s.village), problems: s.problems })),
      };
      return Object.defineProperty(model, 'lists', { value: lists, enumerable: false });
    }) as TownshipCoverageConnection;
  }

  @Allow(Permission.VILLAGE_GUIDANCE_MANAGE)
  @Mutation(() => VillageGuidanceModel, { description: '登记村（社区）消防安全管理人（ORG-6）' })
  async setVillageManager(@Ctx() ctx: RequestContext, @Args('input', { description: '村（社区）和管理人的姓名、电话' }) input: SetVillageManagerInput): Promise<VillageGuidanceModel> {
    return VillageGuidanceModel.from(await this.villages.setManager(ctx, input));
  }

  @Allow(Permission.VILLAGE_GUIDANCE_MANAGE)
  @Mutation(() => VillageGuidanceModel, { description: '登记村（社区）防火公约（ORG-6）' })
  async recordVillagePledge(@Ctx() ctx: RequestContext, @Args('input', { description: '村（社区）和公约的通过日期、文本' }) input: RecordVillagePledgeInput): Promise<VillageGuidanceModel> {
    return VillageGuidanceModel.from(await this.villages.recordPledge(ctx, input));
  }

  @Allow(Permission.VILLAGE_GUIDANCE_MANAGE)
  @Mutation(() => VillageGuidanceModel, { description: '登记村（社区）消防队伍（ORG-6）' })
  async setVillageTeam(@Ctx() ctx: RequestContext, @Args('input', { description: '村（社区）和队伍的类别、队员、装备' }) input: SetVillageTeamInput): Promise<VillageGuidanceModel> {
    return VillageGuidanceModel.from(await this.villages.setTeam(ctx, input));
  }

  @Allow(Permission.VILLAGE_GUIDANCE_MANAGE)
  @Mutation(() => GuidanceVisitModel, { description: '登记对村（社区）的指导（ORG-6）' })
  async recordGuidanceVisit(@Ctx() ctx: RequestContext, @Args('input', { description: '村（社区）和指导的日期、人员、内容' }) input: RecordGuidanceVisitInput): Promise<GuidanceVisitModel> {
    return GuidanceVisitModel.from(await this.villages.recordVisit(ctx, input));
  }
}

@Resolver(() => VillageGuidanceModel)
export class VillageGuidanceFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly history: CorrectionService) {
    super(organizations);
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RecordCorrectionConnection, { description: '更正记录：替换已登记的管理人、公约、队伍时保留的原值、新值、原因、更正人和时间（由早到晚，分页）' })
  async corrections(@Ctx() ctx: RequestContext, @Parent() g: VillageGuidanceModel, @Args() page: PageArgs): Promise<RecordCorrectionConnection> {
    return mapConnection(await this.history.pages(ctx, CorrectedRecord.VILLAGE_GUIDANCE, page).load(g.row.villageId), RecordCorrectionModel.from) as RecordCorrectionConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionModel, { description: '村（社区）' })
  village(@Ctx() ctx: RequestContext, @Parent() g: VillageGuidanceModel): Promise<RegionModel> {
    return this.regionOf(ctx, g.row.villageId);
  }
}

@Resolver(() => GuidanceVisitModel)
export class GuidanceVisitFieldsResolver extends RegionFields {
  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionModel, { description: '村（社区）' })
  village(@Ctx() ctx: RequestContext, @Parent() v: GuidanceVisitModel): Promise<RegionModel> {
    return this.regionOf(ctx, v.row.villageId);
  }
}

@Resolver(() => TownshipCoverageModel)
export class TownshipCoverageFieldsResolver {
  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionConnection, { description: '缺消防安全管理人的村（社区），按村的排序' })
  lackingManager(@Parent() c: TownshipCoverageModel, @Args() page: PageArgs): RegionConnection {
    return memoryPage(c.lists.lackingManager, page, VILLAGE_ORDER) as RegionConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionConnection, { description: '缺防火公约的村（社区），按村的排序' })
  lackingPledge(@Parent() c: TownshipCoverageModel, @Args() page: PageArgs): RegionConnection {
    return memoryPage(c.lists.lackingPledge, page, VILLAGE_ORDER) as RegionConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionConnection, { description: '没有消防队伍的村（社区），按村的排序' })
  lackingTeam(@Parent() c: TownshipCoverageModel, @Args() page: PageArgs): RegionConnection {
    return memoryPage(c.lists.lackingTeam, page, VILLAGE_ORDER) as RegionConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => TeamShortfallConnection, { description: '队伍不达标的村（社区）（微型消防站缺站长或经培训队员不足 5 人），按村的排序' })
  shortTeams(@Parent() c: TownshipCoverageModel, @Args() page: PageArgs): TeamShortfallConnection {
    return memoryPage(c.lists.shortTeams, page, SHORTFALL_ORDER) as TeamShortfallConnection;
  }
}
