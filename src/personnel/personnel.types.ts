import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DateField } from '../graphql/input-fields';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { IsPlaceCode } from '../organization/is-place-code';
import { ageOn } from './eligibility.rules';
import { canMoveTargets } from './post-lifecycle';
import type { StaffingEntry } from './personnel.service';
import { EligibilityDeviation, Person, PersonnelPolicy, Post, PostTransition } from './person.entity';
import {
  CommunicationAssessment, DeviationStatus, Education, EligibilityRule, eligibilityRuleOf, EligibilityStage, EstablishmentType, Gender, LeaveReason,
  PostState, PrincipleRule, Verdict,
} from './personnel.enums';
import type { RuleVerdict } from './eligibility.rules';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';

const NOT_BLANK = /\S/;
const NO_CONTROL = /^[^\u0000-\u001f\u007f]+$/;

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

@ObjectType('PostTransition', { description: '岗位状态变更记录（只增不改）' })
export class PostTransitionModel {
  @Field(() => PostState, { nullable: true, description: '变更前的状态（提名人选时为空）' }) fromState: PostState | null;
  @Field(() => PostState, { description: '变更后的状态' }) toState: PostState;
  @Field(() => DateTimeScalar, { description: '变更时刻' }) at: Date;
  @Field({ description: '操作人' }) actor: string;
  @Field(() => String, { nullable: true, description: '说明（如离岗说明、考试结果）' }) note: string | null;

  static from(row: PostTransition): PostTransitionModel {
    return Object.assign(new PostTransitionModel(), { fromState: row.fromState, toState: row.toState, at: row.at, actor: row.actor, note: row.note });
  }
}

@ObjectType('PostTransitionConnection', { description: '岗位状态变更记录的分页列表（由早到晚）' })
export class PostTransitionConnection extends Connection(PostTransitionModel, 'PostTransition') {}

@ObjectType('Post', { implements: () => [Node], description: '岗位（某人在某工作站或指导中心的任职，含选调、培训、考试、上岗、离岗）' })
export class PostModel implements Node {
  @Field(() => ID, { description: '岗位的全局 id（可用于 node(id:)）' }) id: string;
  @Field(() => PostState, { description: '当前状态' }) state: PostState;
  @Field(() => [PostState], { description: '允许的下一状态，最多 3 个（见岗位状态流转）' }) allowedNextStates: PostState[];
  @Field(() => CalendarDateScalar, { nullable: true, description: '选调日期' }) selectedOn: string | null;
  @Field(() => Int, { nullable: true, description: '岗前考试成绩' }) examScore: number | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '岗前培训开始日期（时间规则 T-PER-3；此前开始培训的岗位按其进入培训的日期补记）' }) trainingStartedOn: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '岗前考试日期' }) examOn: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '上岗日期' }) onDutyFrom: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '离岗日期（离岗当天起不在岗）' }) leftOn: string | null;
  @Field(() => LeaveReason, { nullable: true, description: '离岗原因' }) leaveReason: LeaveReason | null;
  @Field(() => Int, { nullable: true, description: '选调时审查所用的人员政策版本' }) eligibilityPolicyVersion: number | null;
  @Field({ description: '既往任职：平台启用前已在岗（或曾任职），由乡镇人民政府或县消委办补录，未经平台选调、培训考试流程' }) priorService: boolean;
  @Field(() => String, { nullable: true, description: '补录既往任职的原因；非既往任职为空' }) priorServiceReason: string | null;
  @Field(() => Int, { description: '版本号（每次状态变更加 1；操作时作为 expectedVersion 传回）' }) version: number;
  readonly row: Post;

  static from(row: Post): PostModel {
    return modelOf(new PostModel(), row, {
      id: toGlobalId('Post', row.id), state: row.state, allowedNextStates: canMoveTargets(row.state), selectedOn: row.selectedOn,
      examScore: row.examScore, trainingStartedOn: row.trainingStartedOn, examOn: row.examOn, onDutyFrom: row.onDutyFrom, leftOn: row.leftOn, leaveReason: row.leaveReason,
      eligibilityPolicyVersion: row.eligibilityPolicyVersion, priorService: row.priorService, priorServiceReason: row.priorServiceReason, version: row.version,
    });
  }
}

