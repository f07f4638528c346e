import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum } from 'class-validator';
import { Role } from '../kernel/permissions';
import { DateField, IntField, NestedField, NumberField, TextField } from '../graphql/input-fields';
import { CalendarDateScalar } from '../graphql/scalars';
import { EvaluationPolicy } from './evaluation-policy.entity';
import { Grade } from './evaluation.enums';

@ObjectType('GradeLabel', { description: '等次的显示名称' })
export class GradeLabelModel {
  @Field(() => Grade, { description: '等次' }) grade: Grade;
  @Field({ description: '显示名称' }) label: string;
}

@ObjectType('EvaluationPolicy', { description: '考评政策（版本化；一个周期按其首日生效的版本计算，结果记录所用版本）' })
export class EvaluationPolicyModel {
  @Field(() => Int, { description: '版本号' }) version: number;
  @Field(() => CalendarDateScalar, { description: '生效日期（某月 1 日）' }) effectiveFrom: string;
  @Field(() => Int, { description: '月度：工作述职权重（%）' }) monthlyReportWeight: number;
  @Field(() => Int, { description: '月度：民主评议权重（%）' }) monthlyAppraisalWeight: number;
  @Field(() => Int, { description: '季度：业务理论考试权重（%）' }) quarterlyExamWeight: number;
  @Field(() => Int, { description: '季度：民主评议权重（%）' }) quarterlyAppraisalWeight: number;
  @Field(() => Int, { description: '年度：月度平均分权重（%）' }) annualMonthlyWeight: number;
  @Field(() => Int, { description: '年度：季度平均分权重（%）' }) annualQuarterlyWeight: number;
  @Field(() => Int, { description: '述职评分：指导中心权重（%）' }) centerWeight: number;
  @Field(() => Int, { description: '述职评分：乡镇人民政府权重（%）' }) townshipWeight: number;
  @Field(() => Float, { description: '优秀线（含）' }) excellentMin: number;
  @Field(() => Float, { description: '良好线（含）' }) goodMin: number;
  @Field(() => Float, { description: '称职线（含）；以下为不称职' }) competentMin: number;
  @Field(() => Int, { nullable: true, description: '年度优秀比例上限（%，向下取整；空为不限）' }) excellentCapPercent: number | null;
  @Field(() => Int, { description: '有效票多于此数时去掉一个最高分和一个最低分' }) appraisalTrimAbove: number;
  @Field(() => Int, { description: '民主评议定稿所需的最少有效票数（至少 3；票数不足不能定稿，以免平均分暴露个人评分，EVA-1、EVA-2）' }) appraisalMinBallots: number;
  @Field(() => Int, { description: '参加年度考评定等至少计入的月数' }) annualMinMonths: number;
  @Field(() => [Role], { description: '民主评议的评议人角色，最多 8 个（发布时限定）' }) raterRoles: Role[];
  @Field(() => [GradeLabelModel], { description: '各等次的显示名称，最多 4 条（EVA-4 的四个等次各一条）' }) gradeLabels: GradeLabelModel[];
  @Field({ description: '发布人' }) createdBy: string;

  static from(row: EvaluationPolicy): EvaluationPolicyModel {
    const { gradeLabels, raterRoles, createdAt: _createdAt, ...rest } = row;
    return Object.assign(new EvaluationPolicyModel(), rest, {
      raterRoles: raterRoles as Role[],
      gradeLabels: Object.values(Grade).map((grade) => ({ grade, label: gradeLabels[grade] })),
    });
  }
}

@InputType({ description: '等次显示名称' })
export class GradeLabelsInput {
  @TextField(20, { description: 'EXCELLENT 的显示名称（默认 优秀）' }) excellent: string;
  @TextField(20, { description: 'GOOD 的显示名称（默认 良好）' }) good: string;
  @TextField(20, { description: 'COMPETENT 的显示名称（默认 称职）' }) competent: string;
  @TextField(20, { description: 'INCOMPETENT 的显示名称（默认 不称职）' }) incompetent: string;
}

@InputType({ description: '发布考评政策新版本（县消委办；只对以后的周期生效）' })
export class PublishEvaluationPolicyInput {
  @DateField({ description: '生效日期：今天以后某月的 1 日' }) effectiveFrom: string;
  @IntField(0, 100, { description: '月度：工作述职权重（%，与民主评议权重合计 100）' }) monthlyReportWeight: number;
  @IntField(0, 100, { description: '月度：民主评议权重（%）' }) monthlyAppraisalWeight: number;
  @IntField(0, 100, { description: '季度：业务理论考试权重（%，与民主评议权重合计 100）' }) quarterlyExamWeight: number;
  @IntField(0, 100, { description: '季度：民主评议权重（%）' }) quarterlyAppraisalWeight: number;
  @IntField(0, 100, { description: '年度：月度平均分权重（%，与季度平均分权重合计 100）' }) annualMonthlyWeight: number;
  @IntField(0, 100, { description: '年度：季度平均分权重（%）' }) annualQuarterlyWeight: number;
  @IntField(0, 100, { description: '述职评分：指导中心权重（%，与乡镇人民政府权重合计 100）' }) centerWeight: number;
  @IntField(0, 100, { description: '述职评分：乡镇人民政府权重（%）' }) townshipWeight: number;
  @NumberField(0, 100, { description: '优秀线（含，最多两位小数）' }) excellentMin: number;
  @NumberField(0, 100, { description: '良好线（含）' }) goodMin: number;
  @NumberField(0, 100, { description: '称职线（含）；以下为不称职' }) competentMin: number;
  @IntField(0, 100, { optional: true, description: '年度优秀比例上限（%）；不填为不限' }) excellentCapPercent?: number | null;
  @IntField(2, 100, { description: '有效票多于此数时去掉一个最高分和一个最低分（至少 2）' }) appraisalTrimAbove: number;
  @IntField(3, 100, { optional: true, description: '民主评议定稿所需的最少有效票数（3–100；不填沿用上一版本，默认 3，EVA-1、EVA-2）' }) appraisalMinBallots?: number | null;
  @IntField(1, 12, { description: '参加年度考评定等至少计入的月数（1–12）' }) annualMinMonths: number;
  @Field(() => [Role], { description: '民主评议的评议人角色（1 至 8 个）' }) @ArrayMinSize(1) @ArrayMaxSize(8) @IsEnum(Role, { each: true }) raterRoles: Role[];
  @NestedField(() => GradeLabelsInput, { optional: true, description: '不填沿用 优秀、良好、称职、不称职' }) gradeLabels?: GradeLabelsInput | null;
}
