import { HandOverState, LEGAL_MEASURE_LABELS, LegalMeasure } from './inspections.enums';
import { HAND_OVER_OVERDUE } from './overdue';

/**
 * The rules of a hand-over to the county brigade (domain defaults: stations have no enforcement power; a case
 * needing legal measures is handed over and tracked; INS-2). Pure: the service and the SQL of the lists, warnings
 * and the fire situation say the same thing as these functions (the SQL form is next to each; overdue: overdue.ts).
 */

export interface HandOverClock {
  state: HandOverState;
  acceptDueBy: string;
  outcomeDueBy: string | null;
}

/**
 * Overdue (Asia/Shanghai): a PENDING case whose accept day is over, an ACCEPTED one whose outcome day is over. A
 * case due 2027-03-15 is on time all through that day in Beijing. Returned and concluded cases are never overdue.
 * The predicate of the one declaration, HAND_OVER_OVERDUE (overdue.ts).
 */
export function handOverOverdue(c: HandOverClock, today: string): 'ACCEPT' | 'OUTCOME' | null {
  return HAND_OVER_OVERDUE.leg(c, today) as 'ACCEPT' | 'OUTCOME' | null;
}

/** The SQL form of `handOverOverdue(…) !== null` over a hand_over alias; `today` a date parameter (HAND_OVER_OVERDUE). */
export function handOverOverdueSql(alias: string, today: string): string {
  return HAND_OVER_OVERDUE.sql(alias, today);
}

export interface MeasureInput {
  measure: LegalMeasure;
  amountYuan?: number | null;
}

/**
 * What a hand-over's outcome may say about its measures (INS-2, hand-over): at least one, each once; 立案 exactly when
 * the brigade filed the case on accepting it, 不予立案 exactly when it did not; a fine only in a filed case and with
 * its amount, an amount only with a fine. Returns the first problem as [the input path under `input.`, zh-CN reason]
 * (`measures`, `measures.2.measure`, `measures.2.amountYuan`), or null.
 */
export function measuresProblem(measures: readonly MeasureInput[], caseFiled: boolean): [string, string] | null {
  if (measures.length === 0) return ['measures', '须至少登记一项法律措施'];
  const seen = new Set<LegalMeasure>();
  for (const [i, m] of measures.entries()) {
    if (seen.has(m.measure)) return [`measures.${i}.measure`, `“${LEGAL_MEASURE_LABELS[m.measure]}”重复登记`];
    seen.add(m.measure);
    if (m.measure === LegalMeasure.FINE && !(typeof m.amountYuan === 'number' && m.amountYuan > 0)) return [`measures.${i}.amountYuan`, '罚款须填写金额（元，大于 0）'];
    if (m.measure !== LegalMeasure.FINE && m.amountYuan !== undefined && m.amountYuan !== null) return [`measures.${i}.amountYuan`, '只有罚款填写金额'];
  }
  if (caseFiled && !seen.has(LegalMeasure.CASE_FILED)) return ['measures', '接收时已决定立案，处理结果须包含“立案”'];
  if (caseFiled && seen.has(LegalMeasure.NOT_FILED)) return ['measures', '接收时已决定立案，不能登记“不予立案”'];
  if (!caseFiled && !seen.has(LegalMeasure.NOT_FILED)) return ['measures', '接收时决定不予立案，处理结果须包含“不予立案”'];
  if (!caseFiled && seen.has(LegalMeasure.CASE_FILED)) return ['measures', '接收时决定不予立案，不能登记“立案”'];
  if (!caseFiled && seen.has(LegalMeasure.FINE)) return ['measures', '罚款须立案后作出，不予立案的案件不能登记罚款'];
  return null;
}
