import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { AttachmentInput, AttachmentModel } from '../attachments/attachment.types';
import { daysBetween } from '../common/working-days';
import { shanghaiDate } from '../common/clock';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { BoolField, DateField, EnumField, IdField, IntField, ListField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { HandOver, MeasureTaken } from './hand-over.entity';
import { handOverOverdue } from './hand-over-rules';
import { HazardRefInput } from './hazard.types';
import { HandOverState, LegalMeasure } from './inspections.enums';

@ObjectType('LegalMeasureTaken', { description: '县消防救援大队采取的一项法律措施' })
export class LegalMeasureTakenModel {
  @Field(() => LegalMeasure, { description: '措施' }) measure: LegalMeasure;
  @Field(() => CalendarDateScalar, { description: '采取措施的日期' }) takenOn: string;
  @Field(() => String, { nullable: true, description: '该措施的文书编号（如立案登记表、责令改正通知书、临时查封决定书的编号）' }) documentNumber: string | null;
  @Field(() => Int, { nullable: true, description: '罚款金额（元）；其他措施为空' }) amountYuan: number | null;

  static from(m: MeasureTaken): LegalMeasureTakenModel {
    return Object.assign(new LegalMeasureTakenModel(), m);
  }
}

@ObjectType('HandOver', {
  implements: () => [Node],
  description: '移交案件：工作站或指导中心将需要采取法律措施的隐患移交县消防救援大队（工作站无执法权），大队接收（立案或不予立案）或退回，接收后登记处理结果；移交期间隐患的整改复查暂停（INS-2）',
})
export class HandOverModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => HandOverState, { description: '案件状态' }) state: HandOverState;
  @Field(() => DateTimeScalar, { description: '移交时间' }) handedOverAt: Date;
  @Field({ description: '移交人（工作站或指导中心的账号）' }) handedOverBy: string;
  @Field({ description: '移交原因' }) reason: string;
  @Field(() => Int, { description: '已移交天数（按北京时间的日期计）' }) ageDays: number;
  @Field(() => CalendarDateScalar, { description: '应接收日期：移交后 N 个工作日内接收或退回（检查政策）' }) acceptDueBy: string;
  @Field(() => CalendarDateScalar, { nullable: true, description: '应办结日期：接收后 M 个工作日内登记处理结果（检查政策）；接收前为空' }) outcomeDueBy: string | null;
  @Field({ description: '逾期：待接收且已过应接收日期，或办理中且已过应办结日期（北京时间）' }) overdue: boolean;
  @Field(() => Int, { description: '移交时所用检查政策版本（时限按此计算）' }) policyVersion: number;
  @Field(() => DateTimeScalar, { nullable: true, description: '接收时间；未接收为空' }) acceptedAt: Date | null;
  @Field(() => String, { nullable: true, description: '接收人' }) acceptedBy: string | null;
  @Field(() => Boolean, { nullable: true, description: '接收时的决定：立案（true）或不予立案（false）；未接收为空' }) caseFiled: boolean | null;
  @Field(() => String, { nullable: true, description: '接收意见（不予立案的理由）' }) acceptNote: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '退回时间；未退回为空' }) returnedAt: Date | null;
  @Field(() => String, { nullable: true, description: '退回人' }) returnedBy: string | null;
  @Field(() => String, { nullable: true, description: '退回原因' }) returnReason: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '登记处理结果的时间；未办结为空' }) concludedAt: Date | null;
  @Field(() => String, { nullable: true, description: '登记处理结果的人' }) concludedBy: string | null;
  @Field(() => [LegalMeasureTakenModel], { description: '采取的法律措施（最多 6 项，每项一次）；未办结为空列表' }) measures: LegalMeasureTakenModel[];
  @Field(() => String, { nullable: true, description: '处理决定的文书编号' }) documentNumber: string | null;
  @Field(() => CalendarDateScalar, { nullable: true, description: '处理决定日期' }) decidedOn: string | null;
  @Field(() => Boolean, { nullable: true, description: '处理结果：隐患已消除（true，隐患随之销号）或未消除（false，回到工作站复查）；未办结为空' }) hazardEliminated: boolean | null;
  @Field(() => String, { nullable: true, description: '处理情况说明' }) outcomeNote: string | null;
  @Field(() => [AttachmentModel], { description: '处理结果的附件（文书扫描件等，最多 20 个）' }) attachments: AttachmentModel[];
  @Field(() => Int, { description: '版本号（办理时作 expectedVersion）' }) version: number;
  readonly row: HandOver;

  static from(row: HandOver, now: Date): HandOverModel {
    const today = shanghaiDate(now);
    return modelOf(new HandOverModel(), row, {
      id: toGlobalId('HandOver', row.id), state: row.state, handedOverAt: row.handedOverAt, handedOverBy: row.handedOverBy, reason: row.reason,
      ageDays: daysBetween(shanghaiDate(row.handedOverAt), today), acceptDueBy: row.acceptDueBy, outcomeDueBy: row.outcomeDueBy,
      overdue: handOverOverdue(row, today) !== null, policyVersion: row.policyVersion, acceptedAt: row.acceptedAt, acceptedBy: row.acceptedBy,
      caseFiled: row.caseFiled, acceptNote: row.acceptNote, returnedAt: row.returnedAt, returnedBy: row.returnedBy, returnReason: row.returnReason,
      concludedAt: row.concludedAt, concludedBy: row.concludedBy, measures: row.measures.map(LegalMeasureTakenModel.from), documentNumber: row.documentNumber,
      decidedOn: row.decidedOn, hazardEliminated: row.hazardEliminated, outcomeNote: row.outcomeNote, attachments: row.attachments, version: row.version,
    });
  }
}

