import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { NOT_BLANK } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { DateTimeScalar } from '../graphql/scalars';
import { EligibilityDeviation } from './deviation.entity';
import { DeviationStatus, PrincipleRule } from './personnel.enums';
import { PersonAtStationInput } from './post.types';

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
