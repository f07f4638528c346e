import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { AttachmentInput, AttachmentModel } from '../../attachments/attachment.types';
import { Connection, PageArgs } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { DateField, EnumField, IdField, IdListField, IntField, ListField, TextField, TextListField } from '../../graphql/input-fields';
import { modelOf } from '../../graphql/model';
import { Node } from '../../graphql/node';
import { CalendarDateScalar, DateTimeScalar } from '../../graphql/scalars';
import { Meeting, MeetingDecision } from '../committee.entity';
import { MeetingKind, MeetingStatus } from '../committees.enums';

@ObjectType('Meeting', { implements: () => [Node], description: '消防救援委员会会议（全体会议或专题会议）：参会单位和人员、议题、纪要、议定事项（COM-1）' })
export class MeetingModel implements Node {
  @Field(() => ID, { description: '全局标识（用于 node(id:)）' }) id: string;
  @Field(() => MeetingKind, { description: '会议类别' }) kind: MeetingKind;
  @Field({ description: '会议名称' }) title: string;
  @Field(() => CalendarDateScalar, { description: '会议日期' }) heldOn: string;
  @Field({ description: '召集人、主持人（姓名和职务）' }) convener: string;
  @Field(() => [String], { description: '参会人员（按纪要所写的姓名和单位），最多 100 人' }) attendees: string[];
  @Field(() => [String], { description: '议题，最多 50 项' }) topics: string[];
  @Field(() => String, { nullable: true, description: '会议纪要' }) minutes: string | null;
  @Field(() => [AttachmentModel], { description: '附件（纪要文件、签到表、照片），最多 20 个' }) attachments: AttachmentModel[];
  @Field(() => MeetingStatus, { description: '状态：草稿可修改；印发后只能更正（留痕）' }) status: MeetingStatus;
  @Field(() => DateTimeScalar, { nullable: true, description: '印发时间' }) publishedAt: Date | null;
  @Field(() => String, { nullable: true, description: '印发人' }) publishedBy: string | null;
  @Field({ description: '登记人' }) createdBy: string;
  @Field(() => Int, { description: '版本号（修改、印发、更正时作为 expectedVersion 传回）' }) version: number;
  readonly row: Meeting;

  static from(row: Meeting): MeetingModel {
    return modelOf(new MeetingModel(), row, {
      id: toGlobalId('Meeting', row.id), kind: row.kind, title: row.title, heldOn: row.heldOn, convener: row.convener, attendees: row.attendees,
      topics: row.topics, minutes: row.minutes, attachments: row.attachments, status: row.status, publishedAt: row.publishedAt, publishedBy: row.publishedBy,
      createdBy: row.createdBy, version: row.version,
    });
  }
}
@ObjectType('MeetingConnection', { description: '委员会会议的分页列表（会议日期新的在前）' })
export class MeetingConnection extends Connection(MeetingModel, 'Meeting') {}

@ObjectType('MeetingDecision', { implements: () => [Node], description: '会议议定事项（按纪要顺序）；可交办为任务或部署专项整治（COM-1、COM-2）' })
export class MeetingDecisionModel implements Node {
  @Field(() => ID, { description: '议定事项的全局 id（交办任务时作为 decisionId）' }) id: string;
  @Field(() => Int, { description: '序号（从 1 起）' }) seq: number;
  @Field({ description: '内容' }) content: string;
  readonly row: MeetingDecision;

  static from(row: MeetingDecision): MeetingDecisionModel {
    return modelOf(new MeetingDecisionModel(), row, { id: toGlobalId('MeetingDecision', row.id), seq: row.seq, content: row.content });
  }
}

@ArgsType()
export class MeetingsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: '区划（含下级），默认本辖区' }) @IsOptional() @IsString() @MaxLength(200) regionId?: string;
  @Field(() => ID, { nullable: true, description: '只看这个委员会的会议' }) @IsOptional() @IsString() @MaxLength(200) committeeId?: string;
  @Field(() => MeetingKind, { nullable: true, description: '只看这一类会议' }) @IsOptional() @IsEnum(MeetingKind) kind?: MeetingKind;
  @Field(() => MeetingStatus, { nullable: true, description: '只看这一状态' }) @IsOptional() @IsEnum(MeetingStatus) status?: MeetingStatus;
}

