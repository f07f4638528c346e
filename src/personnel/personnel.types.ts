import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { ageOn } from './eligibility.rules';
import { canMoveTargets } from './post-lifecycle';
import type { StaffingEntry } from './personnel.service';
import { EligibilityDeviation, Person, PersonnelPolicy, Post, PostTransition } from './person.entity';
import {
  CommunicationAssessment, DeviationStatus, Education, EstablishmentType, Gender, LeaveReason, PostState, PrincipleRule, Verdict,
} from './personnel.enums';
import { DateTimeScalar } from '../graphql/scalars';

const NOT_BLANK = /\S/;
const NO_CONTROL = /^[^\u0000-\u001f\u007f]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;

@ObjectType('Person', { implements: () => [Node], description: '人员；身份证号、手机号脱敏显示' })
export class PersonModel implements Node {
  @Field(() => ID) id: string;
  @Field({ description: '姓名' }) name: string;
  @Field(() => Gender) gender: Gender;
  @Field(() => Int, { description: '今天的周岁年龄（出生日期与身份证号同属个人信息，见 personPersonalData）' }) age: number;
  @Field({ description: '身份证号（脱敏）' }) citizenIdMasked: string;
  @Field(() => String, { nullable: true, description: '手机号（脱敏）' }) phoneMasked: string | null;
  @Field(() => Education) education: Education;
  @Field({ description: '户籍地行政区划代码' }) householdRegionCode: string;
  @Field({ description: '常驻地行政区划代码' }) residenceRegionCode: string;
  @Field({ description: '编制所属单位' }) establishmentUnit: string;
  @Field(() => EstablishmentType) establishmentType: EstablishmentType;
  @Field(() => CommunicationAssessment, { nullable: true, description: '沟通协调能力评价（PER-6）' }) communication: CommunicationAssessment | null;
  @Field(() => String, { nullable: true }) communicationNote: string | null;
  @Field(() => String, { nullable: true, description: '其他兼职（PER-8）' }) otherJobs: string | null;
  @Field(() => Int) version: number;
  readonly row: Person;

