import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { requestScope } from '../database/request-scope';
import { unitOfWork } from '../database/unit-of-work';
import type { GraphQLContext, RequestContext } from '../kernel/request-context';
import { AuditService } from './audit.service';

/**
 * Mutations that keep their own transactions: sign-in steps record a failed attempt (a counter, a lock) and then
 * refuse, and that record must stay; their entries are written after the response, as every refused one is.
 */
export const OWN_TRANSACTIONS = new Set([
  'login', 'verifySecondFactor', 'refreshSession', 'logout', 'changePassword', 'enrollTotp', 'confirmTotp', 'disableTotp', 'regenerateRecoveryCodes',
]);

/**
 * One transaction per mutation field: the services' own transactions become savepoints of it (unit-of-work.ts),
 * and the field's audit entry, with what the services noted, is inserted last, in it. So a change, its outbox
 * events and its audit entry commit together or not at all, and a field that fails leaves nothing behind (its
 * FAILURE or DENIED entry is written after the response by the audit plugin, as before).
 */
@Injectable()
export class MutationTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.parentType.name !== 'Mutation' || info.path.prev !== undefined || OWN_TRANSACTIONS.has(info.fieldName)) return next.handle();
    const ctx = gql.getContext<GraphQLContext>().ctx;
    return from(this.inTransaction(ctx, () => lastValueFrom(next.handle())));
  }

  private async inTransaction<T>(ctx: RequestContext, resolve: () => Promise<T>): Promise<T> {
    const claim = requestScope()?.idempotency;
    const claimedBefore = claim?.claimed ?? false;
    try {
      return await this.unit(ctx, resolve);
    } catch (error) {
      // the idempotency key recorded in this field's transaction went with its rollback: a later field records it anew
      if (claim && !claimedBefore) claim.claimed = false;
      throw error;
    }
  }

  private unit<T>(ctx: RequestContext, resolve: () => Promise<T>): Promise<T> {
    return unitOfWork(this.dataSource, async () => {
      const extraBefore = ctx.auditEvents.length;
      const value = await resolve();
      const note = ctx.auditNote;
      const extra = ctx.auditEvents.splice(extraBefore);
      if (note) {
        // on the unit's own transaction, not a savepoint of it: the entry is the change's (same transaction id)
        await this.audit.record(ctx, [{ ...note, actor: note.actor ?? ctx.actor, outcome: 'SUCCESS', errorCode: null }, ...extra], this.dataSource.manager);
        note.written = true;
      } else {
        await this.audit.record(ctx, extra, this.dataSource.manager);
      }
      return { commit: true, value };
    });
  }
}
