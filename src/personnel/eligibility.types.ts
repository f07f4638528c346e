import { Field, Int, ObjectType } from '@nestjs/graphql';
import { CalendarDateScalar, DateTimeScalar } from '../graphql/scalars';
import type { RuleVerdict } from './eligibility.rules';
import { EligibilityRule, eligibilityRuleOf, EligibilityStage, Verdict } from './personnel.enums';

@ObjectType('ApprovedDeviation', { description: '已批准的偏离' })
export class ApprovedDeviationModel {
  @Field({ description: '书面理由' }) justification: string;
  @Field({ description: '批准人' }) approvedBy: string;
  @Field(() => DateTimeScalar, { description: '批准时刻' }) approvedAt: Date;
}

@ObjectType('RuleVerdict', { description: '一条规则的审查结论' })
export class RuleVerdictModel {
  @Field(() => EligibilityRule, { description: '规则编号' }) rule: EligibilityRule;
  @Field(() => Verdict, { description: '结论' }) verdict: Verdict;
  @Field({ description: '说明（含所用数值）' }) explanation: string;
  @Field(() => EligibilityStage, { description: '这条规则把关的环节' }) stage: EligibilityStage;
  @Field(() => ApprovedDeviationModel, { nullable: true, description: '已批准的偏离（结论为 DEVIATION 时）' }) deviation: ApprovedDeviationModel | null;

  static from(v: RuleVerdict): RuleVerdictModel {
    return Object.assign(new RuleVerdictModel(), { rule: eligibilityRuleOf(v.rule), verdict: v.verdict, explanation: v.explanation, stage: v.stage as EligibilityStage, deviation: v.deviation });
  }
}

@ObjectType('Eligibility', { description: '选调条件审查（PER-1 至 PER-9）' })
export class EligibilityModel {
  @Field(() => CalendarDateScalar, { description: '审查日期（北京时间）' }) asOf: string;
  @Field(() => Int, { description: '所用人员政策版本' }) policyVersion: number;
  @Field({ description: '可以选调' }) eligibleForSelection: boolean;
  @Field({ description: '可以上岗（另须考试合格、未超编）' }) eligibleForDuty: boolean;
  @Field(() => [RuleVerdictModel], { description: '逐条结论，最多 9 条（PER-1 至 PER-9 各一条）' }) verdicts: RuleVerdictModel[];
}
