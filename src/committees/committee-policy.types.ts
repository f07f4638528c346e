import { ArgsType, Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { DateField, IntField, IsCalendarDate, NumberField } from '../graphql/input-fields';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { CommitteePolicy } from './committee.entity';

@ObjectType('CommitteePolicy', { description: '委员会工作政策（版本化）：任务最长期限、成员单位考评权重和等次线（COM-2、COM-4）；任务和考评记录所用版本' })
export class CommitteePolicyModel {
  @Field(() => Int, { description: '版本号' }) version: number;
  @Field(() => CalendarDateScalar, { description: '生效日期' }) effectiveFrom: string;
  @Field(() => Int, { description: '交办任务的最长期限（交办之日起的自然日数，COM-2）' }) taskMaxDeadlineDays: number;
  @Field(() => Int, { description: '成员单位考评：任务按期完成部分的分值（COM-4）' }) evaluationTaskWeight: number;
  @Field(() => Int, { description: '成员单位考评：专项整治成效部分的分值' }) evaluationCampaignWeight: number;
  @Field(() => Int, { description: '成员单位考评：督导检查部分的分值' }) evaluationSupervisionWeight: number;
  @Field(() => Int, { description: '成员单位考评：考评办公室评分部分的分值（四项之和为 100）' }) evaluationScoredWeight: number;
  @Field(() => Float, { description: '督导检查每个发现问题扣的分（突出问题加倍）' }) findingDeduction: number;
  @Field(() => Float, { description: '优秀线（含）' }) excellentMin: number;
  @Field(() => Float, { description: '良好线（含）' }) goodMin: number;
  @Field(() => Float, { description: '称职线（含）；以下为不称职' }) competentMin: number;
  @Field({ description: '发布人' }) createdBy: string;
  @Field(() => DateTimeScalar, { description: '发布时间' }) createdAt: Date;

  static from(row: CommitteePolicy): CommitteePolicyModel {
    return Object.assign(new CommitteePolicyModel(), row);
  }
}

@ArgsType()
export class CommitteePolicyArgs {
  @Field(() => CalendarDateScalar, { nullable: true, description: '哪一天生效的版本（默认今天）' }) @IsOptional() @IsCalendarDate() asOf?: string;
}

@InputType({ description: '委员会工作政策的新版本：今天或以后生效，不早于现行版本（时间规则 T-COM-5）' })
export class PublishCommitteePolicyInput {
  @DateField({ description: '生效日期（今天或以后，不早于现行版本的生效日期）' }) effectiveFrom: string;
  @IntField(1, 3660, { description: '交办任务的最长期限（自然日）' }) taskMaxDeadlineDays: number;
  @IntField(0, 100, { description: '任务按期完成部分的分值' }) evaluationTaskWeight: number;
  @IntField(0, 100, { description: '专项整治成效部分的分值' }) evaluationCampaignWeight: number;
  @IntField(0, 100, { description: '督导检查部分的分值' }) evaluationSupervisionWeight: number;
  @IntField(0, 100, { description: '考评办公室评分部分的分值（四项之和须为 100）' }) evaluationScoredWeight: number;
  @NumberField(0, 100, { description: '督导检查每个发现问题扣的分' }) findingDeduction: number;
  @NumberField(0, 100, { description: '优秀线（含）' }) excellentMin: number;
  @NumberField(0, 100, { description: '良好线（含）' }) goodMin: number;
  @NumberField(0, 100, { description: '称职线（含）' }) competentMin: number;
}
