import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { BoolField, EnumField, IdField, IntField, ListField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';
import { WarningLevel, WarningRuleKind, WarningStatus, WarningSubjectType } from './inspections.enums';
import { Warning, WarningRule } from './warning.entity';

@ObjectType('Warning', { implements: () => [Node], description: '预警（INS-3）：同一对象只有一条生效预警，升级、降级或解除' })
export class WarningModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field(() => WarningSubjectType, { description: '预警对象类别' }) subjectType: WarningSubjectType;
  @Field(() => ID, { description: '预警对象的全局标识（隐患、举报、风险点、任务、事件订阅或乡镇区划）' }) subjectId: string;
  @Field(() => WarningLevel, { description: '预警等级' }) level: WarningLevel;
  @Field(() => WarningStatus, { description: '状态' }) status: WarningStatus;
  @Field({ description: '预警内容' }) message: string;
  @Field({ description: '触发的规则（WarningRule.code）' }) ruleCode: string;
  @Field(() => DateTimeScalar, { description: '发出时间' }) raisedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: '最近一次升级时间' }) escalatedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '解除时间；生效中为空' }) resolvedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '签收时间；未签收（或升级后待重新签收）为空' }) acknowledgedAt: Date | null;
  @Field(() => String, { nullable: true, description: '签收人' }) acknowledgedBy: string | null;
  @Field(() => Int, { description: '版本号（签收时作 expectedVersion）' }) version: number;
  readonly row: Warning;

  static from(row: Warning): WarningModel {
    const kind = ({ HAZARD: 'Hazard', COMPLAINT: 'Complaint', RISK_POINT: 'RiskPoint', TASK: 'Task', WEBHOOK: 'Webhook', HAND_OVER: 'HandOver' } as const)[row.subjectType as 'HAZARD'] ?? 'Region';
    return modelOf(new WarningModel(), row, {
      id: toGlobalId('Warning', row.id), subjectType: row.subjectType as WarningSubjectType, subjectId: toGlobalId(kind, row.subjectId), level: row.level, status: row.status,
      message: row.message, ruleCode: row.ruleCode, raisedAt: row.raisedAt, escalatedAt: row.escalatedAt, resolvedAt: row.resolvedAt,
      acknowledgedAt: row.acknowledgedAt, acknowledgedBy: row.acknowledgedBy, version: row.version,
    });
  }
}
@ObjectType('WarningConnection', { description: '预警的分页列表（Relay 连接）' })
export class WarningConnection extends Connection(WarningModel, 'Warning') {}

@ObjectType('WarningRule', { description: '预警规则（数据，可调整）' })
export class WarningRuleModel {
  @Field({ description: '规则编号（系统预置，如 hazard.overdue）' }) code: string;
  @Field(() => WarningRuleKind, { description: '规则类型' }) kind: WarningRuleKind;
  @Field({ description: '名称' }) name: string;
  @Field(() => WarningLevel, { description: '触发时的预警等级' }) level: WarningLevel;
  @Field({ description: '参数（JSON），如 {"withinDays":3}；可调整的参数名即其中的键' }) params: string;
  @Field({ description: '是否启用' }) enabled: boolean;
  @Field({ description: '最近调整人' }) updatedBy: string;
  @Field(() => Int, { description: '版本号（调整时作 expectedVersion）' }) version: number;

  static from(row: WarningRule): WarningRuleModel {
    return Object.assign(new WarningRuleModel(), { code: row.code, kind: row.kind, name: row.name, level: row.level, params: JSON.stringify(row.params), enabled: row.enabled, updatedBy: row.updatedBy, version: row.version });
  }
}

@InputType('RuleParamInput', { description: '预警规则的一个参数' })
export class RuleParamInput {
  @TextField(50, { description: '参数名：该规则 params（JSON）中已有的键' }) name: string;
  @IntField(0, 3650, { description: '参数值（0 至 3650 的整数）' }) value: number;
}

@InputType({ description: '调整预警规则；未给出的字段不变' })
export class UpdateWarningRuleInput {
  @TextField(50, { description: '规则编号' }) code: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
  @EnumField(WarningLevel, { optional: true, description: '新的预警等级' }) level?: WarningLevel;
  @BoolField({ optional: true, description: '启用或停用' }) enabled?: boolean;
  @ListField(() => RuleParamInput, 10, { optional: true, description: '要调整的参数（最多 10 个，参数名不重复）' }) params?: RuleParamInput[];
}

@InputType({ description: '签收预警' })
export class AcknowledgeWarningInput {
  @IdField({ description: '预警' }) warningId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '看到的版本：预警在此期间升级时不签收（CONFLICT）' }) expectedVersion?: number;
}

@ObjectType('WarningEvaluation', { description: '一次预警评估的结果' })
export class WarningEvaluationModel {
  @Field({ description: '是否执行（另一实例正在评估时不执行）' }) ran: boolean;
  @Field(() => Int, { description: '新发出的预警数' }) raised: number;
  @Field(() => Int, { description: '升级的预警数' }) escalated: number;
  @Field(() => Int, { description: '降级的预警数' }) lowered: number;
  @Field(() => Int, { description: '解除的预警数' }) resolved: number;
  @Field(() => Int, { description: '评估后生效的预警数' }) active: number;
}
