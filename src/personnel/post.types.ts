import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { DateField, NO_CONTROL, NOT_BLANK } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { LeaveReason, PostState } from './personnel.enums';
import { canMoveTargets } from './post-lifecycle';
import { Post, PostTransition } from './post.entity';

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
