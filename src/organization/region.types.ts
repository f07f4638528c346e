import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { NOT_BLANK } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { GLOBAL_ID, GLOBAL_ID_DESCRIPTION, VERSION_DESCRIPTION } from './graphql-texts';
import { RegionKind, RegionLevel } from './organization.enums';
import { Region } from './region.entity';

@ObjectType('Region', { implements: () => [Node], description: '行政区划（省、市、县、乡镇、村居）' })
export class RegionModel implements Node {
  @Field(() => ID, { description: GLOBAL_ID_DESCRIPTION }) id: string;
  @Field({ description: '名称' }) name: string;
  @Field(() => String, { nullable: true, description: '行政区划代码；未设置时为空' }) code: string | null;
  @Field(() => RegionLevel, { description: '层级（省、市、县、乡镇、村居）' }) level: RegionLevel;
  @Field(() => RegionKind, { nullable: true, description: '乡级、村级区划的类别（镇、乡、街道、村、社区）；省、市、县为空' }) kind: RegionKind | null;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) version: number;
  readonly row: Region;

  static from(row: Region): RegionModel {
    return modelOf(new RegionModel(), row, { id: toGlobalId('Region', row.id), name: row.name, code: row.code, level: row.level, kind: row.kind, version: row.version });
  }
}
@ObjectType({ description: '行政区划的分页列表' })
export class RegionConnection extends Connection(RegionModel, 'Region') {}

@ObjectType('Township', {
  implements: () => [Node],
  description: '乡镇（乡级行政区划）；其 id 即行政区划 id，凡需行政区划 id 处均可使用',
})
export class TownshipModel implements Node {
  @Field(() => ID, { description: '全局标识，即其行政区划的标识（可用于 node(id:)）' }) id: string;
  @Field({ description: '名称' }) name: string;
  @Field(() => String, { nullable: true, description: '乡级行政区划代码（9 位）；实施方案未给出，由县消委办设置' }) code: string | null;
  @Field(() => RegionKind, { nullable: true, description: '镇、乡或街道' }) kind: RegionKind | null;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) version: number;
  readonly row: Region;

  static from(row: Region): TownshipModel {
    return modelOf(new TownshipModel(), row, { id: toGlobalId('Region', row.id), name: row.name, code: row.code, kind: row.kind, version: row.version });
  }
}
@ObjectType({ description: '乡镇的分页列表' })
export class TownshipConnection extends Connection(TownshipModel, 'Township') {}

@InputType({ description: '设置行政区划代码' })
export class SetRegionCodeInput {
  @Field(() => ID, { description: '行政区划（乡镇亦可用其 id）' }) @IsString() @MaxLength(200) @IsNotEmpty(GLOBAL_ID)
  regionId: string;

  @Field({ description: '行政区划代码（GB/T 2260）：省、市、县 6 位（如 220000、220600、220622），乡镇 9 位，村居 12 位；以上级代码的有效位开头' })
  @IsString() @Matches(/^\d{6}(\d{3}){0,2}$/, { message: '须为 6、9 或 12 位数字' })
  code: string;

  @Field(() => Int, { nullable: true, description: '读取时的版本号；与当前版本不符则拒绝（CONFLICT）' })
  @IsOptional() @IsInt() @Min(1)
  expectedVersion?: number;
}

@InputType({ description: '新增行政区划（如村、社区，或省级部署中的市、县、乡镇）' })
export class CreateRegionInput {
  @Field(() => ID, { description: '上级行政区划' }) @IsString() @MaxLength(200) @IsNotEmpty(GLOBAL_ID)
  parentId: string;

  @Field({ description: '名称' })
  @IsString() @Matches(NOT_BLANK, { message: '名称不能为空' }) @MaxLength(50)
  @Matches(/^[^\u0000-\u001f\u007f]+$/, { message: '不能包含控制字符' })
  name: string;

  @Field(() => RegionKind, { nullable: true, description: '乡级：镇、乡、街道；村级：村、社区' })
  @IsOptional() @IsEnum(RegionKind)
  kind?: RegionKind;

  @Field({ nullable: true, description: '行政区划代码（GB/T 2260：县 6 位、乡镇 9 位、村居 12 位，以上级代码的有效位开头；可暂不填）' })
  @IsOptional() @IsString() @Matches(/^\d{6}(\d{3}){0,2}$/, { message: '须为 6、9 或 12 位数字' })
  code?: string;

  @Field(() => Int, { nullable: true, description: '新设乡镇时其消防工作站的编制人数（ORG-3：2 至 3 人；不填为 2 人）' })
  @IsOptional() @IsInt() @Min(1)
  stationStaffQuota?: number;

  @Field(() => Int, { nullable: true, description: '新设县时其消防工作服务指导中心的编制人数（ORG-1；不填为 4 人）' })
  @IsOptional() @IsInt() @Min(1)
  centerStaffQuota?: number;
}
