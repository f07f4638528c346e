import { getNamedType, isAbstractType, isCompositeType, isObjectType, Kind } from 'graphql';
import type {
  FragmentDefinitionNode, GraphQLObjectType, GraphQLSchema, OperationDefinitionNode, SelectionSetNode, DirectiveNode,
} from 'graphql';
import { AppError } from '../kernel/errors';
import type { Actor } from '../kernel/request-context';
import type { AccessRule } from '../kernel/access.decorators';
import { permissionWords, refusalOf } from './access-decision';
import type { Permission } from '../kernel/permissions';

/** A field of a mutation's selection the actor may not read, by its path of field names (`recordFire.investigation`). */
export interface RefusedField {
  path: string;
  field: string;
  refusal: AppError;
}

/** The rules of the running schema, `Type.field` → rule (access-matrix.ts `collectOperations`, the guard's own metadata). */
export type FieldRules = ReadonlyMap<string, AccessRule>;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  rules: FieldRules;
  actor: Actor;
  found: RefusedField[];
}

/**
 * Every field a mutation operation selects (through aliases, fragments, inline fragments and nested objects, minus
 * what @skip/@include leave out) whose declared rule refuses the actor: the root fields themselves and every field
 * of their payloads. A committed write never answers with an error: an operation with any such field is refused
 * whole, before its first field runs (auth.guard.ts), so nothing is written.
 */
export function refusedMutationFields(
  schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>, rules: FieldRules, actor: Actor,
): RefusedField[] {
  const mutation = schema.getMutationType();
  if (operation.operation !== 'mutation' || !mutation) return [];
  const walk: Walk = { schema, fragments, variables, rules, actor, found: [] };
  visit(walk, operation.selectionSet, [mutation], '');
  const seen = new Set<string>();
  return walk.found.filter((f) => {
    const key = `${f.path}|${f.refusal.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `types`: the object types the selection set may run on (one, or every possible type of an interface or union). */
function visit(walk: Walk, set: SelectionSetNode, types: readonly GraphQLObjectType[], path: string): void {
  for (const selection of set.selections) {
    if (!included(walk, selection.directives)) continue;
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      const here = path ? `${path}.${name}` : name;
      let refused = false;
      const below: GraphQLObjectType[] = [];
      for (const type of types) {
        const def = type.getFields()[name];
        if (!def) continue;
        const rule = walk.rules.get(`${type.name}.${name}`);
        const refusal = rule ? refusalOf(rule, walk.actor) : null;
        if (refusal) {
          walk.found.push({ path: here, field: name, refusal });
          refused = true;
          continue;
        }
        const named = getNamedType(def.type);
        if (isCompositeType(named)) below.push(...objectTypes(walk.schema, named));
      }
      // a refused field is removed whole: what it would select is not looked at
      if (!refused && selection.selectionSet && below.length > 0) visit(walk, selection.selectionSet, unique(below), here);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      visit(walk, selection.selectionSet, narrow(walk, types, selection.typeCondition?.name.value), path);
    } else {
      const fragment = walk.fragments[selection.name.value];
      if (fragment) visit(walk, fragment.selectionSet, narrow(walk, types, fragment.typeCondition.name.value), path);
    }
  }
}

function objectTypes(schema: GraphQLSchema, type: ReturnType<typeof getNamedType>): GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  return isAbstractType(type) ? [...schema.getPossibleTypes(type)] : [];
}

function narrow(walk: Walk, types: readonly GraphQLObjectType[], condition: string | undefined): GraphQLObjectType[] {
  if (!condition) return [...types];
  const target = walk.schema.getType(condition);
  if (!target) return [];
  const allowed = new Set(objectTypes(walk.schema, target).map((t) => t.name));
  return types.filter((t) => allowed.has(t.name));
}

function unique(types: GraphQLObjectType[]): GraphQLObjectType[] {
  return [...new Map(types.map((t) => [t.name, t])).values()];
}

/** @skip(if:) and @include(if:), with literal or variable conditions. */
function included(walk: Walk, directives: readonly DirectiveNode[] | undefined): boolean {
  for (const d of directives ?? []) {
    const arg = d.arguments?.find((a) => a.name.value === 'if');
    if (!arg) continue;
    const value = arg.value.kind === Kind.BOOLEAN ? arg.value.value : arg.value.kind === Kind.VARIABLE ? walk.variables[arg.value.name.value] === true : false;
    if (d.name.value === 'skip' && value) return false;
    if (d.name.value === 'include' && !value) return false;
  }
  return true;
}

/**
 * The one answer to an operation that selects what its actor may not read: FORBIDDEN (or what the first refusal
 * says, e.g. a gate), naming each field path and, for a permission, what it lets one do, in zh-CN; the permission
 * codes stay in `extensions.permission` / `extensions.fields`. Nothing of the operation has run.
 */
export function payloadRefusal(found: RefusedField[]): AppError {
  const byReason = new Map<string, RefusedField[]>();
  for (const f of found) {
    const permission = f.refusal.extensions.permission as Permission | undefined;
    const key = permission ?? f.refusal.message;
    byReason.set(key, [...(byReason.get(key) ?? []), f]);
  }
  const parts: string[] = [];
  for (const fields of byReason.values()) {
    const permission = fields[0].refusal.extensions.permission as Permission | undefined;
    const names = [...new Set(fields.map((f) => f.field))].join('、');
    const paths = fields.map((f) => f.path).join('、');
    if (fields.every((f) => !f.path.includes('.'))) {
      // a root field of the operation itself
      parts.push(`${paths}：${fields[0].refusal.message}`);
    } else if (permission) {
      parts.push(`您没有${permissionWords(permission)}，请从返回内容中去掉 ${names} 字段（${paths}）后重试`);
    } else {
      parts.push(`${fields[0].refusal.message}；在此之前返回内容中不能包含 ${names} 字段（${paths}），请去掉后重试`);
    }
  }
  const first = found[0].refusal;
  const permission = found.map((f) => f.refusal.extensions.permission).find((p) => p !== undefined);
  return new AppError(first.code, `${parts.join('；')}。本次操作未执行，没有保存任何内容`, {
    ...(permission ? { permission } : {}),
    fields: found.map((f) => ({
      field: f.path,
      reason: f.refusal.message,
      ...(f.refusal.extensions.permission ? { permission: f.refusal.extensions.permission } : {}),
    })),
  });
}
