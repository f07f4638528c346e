import { Field, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';
import { DateTimeScalar } from '../graphql/scalars';
import { RecordCorrection } from './record-correction.entity';

@ObjectType('RecordCorrection', { description: '记录的一处更正：被替换的原值、新值、原因、更正人和时间（只增不改）' })
export class RecordCorrectionModel {
  @Field({ description: '被更正的字段（与 API 中的字段名相同）' }) field: string;
  @Field(() => String, { nullable: true, description: '原值（JSON 文本；原来为空时为空；手机号只存脱敏值）' }) oldValue: string | null;
  @Field(() => String, { nullable: true, description: '新值（JSON 文本；清空时为空；手机号只存脱敏值）' }) newValue: string | null;
  @Field({ description: '更正原因' }) reason: string;
  @Field({ description: '更正人' }) correctedBy: string;
  @Field(() => DateTimeScalar, { description: '更正时间' }) correctedAt: Date;

  static from(row: RecordCorrection): RecordCorrectionModel {
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    return Object.assign(new RecordCorrectionModel(), {
      field: row.field, oldValue: json(row.oldValue), newValue: json(row.newValue), reason: row.reason, correctedBy: row.correctedBy, correctedAt: row.correctedAt,
    });
  }
}

@ObjectType('RecordCorrectionConnection', { description: '更正记录的分页列表（由早到晚）' })
export class RecordCorrectionConnection extends Connection(RecordCorrectionModel, 'RecordCorrection') {}
