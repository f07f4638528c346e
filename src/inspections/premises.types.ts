import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { AttachmentModel } from '../attachments/attachment.types';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { BoolField, EnumField, IdField, IntField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import { PremisesEventKind, PremisesKind, RiskLevel } from './inspections.enums';
import { Premises, PremisesEvent } from './premises.entity';

@ObjectType('Premises', { implements: () => [Node], description: '场所（检查对象，INS-1）；责任人电话脱敏显示' })
export class PremisesModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => PremisesKind, { description: '场所类别' }) kind: PremisesKind;
  @Field({ description: '名称' }) name: string;
  @Field({ description: '地址' }) address: string;
  @Field({ description: '消防安全责任人' }) responsibleName: string;
  @Field(() => String, { nullable: true, description: '责任人电话（脱敏）；未登记时为空' }) responsiblePhoneMasked: string | null;
  @Field(() => RiskLevel, { description: '火灾风险等级（决定检查频次）' }) riskLevel: RiskLevel;
  @Field({ description: '消防安全重点单位（至少每年检查一次）' }) keyUnit: boolean;
  @Field(() => CalendarDateScalar, { nullable: true, description: '最近一次检查日期；从未检查为空' }) lastInspectedOn: string | null;
  @Field(() => Int, { description: '版本号（修改时作 expectedVersion，防止覆盖他人的更改）' }) version: number;
  readonly row: Premises;

  static from(row: Premises): PremisesModel {
    return modelOf(new PremisesModel(), row, {
      id: toGlobalId('Premises', row.id), kind: row.kind, name: row.name, address: row.address, responsibleName: row.responsibleName,
      responsiblePhoneMasked: row.responsiblePhoneMasked, riskLevel: row.riskLevel, keyUnit: row.keyUnit, lastInspectedOn: row.lastInspectedOn, version: row.version,
    });
  }
}
@ObjectType('PremisesConnection', { description: '场所的分页列表（Relay 连接）' })
export class PremisesConnection extends Connection(PremisesModel, 'Premises') {}

@ObjectType('PremisesEvent', { description: '场所记录（户籍化：检查、隐患及其整改复查各步、举报及核查、火灾、信息变更），按发生时间排列' })
export class PremisesEventModel {
  @Field(() => DateTimeScalar, { description: '发生时间：举报受理时间、火灾时间、各步骤的时刻；检查、发现隐患按其日期（当天记录的为记录时刻，补录的为该日北京时间 0 时）。场所记录按它排列，相同的按记录先后' }) occurredAt: Date;
  @Field(() => DateTimeScalar, { description: '记录时间（写入这条记录的时刻）' }) at: Date;
  @Field(() => PremisesEventKind, { description: '记录类别' }) kind: PremisesEventKind;
  @Field({ description: '摘要（其中的时刻为北京时间）' }) summary: string;
  @Field(() => ID, { nullable: true, description: '相关记录（检查、隐患、举报投诉、风险点、火灾）的全局标识；场所自身的变更为空' }) subjectId: string | null;
  @Field({ description: '操作人' }) actor: string;
  @Field(() => [AttachmentModel], { description: '这一步所附的文件（整改证明、复查照片、检查附件等，最多 20 个）；可读相关记录者方可下载' }) attachments: AttachmentModel[];

  static from(row: PremisesEvent): PremisesEventModel {
    return Object.assign(new PremisesEventModel(), {
      occurredAt: row.occurredAt, at: row.at, kind: row.kind as PremisesEventKind, summary: row.summary, actor: row.actor, attachments: row.attachments,
      subjectId: row.subjectType && row.subjectId ? toGlobalId(row.subjectType as never, row.subjectId) : null,
    });
  }
}
@ObjectType('PremisesEventConnection', { description: '场所记录的分页列表（Relay 连接）' })
export class PremisesEventConnection extends Connection(PremisesEventModel, 'PremisesEvent') {}

@InputType({ description: '登记场所' })
export class CreatePremisesInput {
  @IdField({ description: '所在区划（县、乡镇或村）' }) regionId: string;
  @EnumField(PremisesKind, { description: '场所类别' }) kind: PremisesKind;
  @TextField(100, { description: '名称（最多 100 字）' }) name: string;
  @TextField(200, { description: '地址（最多 200 字）' }) address: string;
  @IdField({ optional: true, description: '成员单位类场所：对应的成员单位（机构 id）' }) memberUnitId?: string;
  @TextField(50, { description: '消防安全责任人' }) responsibleName: string;
  @TextField(20, { optional: true, description: '责任人电话' }) responsiblePhone?: string;
  @EnumField(RiskLevel, { description: '火灾风险等级' }) riskLevel: RiskLevel;
  @BoolField({ optional: true, description: '消防安全重点单位（默认否）' }) keyUnit?: boolean;
}

@InputType({ description: '修改场所（责任人、风险等级等变更记入场所记录）；未给出的字段不变' })
export class UpdatePremisesInput {
  @IdField({ description: '场所' }) premisesId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
  @TextField(100, { optional: true, description: '新名称' }) name?: string;
  @TextField(200, { optional: true, description: '新地址' }) address?: string;
  @TextField(50, { optional: true, description: '新的消防安全责任人' }) responsibleName?: string;
  @TextField(20, { optional: true, description: '新的责任人电话' }) responsiblePhone?: string;
  @EnumField(RiskLevel, { optional: true, description: '新的风险等级' }) riskLevel?: RiskLevel;
  @BoolField({ optional: true, description: '是否为消防安全重点单位' }) keyUnit?: boolean;
  @TextField(500, { description: '变更原因' }) reason: string;
}