@ObjectType('PostConnection', { description: '岗位的分页列表（由早到晚）' })
export class PostConnection extends Connection(PostModel, 'Post') {}

@ObjectType('Deviation', { description: '原则性规则的偏离申请（PER-2、PER-8），须指导中心批准' })
export class DeviationModel {
  readonly row: EligibilityDeviation;
  @Field(() => ID, { description: '偏离申请的全局 id' }) id: string;
  @Field(() => PrincipleRule, { description: '申请偏离的原则性规则' }) rule: PrincipleRule;
  @Field({ description: '书面理由' }) justification: string;
  @Field(() => DeviationStatus, { description: '审批状态' }) status: DeviationStatus;
  @Field({ description: '申请人' }) requestedBy: string;
  @Field(() => DateTimeScalar, { description: '申请时刻' }) requestedAt: Date;
  @Field(() => String, { nullable: true, description: '审批人' }) decidedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '审批时刻' }) decidedAt: Date | null;
  @Field(() => String, { nullable: true, description: '审批意见' }) decisionNote: string | null;
  @Field(() => Int, { description: '版本号' }) version: number;

  static from(row: EligibilityDeviation): DeviationModel {
    return modelOf(new DeviationModel(), row, {
      id: toGlobalId('Deviation', row.id), rule: row.rule, justification: row.justification, status: row.status, requestedBy: row.requestedBy,
      requestedAt: row.requestedAt, decidedBy: row.decidedBy, decidedAt: row.decidedAt, decisionNote: row.decisionNote, version: row.version,
    });
  }
}

@ObjectType('DeviationConnection', { description: '偏离申请的分页列表（新的在前）' })
export class DeviationConnection extends Connection(DeviationModel, 'Deviation') {}

@ObjectType('ApprovedDeviation', { description: '已批准的偏离' })
export class ApprovedDeviationModel {
  @Field({ description: '书面理由' }) justification: string;
  @Field({ description: '批准人' }) approvedBy: string;
  @Field(() => DateTimeScalar, { description: '批准时刻' }) approvedAt: Date;
}

@ObjectType('RuleVerdict', { description: '一条规则的审查结论' })
export class RuleVerdictModel {
  @Field(() => EligibilityRule, { description: '规则编号' }) rule: EligibilityRule;
  @Field(() => Verdict, { description: '结论' }) verdict: Verdict;
  @Field({ description: '说明（含所用数值）' }) explanation: string;
  @Field(() => EligibilityStage, { description: '这条规则把关的环节' }) stage: EligibilityStage;
  @Field(() => ApprovedDeviationModel, { nullable: true, description: '已批准的偏离（结论为 DEVIATION 时）' }) deviation: ApprovedDeviationModel | null;

  static from(v: RuleVerdict): RuleVerdictModel {
    return Object.assign(new RuleVerdictModel(), { rule: eligibilityRuleOf(v.rule), verdict: v.verdict, explanation: v.explanation, stage: v.stage as EligibilityStage, deviation: v.deviation });
  }
}

@ObjectType('Eligibility', { description: '选调条件审查（PER-1 至 PER-9）' })
export class EligibilityModel {
  @Field(() => CalendarDateScalar, { description: '审查日期（北京时间）' }) asOf: string;
  @Field(() => Int, { description: '所用人员政策版本' }) policyVersion: number;
  @Field({ description: '可以选调' }) eligibleForSelection: boolean;
  @Field({ description: '可以上岗（另须考试合格、未超编）' }) eligibleForDuty: boolean;
  @Field(() => [RuleVerdictModel], { description: '逐条结论，最多 9 条（PER-1 至 PER-9 各一条）' }) verdicts: RuleVerdictModel[];
}

@ObjectType('PipelineCount', { description: '某状态的人数' })
export class PipelineCountModel {
  @Field(() => PostState, { description: '岗位状态' }) state: PostState;
  @Field(() => Int, { description: '处于该状态的人数' }) count: number;
}

