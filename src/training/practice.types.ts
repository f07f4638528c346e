import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { AttachmentInput, AttachmentModel } from '../attachments/attachment.types';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { EnumField, IdField, IntField, ListField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';
import { GoodPractice, GoodPracticeEvent } from './practice.entity';
import { PracticeAction, PracticeReviewDecision, PracticeStatus } from './training.enums';

@ObjectType('GoodPractice', { implements: () => [Node], description: '好的做法（TRN-3）：发布后全县可读' })
export class GoodPracticeModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field({ description: '标题' }) title: string;
  @Field({ description: '要解决的问题' }) problem: string;
  @Field({ description: '主要做法' }) actions: string;
  @Field({ description: '取得的成效' }) results: string;
  // submit and revise (which replaces them) take at most 20
  @Field(() => [AttachmentModel], { description: '附件，最多 20 个（修改时整体替换）' }) attachments: AttachmentModel[];
  @Field(() => PracticeStatus, { description: '状态' }) status: PracticeStatus;
  @Field(() => String, { nullable: true, description: '审核意见' }) reviewComment: string | null;
  @Field({ description: '报送人（最近一次报送或修改）' }) submittedBy: string;
  @Field(() => DateTimeScalar, { description: '报送时间（最近一次报送或修改）' }) submittedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '发布推广时间；未发布为空' }) publishedAt: Date | null;
  @Field(() => Int, { description: '版本号（修改时用于防止覆盖他人的更改）' }) version: number;
  readonly row: GoodPractice;

  static from(row: GoodPractice): GoodPracticeModel {
    return modelOf(new GoodPracticeModel(), row, {
      id: toGlobalId('GoodPractice', row.id), title: row.title, problem: row.problem, actions: row.actions, results: row.results, attachments: row.attachments,
      status: row.status, reviewComment: row.reviewComment, submittedBy: row.submittedBy, submittedAt: row.submittedAt, publishedAt: row.publishedAt, version: row.version,
    });
  }
}
@ObjectType('GoodPracticeConnection', { description: '好的做法的分页列表（Relay 连接，按游标向后翻页）' })
export class GoodPracticeConnection extends Connection(GoodPracticeModel, 'GoodPractice') {}

@ObjectType('GoodPracticeEvent', { description: '好的做法的办理记录' })
export class GoodPracticeEventModel {
  @Field(() => PracticeAction, { description: '操作' }) action: PracticeAction;
  @Field(() => PracticeStatus, { nullable: true, description: '操作前的状态（报送时为空）' }) fromStatus: PracticeStatus | null;
  @Field(() => PracticeStatus, { description: '操作后的状态' }) toStatus: PracticeStatus;
  @Field(() => String, { nullable: true, description: '意见或说明' }) note: string | null;
  @Field({ description: '操作人' }) actor: string;
  @Field(() => DateTimeScalar, { description: '操作时间' }) at: Date;

  static from(row: GoodPracticeEvent): GoodPracticeEventModel {
    return Object.assign(new GoodPracticeEventModel(), { action: row.action, fromStatus: row.fromStatus, toStatus: row.toStatus, note: row.note, actor: row.actor, at: row.at });
  }
}
@ObjectType('GoodPracticeEventConnection', { description: '好的做法的办理记录的分页列表（Relay 连接，按游标向后翻页）' })
export class GoodPracticeEventConnection extends Connection(GoodPracticeEventModel, 'GoodPracticeEvent') {}

@InputType({ description: '报送好的做法（TRN-3）' })
export class SubmitGoodPracticeInput {
  @IdField({ description: '乡镇' }) regionId: string;
  @TextField(200, { description: '标题' }) title: string;
  @TextField(5000, { description: '要解决的问题' }) problem: string;
  @TextField(10000, { description: '主要做法' }) actions: string;
  @TextField(5000, { description: '取得的成效' }) results: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件，最多 20 个' }) attachments?: AttachmentInput[];
}

@InputType({ description: '修改被退回的好的做法并重新报送；不填的项不变' })
export class ReviseGoodPracticeInput {
  @IdField({ description: '好的做法' }) practiceId: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
  @TextField(200, { optional: true, description: '标题' }) title?: string;
  @TextField(5000, { optional: true, description: '要解决的问题' }) problem?: string;
  @TextField(10000, { optional: true, description: '主要做法' }) actions?: string;
  @TextField(5000, { optional: true, description: '取得的成效' }) results?: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件，最多 20 个；填写则替换全部附件' }) attachments?: AttachmentInput[];
  @TextField(1000, { optional: true, description: '修改说明' }) note?: string;
}

@InputType({ description: '审核好的做法：退回（须写意见）或通过' })
export class ReviewGoodPracticeInput {
  @IdField({ description: '好的做法' }) practiceId: string;
  @EnumField(PracticeReviewDecision, { description: '审核决定' }) decision: PracticeReviewDecision;
  @TextField(2000, { optional: true, description: '审核意见（退回时必填）' }) comment?: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
}

@InputType({ description: '在全县发布推广审核通过的好的做法' })
export class PublishGoodPracticeInput {
  @IdField({ description: '好的做法' }) practiceId: string;
  @IntField(1, 2_000_000_000, { optional: true, description: '读取时的版本号（不符则为 CONFLICT）' }) expectedVersion?: number;
}