@ObjectType('HandOverConnection', { description: '移交案件的分页列表（Relay 连接）' })
export class HandOverConnection extends Connection(HandOverModel, 'HandOver') {}

@InputType({ description: '移交县消防救援大队（需要采取法律措施的）' })
export class HandOverHazardInput extends HazardRefInput {
  @TextField(1000, { description: '移交原因' }) reason: string;
}

@InputType({ description: '办理移交案件' })
export class HandOverRefInput {
  @IdField({ description: '移交案件' }) handOverId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
}

@InputType({ description: '县消防救援大队接收移交案件' })
export class AcceptHandOverInput extends HandOverRefInput {
  @BoolField({ description: '立案（true）或不予立案（false）' }) caseFiled: boolean;
  @TextField(1000, { optional: true, description: '接收意见；不予立案须写明理由' }) note?: string;
}

@InputType({ description: '县消防救援大队退回移交案件' })
export class ReturnHandOverInput extends HandOverRefInput {
  @TextField(1000, { description: '退回原因（如：不需要采取法律措施，由工作站继续督促整改）' }) reason: string;
}

@InputType({ description: '一项法律措施' })
export class LegalMeasureInput {
  @EnumField(LegalMeasure, { description: '措施' }) measure: LegalMeasure;
  @DateField({ description: '采取措施的日期（不早于移交日期，不晚于今天：时间规则 T-INS-10）' }) takenOn: string;
  @TextField(100, { optional: true, description: '该措施的文书编号' }) documentNumber?: string;
  @IntField(1, 100_000_000, { optional: true, description: '罚款金额（元）：罚款必填，其他措施不填' }) amountYuan?: number;
}

@InputType({ description: '县消防救援大队登记移交案件的处理结果' })
export class RecordHandOverOutcomeInput extends HandOverRefInput {
  @ListField(() => LegalMeasureInput, 6, { min: 1, description: '采取的法律措施（1 至 6 项，每项一次）：立案的案件须含“立案”，不予立案的须含“不予立案”；罚款须立案' }) measures: LegalMeasureInput[];
  @TextField(100, { description: '处理决定的文书编号（如 靖消行罚决字〔2027〕12号）' }) documentNumber: string;
  @DateField({ description: '处理决定日期（不早于大队接收日期，不晚于今天：时间规则 T-INS-10）' }) decidedOn: string;
  @BoolField({ description: '隐患是否已消除：是则隐患随之销号，否则回到工作站复查' }) hazardEliminated: boolean;
  @TextField(2000, { optional: true, description: '处理情况说明' }) note?: string;
  @ListField(() => AttachmentInput, 20, { optional: true, description: '附件（文书扫描件等，最多 20 个）' }) attachments?: AttachmentInput[];
}
