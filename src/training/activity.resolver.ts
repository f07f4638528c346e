import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { periodLabel } from '../common/period';
import { memoryPage } from '../graphql/child-pages';
import { mapConnection, PageArgs } from '../graphql/connection';
import type { OrderKey } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import { toGlobalId } from '../graphql/global-id';
import { NestedField } from '../graphql/input-fields';
import { PeriodInput } from '../graphql/period.types';
import type { RequestContext } from '../kernel/request-context';
import { UpdatedSinceField } from '../graphql/updated-since';
import { RegionLevel } from '../organization/organization.enums';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { ActivityService } from './activity.service';
import { ActivityConnection, ActivityCountConnection, ActivityCountModel, ActivityCountsModel, ActivityModel, RecordActivityInput } from './activity.types';
import { RegionPageArgs } from './region-page-args';
import { ActivityKind } from './training.enums';

@ArgsType()
class ActivitiesArgs extends RegionPageArgs {
  @Field(() => ActivityKind, { nullable: true, description: '只看这一类活动' }) @IsOptional() @IsEnum(ActivityKind) kind?: ActivityKind;
  @UpdatedSinceField() updatedSince?: Date;
}

@ArgsType()
class ActivityCountsArgs {
  @NestedField(() => PeriodInput, { description: '月、季度或年' }) period: PeriodInput;
  @Field(() => ID, { nullable: true, description: '县或乡镇，默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
}

/** Rows of a per-township figure: townships first by their order, then the regions above a township (the county's own). */
const COUNT_ORDER: OrderKey<ActivityCountModel>[] = [
  { expr: 'rank', type: 'int', value: (r) => r.key.rank },
  { expr: 'sort_order', type: 'int', value: (r) => r.key.sortOrder },
  { expr: 'id', type: 'uuid', value: (r) => r.key.id },
];

/** Activities and drills (TRN-1): the records and their counts per township. */
@Resolver()
export class ActivityResolver {
  constructor(private readonly activityService: ActivityService) {}

  @Allow(Permission.TRAINING_READ)
  @Query(() => ActivityConnection, { description: '宣传、教育、培训和演练（本辖区，新的在前）' })
  async activities(@Ctx() ctx: RequestContext, @Args() args: ActivitiesArgs): Promise<ActivityConnection> {
    return mapConnection(await this.activityService.list(ctx, args, args), ActivityModel.from) as ActivityConnection;
  }

  @Allow(Permission.TRAINING_READ)
  @Query(() => ActivityCountsModel, { description: '一个周期内各乡镇的宣传教育培训和演练次数、参加人数（TRN-1）' })
  async activityCounts(@Ctx() ctx: RequestContext, @Args() args: ActivityCountsArgs): Promise<ActivityCountsModel> {
    const rows = await this.activityService.counts(ctx, args.period, args.regionId);
    return {
      period: { ...args.period, label: periodLabel(args.period) },
      all: rows.map((r) => ({
        regionId: toGlobalId('Region', r.region.id), regionName: r.region.name, activities: r.activities, participants: r.participants,
        byKind: Object.values(ActivityKind).map((kind) => ({ kind, count: r.byKind[kind] })),
        key: { rank: r.region.level === RegionLevel.TOWNSHIP ? 0 : 1, sortOrder: r.region.sortOrder, id: r.region.id },
      })),
    };
  }

  @Allow(Permission.ACTIVITY_RECORD)
  @Mutation(() => ActivityModel, { description: '登记宣传、教育、培训或演练（TRN-1）' })
  async recordActivity(@Ctx() ctx: RequestContext, @Args('input', { description: '活动的内容、对象、人数（演练另有情景、时长和评估）' }) input: RecordActivityInput): Promise<ActivityModel> {
    return ActivityModel.from(await this.activityService.record(ctx, input));
  }
}

@Resolver(() => ActivityModel)
export class ActivityFieldsResolver extends RegionFields {
  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => RegionModel, { description: '活动所在区划' })
  region(@Ctx() ctx: RequestContext, @Parent() a: ActivityModel): Promise<RegionModel> {
    return this.regionOf(ctx, a.row.regionId);
  }
}

// The per-township figures are computed whole for the page of their parent; these fields page what is in memory.
@Resolver(() => ActivityCountsModel)
export class ActivityCountsFieldsResolver {
  @Allow(Permission.TRAINING_READ)
  @ResolveField(() => ActivityCountConnection, { description: '各乡镇一行（没有活动的为 0），县本级有活动时另有一行，排在乡镇之后（TRN-1）' })
  rows(@Parent() c: ActivityCountsModel, @Args() page: PageArgs): ActivityCountConnection {
    return memoryPage(c.all, page, COUNT_ORDER) as ActivityCountConnection;
  }
}
