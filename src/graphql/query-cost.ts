import type { ApolloServerPlugin } from '@apollo/server';
import { getComplexity } from 'graphql-query-complexity';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { getNamedType, getVariableValues, GraphQLError, isLeafType, isObjectType, Kind } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';
import { DEFAULT_PAGE_SIZE } from './connection';
import { AppError, BadUserInputError, ErrorCode } from './errors';
import type { FieldProblem } from './errors';
import type { GraphQLContext } from './request-context';

/** The bounds of one request (issue 8); depth and cost come from configuration. */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** The longest list any argument may carry, at any depth of an input object. */
  maxListLength: number;
}

export const MAX_LIST_ARGUMENT = 100;

/**
 * The cost of a field, in the manner of public GraphQL APIs: an object field costs 1 plus its selections; a
 * connection costs 2 plus `first` (or `last`, default 20) times its selections, so a nested connection
 * multiplies; scalars and enums are free except as root fields (each root field costs at least 1, so aliases
 * of a cheap field still add up). Plain lists (a hazard's history) are bounded by the domain and not multiplied.
 */
export const connectionCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const named = getNamedType(field.type);
  if (isObjectType(named) && named.name.endsWith('Connection') && 'edges' in named.getFields()) {
    const size = Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE);
    return 2 + Math.max(0, Number.isFinite(size) ? size : 0) * childComplexity;
  }
  const root = type.name === 'Query' || type.name === 'Mutation';
  if (isLeafType(named)) return root ? 1 : 0;
  return 1 + childComplexity;
};

/** The depth of the deepest field an operation selects (a root field is depth 1), fragments followed. */
export function operationDepth(operation: OperationDefinitionNode, document: DocumentNode): number {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  // validation has already refused fragment cycles; the set only guards against a malformed document
  const depthOf = (set: SelectionSetNode, active: Set<string>): number => {
    let deepest = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        // introspection is governed by GRAPHQL_INTROSPECTION, not by this limit
        if (s.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + (s.selectionSet ? depthOf(s.selectionSet, active) : 0));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(s.selectionSet, active));
      } else {
        const fragment = fragments.get(s.name.value);
        if (!fragment || active.has(s.name.value)) continue;
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set(active).add(s.name.value)));
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
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

/**
 * Bounds the cost of a request before anything runs (issue 8): the depth of the operation, a list argument
 * longer than 100, and its estimated cost, which accumulates on the request context, so every operation an HTTP
 * request carries draws on the one budget, as aliases inside an operation do.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue }) {
          if (!operation) return;
          const depth = operationDepth(operation, document);
          if (depth > limits.maxDepth) {
            throw new AppError(ErrorCode.QUERY_TOO_DEEP, `查询嵌套过深：${depth} 层，最多 ${limits.maxDepth} 层`, {
              depth, maxDepth: limits.maxDepth, http: { status: 400 },
            });
          }
          const problems = longLists(operation, document, request.variables ?? {}, limits.maxListLength);
          if (problems.length > 0) {
            const error = new BadUserInputError(problems);
            (error.extensions as Record<string, unknown>).http = { status: 400 };
            throw error;
          }
          // variables that do not fit their types are refused by execution (BAD_USER_INPUT) before any resolver runs
          if (getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}).errors) return;
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
