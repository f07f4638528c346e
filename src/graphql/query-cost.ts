import type { ApolloServerPlugin } from '@apollo/server';
import { getComplexity } from 'graphql-query-complexity';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { getNamedType, getNullableType, getVariableValues, GraphQLError, isLeafType, isListType, isObjectType, Kind } from 'graphql';
import type { DocumentNode, FieldNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';
import { DEFAULT_PAGE_SIZE } from './connection';
import { AppError, BadUserInputError, ErrorCode } from '../kernel/errors';
import type { FieldProblem } from '../kernel/errors';
import type { GraphQLContext } from '../kernel/request-context';

/** The bounds of one request (GB/T 22239-2019 8.1.4.4 d); depth and cost come from configuration. */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** The longest list any argument may carry, at any depth of an input object. */
  maxListLength: number;
}

/**
 * The largest JSON body (a GraphQL request: document and variables), checked before it is parsed. Sized for the
 * largest legitimate request: every input at its declared bounds (bench/largest-request.mjs measures it), with
 * room for a client that escapes every Chinese character as \uXXXX.
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The most `__type` root fields one request may hold (introspection is free under the cost rules). */
export const MAX_TYPE_LOOKUPS = 20;

/** The size assumed of a list that is not a connection and not sized by an argument (a hazard's history). */
export const UNPAGED_LIST_SIZE = 10;

/**
 * The cost of a field, in the manner of public GraphQL APIs: an object field costs 1 plus its selections; a
 * connection costs 2 plus `first` (or `last`, default 20) times its selections (pageInfo included), so a nested
 * connection multiplies; `nodes(ids:)` multiplies by the ids given, another list of objects by 10; scalars and
 * enums are free except as root fields (each root field costs at least 1, so aliases of a cheap field add up).
 */
export const connectionCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Introspection is governed by GRAPHQL_INTROSPECTION, not by the cost limit: the console's own schema query
  // (GraphiQL 4, ~15,000 under these rules) must never be refused. graphql-js bounds its nesting itself
  // (MaxIntrospectionDepthRule, among the specified validation rules since 16.9).
  if (field.name === '__schema' || field.name === '__type' || type.name.startsWith('__')) return 0;
  const named = getNamedType(field.type);
  if (isObjectType(named) && named.name.endsWith('Connection') && 'edges' in named.getFields()) {
    const size = Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE);
    return 2 + Math.max(0, Number.isFinite(size) ? size : 0) * childComplexity;
  }
  const root = type.name === 'Query' || type.name === 'Mutation';
  if (isLeafType(named)) return root ? 1 : 0;
  // a connection's edges are what its `first` already counted
  if (isListType(getNullableType(field.type)) && !type.name.endsWith('Connection')) {
    const size = Array.isArray(args.ids) ? args.ids.length : UNPAGED_LIST_SIZE;
    return 1 + size * childComplexity;
  }
  return 1 + childComplexity;
};

/**
 * The depth of the deepest field an operation selects (a root field is depth 1), fragments followed. Each
 * fragment's depth is computed once: a chain of fragments each spreading the next twice would otherwise take
 * time exponential in its length (validation has already refused cycles; `active` guards a malformed document).
 */
export function operationDepth(operation: OperationDefinitionNode, document: DocumentNode): number {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const known = new Map<string, number>();
  const active = new Set<string>();
  const depthOf = (set: SelectionSetNode): number => {
    let deepest = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        // introspection is governed by GRAPHQL_INTROSPECTION, not by this limit
        if (s.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + (s.selectionSet ? depthOf(s.selectionSet) : 0));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(s.selectionSet));
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        if (!fragment || active.has(name)) continue;
        if (!known.has(name)) {
          active.add(name);
          known.set(name, depthOf(fragment.selectionSet));
          active.delete(name);
        }
        deepest = Math.max(deepest, known.get(name)!);
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet);
}

/**
 * Every list an operation's arguments carry longer than `max`: literal lists and lists inside variables, at any
 * depth of an input object. Paths are `field.argument.inner` (the response key, so aliases are told apart).
 */
