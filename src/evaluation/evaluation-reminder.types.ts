import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../kernel/permissions';
import { Connection } from '../graphql/connection';
import { toGlobalId } from '../graphql/global-id';
import { PeriodModel, periodModel } from '../graphql/period.types';
import { DateTimeScalar } from '../graphql/scalars';
import { EvaluationReminder } from './evaluation-reminder.entity';
import { ReminderKind } from './evaluation.enums';
import { MAX_ROUND_SUBJECTS } from './roster';

@ObjectType('EvaluationReminder', { description: '考评提醒（由定时任务生成：谁还没有提交或评分）' })
export class EvaluationReminderModel {
  @Field(() => ReminderKind, { description: '提醒的事项' }) kind: ReminderKind;
  @Field(() => Role, { description: '应办理的角色' }) audience: Role;
  @Field(() => PeriodModel, { description: '考评周期（月或季度）' }) period: PeriodModel;
  @Field(() => ID, { description: '工作站 id' }) stationId: string;
  @Field(() => [String], { description: `涉及的考评对象（名称），最多 ${MAX_ROUND_SUBJECTS} 个：一个工作站一期的考评对象` }) subjects: string[];
  @Field(() => DateTimeScalar, { description: '提醒生成的时刻' }) remindedAt: Date;

  static from(row: EvaluationReminder): EvaluationReminderModel {
    return Object.assign(new EvaluationReminderModel(), {
      kind: row.kind, audience: row.audience as Role, period: periodModel(row.periodKind, row.year, row.number), stationId: toGlobalId('Organization', row.stationId),
      subjects: row.subjects, remindedAt: row.remindedAt,
    });
  }
}
@ObjectType('EvaluationReminderConnection', { description: '考评提醒的分页列表（按周期，再按事项）' })
export class EvaluationReminderConnection extends Connection(EvaluationReminderModel, 'EvaluationReminder') {}
