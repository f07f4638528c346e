import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { AttachmentInput, AttachmentModel } from '../attachments/attachment.types';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { BoolField, DateField, IdField, IntField, ListField, TextField, TextListField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { isOrderedLate, isOrderOverdue, isOverdue } from './hazard-lifecycle';
import { Hazard, HazardEvent } from './hazard.entity';
import { HazardAction, HazardClosure, HazardSource, HazardStatus, MajorHazardStatus } from './inspections.enums';

@ObjectType('HazardEvent', { description: '隐患处理记录（谁、何时、做了什么；只增不改）' })
export class HazardEventModel {
  @Field(() => HazardAction, { description: '处理步骤' }) action: HazardAction;
  @Field(() => HazardStatus, { nullable: true, description: '处理前的状态；发现登记时为空' }) fromStatus: HazardStatus | null;
  @Field(() => HazardStatus, { description: '处理后的状态' }) toStatus: HazardStatus;
  @Field(() => DateTimeScalar, { description: '处理时间' }) at: Date;
  @Field({ description: '操作人' }) actor: string;
  @Field(() => String, { nullable: true, description: '说明、原因' }) note: string | null;
  @Field({ description: '细节（JSON）：期限、延期前后、审批人、所用政策版本等' }) details: string;
  @Field(() => [AttachmentModel], { description: '附件（整改证明、复查照片等，最多 20 个）' }) attachments: AttachmentModel[];

  static from(row: HazardEvent): HazardEventModel {
    return Object.assign(new HazardEventModel(), {
      action: row.action, fromStatus: row.fromStatus, toStatus: row.toStatus, at: row.at, actor: row.actor, note: row.note, details: JSON.stringify(row.details), attachments: row.attachments,
    });
  }
}
@ObjectType('HazardEventConnection', { description: '隐患处理记录的分页列表（Relay 连接）' })
export class HazardEventConnection extends Connection(HazardEventModel, 'HazardEvent') {}

@ObjectType('Hazard', { implements: () => [Node], description: '火灾隐患（INS-2 闭环）；逾期按北京时间由整改期限判定' })
export class HazardModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => HazardSource, { description: '来源' }) source: HazardSource;
  @Field({ description: '隐患描述' }) description: string;
  @Field(() => CalendarDateScalar, { description: '发现日期' }) foundOn: string;
  @Field(() => HazardStatus, { description: '状态' }) status: HazardStatus;
  @Field({ description: '逾期：整改中且整改期限已过（北京时间）' }) overdue: boolean;
  @Field(() => CalendarDateScalar, { description: '应下达整改的日期（发现后 N 个工作日）' }) orderDueBy: string;
  @Field({ description: '整改通知逾期未下达' }) orderOverdue: boolean;
  @Field({ description: '整改通知逾期下达：下达日期晚于应下达日期（发现后 N 个工作日内，N 见检查政策）' }) orderedLate: boolean;
  @Field(() => Int, {
    nullable: true,
    description: '整改通知逾期下达的工作日数（应下达日期之后至下达日期，按下达时的工作日历；在非工作日下达可为 0）；按期下达或未下达为空',
  })
  orderLateWorkingDays: number | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '整改期限；下达整改前为空' }) deadline: string | null;
  @Field(() => String, { nullable: true, description: '整改责任主体；下达整改前为空' }) responsibleParty: string | null;
  @Field(() => String, { nullable: true, description: '整改措施；下达整改前为空' }) measures: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '下达整改的日期；下达前为空' }) orderedOn: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '应复查日期；报告整改完成前为空' }) recheckDueBy: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '报告整改完成日期' }) rectifiedOn: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '销号时间（复查合格，或移交大队办结且隐患已消除）；未销号为空' }) closedAt: Date | null;
  @Field(() => HazardClosure, { nullable: true, description: '销号方式：复查合格，或县消防救援大队办结移交案件且隐患已消除；未销号为空' }) closedThrough: HazardClosure | null;
  @Field(() => String, { nullable: true, description: '来源检查项编号' }) checklistItemCode: string | null;
  @Field(() => MajorHazardStatus, { description: '重大火灾隐患判定状态' }) majorStatus: MajorHazardStatus;
  @Field(() => String, { nullable: true, description: '所依据的判定标准版本' }) majorCatalogueEdition: string | null;
  @Field(() => [String], { nullable: true, description: '引用的判定项编号（最多 30 项）；一般隐患为空' }) majorItemCodes: string[] | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '应报告大队的日期（发现后 2 日）' }) majorReportDueBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '督办销案时间' }) supervisionClosedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '移交县消防救援大队的时间' }) handedOverAt: Date | null;
  @Field(() => Int, { description: '登记时所用检查政策版本（期限按此计算）' }) policyVersion: number;
  @Field({ description: '登记人' }) reportedBy: string;
  @Field(() => Int, { description: '版本号（操作时作 expectedVersion，防止覆盖他人的更改）' }) version: number;
  readonly row: Hazard;

  static from(row: Hazard, today: string): HazardModel {
    return modelOf(new HazardModel(), row, {
      id: toGlobalId('Hazard', row.id), source: row.source, description: row.description, foundOn: row.foundOn, status: row.status,
      overdue: isOverdue(row.status, row.deadline, today), orderDueBy: row.orderDueBy, orderOverdue: isOrderOverdue(row.status, row.orderDueBy, today),
      orderedLate: isOrderedLate(row.orderDueBy, row.orderedOn), orderLateWorkingDays: isOrderedLate(row.orderDueBy, row.orderedOn) ? row.orderLateWorkingDays : null,
      deadline: row.deadline, responsibleParty: row.responsibleParty, measures: row.measures, orderedOn: row.orderedOn, recheckDueBy: row.recheckDueBy,
      rectifiedOn: row.rectifiedOn, closedAt: row.closedAt, closedThrough: row.closedThrough ?? (row.status === HazardStatus.CLOSED ? HazardClosure.RECHECK : null), checklistItemCode: row.checklistItemCode, majorStatus: row.majorStatus,
      majorCatalogueEdition: row.majorCatalogueEdition, majorItemCodes: row.majorItemCodes, majorReportDueBy: row.majorReportDueBy,
      supervisionClosedAt: row.supervisionClosedAt, handedOverAt: row.handedOverAt, policyVersion: row.policyVersion, reportedBy: row.reportedBy, version: row.version,
    });
  }
}
@ObjectType('HazardConnection', { description: '隐患的分页列表（Relay 连接）' })
export class HazardConnection extends Connection(HazardModel, 'Hazard') {}

