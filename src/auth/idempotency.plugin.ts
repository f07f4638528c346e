import { Logger } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdempotencyClaim, requestScope } from '../database/request-scope';
import { idempotencyInProgress } from '../database/transaction';
import { BadUserInputError, ConflictError } from '../graphql/errors';
import type { GraphQLContext } from '../graphql/request-context';
import { Authenticator } from './authenticator';

/** The request header (IETF draft "The Idempotency-Key HTTP Header Field"); a UUID is the usual value. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on a response that is the stored answer of an earlier request with the same key. */
export const REPLAYED_HEADER = 'idempotent-replayed';
const KEY_FORMAT = /^[\x21-\x7e]{8,200}$/;
const KEPT = `interval '24 hours'`;

/**
 * Retries (issue 9). A mutation request may carry `Idempotency-Key`. Per caller (account or API key) and key:
 * - the first request runs; its first transaction records the key (transaction.ts), so the key is there exactly
 *   when the write committed, and its response is stored once sent;
 * - a retry with the same key and the same request (operation, name and variables) gets that response back,
 *   with `Idempotent-Replayed: true`, and writes nothing;
 * - the same key with another request is CONFLICT (`reason: IDEMPOTENCY_KEY_REUSED`); while the first is still
 *   running (or its answer was lost with the process) CONFLICT (`reason: IDEMPOTENCY_KEY_IN_USE`), retryable.
 * A request that failed wrote nothing and recorded no key: it may be retried with the same key. Queries ignore
 * the header. Keys are kept 24 hours.
 */
@Plugin()
export class IdempotencyPlugin implements ApolloServerPlugin<GraphQLContext> {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly authenticator: Authenticator,
    private readonly dataSource: DataSource,
  ) {}

  async requestDidStart({ request }: { request: { http?: { headers: Map<string, string> } } }): Promise<GraphQLRequestListener<GraphQLContext> | void> {
    const key = request.http?.headers.get(IDEMPOTENCY_HEADER);
    if (key === undefined) return;
    const { authenticator, dataSource, logger } = this;
    let claim: IdempotencyClaim | undefined;
    let replay: Record<string, unknown> | undefined;
    return {
      async didResolveOperation({ operation, request, contextValue }) {
        if (operation?.operation !== 'mutation') return;
        if (!KEY_FORMAT.test(key)) {
          throw BadUserInputError.field('Idempotency-Key', '幂等键应为 8 至 200 个可见 ASCII 字符（建议用 UUID）');
        }
        // who is asking (the guard reuses this): an anonymous or refused request runs without the key and fails there
        try {
          await authenticator.authenticate(contextValue.ctx, request.http?.headers.get('authorization'));
        } catch {
          return;
        }
        const actor = contextValue.ctx.actor;
        const scope = requestScope();
        if ((actor.kind !== 'ACCOUNT' && actor.kind !== 'API_KEY') || !scope) return;
        const requestHash = createHash('sha256').update(JSON.stringify([request.query ?? '', request.operationName ?? null, request.variables ?? {}])).digest('hex');
        const principal = `${actor.kind}:${actor.id}`;
        const [row]: { request_hash: string; response: Record<string, unknown> | null }[] = await dataSource.query(
          `SELECT request_hash, response FROM idempotency_key WHERE principal = $1 AND key = $2 AND created_at > now() - ${KEPT}`, [principal, key]);
        if (!row) {
          claim = { principal, key, requestHash, claimed: false };
          scope.idempotency = claim;
          // a key past its 24 hours is forgotten, with the others past theirs
          await dataSource.query(`DELETE FROM idempotency_key WHERE created_at <= now() - ${KEPT}`);
          return;
        }
        if (row.request_hash !== requestHash) {
          throw new ConflictError('该幂等键（Idempotency-Key）已用于另一个请求，请为新的请求换一个幂等键', { reason: 'IDEMPOTENCY_KEY_REUSED' });
        }
        if (!row.response) throw idempotencyInProgress();
        replay = row.response;
      },
      async responseForOperation() {
        if (!replay) return null;
        return { http: { status: undefined, headers: new Map([[REPLAYED_HEADER, 'true']]) }, body: { kind: 'single', singleResult: replay } } as never;
      },
      async willSendResponse({ response }) {
        if (!claim || replay || response.body.kind !== 'single') return;
        const body = response.body.singleResult;
        try {
          if (claim.claimed) {
            await dataSource.query(`UPDATE idempotency_key SET response = $3 WHERE principal = $1 AND key = $2`, [claim.principal, claim.key, JSON.stringify(body)]);
          } else if (!body.errors?.length) {
            // a mutation that wrote outside TransactionRunner (none should): keep its answer, after the fact
            await dataSource.query(`INSERT INTO idempotency_key (principal, key, request_hash, response) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
              [claim.principal, claim.key, claim.requestHash, JSON.stringify(body)]);
          }
        } catch (err) {
          // the write stands; a retry with this key is then refused as IDEMPOTENCY_KEY_IN_USE for 24 hours, never run twice
          logger.error({ err }, 'could not store the response of an idempotent request');
        }
      },
    };
  }
}
