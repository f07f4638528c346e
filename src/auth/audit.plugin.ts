import { Logger } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { FieldNode } from 'graphql';
import { AppError, ErrorCode, UnauthenticatedError } from '../graphql/errors';
import { countRootFields } from '../graphql/query-cost';
import type { AuditEvent, AuditNote, GraphQLContext } from '../graphql/request-context';
import { AuditService } from './audit.service';

/** Error codes that mean "not allowed to try" rather than "tried and failed". */
const DENIED_CODES = new Set<string>([
  ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.PASSWORD_CHANGE_REQUIRED, ErrorCode.SECOND_FACTOR_REQUIRED,
  ErrorCode.SECOND_FACTOR_ENROLLMENT_REQUIRED, ErrorCode.TOO_MANY_REQUESTS,
]);

/** Operations that guess a secret: at most one of them per request, so aliases cannot multiply the limits. */
export const SINGLE_USE_FIELDS = new Set(['login', 'verifySecondFactor', 'changePassword', 'disableTotp', 'regenerateRecoveryCodes', 'confirmTotp']);

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
 */
@Plugin()
export class AuditPlugin implements ApolloServerPlugin<GraphQLContext> {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<GraphQLContext>> {
    const events: AuditEvent[] = [];
    const audit = this.audit;
    const logger = this.logger;
    return {
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
      async willSendResponse({ contextValue }) {
        const all = [...events, ...(contextValue.ctx?.auditEvents ?? [])];
        if (all.length === 0) return;
        try {
          await audit.record(contextValue.ctx, all);
        } catch (err) {
          logger.error({ err, requestId: contextValue.ctx.requestId }, 'could not write the audit trail of a request');
        }
      },
    };
  }
}
