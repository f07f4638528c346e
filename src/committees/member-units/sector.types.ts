import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsOptional } from 'class-validator';
import { Connection, PageArgs } from '../../graphql/connection';
import { BoolField, IdField, IntField } from '../../graphql/input-fields';
import { CalendarDateScalar } from '../../graphql/scalars';
import { HazardStatus, PremisesKind, RiskLevel } from '../../inspections/inspections.enums';

@ObjectType('SectorPremises', { description: '本行业（或本单位自身）的场所（COM-5：成员单位查看）' })
export class SectorPremisesModel {
  @Field(() => ID, { description: '场所的全局标识' }) id: string;
  @Field({ description: '名称' }) name: string;
  @Field(() => PremisesKind, { description: '场所类别' }) kind: PremisesKind;
  @Field({ description: '地址' }) address: string;
  @Field({ description: '所在区划名称' }) regionName: string;
  @Field(() => RiskLevel, { description: '火灾风险等级' }) riskLevel: RiskLevel;
  @Field({ description: '消防安全重点单位' }) keyUnit: boolean;
  @Field({ description: '是本单位自身的场所（否则为本行业监管的场所）' }) ownPremises: boolean;
  @Field(() => CalendarDateScalar, { nullable: true, description: '最近一次检查日期；从未检查为空' }) lastInspectedOn: string | null;
  @Field(() => Int, { description: '未销号的隐患数' }) openHazards: number;
  @Field(() => Int, { description: '逾期未整改的隐患数' }) overdueHazards: number;
}
@ObjectType('SectorPremisesConnection', { description: '本行业场所的分页列表（Relay 连接，按名称）' })
export class SectorPremisesConnection extends Connection(SectorPremisesModel, 'SectorPremises') {}

@ObjectType('SectorHazard', { description: '本行业场所的隐患及整改情况（COM-5：成员单位查看）' })
export class SectorHazardModel {
  @Field(() => ID, { description: '隐患的全局标识' }) id: string;
  @Field({ description: '隐患描述' }) description: string;
  @Field(() => HazardStatus, { description: '整改状态' }) status: HazardStatus;
  @Field(() => CalendarDateScalar, { description: '发现日期' }) foundOn: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '整改期限；尚未下达整改为空' }) deadline: string | null;
  @Field({ description: '是否逾期未整改' }) overdue: boolean;
  @Field(() => CalendarDateScalar, { nullable: true, description: '报整改日期；尚未整改为空' }) rectifiedOn: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '复查销号日期（北京时间）；未销号为空' }) closedOn: string | null;
  @Field(() => ID, { description: '场所的全局标识' }) premisesId: string;
  @Field({ description: '场所名称' }) premisesName: string;
}
@ObjectType('SectorHazardConnection', { description: '本行业场所隐患的分页列表（Relay 连接，新发现的在前）' })
export class SectorHazardConnection extends Connection(SectorHazardModel, 'SectorHazard') {}

@ArgsType()
export class SectorHazardsArgs extends PageArgs {
  @Field(() => [HazardStatus], { nullable: true, description: '只看这些状态，最多 4 个' }) @IsOptional() @ArrayMaxSize(4) @IsEnum(HazardStatus, { each: true }) statuses?: HazardStatus[];
  @BoolField({ optional: true, description: 'true 只看逾期未整改的，false 只看未逾期的' }) overdue?: boolean;
}

@InputType('SetPremisesSectorUnitInput', { description: '设定场所的行业主管部门（COM-5）' })
export class SetPremisesSectorUnitInput {
  @IdField({ description: '场所' }) premisesId: string;
  @IdField({ optional: true, description: '行业主管的成员单位（其委员会的区划须包含该场所）；为空则清除' }) sectorUnitId?: string | null;
  @IntField(1, 2_147_483_647, { optional: true, description: '场所的版本号（防止覆盖他人的更改）' }) expectedVersion?: number | null;
}
