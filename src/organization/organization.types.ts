import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Connection } from '../graphql/connection';
import { DateField } from '../graphql/input-fields';
import { toGlobalId } from '../graphql/global-id';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { FacilityCheck } from './facility-check.entity';
import { ALL_FACILITIES, OrganizationKind, RegionKind, RegionLevel, StationFacility } from './organization.enums';
import { Organization } from './organization.entity';
import { Region } from './region.entity';
import { StaffQuotaChange } from './staff-quota-change.entity';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';

/** The ORG-4 facilities: every list of them holds each at most once (FacilityCompliance.items, .missing). */
const FACILITY_COUNT = ALL_FACILITIES.length;
const GLOBAL_ID_DESCRIPTION = '全局标识（可用于 node(id:)）';
const VERSION_DESCRIPTION = '版本号（修改时用于防止覆盖他人的更改）';

// ---- object types (kept apart from the entities; each keeps its row for field resolvers) ----

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

@ObjectType('Organization', { implements: () => [Node], description: '组织机构' })
export class OrganizationModel implements Node {
  @Field(() => ID, { description: GLOBAL_ID_DESCRIPTION }) id: string;
  @Field(() => OrganizationKind, { description: '机构类别' }) kind: OrganizationKind;
  @Field({ description: '名称' }) name: string;
  @Field(() => Int, { nullable: true, description: '编制人数（仅指导中心和工作站）' }) staffQuota: number | null;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) version: number;
  readonly row: Organization;

  static from(row: Organization): OrganizationModel {
    return modelOf(new OrganizationModel(), row, {
      id: toGlobalId('Organization', row.id), kind: row.kind, name: row.name, staffQuota: row.staffQuota, version: row.version,
    });
  }
}

@ObjectType('Station', { implements: () => [Node], description: '乡镇消防工作站（依托乡镇消防救援委员会设立，ORG-2）' })
export class StationModel implements Node {
  @Field(() => ID, { description: GLOBAL_ID_DESCRIPTION }) id: string;
  @Field({ description: '名称' }) name: string;
  @Field(() => Int, { description: '编制人数，2 至 3 人（ORG-3）' }) staffQuota: number;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) version: number;
  readonly row: Organization;

  static from(row: Organization): StationModel {
    return modelOf(new StationModel(), row, { id: toGlobalId('Organization', row.id), name: row.name, staffQuota: row.staffQuota!, version: row.version });
  }
}

@ObjectType('GuidanceCenter', { implements: () => [Node], description: '县消防工作服务指导中心（依托县消委办设立，ORG-1）' })
export class GuidanceCenterModel implements Node {
  @Field(() => ID, { description: GLOBAL_ID_DESCRIPTION }) id: string;
  @Field({ description: '名称' }) name: string;
  @Field(() => Int, { description: '编制人数（ORG-1：4 人）' }) staffQuota: number;
  @Field(() => Int, { description: VERSION_DESCRIPTION }) version: number;
  readonly row: Organization;

  static from(row: Organization): GuidanceCenterModel {
    return modelOf(new GuidanceCenterModel(), row, { id: toGlobalId('Organization', row.id), name: row.name, staffQuota: row.staffQuota!, version: row.version });
  }
}

/** The GraphQL type an organization row is shown as (`node(id:)` and lists). */
export function organizationNode(row: Organization): StationModel | GuidanceCenterModel | OrganizationModel {
  if (row.kind === OrganizationKind.FIRE_WORK_STATION) return StationModel.from(row);
  if (row.kind === OrganizationKind.GUIDANCE_CENTER) return GuidanceCenterModel.from(row);
  return OrganizationModel.from(row);
}

@ObjectType('StaffQuotaChange', { description: '编制变更记录（只增不改）' })
export class StaffQuotaChangeModel {
  @Field(() => ID, { description: '标识' }) id: string;
  @Field(() => Int, { nullable: true, description: '变更前编制；首次设定时为空' }) previousQuota: number | null;
  @Field(() => Int, { description: '变更后编制' }) newQuota: number;
  @Field({ description: '变更原因或依据' }) reason: string;
  @Field({ description: '操作人' }) changedBy: string;
  @Field(() => DateTimeScalar, { description: '变更时间' }) changedAt: Date;

  static from(row: StaffQuotaChange): StaffQuotaChangeModel {
    return Object.assign(new StaffQuotaChangeModel(), {
      id: toGlobalId('StaffQuotaChange', row.id), previousQuota: row.previousQuota, newQuota: row.newQuota, reason: row.reason,
      changedBy: row.changedBy, changedAt: row.changedAt,
    });
  }
}

@ObjectType('FacilityCheck', { description: '工作站办公场所设施检查记录（ORG-4）' })
export class FacilityCheckModel {
  @Field(() => ID, { description: '标识' }) id: string;
  @Field(() => StationFacility, { description: '检查的设施' }) facility: StationFacility;
  @Field({ description: '是否符合要求' }) compliant: boolean;
  @Field(() => CalendarDateScalar, { description: '检查日期（北京时间）' }) checkedOn: string;
  @Field({ description: '检查人' }) checkedBy: string;
  @Field(() => String, { nullable: true, description: '说明' }) note: string | null;
  @Field({ description: '录入人' }) recordedBy: string;
  @Field(() => DateTimeScalar, { description: '录入时间' }) recordedAt: Date;

  static from(row: FacilityCheck): FacilityCheckModel {
    return Object.assign(new FacilityCheckModel(), {
      id: toGlobalId('FacilityCheck', row.id),
      facility: row.facility,
      compliant: row.compliant,
      checkedOn: row.checkedOn,
      checkedBy: row.checkedBy,
      note: row.note,
      recordedBy: row.recordedBy,
      recordedAt: row.recordedAt,
    });
  }
}

