import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { DateField, NO_CONTROL, NOT_BLANK } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { CalendarDateScalar } from '../graphql/scalars';
import { IsPlaceCode } from '../organization/is-place-code';
import { ageOn } from './eligibility.rules';
import { EligibilityModel } from './eligibility.types';
import { Person } from './person.entity';
import { CommunicationAssessment, Education, EstablishmentType, Gender } from './personnel.enums';

/**
 * A 5-year age band (30–34岁). The masked id shows all but the birth date; an exact age narrows that to one or two
 * years, a few dozen ids with the check digit; a band leaves five years (about 170).
 */
export function ageBand(age: number): string {
  const low = Math.floor(age / 5) * 5;
  return `${low}–${low + 4}岁`;
}

@ObjectType('Person', { implements: () => [Node], description: '人员；身份证号、手机号脱敏显示' })
export class PersonModel implements Node {
  @Field(() => ID, { description: '人员的全局 id（可用于 node(id:)）' }) id: string;
  @Field({ description: '姓名' }) name: string;
  @Field(() => Gender, { description: '性别（PER-2）' }) gender: Gender;
  /** Today's age; answered as `age` only to whoever may unmask (PersonFieldsResolver), else the band below. */
  exactAge: number;
  @Field({ description: '今天的年龄段（每 5 岁一段，如「30–34岁」）：与脱敏身份证号一起显示时不足以推出完整号码' }) ageBand: string;
  @Field({ description: '身份证号（脱敏）' }) citizenIdMasked: string;
  @Field(() => String, { nullable: true, description: '手机号（脱敏）' }) phoneMasked: string | null;
  @Field(() => Education, { description: '学历（PER-5）' }) education: Education;
  @Field({ description: '户籍地行政区划代码' }) householdRegionCode: string;
  @Field({ description: '常驻地行政区划代码' }) residenceRegionCode: string;
  @Field({ description: '编制所属单位' }) establishmentUnit: string;
  @Field(() => EstablishmentType, { description: '编制类型（PER-1）' }) establishmentType: EstablishmentType;
  @Field(() => CommunicationAssessment, { nullable: true, description: '沟通协调能力评价（PER-6）' }) communication: CommunicationAssessment | null;
  @Field(() => String, { nullable: true, description: '沟通协调能力评价的说明' }) communicationNote: string | null;
  @Field(() => String, { nullable: true, description: '其他兼职（PER-8）' }) otherJobs: string | null;
  @Field(() => Int, { description: '版本号（每次修改加 1）' }) version: number;
  readonly row: Person;

  static from(row: Person, today: string): PersonModel {
    return modelOf(new PersonModel(), row, {
      id: toGlobalId('Person', row.id), name: row.name, gender: row.gender, exactAge: ageOn(row.birthDate, today), ageBand: ageBand(ageOn(row.birthDate, today)), citizenIdMasked: row.citizenIdMasked,
      phoneMasked: row.phoneMasked, education: row.education, householdRegionCode: row.householdRegionCode,
      residenceRegionCode: row.residenceRegionCode, establishmentUnit: row.establishmentUnit, establishmentType: row.establishmentType,
      communication: row.communication, communicationNote: row.communicationNote, otherJobs: row.otherJobs, version: row.version,
    });
  }
}
@ObjectType('PersonConnection', { description: '人员列表' })
export class PersonConnection extends Connection(PersonModel, 'Person') {}

@ObjectType('PersonPersonalData', { description: '未脱敏的个人信息（每次查看都记入审计日志）' })
export class PersonPersonalDataModel {
  @Field({ description: '身份证号（未脱敏）' }) citizenId: string;
  @Field(() => CalendarDateScalar, { description: '出生日期' }) birthDate: string;
  @Field(() => String, { nullable: true, description: '手机号（未脱敏）' }) phone: string | null;
}

