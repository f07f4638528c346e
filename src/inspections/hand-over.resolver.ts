import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow } from '../kernel/access.decorators';
import { Permission } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { mapConnection, PageArgs } from '../graphql/connection';
import { Ctx } from '../graphql/context.decorator';
import type { RequestContext } from '../kernel/request-context';
import { RegionModel } from '../organization/region.types';
import { RegionFields } from '../organization/region-fields';
import { OrganizationService } from '../organization/organization.service';
import { HandOverService } from './hand-over.service';
import {
  AcceptHandOverInput, HandOverConnection, HandOverHazardInput, HandOverModel, RecordHandOverOutcomeInput, ReturnHandOverInput,
} from './hand-over.types';
import { HazardService } from './hazard.service';
import { HandOverState } from './inspections.enums';
import { HazardModel } from './hazard.types';

@ArgsType()
class HandOversArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区：大队为全县，工作站为本乡镇' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => [HandOverState], { nullable: true, description: '只看这些状态之一（1 至 4 项），如大队待办：[PENDING, ACCEPTED]' })
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(4) @IsEnum(HandOverState, { each: true }) states?: HandOverState[];
  @Field(() => Boolean, { nullable: true, description: '只看逾期（true：超过接收或办结时限）或未逾期（false）的' }) @IsOptional() @IsBoolean() overdue?: boolean;
  @Field(() => ID, { nullable: true, description: '只看此隐患的历次移交（退回或办结未消除后可再次移交）' }) @IsOptional() @IsString() @MaxLength(200) hazardId?: string;
}

/**
 * Hand-overs to the county brigade, a case with two sides (domain defaults; INS-2). Keep these names: handOvers,
 * acceptHandOver, returnHandOver, recordHandOverOutcome, handOverHazard.
 */
@Resolver()
export class HandOverResolver {
  constructor(private readonly handOvers_: HandOverService, private readonly clock: Clock) {}

  @Allow(Permission.INSPECTION_READ)
  @Query(() => HandOverConnection, { description: '移交案件（本辖区，先移交的在前）：县消防救援大队的待办（全县），工作站和乡镇看本乡镇的；可按状态、逾期筛选' })
  async handOvers(@Ctx() ctx: RequestContext, @Args() args: HandOversArgs): Promise<HandOverConnection> {
    const now = this.clock.now();
    return mapConnection(await this.handOvers_.list(ctx, args, args), (h) => HandOverModel.from(h, now)) as HandOverConnection;
  }

  @Allow(Permission.HAZARD_HAND_OVER, { outside: 'NOT_FOUND' })
  @Mutation(() => HazardModel, { description: '移交县消防救援大队（工作站、指导中心；工作站无执法权，需采取法律措施的隐患移交后由大队办理）：移交期间隐患的整改复查暂停' })
  async handOverHazard(@Ctx() ctx: RequestContext, @Args('input', { description: '隐患和移交原因' }) input: HandOverHazardInput): Promise<HazardModel> {
    return HazardModel.from(await this.handOvers_.handOverHazard(ctx, input), this.clock.today());
  }

  @Allow(Permission.MAJOR_HAZARD_DECIDE, { outside: 'NOT_FOUND' })
  @Mutation(() => HandOverModel, { description: '县消防救援大队接收移交案件：立案或不予立案（须写明理由）；须在登记处理结果后隐患才能销号' })
  async acceptHandOver(@Ctx() ctx: RequestContext, @Args('input', { description: '移交案件和接收决定' }) input: AcceptHandOverInput): Promise<HandOverModel> {
    return HandOverModel.from(await this.handOvers_.accept(ctx, input), this.clock.now());
  }

  @Allow(Permission.MAJOR_HAZARD_DECIDE, { outside: 'NOT_FOUND' })
  @Mutation(() => HandOverModel, { description: '县消防救援大队退回移交案件（写明原因）：隐患回到工作站的整改复查' })
  async returnHandOver(@Ctx() ctx: RequestContext, @Args('input', { description: '移交案件和退回原因' }) input: ReturnHandOverInput): Promise<HandOverModel> {
    return HandOverModel.from(await this.handOvers_.return(ctx, input), this.clock.now());
  }

  @Allow(Permission.MAJOR_HAZARD_DECIDE, { outside: 'NOT_FOUND' })
  @Mutation(() => HandOverModel, { description: '县消防救援大队登记移交案件的处理结果：法律措施、日期、文书编号、隐患是否消除（消除则隐患销号，否则回到工作站复查）' })
  async recordHandOverOutcome(@Ctx() ctx: RequestContext, @Args('input', { description: '移交案件和处理结果' }) input: RecordHandOverOutcomeInput): Promise<HandOverModel> {
    return HandOverModel.from(await this.handOvers_.recordOutcome(ctx, input), this.clock.now());
  }
}

@Resolver(() => HandOverModel)
export class HandOverFieldsResolver extends RegionFields {
  constructor(organizations: OrganizationService, private readonly hazards: HazardService, private readonly clock: Clock) {
    super(organizations);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => HazardModel, { description: '移交的隐患' })
  async hazard(@Ctx() ctx: RequestContext, @Parent() h: HandOverModel): Promise<HazardModel> {
    return HazardModel.from((await this.hazards.hazardById(ctx).load(h.row.hazardId))!, this.clock.today());
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel, { description: '所在区划（隐患的区划）' })
  region(@Ctx() ctx: RequestContext, @Parent() h: HandOverModel): Promise<RegionModel> {
    return this.regionOf(ctx, h.row.regionId);
  }

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => RegionModel, { nullable: true, description: '所在乡镇；县级记录为空' })
  async township(@Ctx() ctx: RequestContext, @Parent() h: HandOverModel): Promise<RegionModel | null> {
    const row = await this.hazards.townshipOf(ctx, h.row.regionId);
    return row ? RegionModel.from(row) : null;
  }
}

/** A hazard's hand-over (INS-2): the case now with the brigade or the latest one (all of them: handOvers(hazardId:)). */
@Resolver(() => HazardModel)
export class HazardHandOverFieldsResolver {
  constructor(private readonly handOvers_: HandOverService, private readonly clock: Clock) {}

  @Allow(Permission.INSPECTION_READ)
  @ResolveField(() => HandOverModel, { nullable: true, description: '最近一次移交县消防救援大队的案件（办理中或已结束）；从未移交为空' })
  async handOver(@Ctx() ctx: RequestContext, @Parent() h: HazardModel): Promise<HandOverModel | null> {
    const [latest] = await this.handOvers_.handOversOfHazard(ctx).load(h.row.id);
    return latest ? HandOverModel.from(latest, this.clock.now()) : null;
  }
}
