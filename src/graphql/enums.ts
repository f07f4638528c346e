import { registerEnumType } from '@nestjs/graphql';

/** Registers a GraphQL enum whose values carry their zh-CN term as description. */
export function registerEnum<E extends Record<string, string>>(values: E, name: string, description: string, labels: Record<E[keyof E], string>): void {
  registerEnumType(values, {
    name,
    description,
    valuesMap: Object.fromEntries(Object.values(values).map((v) => [v, { description: labels[v as E[keyof E]] }])) as never,
  });
}