@ObjectType('StaffingEntry', { description: '指导中心或工作站的配备情况' })
export class StaffingEntryModel {
  @Field(() => ID, { description: '工作站或指导中心的机构 id' }) organizationId: string;
  @Field({ description: '工作站或指导中心的名称' }) organizationName: string;
  @Field(() => String, { nullable: true, description: '所在乡镇（指导中心为空）' }) townshipName: string | null;
  @Field(() => Int, { description: '编制' }) staffQuota: number;
  @Field(() => Int, { description: '在岗' }) onDuty: number;
  @Field(() => Int, { description: '空岗（逐年补充，如实列出）' }) vacancies: number;
  @Field(() => [PipelineCountModel], { description: '在途：人选、已选调、培训中、考试合格/不合格，共 5 条（每个状态一条，最多 5 条）' }) pipeline: PipelineCountModel[];
  /** How many deviations are in force (the `deviationsInForce` connection pages them; the export counts them). */
  deviationsInForceCount: number;
  readonly row: StaffingEntry;

  static from(e: StaffingEntry): StaffingEntryModel {
    return modelOf(new StaffingEntryModel(), e, {
      organizationId: toGlobalId('Organization', e.organization.id),
      organizationName: e.organization.name,
      townshipName: e.township?.name ?? null,
      staffQuota: e.organization.staffQuota ?? 0,
      onDuty: e.onDuty,
      vacancies: Math.max(0, (e.organization.staffQuota ?? 0) - e.onDuty),
      pipeline: e.pipeline,
      deviationsInForceCount: e.deviationsInForce,
    });
  }
}

@ObjectType('StaffingEntryConnection', { description: '配备情况的分页列表（按区划排列，每个单位一条）' })
export class StaffingEntryConnection extends Connection(StaffingEntryModel, 'StaffingEntry') {}

@ObjectType('PersonnelPolicy', { description: '人员政策参数（版本化）' })
export class PersonnelPolicyModel {
  @Field(() => Int, { description: '版本号' }) version: number;
  @Field(() => CalendarDateScalar, { description: '生效日期' }) effectiveFrom: string;
  @Field(() => Int, { description: '选调之日的最小年龄（周岁，含，PER-3）' }) minAge: number;
  @Field(() => Int, { description: '选调之日的最大年龄（周岁，含，PER-3）' }) maxAge: number;
  @Field(() => Education, { description: '最低学历（PER-5）' }) minEducation: Education;
  @Field(() => Int, { description: '岗前考试合格线' }) examPassMark: number;

  static from(row: PersonnelPolicy): PersonnelPolicyModel {
    return Object.assign(new PersonnelPolicyModel(), {
      version: row.version, effectiveFrom: row.effectiveFrom, minAge: row.minAge, maxAge: row.maxAge, minEducation: row.minEducation, examPassMark: row.examPassMark,
    });
  }
}

@ObjectType('PersonPersonalData', { description: '未脱敏的个人信息（每次查看都记入审计日志）' })
export class PersonPersonalDataModel {
  @Field({ description: '身份证号（未脱敏）' }) citizenId: string;
  @Field(() => CalendarDateScalar, { description: '出生日期' }) birthDate: string;
  @Field(() => String, { nullable: true, description: '手机号（未脱敏）' }) phone: string | null;
}

// ---------- inputs ----------

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

@InputType({ description: '人员与工作站（或指导中心）' })
export class PersonAtStationInput {
  @Field(() => ID, { description: '人员 id' }) @IsString() @MaxLength(200) personId: string;
  @Field(() => ID, { description: '工作站（或指导中心）的机构 id' }) @IsString() @MaxLength(200) stationId: string;
}

@InputType({ description: '选调（乡镇政府；仅当符合选调条件）' })
export class SelectPersonInput extends PersonAtStationInput {
  @DateField({ description: '选调日期（按此日审查年龄等条件；不晚于今天，不早于 30 天前：时间规则 T-PER-2）' })
  selectedOn: string;
}