@InputType({ description: '登记委员会会议（草稿）：会议日期不晚于今天，补录不超过 366 天（时间规则 T-COM-1）' })
export class RecordMeetingInput {
  @IdField({ optional: true, description: '开会的委员会（县或乡镇消防救援委员会）；默认本账号所在的委员会' }) committeeId?: string;
  @EnumField(MeetingKind, { description: '会议类别' }) kind: MeetingKind;
  @TextField(200, { description: '会议名称' }) title: string;
  @DateField({ description: '会议日期（T-COM-1）' }) heldOn: string;
  @TextField(200, { description: '召集人、主持人' }) convener: string;
  @IdListField(100, { optional: true, description: '参会的成员单位（须为本委员会的成员单位），最多 100 个' }) attendingUnitIds?: string[];
  @TextListField(100, 100, { optional: true, description: '参会人员，最多 100 人' }) attendees?: string[];
  @TextListField(50, 500, { description: '议题，最多 50 项（印发前至少 1 项）' }) topics: string[];
  @TextField(20000, { optional: true, description: '会议纪要（印发前须填写）' }) minutes?: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '纪要文件、签到表、照片，最多 20 个' }) attachments?: AttachmentInput[];
  @TextListField(100, 2000, { optional: true, description: '议定事项（按顺序），最多 100 项' }) decisions?: string[];
}

@InputType({ description: '修改会议草稿（已印发的只能更正）；只改所填的项，decisions 给出时整体替换' })
export class UpdateMeetingInput {
  @IdField({ description: '会议' }) meetingId: string;
  @IntField(1, 2_147_483_647, { description: '读取时的版本号' }) expectedVersion: number;
  @EnumField(MeetingKind, { optional: true, description: '会议类别' }) kind?: MeetingKind;
  @TextField(200, { optional: true, description: '会议名称' }) title?: string;
  @DateField({ optional: true, description: '会议日期（T-COM-1）' }) heldOn?: string;
  @TextField(200, { optional: true, description: '召集人、主持人' }) convener?: string;
  @IdListField(100, { optional: true, description: '参会的成员单位（整体替换），最多 100 个' }) attendingUnitIds?: string[];
  @TextListField(100, 100, { optional: true, description: '参会人员（整体替换），最多 100 人' }) attendees?: string[];
  @TextListField(50, 500, { optional: true, description: '议题（整体替换），最多 50 项' }) topics?: string[];
  @TextField(20000, { optional: true, description: '会议纪要' }) minutes?: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件（整体替换），最多 20 个' }) attachments?: AttachmentInput[];
  @TextListField(100, 2000, { optional: true, description: '议定事项（整体替换，按顺序；已交办任务的不能删除），最多 100 项' }) decisions?: string[];
}

@InputType({ description: '印发会议记录：须有纪要和至少一项议题；印发后只能更正' })
export class PublishMeetingInput {
  @IdField({ description: '会议' }) meetingId: string;
  @IntField(1, 2_147_483_647, { description: '读取时的版本号' }) expectedVersion: number;
}

@InputType({ description: '更正一项议定事项的文字' })
export class DecisionCorrectionInput {
  @IdField({ description: '议定事项' }) decisionId: string;
  @TextField(2000, { description: '更正后的内容' }) content: string;
}

@InputType({ description: '更正已印发的会议记录：须写明原因；每处改动连同原值留痕（corrections）' })
export class CorrectMeetingInput {
  @IdField({ description: '会议' }) meetingId: string;
  @IntField(1, 2_147_483_647, { description: '读取时的版本号' }) expectedVersion: number;
  @TextField(500, { description: '更正原因' }) reason: string;
  @TextField(200, { optional: true, description: '会议名称' }) title?: string;
  @DateField({ optional: true, description: '会议日期（T-COM-1）' }) heldOn?: string;
  @TextField(200, { optional: true, description: '召集人、主持人' }) convener?: string;
  @TextListField(100, 100, { optional: true, description: '参会人员（整体替换），最多 100 人' }) attendees?: string[];
  @TextListField(50, 500, { optional: true, description: '议题（整体替换，至少 1 项），最多 50 项' }) topics?: string[];
  @TextField(20000, { optional: true, description: '会议纪要' }) minutes?: string;
  @IdListField(100, { optional: true, description: '参会的成员单位（整体替换），最多 100 个' }) attendingUnitIds?: string[];
  @ListField(() => DecisionCorrectionInput, 100, { optional: true, description: '议定事项的文字更正，最多 100 项' }) decisionCorrections?: DecisionCorrectionInput[];
}
