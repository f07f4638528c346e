import { Field, Int, ObjectType } from '@nestjs/graphql';
import { CalendarDateScalar } from '../graphql/scalars';
import { FireLevel } from './inspections.enums';
import { InspectionPolicy } from './policy.entity';

@ObjectType('InspectionPolicy', { description: '检查政策参数（版本化；各记录保留所用版本）' })
export class InspectionPolicyModel {
  @Field(() => Int, { description: '版本号' }) version: number;
  @Field(() => CalendarDateScalar, { description: '生效日期' }) effectiveFrom: string;
  @Field(() => Int, { description: '检查人员下限' }) minInspectors: number;
  @Field(() => Int, { description: '发现后 N 个工作日内下达整改' }) orderWithinWorkingDays: number;
  @Field(() => Int, { description: '一般隐患默认整改期限（天）' }) defaultDeadlineDays: number;
  @Field(() => Int, { description: '一般隐患整改期限上限（下达整改之日起的天数；更长须延期审批：时间规则 T-INS-3）' }) maxDeadlineDays: number;
  @Field(() => Int, { description: '检查、隐患、火灾、举报的补录期限（天；时间规则 T-INS-1、T-INS-2、T-INS-5、T-INS-6）' }) lateRecordDays: number;
  @Field(() => Int, { description: '报告整改或期限届满后 N 个工作日内复查' }) recheckWithinWorkingDays: number;
  @Field(() => Int, { description: '疑似重大隐患 N 日内报告大队' }) majorReportDays: number;
  @Field(() => Int, { description: '堵塞出口、停用设施类举报 N 小时内核查' }) complaintUrgentHours: number;
  @Field(() => Int, { description: '其他举报 N 个工作日内核查' }) complaintOtherWorkingDays: number;
  @Field(() => Int, { description: '移交案件：县消防救援大队在移交后 N 个工作日内接收或退回' }) handOverAcceptWorkingDays: number;
  @Field(() => Int, { description: '移交案件：县消防救援大队在接收后 N 个工作日内登记处理结果' }) handOverOutcomeWorkingDays: number;
  @Field({ description: '各风险等级的检查间隔天数（JSON，键为 RiskLevel 的值）' }) inspectionIntervalDays: string;
  @Field(() => Int, { description: '重点单位检查间隔上限（天）' }) keyUnitIntervalDays: number;
  @Field({ description: '火灾等级阈值（JSON）' }) fireLevelThresholds: string;
  @Field(() => Int, { description: '死亡人数达到此数的火灾启动延伸调查（INS-6）' }) investigationMinDeaths: number;
  @Field(() => FireLevel, { description: '达到此等级的火灾启动延伸调查（INS-6）' }) investigationMinLevel: FireLevel;

  static from(row: InspectionPolicy): InspectionPolicyModel {
    return Object.assign(new InspectionPolicyModel(), {
      ...row, inspectionIntervalDays: JSON.stringify(row.inspectionIntervalDays), fireLevelThresholds: JSON.stringify(row.fireLevelThresholds),
      createdBy: undefined, createdAt: undefined,
    });
  }
}
