import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { ArrayMaxSize } from 'class-validator';
import { Connection, PageArgs } from '../../graphql/connection';
import { registerEnum } from '../../graphql/enums';
import { toGlobalId } from '../../graphql/global-id';
import { DateField, IdField, IdListField, IntField, TextField, TextListField } from '../../graphql/input-fields';
import { modelOf } from '../../graphql/model';
import { Node } from '../../graphql/node';
import { CalendarDateScalar } from '../../graphql/scalars';
import { PremisesKind } from '../../inspections/inspections.enums';
import { OrganizationModel } from '../../organization/organization.types';
import { RegionModel } from '../../organization/region.types';
import { Campaign } from '../committee.entity';
import { CAMPAIGN_PHASE_LABELS, CampaignFigures, CampaignPhase, campaignPhase } from './campaign-figures';
import type { CampaignProgress } from './campaign.service';

registerEnum(CampaignPhase, 'CampaignPhase', '专项整治所处阶段（COM-3，按北京时间的日期）', CAMPAIGN_PHASE_LABELS);

@ObjectType('Campaign', { implements: () => [Node], description: '消防安全专项整治（COM-3）：部署的委员会、期间、范围和目标；按范围和期间统计检查和隐患' })
export class CampaignModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field({ description: '名称' }) title: string;
  @Field({ description: '整治内容和要求' }) description: string;
  @Field(() => CalendarDateScalar, { description: '开始日期' }) periodStart: string;
  @Field(() => CalendarDateScalar, { description: '结束日期（含）' }) periodEnd: string;
  @Field(() => CampaignPhase, { description: '今天（北京时间）所处阶段：未开始、进行中、已结束' }) phase: CampaignPhase;
  @Field(() => [PremisesKind], { description: '整治的场所类别（至多 6 类）；为空表示全部类别' }) premisesKinds: PremisesKind[];
  @Field(() => [String], { description: '计入的隐患检查项代码（至多 100 项）；为空表示范围内场所的全部隐患' }) hazardItemCodes: string[];
  @Field(() => Int, { nullable: true, description: '检查次数目标' }) targetInspections: number | null;
  @Field(() => Int, { nullable: true, description: '隐患整改率目标（%）' }) targetRectificationPercent: number | null;
  @Field(() => ID, { nullable: true, description: '部署依据：委员会已印发会议的议定事项' }) decisionId: string | null;
  @Field({ description: '部署人' }) createdBy: string;
  @Field(() => Int, { description: '版本号（乐观锁）' }) version: number;
  readonly row: Campaign;

  static from(row: Campaign, today: string): CampaignModel {
    return modelOf(new CampaignModel(), row, {
      id: toGlobalId('Campaign', row.id), title: row.title, description: row.description, periodStart: row.periodStart, periodEnd: row.periodEnd,
      phase: campaignPhase(row, today), premisesKinds: row.premisesKinds as PremisesKind[], hazardItemCodes: row.hazardItemCodes,
      targetInspections: row.targetInspections, targetRectificationPercent: row.targetRectificationPercent,
      decisionId: row.decisionId ? toGlobalId('MeetingDecision', row.decisionId) : null, createdBy: row.createdBy, version: row.version,
    });
  }
}
@ObjectType('CampaignConnection', { description: '专项整治的分页列表（Relay 连接，开始日期新的在前）' })
export class CampaignConnection extends Connection(CampaignModel, 'Campaign') {}

@InputType({ description: '部署专项整治（COM-3；期间按时间规则 T-COM-3）' })
export class DeployCampaignInput {
  @IdField({ optional: true, description: '部署的委员会；默认本账号所在的县或乡镇消防救援委员会' }) committeeId?: string;
  @TextField(200, { description: '名称' }) title: string;
  @TextField(5000, { description: '整治内容和要求' }) description: string;
  @DateField({ description: '开始日期（不早于 366 天前，不晚于 366 天后）' }) periodStart: string;
  @DateField({ description: '结束日期（含；不早于开始日期，至多 2 年）' }) periodEnd: string;
  @IdListField(100, { optional: true, description: '整治范围：本委员会辖区或其下的乡镇、村（社区），至多 100 个；默认委员会辖区' }) scopeRegionIds?: string[];
  @Field(() => [PremisesKind], { nullable: true, description: '整治的场所类别；为空表示全部' }) @IsOptional() @ArrayMaxSize(6) @IsEnum(PremisesKind, { each: true }) premisesKinds?: PremisesKind[];
  @TextListField(100, 50, { optional: true, description: '计入的隐患检查项代码（检查表中的项），至多 100 项；为空表示全部隐患' }) hazardItemCodes?: string[];
  @IntField(1, 1_000_000, { optional: true, description: '检查次数目标' }) targetInspections?: number;
  @IntField(1, 100, { optional: true, description: '隐患整改率目标（%）' }) targetRectificationPercent?: number;
  @IdField({ optional: true, description: '部署依据：本委员会已印发会议的议定事项' }) decisionId?: string;
}

@ArgsType()
export class CampaignsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级）：部署在其中的，和整治范围在其中的（如县委员会部署到该乡镇的）；默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => Boolean, { nullable: true, description: 'true：今天进行中的；false：未开始或已结束的；不填：全部' }) @IsOptional() @IsBoolean() active?: boolean;
}