@ObjectType('FacilityStatus', { description: '一项设施的当前状态：以最近一次检查为准' })
export class FacilityStatusModel {
  @Field(() => StationFacility, { description: '设施' }) facility: StationFacility;
  @Field({ description: '最近一次检查是否符合要求；从未检查视为不符合' }) compliant: boolean;
  @Field(() => FacilityCheckModel, { nullable: true, description: '最近一次检查' }) latestCheck: FacilityCheckModel | null;
}

@ObjectType('FacilityCompliance', { description: '工作站办公场所达标情况（ORG-4）' })
export class FacilityComplianceModel {
  @Field({ description: '全部设施均符合要求' }) compliant: boolean;
  @Field(() => [StationFacility], { description: `缺少或不符合要求的设施（每项设施最多出现一次，最多 ${FACILITY_COUNT} 项）` }) missing: StationFacility[];
  @Field(() => [FacilityStatusModel], { description: `每项设施的当前状态，按设施顺序（ORG-4 的 ${FACILITY_COUNT} 项设施各一项，最多 ${FACILITY_COUNT} 项）` })
  items: FacilityStatusModel[];
}

@ObjectType({ description: '乡镇的分页列表' })
export class TownshipConnection extends Connection(TownshipModel, 'Township') {}
@ObjectType({ description: '行政区划的分页列表' })
export class RegionConnection extends Connection(RegionModel, 'Region') {}
@ObjectType({ description: '组织机构的分页列表' })
export class OrganizationConnection extends Connection(OrganizationModel, 'Organization') {}
@ObjectType({ description: '消防工作站的分页列表' })
export class StationConnection extends Connection(StationModel, 'Station') {}
@ObjectType({ description: '编制变更记录的分页列表（由早到晚）' })
export class StaffQuotaChangeConnection extends Connection(StaffQuotaChangeModel, 'StaffQuotaChange') {}

// ---- inputs (validated: BAD_USER_INPUT with a zh-CN reason per field) ----

const GLOBAL_ID = { message: '不是有效的标识' };
/** Text that is not only spaces (it is stored trimmed). */
const NOT_BLANK = /\S/;

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

@InputType({ description: '调整编制人数（ORG-1、ORG-3）；每次调整留有记录' })
export class ChangeStaffQuotaInput {
  @Field(() => ID, { description: '指导中心或工作站' }) @IsString() @MaxLength(200) @IsNotEmpty(GLOBAL_ID)
  organizationId: string;

  @Field(() => Int, { description: '新的编制人数；工作站 2 至 3 人' }) @IsInt() @Min(1)
  staffQuota: number;

  @Field({ description: '调整原因或依据（如文件文号）' })
  @IsString() @Matches(NOT_BLANK, { message: '请填写调整原因或依据' }) @MaxLength(500)
  reason: string;

  @Field(() => Int, { nullable: true, description: '读取时的版本号；与当前版本不符则拒绝（CONFLICT）' })
  @IsOptional() @IsInt() @Min(1)
  expectedVersion?: number;
}

@InputType({ description: '登记一次工作站办公场所设施检查（ORG-4）' })
export class RecordFacilityCheckInput {
  @Field(() => ID, { description: '工作站' }) @IsString() @MaxLength(200) @IsNotEmpty(GLOBAL_ID)
  stationId: string;

  @Field(() => StationFacility, { description: '检查的设施' }) @IsEnum(StationFacility)
  facility: StationFacility;

  @Field({ description: '是否符合要求' }) @IsBoolean()
  compliant: boolean;

  // ORG-4: a real calendar day (the Date scalar), and not later than today (checked by the service on the clock)
  @DateField({ description: '检查日期（北京时间），不能晚于今天' })
  checkedOn: string;

  @Field({ description: '检查人姓名' })
  @IsString() @Matches(NOT_BLANK, { message: '请填写检查人' }) @MaxLength(50)
  checkedBy: string;

  @Field({ nullable: true, description: '说明（不符合时写明问题）' })
  @IsOptional() @IsString() @MaxLength(1000)
  note?: string;
}

@InputType({ description: '新增成员单位、政府专职消防站，或补设县、乡镇缺少的按实施方案设立的机构（每个区划各一个）' })
export class CreateOrganizationInput {
  @Field(() => OrganizationKind, { description: 'MEMBER_UNIT、GOVERNMENT_FIRE_STATION，或县、乡镇缺少的委员会、办公室、指导中心、大队、工作站、乡镇政府' }) @IsEnum(OrganizationKind)
  kind: OrganizationKind;

  @Field({ description: '名称' })
  @IsString() @Matches(NOT_BLANK, { message: '名称不能为空' }) @MaxLength(100)
  @Matches(/^[^\u0000-\u001f\u007f]+$/, { message: '不能包含控制字符' })
  name: string;

  @Field(() => ID, { description: '所在县或乡镇' }) @IsString() @MaxLength(200) @IsNotEmpty(GLOBAL_ID)
  regionId: string;

  @Field(() => ID, { nullable: true, description: '成员单位所属的消防救援委员会（县或乡镇），须在同一区划' })
  @IsOptional() @IsString() @MaxLength(200)
  committeeId?: string;

  @Field(() => Int, { nullable: true, description: '补设工作站或指导中心时的编制人数（工作站 2 至 3 人，不填为 2；指导中心不填为 4）' })
  @IsOptional() @IsInt() @Min(1)
  staffQuota?: number;
}
