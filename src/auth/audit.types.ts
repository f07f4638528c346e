import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { DateTimeScalar } from '../graphql/scalars';
import { AuditChainBreak } from './audit-chain';
import { AuditActorKind, AuditEntry, AuditOutcome } from './audit-entry.entity';
import type { ChainVerification } from './audit.service';

registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: '操作结果',
  valuesMap: {
    SUCCESS: { description: '成功' },
    FAILURE: { description: '失败（输入有误、冲突等）' },
    DENIED: { description: '被拒绝（未登录、无权限、超出管辖范围、须先改密码等）' },
  },
});

registerEnumType(AuditActorKind, {
  name: 'AuditActorKind',
  description: '操作者类别',
  valuesMap: {
    ANONYMOUS: { description: '未登录者（如登录失败的尝试）' },
    ACCOUNT: { description: '账号' },
    API_KEY: { description: '对接系统的 API 密钥' },
    SYSTEM: { description: '系统（定时任务、命令行）' },
  },
});

registerEnumType(AuditChainBreak, {
  name: 'AuditChainBreak',
  description: '审计记录防篡改链断开的原因',
  valuesMap: {
    ALTERED: { description: '被改动：该条记录的内容与其认证码不符' },
    MISSING: { description: '缺失：该序号的记录已被删除' },
    RELINKED: { description: '链接不符：该条记录与前一条的认证码对不上（前后有记录被删除或替换）' },
  },
});

@ObjectType('AuditEntry', { description: '审计记录（只增不改）' })
export class AuditEntryModel {
  @Field(() => ID, { description: '标识（按记录的先后递增）' }) id: string;
  @Field(() => DateTimeScalar, { description: '记录时间（数据库写入的时刻）' }) at: Date;
  @Field(() => AuditActorKind, { description: '操作者类别' }) actorKind: AuditActorKind;
  @Field(() => ID, { nullable: true, description: '账号或密钥的全局标识' }) actorId: string | null;
  @Field({ description: '用户名、key:密钥名 或 system:任务' }) actorLabel: string;
  @Field(() => String, { nullable: true, description: '客户端地址' }) address: string | null;
  @Field({ description: '请求标识：服务器生成（与服务日志、错误中的 requestId 和响应头 X-Request-Id 对应）' }) requestId: string;
  @Field(() => String, { nullable: true, description: '客户端自带的请求标识（请求头 X-Request-Id，不超过 64 个可打印 ASCII 字符，否则不记录）' })
  clientRequestId: string | null;
  @Field({ description: '操作（GraphQL 字段名，或 ACCOUNT_LOCKED 等事件）' }) operation: string;
  @Field(() => String, {
    nullable: true,
    description: '对象类型：记录的类型名，如 Account、Organization、Hazard（随功能增加，不是固定的集合）；无具体对象时为空',
  })
  targetType: string | null;
  @Field(() => String, { nullable: true, description: '对象标识；无具体对象时为空' }) targetId: string | null;
  @Field(() => AuditOutcome, { description: '结果' }) outcome: AuditOutcome;
  @Field(() => String, { nullable: true, description: '失败时的错误码' }) errorCode: string | null;
  @Field(() => String, { nullable: true, description: '变更前后摘要（JSON，不含密码、密钥等机密）' }) summary: string | null;
  @Field(() => String, { nullable: true, description: '所属区划的路径（审计员按管辖范围查看）' }) scopePath: string | null;
  @Field(() => String, { nullable: true, description: '防篡改链中的序号（连续递增；链启用之前的记录为空）' }) chainSequence: string | null;
  @Field(() => String, { nullable: true, description: '防篡改链的消息认证码（HMAC，覆盖本条内容和上一条的认证码）' }) mac: string | null;

  static from(row: AuditEntry): AuditEntryModel {
    const m = new AuditEntryModel();
    const kind = row.actorKind === 'ACCOUNT' ? 'Account' : row.actorKind === 'API_KEY' ? 'ApiKey' : null;
    Object.assign(m, {
      id: row.id,
      at: row.at,
      actorKind: row.actorKind as AuditActorKind,
      actorId: kind && row.actorId ? toGlobalId(kind, row.actorId) : null,
      actorLabel: row.actorLabel,
      address: row.address,
      requestId: row.requestId,
      clientRequestId: row.clientRequestId,
      operation: row.operation,
      targetType: row.targetType,
      targetId: row.targetId,
      outcome: row.outcome,
      errorCode: row.errorCode,
      summary: row.summary ? JSON.stringify(row.summary) : null,
      scopePath: row.scopePath,
      chainSequence: row.chainSeq,
      mac: row.mac,
    });
    return m;
  }
}
@ObjectType('AuditEntryConnection', { description: '审计记录（新的在前）' })
export class AuditEntryConnection extends Connection(AuditEntryModel, 'AuditEntry') {}

@ObjectType('AuditChainBreakPoint', { description: '防篡改链第一个断开之处' })
export class AuditChainBreakPointModel {
  @Field({ description: '链中的序号' }) sequence: string;
  @Field(() => ID, { nullable: true, description: '该条记录的标识（已被删除时为空）' }) entryId: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: '该条记录的时间（已被删除时为空）' }) at: Date | null;
  @Field(() => AuditChainBreak, { description: '断开的原因' }) reason: AuditChainBreak;
}

@ObjectType('AuditChainVerification', { description: '审计记录防篡改链的校验结果（GB/T 22239-2019 8.1.4.7）' })
export class AuditChainVerificationModel {
  @Field(() => DateTimeScalar, { description: '校验的时段起（含）' }) from: Date;
  @Field(() => DateTimeScalar, { description: '校验的时段止（不含）' }) to: Date;
  @Field({ description: '该时段的记录是否完整、未被改动或删除' }) intact: boolean;
  @Field(() => Int, { description: '校验的记录条数' }) checkedCount: number;
  @Field(() => Int, { description: '该时段中防篡改链启用之前写入、无认证码可校验的记录条数' }) unchainedCount: number;
  @Field(() => AuditChainBreakPointModel, { nullable: true, description: '第一个断开之处；完整时为空' }) firstBreak: AuditChainBreakPointModel | null;

  static from(v: ChainVerification): AuditChainVerificationModel {
    return Object.assign(new AuditChainVerificationModel(), {
      from: v.from, to: v.to, intact: v.intact, checkedCount: v.checked, unchainedCount: v.unchained, firstBreak: v.firstBreak,
    });
  }
}
