import { Logger } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { Kind } from 'graphql';
import type { FieldNode, GraphQLError, OperationDefinitionNode } from 'graphql';
import { AppError, ErrorCode, UnauthenticatedError } from '../kernel/errors';
import { countRootFields } from '../graphql/query-cost';
import type { AuditEvent, AuditNote, GraphQLContext, RequestContext } from '../kernel/request-context';
import { AuditService } from './audit.service';
import { Authenticator } from './authenticator';
import { markAuditSeen } from './refused-request-audit';

/** Error codes that mean "not allowed to try" rather than "tried and failed". */
const DENIED_CODES = new Set<string>([
  ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.PASSWORD_CHANGE_REQUIRED, ErrorCode.SECOND_FACTOR_REQUIRED,
  ErrorCode.SECOND_FACTOR_ENROLLMENT_REQUIRED, ErrorCode.TOO_MANY_REQUESTS,
]);

/** What a refused read answers: the refusal of an out-of-reach target hidden as "not found" (jurisdiction.ts). */
const HIDDEN_REFUSAL = ErrorCode.NOT_FOUND as string;

/** The reason of a read refused without an error (`node(id:)` answering null for a record out of reach). */
export const OUT_OF_JURISDICTION = 'OUT_OF_JURISDICTION';

/** The jurisdiction a refused operation asked for: its region argument, the id it named, the paths refused. */
function askedFor(args: Record<string, unknown> | undefined, ctx: RequestContext): Record<string, unknown> | null {
  const asked: Record<string, unknown> = {};
  for (const name of ['regionId', 'id', 'ids', 'organizationId']) {
    const v = args?.[name];
    if (typeof v === 'string') asked[name] = v.slice(0, 200);
    else if (Array.isArray(v)) asked[name] = v.slice(0, 20).map((x) => String(x).slice(0, 200));
  }
  const input = args?.input as Record<string, unknown> | undefined;
  if (input && typeof input === 'object' && typeof input.regionId === 'string') asked.regionId = input.regionId.slice(0, 200);
  if (ctx.refusedReads.length) asked.refused = ctx.refusedReads.map((r) => ({ ...r }));
  return Object.keys(asked).length ? asked : null;
}

/** Root field names of the operation (for a request refused before it ran, or a read refused without an error). */
function rootFieldsOf(operation: OperationDefinitionNode | undefined | null): string | null {
  const names = (operation?.selectionSet.selections ?? []).filter((s): s is FieldNode => s.kind === Kind.FIELD).map((f) => f.name.value);
  return names.length ? names.slice(0, 5).join(',') : null;
}

/** Operations that guess a secret: at most one of them per request, so aliases cannot multiply the limits. */
export const SINGLE_USE_FIELDS = new Set(['login', 'verifySecondFactor', 'changePassword', 'disableTotp', 'regenerateRecoveryCodes', 'confirmTotp']);

/** The `extensions.reason` of a refusal (ROLE_NOT_GRANTED, SEPARATION_OF_DUTIES…), for the entry's summary. */
function reasonOf(error: unknown): string | null {
  const reason = (error as { extensions?: { reason?: unknown } } | null)?.extensions?.reason;
  return typeof reason === 'string' ? reason.slice(0, 100) : null;
}

/** Mutations whose audit entry names no one (EVA-1 anonymous ballots): each alone in its request. */
const ANONYMOUS_FIELDS = new Set(['castAppraisalBallot']);

/** Root fields that look personal data up: at most one per request, so aliases cannot enumerate masked values. */
const PERSONAL_LOOKUP = (f: FieldNode) =>
  f.name.value === 'accountPersonalData' ||
  f.name.value === 'personPersonalData' ||
  (f.name.value === 'accounts' && (f.arguments ?? []).some((a) => a.name.value === 'citizenId' || a.name.value === 'phone'));

