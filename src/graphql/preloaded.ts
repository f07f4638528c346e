import { GraphQLSchema, isObjectType } from 'graphql';

const PRELOADED = Symbol('preloaded');
type WithPreloaded = { [PRELOADED]?: Record<string, unknown> };

/**
 * Hands a model the values of some of its nested fields, read by the same statement as the model under the same
 * access check (docs/performance.md: a list page joins what the query selects). Those fields then answer from the model
 * and skip their resolver: no loader, no per-field pipeline.
 */
export function preload<M extends object>(model: M, values: Record<string, unknown>): M {
  Object.defineProperty(model, PRELOADED, { value: values, enumerable: false });
  return model;
}

/** Wraps every resolver of the schema's object types so that a preloaded value answers first. */
export function answerPreloadedFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      field.resolve = (source, args, context, info) => {
        const preloaded = (source as WithPreloaded | null)?.[PRELOADED];
        return preloaded && Object.hasOwn(preloaded, info.fieldName) ? preloaded[info.fieldName] : resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