export function longLists(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown>,
  max: number,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const reason = `列表最多 ${max} 项`;
  const inValue = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      if (value.length > max) problems.push({ field: path, reason });
      value.forEach((v, i) => inValue(v, `${path}.${i}`));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) inValue(v, `${path}.${k}`);
    }
  };
  const inNode = (node: ValueNode, path: string): void => {
    if (node.kind === Kind.VARIABLE) inValue(variables[node.name.value], path);
    else if (node.kind === Kind.LIST) {
      if (node.values.length > max) problems.push({ field: path, reason });
      node.values.forEach((v, i) => inNode(v, `${path}.${i}`));
    } else if (node.kind === Kind.OBJECT) {
      for (const f of node.fields) inNode(f.value, `${path}.${f.name.value}`);
    }
  };
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        for (const arg of s.arguments ?? []) inNode(arg.value, `${key}.${arg.name.value}`);
        if (s.selectionSet) walk(s.selectionSet);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value) && fragments.has(s.name.value)) {
        seen.add(s.name.value);
        walk(fragments.get(s.name.value)!.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return problems;
}

/** How many root fields of `names` (or matching a predicate) an operation selects, fragments included. */
export function countRootFields(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  names: Set<string> | ((f: FieldNode) => boolean),
): number {
  const matches = typeof names === 'function' ? names : (f: FieldNode) => names.has(f.name.value);
  const fragments = new Map(
    document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [(d as { name: { value: string } }).name.value, d as { selectionSet: SelectionSetNode }]),
  );
  const seen = new Set<string>();
  const count = (set: SelectionSetNode): number =>
    set.selections.reduce((n, s) => {
      if (s.kind === Kind.FIELD) return n + (matches(s) ? 1 : 0);
      if (s.kind === Kind.INLINE_FRAGMENT) return n + count(s.selectionSet);
      const name = s.name.value;
      if (seen.has(name) || !fragments.has(name)) return n;
      seen.add(name);
      return n + count(fragments.get(name)!.selectionSet);
    }, 0);
  return count(operation.selectionSet);
}

/**
 * Whether an alias appears inside `__schema` or `__type` (fragments followed, each once). Without aliases an
 * introspection answer is bounded by the schema's size (graphql-js's MaxIntrospectionDepthRule bounds its nesting);
 * with them one small document could ask for the schema hundreds of times over. GraphiQL and codegen use none.
 */
export function aliasedIntrospection(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const seen = new Set<string>();
  const aliased = (set: SelectionSetNode, inside: boolean): boolean =>
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) {
        const entering = inside || s.name.value === '__schema' || s.name.value === '__type';
        return (inside && s.alias !== undefined) || (s.selectionSet !== undefined && aliased(s.selectionSet, entering));
      }
      if (s.kind === Kind.INLINE_FRAGMENT) return aliased(s.selectionSet, inside);
      const key = `${s.name.value}:${inside}`;
      if (seen.has(key) || !fragments.has(s.name.value)) return false;
      seen.add(key);
      return aliased(fragments.get(s.name.value)!.selectionSet, inside);
    });
  return aliased(operation.selectionSet, false);
}

/**
 * Bounds the cost of a request before anything runs (GB/T 22239-2019 8.1.4.4 d): the depth of the operation, a list
 * argument longer than 100, and its estimated cost. The cost is kept on the request context: the budget is the HTTP
 * request's (one operation per request, since batches are refused; aliases each count).
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue }) {
          if (!operation) return;
          // Introspection costs nothing under the cost rules (connectionCost), so its aliases are bounded here: one
          // whole schema per request, a few single types (the console asks for one __schema, nothing else).
          if (countRootFields(operation, document, new Set(['__schema'])) > 1 || countRootFields(operation, document, new Set(['__type'])) > MAX_TYPE_LOOKUPS
            || aliasedIntrospection(operation, document)) {
            throw new AppError(ErrorCode.BAD_REQUEST, `内省查询受限：一个请求最多一次 __schema、${MAX_TYPE_LOOKUPS} 次 __type，且其中不能使用别名`, { http: { status: 400 } });
          }
          const depth = operationDepth(operation, document);
          if (depth > limits.maxDepth) {
            throw new AppError(ErrorCode.QUERY_TOO_DEEP, `查询嵌套过深：${depth} 层，最多 ${limits.maxDepth} 层`, {
              depth, maxDepth: limits.maxDepth, http: { status: 400 },
            });
          }
          // variables that do not fit their types are refused by execution (BAD_USER_INPUT) before any resolver runs
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (variables.errors) return;
          // the coerced values: a variable's default counts as much as a value sent
          const problems = longLists(operation, document, variables.coerced, limits.maxListLength);
          if (problems.length > 0) {
            const error = new BadUserInputError(problems);
            (error.extensions as Record<string, unknown>).http = { status: 400 };
            throw error;
          }
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [connectionCost],
            });
          } catch (error) {
            // the estimator gives up on a document of more than 10,000 field nodes (fragments spread many times)
            if (!(error instanceof GraphQLError)) throw error;
            throw new AppError(ErrorCode.QUERY_TOO_COSTLY, '查询包含的字段过多，无法估算代价', { maxCost: limits.maxCost, http: { status: 400 } });
          }
          const spent = (contextValue.ctx.queryCost += cost);
          if (spent > limits.maxCost) {
            throw new AppError(ErrorCode.QUERY_TOO_COSTLY, `查询代价过高：估算 ${spent}，上限 ${limits.maxCost}；请减少每页条数（first）、嵌套的列表或别名`, {
              cost: spent, maxCost: limits.maxCost, http: { status: 400 },
            });
          }
        },
      };
    },
  };
}