@ObjectType('CampaignFigures', { description: '专项整治的统计数（口径同火灾形势：期间内发现的隐患、整改、逾期，期间内的检查）' })
export class CampaignFiguresModel implements CampaignFigures {
  @Field(() => Int, { description: '范围内的场所数' }) premisesInScope: number;
  @Field(() => Int, { description: '期间内检查过的场所数' }) premisesInspected: number;
  @Field(() => Int, { description: '期间内的检查次数' }) inspections: number;
  @Field(() => Int, { description: '期间内发现的隐患数（限定检查项时只计这些项）' }) hazardsFound: number;
  @Field(() => Int, { description: '其中已整改销号（截至期间结束，进行中的截至今天）' }) hazardsRectified: number;
  @Field(() => Int, { description: '逾期隐患：整改期限在期间内且已过，期限内未整改' }) hazardsOverdue: number;
  @Field(() => Float, { nullable: true, description: '整改率（%，两位小数；未发现隐患时为空）' }) rectificationRate: number | null;
  @Field(() => Float, { nullable: true, description: '检查次数完成目标的百分比（%，两位小数；无目标时为空）' }) inspectionTargetPercent: number | null;
}

@ObjectType('CampaignProgressRow', { description: '专项整治进度的一行：一个乡镇（或县直场所）或一个成员单位（行业主管的场所）' })
export class CampaignProgressRowModel {
  @Field(() => RegionModel, { nullable: true, description: '乡镇（县直场所一行为县）；成员单位的行为空' }) region: RegionModel | null;
  @Field(() => OrganizationModel, { nullable: true, description: '成员单位（按场所的行业主管部门）；乡镇的行为空' }) memberUnit: OrganizationModel | null;
  @Field(() => CampaignFiguresModel, { description: '统计数' }) figures: CampaignFiguresModel;
}

@ObjectType('CampaignTaskCounts', { description: '专项整治交办任务的件数（COM-2；逾期：未验收且已过期限）' })
export class CampaignTaskCountsModel {
  @Field(() => Int, { description: '任务总数' }) total: number;
  @Field(() => Int, { description: '已验收办结' }) accepted: number;
  @Field(() => Int, { description: '未办结' }) open: number;
  @Field(() => Int, { description: '逾期未办结' }) overdue: number;
}

@ObjectType('CampaignProgress', { description: '专项整治进度（COM-3）：合计、各乡镇、各成员单位（成员单位只看本单位一行）和交办任务；乡镇账号查看县委员会的专项整治时只统计本辖区内的部分' })
export class CampaignProgressModel {
  @Field(() => CampaignModel, { description: '专项整治' }) campaign: CampaignModel;
  @Field(() => CalendarDateScalar, { description: '统计日（今天，北京时间）' }) asOf: string;
  @Field(() => [RegionModel], { nullable: true, description: '统计的范围：为空表示整个整治范围；本账号只通过整治范围内的本辖区看到本专项整治时（如乡镇账号看县委员会部署到本乡镇的），为其中本辖区内的乡镇、村（全县范围的专项整治为本乡镇），各项统计只计这些区划，至多 100 个' }) countedRegions: RegionModel[] | null;
  @Field(() => CampaignFiguresModel, { description: '合计（本账号只统计本辖区部分时，为本辖区内整治范围的合计，不是全县的）' }) totals: CampaignFiguresModel;
  @Field(() => Boolean, { nullable: true, description: '是否完成全部目标（按 totals 判断；未设目标时为空）' }) targetsMet: boolean | null;
  @Field(() => [CampaignProgressRowModel], { description: '各乡镇一行（范围内全部乡镇，没有数据的为 0；县直场所另一行；乡镇账号查看县委员会的专项整治时只有本乡镇一行），至多一个县的乡镇数' }) byTownship: CampaignProgressRowModel[];
  @Field(() => [CampaignProgressRowModel], { description: '各成员单位一行（本委员会主管范围内场所的成员单位；成员单位账号只有本单位一行；乡镇账号只计本辖区内的场所），至多一个委员会的成员单位数' }) byMemberUnit: CampaignProgressRowModel[];
  @Field(() => CampaignTaskCountsModel, { description: '本专项整治的交办任务（成员单位账号只计本单位承办的；乡镇账号查看县委员会的专项整治时只计承办单位在本辖区内的）' }) tasks: CampaignTaskCountsModel;

  static from(p: CampaignProgress): CampaignProgressModel {
    return Object.assign(new CampaignProgressModel(), {
      campaign: CampaignModel.from(p.campaign, p.asOf), asOf: p.asOf, countedRegions: p.countedRegions?.map((r) => RegionModel.from(r)) ?? null, totals: p.totals, targetsMet: p.verdict.met,
      byTownship: p.byTownship.map((r) => ({ region: RegionModel.from(r.region), memberUnit: null, figures: r.figures })),
      byMemberUnit: p.byMemberUnit.map((r) => ({ region: null, memberUnit: OrganizationModel.from(r.unit), figures: r.figures })),
      tasks: p.tasks,
    });
  }
}
