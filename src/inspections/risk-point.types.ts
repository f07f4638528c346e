import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { EnumField, IdField, IntField, TextField } from '../graphql/input-fields';
import { modelOf } from '../graphql/model';
import { Node } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';
import { RiskLevel } from './inspections.enums';
import { RiskObservation, RiskPoint } from './risk-point.entity';

@ObjectType('RiskObservation', { description: '风险点监测记录' })
export class RiskObservationModel {
  @Field(() => DateTimeScalar, { description: '监测时间' }) observedAt: Date;
  @Field({ description: '监测情况' }) note: string;
  @Field(() => RiskLevel, { nullable: true, description: '此次调整后的等级；未调整为空' }) level: RiskLevel | null;
  @Field({ description: '记录人' }) observedBy: string;

  static from(row: RiskObservation): RiskObservationModel {
    return Object.assign(new RiskObservationModel(), { observedAt: row.observedAt, note: row.note, level: row.level, observedBy: row.observedBy });
  }
}
@ObjectType('RiskObservationConnection', { description: '风险点监测记录的分页列表（Relay 连接）' })
export class RiskObservationConnection extends Connection(RiskObservationModel, 'RiskObservation') {}

@ObjectType('RiskPoint', { implements: () => [Node], description: '火灾风险点（INS-3）' })
export class RiskPointModel implements Node {
  @Field(() => ID, { description: '全局标识' }) id: string;
  @Field({ description: '名称' }) name: string;
  @Field({ description: '风险描述' }) description: string;
  @Field(() => RiskLevel, { description: '当前风险等级' }) level: RiskLevel;
  @Field(() => Int, { description: '版本号（记录监测时作 expectedVersion）' }) version: number;
  readonly row: RiskPoint;

  static from(row: RiskPoint): RiskPointModel {
    return modelOf(new RiskPointModel(), row, { id: toGlobalId('RiskPoint', row.id), name: row.name, description: row.description, level: row.level, version: row.version });
  }
}
@ObjectType('RiskPointConnection', { description: '风险点的分页列表（Relay 连接）' })
export class RiskPointConnection extends Connection(RiskPointModel, 'RiskPoint') {}

@InputType({ description: '登记风险点' })
export class CreateRiskPointInput {
  @IdField({ optional: true, description: '所在场所（与 regionId 二选一）' }) premisesId?: string;
  @IdField({ optional: true, description: '无场所时：所在区划' }) regionId?: string;
  @TextField(100, { description: '名称' }) name: string;
  @TextField(1000, { description: '风险描述' }) description: string;
  @EnumField(RiskLevel, { description: '风险等级' }) level: RiskLevel;
}

@InputType({ description: '风险点监测记录（可调整等级）' })
export class RecordRiskObservationInput {
  @IdField({ description: '风险点' }) riskPointId: string;
  @IntField(1, 2_147_483_647, { optional: true, description: '读取时的版本（乐观锁）' }) expectedVersion?: number;
  @TextField(1000, { description: '监测情况' }) note: string;
  @EnumField(RiskLevel, { optional: true, description: '调整后的等级；不调整则不填' }) level?: RiskLevel;
}