@InputType({ description: '登记隐患（指明场所或区划）' })
export class ReportHazardInput {
  @IdField({ optional: true, description: '所在场所（与 regionId 二选一）' }) premisesId?: string;
  @IdField({ optional: true, description: '无场所时：所在区划' }) regionId?: string;
  @TextField(1000, { description: '隐患描述' }) description: string;
  @DateField({ description: '发现日期（不晚于今天，不早于 366 天前）' }) foundOn: string;
  @TextListField(30, 20, { optional: true, description: '疑似重大火灾隐患：引用的判定项编号（发现日生效的 GB 35181 版本，最多 30 项）' }) majorItemCodes?: string[];
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件（最多 20 个）' }) attachments?: AttachmentInput[];
}

@InputType({ description: '更正隐患记录：描述、场所（须写明原因；每处保留原值）；场所与区划不一致的拒绝' })
export class CorrectHazardInput {
  @IdField({ description: '隐患' }) hazardId: string;
  @IntField(1, 2_147_483_647, { description: '读取时的版本号（乐观锁：已被他人修改时 CONFLICT，附当前版本）' }) expectedVersion: number;
  @TextField(500, { description: '更正原因（必填）' }) reason: string;
  @TextField(1000, { optional: true, description: '隐患描述' }) description?: string;
  @IdField({ optional: true, description: '所在场所（隐患的区划随之改为场所所在区划）' }) premisesId?: string;
  @IdField({ optional: true, description: '所在区划：无场所的隐患改区划；有场所时须为场所所在区划或其上级，否则拒绝' }) regionId?: string;
}

@InputType({ description: '针对一个隐患的操作' })
export class HazardRefInput {
  @IdField({ description: '隐患' }) hazardId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
}

@InputType({ description: '下达整改（REPORTED > RECTIFYING）' })
export class OrderRectificationInput extends HazardRefInput {
  @DateField({ optional: true, description: '整改期限（默认：政策规定的天数）' }) deadline?: string;
  @TextField(200, { description: '整改责任主体' }) responsibleParty: string;
  @TextField(1000, { description: '整改措施' }) measures: string;
}

@InputType({ description: '报告整改完成（RECTIFYING > PENDING_RECHECK），须附证明材料' })
export class ReportRectificationInput extends HazardRefInput {
  @TextField(1000, { description: '整改情况' }) note: string;
  @ListField(() => AttachmentInput, 20, { min: 1, description: '整改证明材料（1 至 20 个）' }) evidence: AttachmentInput[];
}

@InputType({ description: '复查（合格 > CLOSED；不合格 > RECTIFYING）：须由报告整改者以外的人员' })
export class RecheckHazardInput extends HazardRefInput {
  @BoolField({ description: '复查是否合格' }) passed: boolean;
  @TextField(1000, { optional: true, description: '复查意见；不合格时必填原因' }) note?: string;
  @DateField({ optional: true, description: '不合格时可设新的整改期限' }) newDeadline?: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件（最多 20 个）' }) attachments?: AttachmentInput[];
}

@InputType({ description: '批准延期（记录原因和批准人）' })
export class ExtendHazardDeadlineInput extends HazardRefInput {
  @DateField({ description: '新的整改期限（晚于现期限，不早于今天）' }) newDeadline: string;
  @TextField(1000, { description: '延期原因' }) reason: string;
}

@InputType({ description: '疑似重大火灾隐患报告县消防救援大队' })
export class ReportMajorHazardInput extends HazardRefInput {
  @TextField(1000, { optional: true, description: '报告说明' }) note?: string;
}

@InputType({ description: '县消防救援大队判定疑似重大火灾隐患' })
export class DecideMajorHazardInput extends HazardRefInput {
  @BoolField({ description: '确认（挂牌督办）或判定不构成' }) confirm: boolean;
  @TextField(1000, { description: '判定意见' }) note: string;
}
