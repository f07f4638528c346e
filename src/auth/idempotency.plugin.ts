import { Inject, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { FieldNode } from 'graphql';
import { CryptoSuite, hmac } from '../config/crypto-suite';
import { DataSource } from 'typeorm';
import { IdempotencyClaim, requestScope } from '../database/request-scope';
import { idempotencyInProgress } from '../database/transaction';
import { AppError, ConflictError, ErrorCode } from '../kernel/errors';
import type { GraphQLContext } from '../kernel/request-context';
import { countRootFields } from '../graphql/query-cost';
import { Authenticator } from './authenticator';
import { fieldCipherOf, KEY_MATERIAL } from './key-material';
import type { KeyMaterial } from './key-material';

/** The request header (IETF draft "The Idempotency-Key HTTP Header Field"); a UUID is the usual value. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on a response that is the stored answer of an earlier request with the same key. */
export const REPLAYED_HEADER = 'idempotent-replayed';
const KEY_FORMAT = /^[\x21-\x7e]{8,200}$/;
const KEPT = `interval '24 hours'`;
/** A key recorded this long ago without its answer stored: the request ended (process stopped) before storing it. */
const ANSWER_LOST_AFTER = `interval '1 minute'`;
const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Sign-in and secret-bearing mutations ignore the header: their answers hold secrets shown once (API keys, TOTP
 * secrets, recovery codes, access tokens) and their inputs hold passwords, none of which may be kept for a replay;
 * and each is safe to send again (a second session, a second key or webhook secret, the same password set twice).
 */
export const NOT_IDEMPOTENT = new Set([
  'login', 'verifySecondFactor', 'refreshSession', 'logout', 'changePassword', 'enrollTotp', 'confirmTotp', 'disableTotp', 'regenerateRecoveryCodes',
  'createAccount', 'resetAccountPassword', 'resetSecondFactor', 'unlockAccount', 'createApiKey', 'revokeApiKey', 'createWebhook',
]);

/** A root field of a mutation that a retry could run twice (`__typename` writes nothing). */
const IDEMPOTENT_FIELD = (f: FieldNode) => !f.name.value.startsWith('__') && !NOT_IDEMPOTENT.has(f.name.value);

/** The keys an Idempotency-Key's request fingerprint may be under (see IdempotencyPlugin.hashKeys), current first. */
export function idempotencyHashKeys(keys: KeyMaterial, smSupport?: () => string | null): { suite: CryptoSuite; key: Buffer }[] {
  const cipher = fieldCipherOf(keys, smSupport);
  return cipher.macKeys({ [CryptoSuite.STANDARD]: 'fcp idempotency v1', [CryptoSuite.SM]: 'fcp idempotency sm3 v2' },
    [keys.dataEncryptionKey, ...keys.previousDataEncryptionKeys]);
}

/** An API key's mutation sent without `Idempotency-Key`: HTTP 428 Precondition Required (RFC 6585). */
export function idempotencyKeyRequired(): AppError {
  return new AppError(ErrorCode.BAD_REQUEST,
    'API 密钥的每个变更请求须带 Idempotency-Key 请求头（每个新请求一个新的 UUID）；超时或网络中断后用同一个 Idempotency-Key 重发同一请求是安全的：不会重复写入，返回的是第一次的结果',
    { reason: 'IDEMPOTENCY_KEY_REQUIRED', header: 'Idempotency-Key', http: { status: 428 } });
}

/**
 * Retries (docs/reliability.md). A mutation may carry `Idempotency-Key`. Per caller (account or API key) and key:
 * - the first request runs; its first transaction records the key (transaction.ts), so the key is there exactly
 *   when a write committed, and its answer is stored once sent;
 * - a retry with the same key and the same request (document, operation name, variables) gets that answer back,
 *   as it was, with `Idempotent-Replayed: true`, and writes nothing;
 * - the same key with another request is CONFLICT `IDEMPOTENCY_KEY_REUSED` (HTTP 409); while the first still runs,
 *   `IDEMPOTENCY_KEY_IN_USE` (409, retry shortly); a key whose answer was lost with the process,
 *   `IDEMPOTENCY_RESULT_UNKNOWN` (409: it did write; look before sending anew).
 * The request is identified by an HMAC (a server key), so the table is no oracle for what was sent. Queries, the
 * mutations of NOT_IDEMPOTENT, anonymous callers and sessions still owing their second factor ignore the header.
 * An API key must send it with every other mutation (`IDEMPOTENCY_KEY_REQUIRED`, HTTP 428).
 * Keys are kept 24 hours, purged every 10 minutes.
 */
@Plugin()
export class IdempotencyPlugin implements ApolloServerPlugin<GraphQLContext>, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  /**
   * The request fingerprint's keys, current first: the suite in force under DATA_ENCRYPTION_KEY, then under
   * DATA_ENCRYPTION_KEY_PREVIOUS, then the other suite while it is accepted. A key change or suite switch within
   * an Idempotency-Key's 24 hours must not turn a legitimate retry into IDEMPOTENCY_KEY_REUSED.
   */
  private readonly hashKeys: { suite: CryptoSuite; key: Buffer }[];
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly authenticator: Authenticator,
    private readonly dataSource: DataSource,
    @Inject(KEY_MATERIAL) keys: KeyMaterial,
  ) {
    // HMAC-SHA256 under `standard`, HMAC-SM3 (key from HKDF-SM3) under `sm`: GB/T 39786-2021
    this.hashKeys = idempotencyHashKeys(keys);
  }

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  /** Forgets keys past their 24 hours, in batches, off the request path. */
  async purge(): Promise<number> {
    let removed = 0;
    try {
      for (;;) {
        const rows: unknown[] = await this.dataSource.query(
          `DELETE FROM idempotency_key WHERE ctid IN (SELECT ctid FROM idempotency_key WHERE created_at <= now() - ${KEPT} LIMIT 1000) RETURNING 1`);
        removed += rows.length;
        if (rows.length < 1000) return removed;
      }
    } catch (err) {
      this.logger.warn({ err }, 'could not purge expired idempotency keys (next try in 10 minutes)');
      return removed;
    }
  }

  async requestDidStart({ request }: { request: { http?: { headers: Map<string, string> } } }): Promise<GraphQLRequestListener<GraphQLContext> | void> {
    const key = request.http?.headers.get(IDEMPOTENCY_HEADER);
    const { authenticator, dataSource, hashKeys } = this;
    if (key === undefined) {
      return {
        // another system retries on its own (timeouts, restarts): every write of an API key carries a key, so a
        // retry never writes twice. Refused once the caller is known to be a key, before any field runs; its
        // queries, and the NOT_IDEMPOTENT mutations (none of which a key may call), need none.
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (operation?.operation !== 'mutation' || countRootFields(operation, document, IDEMPOTENT_FIELD) === 0) return;
          try {
            await authenticator.authenticate(contextValue.ctx, request.http?.headers.get('authorization'));
          } catch {
            return;
          }
          if (contextValue.ctx.actor.kind === 'API_KEY') throw idempotencyKeyRequired();
        },
      };
    }
    let claim: IdempotencyClaim | undefined;
    let replay: Record<string, unknown> | undefined;
    return {
      async didResolveOperation({ operation, document, source, request, contextValue }) {
        if (operation?.operation !== 'mutation' || countRootFields(operation, document, NOT_IDEMPOTENT) > 0) return;
        if (!KEY_FORMAT.test(key)) {
          const reason = '幂等键应为 8 至 200 个可见 ASCII 字符（建议用 UUID）';
          throw new AppError(ErrorCode.BAD_USER_INPUT, `输入有误：Idempotency-Key：${reason}`, { fields: [{ field: 'Idempotency-Key', reason }], http: { status: 400 } });
        }
        // who is asking (the guard reuses this): an anonymous or refused request runs without the key and fails there
        try {
          await authenticator.authenticate(contextValue.ctx, request.http?.headers.get('authorization'));
        } catch {
          return;
        }
        const actor = contextValue.ctx.actor;
        const scope = requestScope();
        if ((actor.kind !== 'ACCOUNT' && actor.kind !== 'API_KEY') || actor.gate || !scope) return;
        const fingerprint = JSON.stringify([source, request.operationName ?? null, request.variables ?? {}]);
        const [requestHash, ...earlier] = hashKeys.map((k) => hmac(k.suite, k.key, fingerprint).toString('base64url'));
        const principal = `${actor.kind}:${actor.id}`;
        let rows: { request_hash: string; response: string | null; lost: boolean }[];
        try {
          rows = await dataSource.query(
            `SELECT request_hash, response, created_at <= now() - ${ANSWER_LOST_AFTER} AS lost FROM idempotency_key
             WHERE principal = $1 AND key = $2 AND created_at > now() - ${KEPT}`, [principal, key]);
          // a key past its 24 hours not purged yet is forgotten now; only an expired one: a request with the same
          // key may have committed its claim since the lookup, and deleting that would let this one write again
          if (!rows.length) {
            await dataSource.query(`DELETE FROM idempotency_key WHERE principal = $1 AND key = $2 AND created_at <= now() - ${KEPT}`, [principal, key]);
          }
        } catch {
          throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, '数据库暂不可用，请稍后重试', { http: { status: 503 } });
        }
        const [row] = rows;
        if (!row) {
          claim = { principal, key, requestHash, claimed: false };
          scope.idempotency = claim;
          return;
        }
        if (row.request_hash !== requestHash && !earlier.includes(row.request_hash)) {
          throw new ConflictError('该幂等键（Idempotency-Key）已用于另一个请求，请为新的请求换一个幂等键', { reason: 'IDEMPOTENCY_KEY_REUSED', http: { status: 409 } });
        }
        if (row.response === null && row.lost) {
          throw new ConflictError('使用该幂等键的请求已执行，但其结果未能保存：请先查询确认，再决定是否用新的幂等键重新提交', { reason: 'IDEMPOTENCY_RESULT_UNKNOWN', http: { status: 409 } });
        }
        if (row.response === null) throw idempotencyInProgress({ http: { status: 409 } });
        replay = JSON.parse(row.response) as Record<string, unknown>;
      },
      async responseForOperation() {
        if (!replay) return null;
        return { http: { status: undefined, headers: new Map([[REPLAYED_HEADER, 'true']]) }, body: { kind: 'single', singleResult: replay } } as never;
      },
      async willSendResponse({ response }) {
        if (!claim || replay || response.body.kind !== 'single') return;
        // stored as text: the answer comes back byte for byte, its fields in their order (jsonb would sort them)
        const body = JSON.stringify(response.body.singleResult);
        try {
          if (claim.claimed) {
            await dataSource.query(`UPDATE idempotency_key SET response = $3 WHERE principal = $1 AND key = $2`, [claim.principal, claim.key, body]);
          } else if (!response.body.singleResult.errors?.length) {
            // a mutation that wrote outside TransactionRunner (none should): keep its answer, after the fact
            await dataSource.query(`INSERT INTO idempotency_key (principal, key, request_hash, response) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
              [claim.principal, claim.key, claim.requestHash, body]);
          }
        } catch (err) {
          // the write stands; a retry with this key is told IDEMPOTENCY_RESULT_UNKNOWN, never run twice
          new Logger('Idempotency').error({ err }, 'could not store the response of an idempotent request');
        }
      },
    };
  }
}