/**
 * The audit trail of GraphQL: one entry per root mutation field (success, failure or denial, the guard's
 * refusals included), plus the events services add (an account locked). Mutation fields run one after another,
 * so the note the services fill in belongs to the field being run. A successful mutation's entry is written in
 * its transaction (mutation-transaction.interceptor.ts); the others before the response.
 *
 * Refusals are audited too (GB/T 22239-2019 8.1.4.3 a): a root query field refused (FORBIDDEN, UNAUTHENTICATED, a
 * gate, or NOT_FOUND for a target out of the jurisdiction), a read refused without an error (`node(id:)` of a
 * record out of reach), and a request refused before it ran (parse, validation, variables, depth, cost): with the
 * operation, the error code, the actor (the credential is read for it; else anonymous with the address) and the
 * jurisdiction asked for. They are written after the response is settled, outside any transaction of the request,
 * within the per-actor bound of AuditService.recordRefusals — as are the failures of anonymous callers (a failed
 * sign-in, wrong input), bounded per address.
 */
@Plugin()
export class AuditPlugin implements ApolloServerPlugin<GraphQLContext> {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly audit: AuditService,
    private readonly authenticator: Authenticator,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<GraphQLContext>> {
    const events: AuditEvent[] = [];
    const refusals: AuditEvent[] = [];
    let executed = false;
    let refusedFieldsNoted = 0;
    const audit = this.audit;
    const logger = this.logger;
    const authenticator = this.authenticator;
    return {
      async didEncounterErrors({ errors, contextValue, request, operation, document }) {
        // errors while executing are the fields' own (below); these refused the request before anything ran
        if (executed || !contextValue?.ctx) return;
        const first = errors[0] as GraphQLError | undefined;
        const code = String(first?.extensions?.code ?? (first?.originalError instanceof AppError ? first.originalError.code : ErrorCode.BAD_REQUEST));
        const variables = request.variables as Record<string, unknown> | undefined;
        // the operation as far as it is known: resolved, else the document's first (a validation error), else nothing parsed
        const definitions = operation ? [operation] : (document?.definitions ?? []).filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
        const named = definitions.map((d) => d.name?.value).filter((n): n is string => !!n).slice(0, 5).join(',');
        refusals.push({
          operation: (request.operationName?.slice(0, 100) || named || rootFieldsOf(definitions[0])) ?? '（未解析）',
          outcome: 'DENIED',
          errorCode: code,
          targetType: null,
          targetId: null,
          after: { stage: 'BEFORE_EXECUTION', ...(askedFor(variables, contextValue.ctx) ?? {}) },
        });
      },
      async didResolveOperation({ operation, document }) {
        if (operation && countRootFields(operation, document, SINGLE_USE_FIELDS) > 1) {
          throw new AppError(ErrorCode.BAD_REQUEST, '一个请求只能包含一次登录、验证或改密码操作', { http: { status: 400 } });
        }
        // EVA-1, EVA-2: a ballot's anonymous entry would share its request's time with the voter's other entries
        if (operation?.operation === 'mutation' && countRootFields(operation, document, ANONYMOUS_FIELDS) > 0 && countRootFields(operation, document, () => true) > 1) {
          throw new AppError(ErrorCode.BAD_REQUEST, '民主评议投票须单独提交：一个请求只能包含这一项操作（评议匿名，EVA-1）', { http: { status: 400 } });
        }
        if (operation && countRootFields(operation, document, PERSONAL_LOOKUP) > 1) {
          throw new AppError(ErrorCode.BAD_REQUEST, '一个请求只能查看或按身份证号、手机号查找一次个人信息', { http: { status: 400 } });
        }
      },
      async executionDidStart({ operation }) {
        executed = true;
        // a query's root field refused: audited as a refusal (8.1.4.3 a); of the rest only the reads of the audit
        // trail itself (8.1.5.2 a) and the unmasked reads are audited, by their services before they answer
        if (operation?.operation === 'query') {
          return {
            willResolveField({ info, args, contextValue }) {
              if (info.path.prev !== undefined) return;
              const ctx = contextValue.ctx;
              return (error) => {
                if (!error) return;
                const original = unwrapResolverError(error);
                const code = original instanceof AppError ? original.code : null;
                if (!code) return;
                const hidden = code === HIDDEN_REFUSAL && ctx.refusedReads.length > 0;
                if (!DENIED_CODES.has(code) && !hidden) return;
                refusedFieldsNoted += 1;
                const reason = reasonOf(original);
                const asked = askedFor(args, ctx);
                refusals.push({ operation: info.fieldName, outcome: 'DENIED', errorCode: code, targetType: null, targetId: null, after: reason ? { reason, ...(asked ?? {}) } : asked });
              };
            },
          };
        }
        // graphql.module.ts refuses a request whose operation cannot be chosen; guard anyway, an audit must not throw
        if (operation?.operation !== 'mutation') return;
        return {
          willResolveField({ info, contextValue }) {
            if (info.path.prev !== undefined) return;
            const ctx = contextValue.ctx;
            const note: AuditNote = { operation: info.fieldName, targetType: null, targetId: null, before: null, after: null, actor: null, scopePath: null };
            ctx.auditNote = note;
            return (error) => {
              ctx.auditNote = null;
              // a successful field's entry was written in its own transaction, with the change
              if (!error && note.written) return;
              const original = error ? unwrapResolverError(error) : null;
              const code = original instanceof AppError ? original.code : original ? ErrorCode.INTERNAL_SERVER_ERROR : null;
              // a wrong password is a sign-in that failed, not a request refused before it was tried
              const failedSignIn = original instanceof UnauthenticatedError && original.reason === 'LOGIN_FAILED';
              // why it was refused (a sign-in with a correct password but a role not yet granted: ROLE_NOT_GRANTED)
              const reason = failedSignIn ? null : reasonOf(original);
              if (reason) note.after = { ...(note.after ?? {}), reason };
              events.push({
                ...note,
                actor: note.actor ?? ctx.actor,
                outcome: !code ? 'SUCCESS' : DENIED_CODES.has(code) && !failedSignIn ? 'DENIED' : 'FAILURE',
                errorCode: code,
              });
            };
          },
        };
      },
      async willSendResponse({ contextValue, request, operation }) {
        const ctx = contextValue.ctx;
        if (!ctx) return;
        const all = [...events, ...ctx.auditEvents];
        // a read refused without an error (node(id:) of a record out of reach) when no refused field already said so
        if (executed && refusedFieldsNoted === 0 && ctx.refusedReads.length > 0) {
          refusals.push({ operation: rootFieldsOf(operation) ?? 'query', outcome: 'DENIED', errorCode: OUT_OF_JURISDICTION, targetType: null, targetId: null, after: askedFor(undefined, ctx) });
        }
        // a mutation refused is a refusal too: the same bound. So is a failure of nobody known (a login with an
        // unknown or blank username, input refused as wrong): bounded per address, or a flood from one address would
        // fill the trail (8.1.4.3). Not an entry written without its actor on purpose (an appraisal ballot, EVA-1):
        // the bound's summary would name the address it must not
        // A wrong password (UNAUTHENTICATED) is not bounded here: the sign-in throttle already holds its rate down,
        // and each one must stay in the trail with its masked and hashed username (8.1.4.3 b)
        const boundedFailure = (e: AuditEvent) => e.outcome === 'FAILURE' && !e.anonymous && (e.actor ?? ctx.actor).kind === 'ANONYMOUS'
          && e.errorCode !== ErrorCode.UNAUTHENTICATED;
        const denied = [...refusals, ...all.filter((e) => e.outcome === 'DENIED')];
        const failed = all.filter(boundedFailure);
        const rest = all.filter((e) => e.outcome !== 'DENIED' && !boundedFailure(e));
        // whatever this request leaves in the trail is written here: the HTTP-level catch-all need not add its own
        if (rest.length || denied.length || failed.length) markAuditSeen(contextValue.req);
        try {
          if (rest.length) await audit.record(ctx, rest);
          if (denied.length) {
            // refused before any resolver ran: the guard never looked at the credential; name the actor if it is valid
            if (!executed && ctx.actor.kind === 'ANONYMOUS') {
              await authenticator.authenticate(ctx, request.http?.headers.get('authorization') ?? undefined).catch(() => undefined);
            }
            await audit.recordRefusals(ctx, denied);
          }
          if (failed.length) await audit.recordRefusals(ctx, failed, 'FAILED');
        } catch (err) {
          logger.error({ err, requestId: ctx.requestId }, 'could not write the audit trail of a request');
        }
      },
    };
  }
}