  static from(row: Person, today: string): PersonModel {
    return modelOf(new PersonModel(), row, {
      id: toGlobalId('Person', row.id), name: row.name, gender: row.gender, age: ageOn(row.birthDate, today), citizenIdMasked: row.citizenIdMasked,
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
  @Field(() => PostState, { nullable: true }) fromState: PostState | null;
  @Field(() => PostState) toState: PostState;
  @Field(() => DateTimeScalar) at: Date;
  @Field({ description: '操作人' }) actor: string;
  @Field(() => String, { nullable: true }) note: string | null;

  static from(row: PostTransition): PostTransitionModel {
    return Object.assign(new PostTransitionModel(), { fromState: row.fromState, toState: row.toState, at: row.at, actor: row.actor, note: row.note });
  }
}

@ObjectType('Post', { implements: () => [Node], description: '岗位（某人在某工作站或指导中心的任职，含选调、培训、考试、上岗、离岗）' })
export class PostModel implements Node {
  @Field(() => ID) id: string;
  @Field(() => PostState) state: PostState;
  @Field(() => [PostState], { description: '允许的下一状态' }) allowedNextStates: PostState[];
  @Field(() => String, { nullable: true, description: '选调日期' }) selectedOn: string | null;
  @Field(() => Int, { nullable: true, description: '岗前考试成绩' }) examScore: number | null;
  @Field(() => String, { nullable: true }) examOn: string | null;
  @Field(() => String, { nullable: true, description: '上岗日期' }) onDutyFrom: string | null;
  @Field(() => String, { nullable: true, description: '离岗日期' }) leftOn: string | null;
  @Field(() => LeaveReason, { nullable: true }) leaveReason: LeaveReason | null;
  @Field(() => Int, { nullable: true, description: '选调时审查所用的人员政策版本' }) eligibilityPolicyVersion: number | null;
  @Field(() => Int) version: number;
  readonly row: Post;

  static from(row: Post): PostModel {
    return modelOf(new PostModel(), row, {
      id: toGlobalId('Post', row.id), state: row.state, allowedNextStates: canMoveTargets(row.state), selectedOn: row.selectedOn,
      examScore: row.examScore, examOn: row.examOn, onDutyFrom: row.onDutyFrom, leftOn: row.leftOn, leaveReason: row.leaveReason,
      eligibilityPolicyVersion: row.eligibilityPolicyVersion, version: row.version,
    });
  }
}

@ObjectType('Deviation', { description: '原则性规则的偏离申请（PER-2、PER-8），须指导中心批准' })
export class DeviationModel {
  readonly row: EligibilityDeviation;
  @Field(() => ID) id: string;
  @Field(() => PrincipleRule) rule: PrincipleRule;
  @Field({ description: '书面理由' }) justification: string;
  @Field(() => DeviationStatus) status: DeviationStatus;
  @Field() requestedBy: string;
  @Field(() => DateTimeScalar) requestedAt: Date;
  @Field(() => String, { nullable: true, description: '审批人' }) decidedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) decisionNote: string | null;
  @Field(() => Int) version: number;

  static from(row: EligibilityDeviation): DeviationModel {
    return modelOf(new DeviationModel(), row, {
      id: toGlobalId('Deviation', row.id), rule: row.rule, justification: row.justification, status: row.status, requestedBy: row.requestedBy,
      requestedAt: row.requestedAt, decidedBy: row.decidedBy, decidedAt: row.decidedAt, decisionNote: row.decisionNote, version: row.version,
    });
  }
}

@ObjectType('ApprovedDeviation', { description: '已批准的偏离' })
export class ApprovedDeviationModel {
  @Field() justification: string;
  @Field({ description: '批准人' }) approvedBy: string;
  @Field(() => DateTimeScalar) approvedAt: Date;
}

@ObjectType('RuleVerdict', { description: '一条规则的审查结论' })
export class RuleVerdictModel {
  @Field({ description: '规则编号，如 PER-3' }) rule: string;
  @Field(() => Verdict) verdict: Verdict;
  @Field({ description: '说明（含所用数值）' }) explanation: string;
  @Field({ description: 'SELECTION：不符合则不能选调；DUTY：不符合则不能上岗' }) stage: string;
  @Field(() => ApprovedDeviationModel, { nullable: true }) deviation: ApprovedDeviationModel | null;
}

@ObjectType('Eligibility', { description: '选调条件审查（PER-1 至 PER-9）' })
export class EligibilityModel {
  @Field({ description: '审查日期（北京时间）' }) asOf: string;
  @Field(() => Int, { description: '所用人员政策版本' }) policyVersion: number;
  @Field({ description: '可以选调' }) eligibleForSelection: boolean;
  @Field({ description: '可以上岗（另须考试合格、未超编）' }) eligibleForDuty: boolean;
  @Field(() => [RuleVerdictModel]) verdicts: RuleVerdictModel[];
}

@ObjectType('PipelineCount', { description: '某状态的人数' })
export class PipelineCountModel {
  @Field(() => PostState) state: PostState;
  @Field(() => Int) count: number;
}

@ObjectType('StaffingEntry', { description: '指导中心或工作站的配备情况' })
export class StaffingEntryModel {
  @Field(() => ID) organizationId: string;
  @Field() organizationName: string;
  @Field(() => String, { nullable: true, description: '所在乡镇（指导中心为空）' }) townshipName: string | null;
  @Field(() => Int, { description: '编制' }) staffQuota: number;
  @Field(() => Int, { description: '在岗' }) onDuty: number;
  @Field(() => Int, { description: '空岗（逐年补充，如实列出）' }) vacancies: number;
  @Field(() => [PipelineCountModel], { description: '在途：人选、已选调、培训中、考试合格/不合格' }) pipeline: PipelineCountModel[];
  @Field(() => [DeviationModel], { description: '在办岗位人员的已批准偏离' }) deviationsInForce: DeviationModel[];

  static from(e: StaffingEntry): StaffingEntryModel {
    return Object.assign(new StaffingEntryModel(), {
      organizationId: toGlobalId('Organization', e.organization.id),
      organizationName: e.organization.name,
      townshipName: e.township?.name ?? null,
      staffQuota: e.organization.staffQuota ?? 0,
      onDuty: e.onDuty,
      vacancies: Math.max(0, (e.organization.staffQuota ?? 0) - e.onDuty),
      pipeline: e.pipeline,
      deviationsInForce: e.deviations.map(DeviationModel.from),
    });
  }
}

@ObjectType('PersonnelPolicy', { description: '人员政策参数（版本化）' })
export class PersonnelPolicyModel {
  @Field(() => Int) version: number;
  @Field({ description: '生效日期' }) effectiveFrom: string;
  @Field(() => Int) minAge: number;
  @Field(() => Int) maxAge: number;
  @Field(() => Education) minEducation: Education;
  @Field(() => Int, { description: '岗前考试合格线' }) examPassMark: number;

  static from(row: PersonnelPolicy): PersonnelPolicyModel {
    return Object.assign(new PersonnelPolicyModel(), {
      version: row.version, effectiveFrom: row.effectiveFrom, minAge: row.minAge, maxAge: row.maxAge, minEducation: row.minEducation, examPassMark: row.examPassMark,
    });
  }
}

@ObjectType('PersonPersonalData', { description: '未脱敏的个人信息（每次查看都记入审计日志）' })
export class PersonPersonalDataModel {
  @Field() citizenId: string;
  @Field({ description: '出生日期' }) birthDate: string;
  @Field(() => String, { nullable: true }) phone: string | null;
}

// ---------- inputs ----------

@InputType({ description: '登记人员（乡镇政府或县消委办）' })
export class CreatePersonInput {
  @Field({ description: '姓名' }) @IsString() @Matches(NOT_BLANK, { message: '请填写姓名' }) @Matches(NO_CONTROL, { message: '不能包含控制字符' }) @MaxLength(50)
  name: string;
  @Field(() => Gender) @IsEnum(Gender) gender: Gender;
  @Field({ description: '出生日期 YYYY-MM-DD，须与身份证号一致' }) @IsString() @Matches(DATE, { message: '须为 YYYY-MM-DD 格式的日期' })
  birthDate: string;
  @Field({ description: '身份证号（GB 11643-1999）' }) @IsString() @MaxLength(32) citizenId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(20) phone?: string;
  @Field(() => Education) @IsEnum(Education) education: Education;
  @Field({ description: '户籍地行政区划代码（6、9 或 12 位）' }) @IsString() @Matches(REGION_CODE, { message: '须为 6、9 或 12 位行政区划代码' })
  householdRegionCode: string;
  @Field({ description: '常驻地行政区划代码（6、9 或 12 位）' }) @IsString() @Matches(REGION_CODE, { message: '须为 6、9 或 12 位行政区划代码' })
  residenceRegionCode: string;
  @Field({ description: '编制所属单位' }) @IsString() @Matches(NOT_BLANK, { message: '请填写编制所属单位' }) @MaxLength(100)
  establishmentUnit: string;
  @Field(() => EstablishmentType) @IsEnum(EstablishmentType) establishmentType: EstablishmentType;
  @Field(() => CommunicationAssessment, { nullable: true }) @IsOptional() @IsEnum(CommunicationAssessment) communication?: CommunicationAssessment;
  @Field(() => String, { nullable: true, description: '评价说明' }) @IsOptional() @IsString() @MaxLength(500) communicationNote?: string;
  @Field(() => String, { nullable: true, description: '其他兼职；无则不填' }) @IsOptional() @IsString() @MaxLength(200) otherJobs?: string;
  @Field(() => ID, { description: '登记的区划：乡镇（工作站人选）或县（指导中心人选）' }) @IsString() @MaxLength(200) regionId: string;
}

@InputType({ description: '人员与工作站（或指导中心）' })
export class PersonAtStationInput {
  @Field(() => ID) @IsString() @MaxLength(200) personId: string;
  @Field(() => ID, { description: '工作站（或指导中心）的机构 id' }) @IsString() @MaxLength(200) stationId: string;
}

@InputType({ description: '选调（乡镇政府；仅当符合选调条件）' })
export class SelectPersonInput extends PersonAtStationInput {
  @Field({ description: '选调日期 YYYY-MM-DD（按此日审查年龄等条件）' }) @IsString() @Matches(DATE, { message: '须为 YYYY-MM-DD 格式的日期' })
  selectedOn: string;
}

@InputType({ description: '指定岗位' })
export class PostInput {
  @Field(() => ID) @IsString() @MaxLength(200) postId: string;
  @Field(() => Int, { nullable: true, description: '读取时的版本号' }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType({ description: '上岗（PER-7 考试合格，PER-9 不超编）' })
export class PutOnDutyInput extends PostInput {
  @Field({ description: '上岗日期' }) @IsString() @Matches(DATE, { message: '须为 YYYY-MM-DD 格式的日期' }) onDutyFrom: string;
}

@InputType({ description: '离岗' })
export class RecordDepartureInput extends PostInput {
  @Field({ description: '离岗日期' }) @IsString() @Matches(DATE, { message: '须为 YYYY-MM-DD 格式的日期' }) leftOn: string;
  @Field(() => LeaveReason) @IsEnum(LeaveReason) reason: LeaveReason;
  @Field({ description: '说明' }) @IsString() @Matches(NOT_BLANK, { message: '请填写说明' }) @MaxLength(500) note: string;
}

@InputType({ description: '申请偏离原则性规则（须书面理由）' })
export class RequestDeviationInput extends PersonAtStationInput {
  @Field(() => PrincipleRule) @IsEnum(PrincipleRule) rule: PrincipleRule;
  @Field({ description: '书面理由' }) @IsString() @Matches(NOT_BLANK, { message: '请填写理由' }) @MaxLength(1000) justification: string;
}

@InputType({ description: '审批偏离申请（指导中心）' })
export class DecideDeviationInput {
  @Field(() => ID) @IsString() @MaxLength(200) deviationId: string;
  @Field({ description: '是否批准' }) @IsBoolean() approve: boolean;
  @Field(() => String, { nullable: true, description: '审批意见' }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

@InputType({ description: '发布人员政策新版本（县消委办）' })
export class PublishPersonnelPolicyInput {
  @Field({ description: '生效日期' }) @IsString() @Matches(DATE, { message: '须为 YYYY-MM-DD 格式的日期' }) effectiveFrom: string;
  @Field(() => Int) @IsInt() @Min(16) @Max(70) minAge: number;
  @Field(() => Int) @IsInt() @Min(16) @Max(70) maxAge: number;
  @Field(() => Education) @IsEnum(Education) minEducation: Education;
  @Field(() => Int) @IsInt() @Min(0) @Max(100) examPassMark: number;
}