@InputType({ description: '登记人员（乡镇政府或县消委办）' })
export class CreatePersonInput {
  @Field({ description: '姓名' }) @IsString() @Matches(NOT_BLANK, { message: '请填写姓名' }) @Matches(NO_CONTROL, { message: '不能包含控制字符' }) @MaxLength(50)
  name: string;
  @Field(() => Gender, { description: '性别，须与身份证号第 17 位一致' }) @IsEnum(Gender) gender: Gender;
  @DateField({ description: '出生日期，早于今天且须与身份证号一致（时间规则 T-PER-1）' })
  birthDate: string;
  @Field({ description: '身份证号（GB 11643-1999）' }) @IsString() @MaxLength(32) citizenId: string;
  @Field(() => String, { nullable: true, description: '手机号（11 位）' }) @IsOptional() @IsString() @MaxLength(20) phone?: string;
  @Field(() => Education, { description: '学历（PER-5）' }) @IsEnum(Education) education: Education;
  @Field({ description: '户籍地行政区划代码（PER-4：乡镇 9 位或村居 12 位，GB/T 2260）' }) @IsString() @IsPlaceCode()
  householdRegionCode: string;
  @Field({ description: '常驻地行政区划代码（PER-4：乡镇 9 位或村居 12 位，GB/T 2260）' }) @IsString() @IsPlaceCode()
  residenceRegionCode: string;
  @Field({ description: '编制所属单位' }) @IsString() @Matches(NOT_BLANK, { message: '请填写编制所属单位' }) @MaxLength(100)
  establishmentUnit: string;
  @Field(() => EstablishmentType, { description: '编制类型（PER-1）' }) @IsEnum(EstablishmentType) establishmentType: EstablishmentType;
  @Field(() => CommunicationAssessment, { nullable: true, description: '沟通协调能力评价（PER-6）' }) @IsOptional() @IsEnum(CommunicationAssessment) communication?: CommunicationAssessment;
  @Field(() => String, { nullable: true, description: '评价说明' }) @IsOptional() @IsString() @MaxLength(500) communicationNote?: string;
  @Field(() => String, { nullable: true, description: '其他兼职；无则不填' }) @IsOptional() @IsString() @MaxLength(200) otherJobs?: string;
  @Field(() => ID, { description: '登记的区划：乡镇（工作站人选）或县（指导中心人选）' }) @IsString() @MaxLength(200) regionId: string;
}

@InputType({ description: '更正人员记录（须写明原因；每处更正保留原值；身份证号和出生日期不在此更正）' })
export class UpdatePersonInput {
  @Field(() => ID, { description: '人员 id' }) @IsString() @MaxLength(200) id: string;
  @Field(() => Int, { description: '读取时的版本号（乐观锁：已被他人修改时 CONFLICT，附当前版本）' }) @IsInt() @Min(1) expectedVersion: number;
  @Field({ description: '更正原因（必填）' }) @IsString() @Matches(NOT_BLANK, { message: '请填写更正原因' }) @MaxLength(500) reason: string;
  @Field(() => String, { nullable: true, description: '姓名' }) @IsOptional() @IsString() @Matches(NOT_BLANK, { message: '请填写姓名' }) @Matches(NO_CONTROL, { message: '不能包含控制字符' }) @MaxLength(50)
  name?: string;
  @Field(() => Gender, { nullable: true, description: '性别（PER-2），须与身份证号第 17 位一致' }) @IsOptional() @IsEnum(Gender) gender?: Gender;
  @Field(() => Education, { nullable: true, description: '学历（PER-5）' }) @IsOptional() @IsEnum(Education) education?: Education;
  @Field(() => String, { nullable: true, description: '户籍地行政区划代码（PER-4：乡镇 9 位或村居 12 位，GB/T 2260）' }) @IsOptional() @IsString() @IsPlaceCode()
  householdRegionCode?: string;
  @Field(() => String, { nullable: true, description: '常驻地行政区划代码（PER-4：乡镇 9 位或村居 12 位，GB/T 2260）' }) @IsOptional() @IsString() @IsPlaceCode()
  residenceRegionCode?: string;
  @Field(() => CommunicationAssessment, { nullable: true, description: '沟通协调能力评价（PER-6；登记时缺的可在此补录）' }) @IsOptional() @IsEnum(CommunicationAssessment)
  communication?: CommunicationAssessment;
  @Field(() => String, { nullable: true, description: '评价说明（空字符串表示清空）' }) @IsOptional() @IsString() @MaxLength(500) communicationNote?: string;
  @Field(() => String, { nullable: true, description: '其他兼职（PER-8；空字符串表示没有）' }) @IsOptional() @IsString() @MaxLength(200) otherJobs?: string;
  @Field(() => String, { nullable: true, description: '手机号（11 位；空字符串表示清空；更正记录只保留脱敏值）' }) @IsOptional() @IsString() @MaxLength(20) phone?: string;
}

@ObjectType('UpdatePersonPayload', { description: '人员记录更正的结果' })
export class UpdatePersonPayload {
  @Field(() => PersonModel, { description: '更正后的人员' }) person: PersonModel;
  @Field(() => EligibilityModel, { nullable: true, description: '按更正后的记录重新审查的选调条件（PER-1 至 PER-9，今天、其未结束岗位所在单位）；没有未结束的岗位时为空' })
  eligibility: EligibilityModel | null;
}
