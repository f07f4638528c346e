import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { EnumField, IdField, InstantField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';
import { Complaint } from './complaint.entity';
import { isCheckedLate } from './hazard-lifecycle';
import { HazardModel } from './hazard.types';
import { ComplaintCategory, ComplaintOutcome } from './inspections.enums';

@ObjectType('Complaint', { implements: () => [Node], description: '举报投诉；举报人电话脱敏显示' })
export class ComplaintModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => DateTimeScalar, { description: '受理时间' }) receivedAt: Date;
  @Field({ description: '受理渠道（登记时填写的文字，如电话、来信、网络、12345 热线）' }) channel: string;
  @Field(() => ComplaintCategory, { description: '类别（决定核查时限）' }) category: ComplaintCategory;
  @Field({ description: '举报内容' }) content: string;
  @Field(() => String, { nullable: true, description: '举报人电话（脱敏）；匿名为空' }) reporterPhoneMasked: string | null;
  @Field(() => DateTimeScalar, { description: '核查时限' }) checkDueAt: Date;
  @Field({ description: '未核查且已过核查时限' }) checkOverdue: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: '核查时间；未核查为空' }) checkedAt: Date | null;
  @Field({ description: '超时核查（INS-1）：已核查的，核查时间晚于核查时限；未核查的，现在已过核查时限（无论何时核查都已超时）' }) checkedLate: boolean;
  @Field(() => ComplaintOutcome, { nullable: true, description: '核查结论；未核查为空' }) outcome: ComplaintOutcome | null;
  @Field(() => String, { nullable: true, description: '核查情况' }) checkNote: string | null;
  @Field(() => String, { nullable: true, description: '核查人' }) checkedBy: string | null;
  @Field(() => Int, { description: '版本号' }) version: number;
  readonly row: Complaint;

  static from(row: Complaint, now: Date): ComplaintModel {
    return modelOf(new ComplaintModel(), row, {
      id: toGlobalId('Complaint', row.id), receivedAt: row.receivedAt, channel: row.channel, category: row.category, content: row.content,
      reporterPhoneMasked: row.reporterPhoneMasked, checkDueAt: row.checkDueAt, checkOverdue: row.checkedAt === null && now > row.checkDueAt,
      checkedAt: row.checkedAt, checkedLate: isCheckedLate(row.checkDueAt, row.checkedAt, now), outcome: row.outcome, checkNote: row.checkNote, checkedBy: row.checkedBy, version: row.version,
    });
  }
}
@ObjectType('ComplaintConnection', { description: '举报投诉的分页列表（Relay 连接）' })
export class ComplaintConnection extends Connection(ComplaintModel, 'Complaint') {}

@InputType({ description: '受理举报投诉' })
export class FileComplaintInput {
  @IdField({ optional: true, description: '被举报的场所（与 regionId 二选一）' }) premisesId?: string;
  @IdField({ optional: true, description: '无场所时：所在区划' }) regionId?: string;
  @InstantField({ description: '受理时间（不晚于现在）' }) receivedAt: Date;
  @TextField(50, { description: '受理渠道（电话、来信、网络等）' }) channel: string;
  @EnumField(ComplaintCategory, { description: '类别（决定核查时限）' }) category: ComplaintCategory;
  @TextField(2000, { description: '举报内容' }) content: string;
  @TextField(20, { optional: true, description: '举报人电话（加密保存，脱敏显示）' }) reporterPhone?: string;
}

@InputType({ description: '核查举报投诉（属实则登记隐患）' })
export class CheckComplaintInput {
  @IdField({ description: '举报投诉' }) complaintId: string;
  @EnumField(ComplaintOutcome, { description: '核查结论' }) outcome: ComplaintOutcome;
  @TextField(1000, { description: '核查情况' }) note: string;
  @TextField(1000, { optional: true, description: '属实时：隐患描述（必填）' }) hazardDescription?: string;
}

@ObjectType('CheckComplaintPayload', { description: '核查举报投诉的结果' })
export class CheckComplaintPayload {
  @Field(() => ComplaintModel, { description: '核查后的举报投诉' }) complaint: ComplaintModel;
  @Field(() => HazardModel, { nullable: true, description: '属实时登记的隐患；不属实为空' }) hazard: HazardModel | null;
}
