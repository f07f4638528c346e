import { registerEnumType } from '@nestjs/graphql';
import { rememberLabels } from '../common/labels';

/** Registers a GraphQL enum whose values carry their zh-CN term as description. */
export function registerEnum<E extends Record<string, string>>(values: E, name: string, description: string, labels: Record<E[keyof E], string>): void {
  // the same labels name the values in messages (common/labels.ts)
  rememberLabels(values, labels);
  registerEnumType(values, {
    name,
    description,
    valuesMap: Object.fromEntries(Object.values(values).map((v) => [v, { description: labels[v as E[keyof E]] }])) as never,
  });
}