/** The post and the version read: the fields every post operation starts with. */
@InputType({ isAbstract: true })
export class PostRefInput {
  @Field(() => ID, { description: '岗位 id' }) @IsString() @MaxLength(200) postId: string;
  @Field(() => Int, { nullable: true, description: '读取时的版本号' }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType({ description: '指定岗位（开始岗前培训）' })
export class PostInput extends PostRefInput {
  @DateField({ optional: true, description: '岗前培训开始日期（默认今天；不早于选调日期，不晚于今天：时间规则 T-PER-3）' }) trainingStartedOn?: string;
}

@InputType({ description: '上岗（PER-7 考试合格，PER-9 不超编）' })
export class PutOnDutyInput extends PostRefInput {
  @DateField({ description: '上岗日期（不早于岗前考试日期，不晚于今天：时间规则 T-PER-5）' }) onDutyFrom: string;
}

@InputType({ description: '离岗' })
export class RecordDepartureInput extends PostRefInput {
  @DateField({ description: '离岗日期（不早于上岗日期，不晚于今天：时间规则 T-PER-6；离岗当天起不在岗）' }) leftOn: string;
  @Field(() => LeaveReason, { description: '离岗原因' }) @IsEnum(LeaveReason) reason: LeaveReason;
  @Field({ description: '说明' }) @IsString() @Matches(NOT_BLANK, { message: '请填写说明' }) @MaxLength(500) note: string;
}

@InputType({ description: '补录既往任职（平台启用前已在岗的人员及其以往岗位；乡镇人民政府或县消委办）' })
export class RecordPriorServiceInput extends PersonAtStationInput {
  @DateField({ description: '上岗日期（不晚于今天）' }) onDutyFrom: string;
  @DateField({ optional: true, description: '离岗日期（以往岗位填写；离岗当天起不在岗；不晚于今天，不早于上岗日期）；仍在岗则不填' }) leftOn?: string;
  @Field(() => LeaveReason, { nullable: true, description: '离岗原因（仅以往岗位）' }) @IsOptional() @IsEnum(LeaveReason) leaveReason?: LeaveReason;
  @Field({ description: '补录原因（如：平台启用前经乡镇人民政府选调、已通过大队岗前培训考试）' })
  @IsString() @Matches(NOT_BLANK, { message: '请填写补录原因' }) @Matches(NO_CONTROL, { message: '不能包含控制字符' }) @MaxLength(500)
  reason: string;
}

@InputType({ description: '申请偏离原则性规则（须书面理由）' })
export class RequestDeviationInput extends PersonAtStationInput {
  @Field(() => PrincipleRule, { description: '申请偏离的原则性规则' }) @IsEnum(PrincipleRule) rule: PrincipleRule;
  @Field({ description: '书面理由' }) @IsString() @Matches(NOT_BLANK, { message: '请填写理由' }) @MaxLength(1000) justification: string;
}

@InputType({ description: '审批偏离申请（指导中心）' })
export class DecideDeviationInput {
  @Field(() => ID, { description: '偏离申请 id' }) @IsString() @MaxLength(200) deviationId: string;
  @Field({ description: '是否批准' }) @IsBoolean() approve: boolean;
  @Field(() => String, { nullable: true, description: '审批意见' }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

@InputType({ description: '发布人员政策新版本（县消委办）' })
export class PublishPersonnelPolicyInput {
  @DateField({ description: '生效日期（不早于今天，也不早于现行版本的生效日期）' }) effectiveFrom: string;
  @Field(() => Int, { description: '选调之日的最小年龄（周岁，含，16–70，PER-3）' }) @IsInt() @Min(16) @Max(70) minAge: number;
  @Field(() => Int, { description: '选调之日的最大年龄（周岁，含，16–70，不小于最小年龄，PER-3）' }) @IsInt() @Min(16) @Max(70) maxAge: number;
  @Field(() => Education, { description: '最低学历（PER-5）' }) @IsEnum(Education) minEducation: Education;
  @Field(() => Int, { description: '岗前考试合格线（0–100，PER-7）' }) @IsInt() @Min(0) @Max(100) examPassMark: number;
}
