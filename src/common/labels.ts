/**
 * The zh-CN label of an enum value or a lifecycle step, for messages a person reads: 「状态为“退回修改”，不能执行
 * “审核通过”」, never 「状态为 RETURNED，不能ACCEPT」 (the codes stay in the error's extensions for programs). Every
 * enum registered through graphql/enums.ts `registerEnum` is known here with the labels its GraphQL descriptions
 * carry; a value not known answers itself.
 */
const LABELS = new Map<object, Readonly<Record<string, string>>>();

/** Records the labels of an enum (or of the steps of a lifecycle, which are not GraphQL enums). */
export function rememberLabels<K extends string>(values: object, labels: Readonly<Record<K, string>>): void {
  LABELS.set(values, labels);
}

/** The label of one value, e.g. `labelOf(HazardStatus, 'RECTIFYING')` → 整改中. */
export function labelOf(values: object, value: string): string {
  return LABELS.get(values)?.[value] ?? value;
}

/** Several values, quoted and joined: “报告整改完成”、“复查合格”; `none` when there are none. */
export function labelsOf(values: object, list: readonly string[], none = '无'): string {
  return list.length ? list.map((v) => `“${labelOf(values, v)}”`).join('、') : none;
}
