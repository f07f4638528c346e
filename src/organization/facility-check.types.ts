import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { toGlobalId } from '../graphql/global-id';
import { DateField, NOT_BLANK } from '../graphql/input-fields';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { FacilityCheck } from './facility-check.entity';
import { GLOBAL_ID } from './graphql-texts';
import { ALL_FACILITIES, StationFacility } from './organization.enums';

/** The ORG-4 facilities: every list of them holds each at most once (FacilityCompliance.items, .missing). */
const FACILITY_COUNT = ALL_FACILITIES.length;

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
