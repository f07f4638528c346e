import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import * as time from '../common/time-rules';
import { TransactionRunner } from '../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError, UnauthenticatedError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import type { Actor, RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { Region } from '../organization/region.entity';
import { ApiKey } from './api-key.entity';
import { CryptoSuite, sameMac, sm3, smSupportProblem } from '../config/crypto-suite';
import { KEY_MATERIAL } from './key-material';
import type { KeyMaterial } from './key-material';
import type { CreateApiKeyInput } from './api-key.types';
import { assertReaches, withinJurisdiction } from '../kernel/jurisdiction';
import { Role, ROLE_PERMISSIONS } from '../kernel/permissions';

export const API_KEY_PREFIX = 'fcpk_';
const KEY_FORMAT = /^fcpk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** last_used_at is written at most once a minute per key. */
const TOUCH_EVERY_MS = 60_000;

const KEY_ORDER: OrderKey<ApiKey>[] = [
  { expr: 'k.name', type: 'text', value: (k) => k.name },
  { expr: 'k.id', type: 'uuid', value: (k) => k.id },
];

/**
 * The stored hash of a key's secret (256 random bits, so an unkeyed hash suffices): SHA-256 in hex under
 * `standard`, `sm3:` and SM3 in hex under `sm`. A key keeps the form it was stored in and is checked in that form;
 * a successful use under the other suite stores it anew in the current one (the secret is in hand only then).
 */
export function apiKeySecretHash(suite: CryptoSuite, secret: string): string {
  return suite === CryptoSuite.SM ? `sm3:${sm3(secret).toString('hex')}` : createHash('sha256').update(secret).digest('hex');
}

let smProblem: [string | null] | undefined;

/** `acceptLegacy` false (CRYPTO_ACCEPT_LEGACY=false under `sm`): a SHA-256 hash no longer verifies. */
function secretMatches(stored: string, secret: string, acceptLegacy: boolean): boolean {
  const sm = stored.startsWith('sm3:');
  if (!sm && !acceptLegacy) return false;
  if (sm && (smProblem ??= [smSupportProblem()])[0]) return false; // a Node without SM3 cannot check it (`standard` only)
  const expected = Buffer.from(apiKeySecretHash(sm ? CryptoSuite.SM : CryptoSuite.STANDARD, secret));
  return sameMac(Buffer.from(stored), expected);
}

/** Whether a stored secret hash is in the suite's form. */
export const apiKeyHashIsCurrent = (suite: CryptoSuite, stored: string): boolean => stored.startsWith('sm3:') === (suite === CryptoSuite.SM);

/** API keys for other county systems: named, shown once, stored hashed, scoped to permissions and a region. */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    @Inject(KEY_MATERIAL) private readonly keys: KeyMaterial,
  ) {}

  async create(ctx: RequestContext, input: CreateApiKeyInput): Promise<{ key: ApiKey; secret: string }> {
    const allowed = ROLE_PERMISSIONS[Role.INTEGRATION];
    const outside = input.permissions.filter((p) => !allowed.includes(p));
    if (outside.length) {
      throw BadUserInputError.field('input.permissions', `对接系统不能授予：${outside.join('、')}（可授予：${allowed.join('、')}）`);
    }
    const now = this.clock.now();
    // T-KEY-1: every key expires; without a date, at the longest life allowed
    const expiresAt = input.expiresAt ?? new Date(now.getTime() + time.API_KEY_MAX_DAYS * 86_400_000);
    time.assertTimeRules([time.apiKeyExpiry(expiresAt, now)]);
    const region = await this.organizations.region(ctx, input.regionId, 'input.regionId');
    assertReaches(ctx, region.path);
    const prefix = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const name = input.name.trim();
    const key = await this.tx.run(async (m) => {
      if (await m.getRepository(ApiKey).existsBy({ name })) throw new ConflictError(`已有名为“${name}”的密钥`);
      const repo = m.getRepository(ApiKey);
      return repo.save(repo.create({
        id: randomUUID(), name, prefix, secretHash: apiKeySecretHash(this.keys.suite, secret), permissions: [...new Set(input.permissions)],
        regionId: region.id, createdBy: ctx.actor.label, createdAt: now, expiresAt, revokedAt: null, lastUsedAt: null,
      }));
    });
    ctx.auditTarget('ApiKey', key.id, { after: { name, prefix, permissions: key.permissions, regionId: region.id } });
    return { key, secret: `${API_KEY_PREFIX}${prefix}_${secret}` };
  }

  async revoke(ctx: RequestContext, globalId: string): Promise<ApiKey> {
    const key = await this.visible(ctx, globalId, 'input.id');
    if (key.revokedAt) throw BadUserInputError.field('input.id', '该密钥已吊销');
    const now = this.clock.now();
    const revoked = await this.tx.run(async (m) => {
      await m.update(ApiKey, { id: key.id, revokedAt: IsNull() }, { revokedAt: now });
      return m.getRepository(ApiKey).findOneByOrFail({ id: key.id });
    });
    ctx.auditTarget('ApiKey', key.id, { before: { revokedAt: null }, after: { revokedAt: now.toISOString() } });
    return revoked;
  }

  list(ctx: RequestContext, page: PageArgs): Promise<ConnectionValue<ApiKey>> {
    const qb = this.dataSource.getRepository(ApiKey).createQueryBuilder('k').innerJoin(Region, 'r', 'r.id = k.region_id');
    withinJurisdiction(qb, ctx, 'r.path');
    return paginate(qb, page, KEY_ORDER);
  }

  /** The actor of a key: its own permissions (never beyond INTEGRATION's), its region. */
  async authenticate(token: string): Promise<Actor> {
    const m = KEY_FORMAT.exec(token);
    if (!m) throw new UnauthenticatedError('API_KEY_INVALID', 'API 密钥无效');
    const rows = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .addSelect('r.path', 'region_path')
      .innerJoin(Region, 'r', 'r.id = k.region_id')
      .where('k.prefix = :prefix', { prefix: m[1] })
      .getRawAndEntities();
    const key = rows.entities[0];
    if (!key || !secretMatches(key.secretHash, m[2], this.keys.suite === CryptoSuite.STANDARD || this.keys.acceptLegacy)) {
      throw new UnauthenticatedError('API_KEY_INVALID', 'API 密钥无效');
    }
    const now = this.clock.now();
    if (key.revokedAt) throw new UnauthenticatedError('API_KEY_REVOKED', 'API 密钥已吊销');
    if (key.expiresAt && key.expiresAt <= now) throw new UnauthenticatedError('API_KEY_EXPIRED', 'API 密钥已过期');
    if (!apiKeyHashIsCurrent(this.keys.suite, key.secretHash)) {
      // stored under the other suite: the secret is known now, so it is stored in the current form (rotate-keys cannot)
      await this.dataSource.getRepository(ApiKey).update({ id: key.id, secretHash: key.secretHash }, { secretHash: apiKeySecretHash(this.keys.suite, m[2]), lastUsedAt: now });
    } else if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
      await this.dataSource.getRepository(ApiKey).update({ id: key.id }, { lastUsedAt: now });
    }
    const granted = ROLE_PERMISSIONS[Role.INTEGRATION];
    return {
      kind: 'API_KEY', id: key.id, label: `key:${key.name}`, role: Role.INTEGRATION, regionId: key.regionId,
      regionPath: rows.raw[0].region_path, organizationId: null,
      permissions: new Set(key.permissions.filter((p) => granted.includes(p))), sessionId: null, gate: null,
    };
  }

  private async visible(ctx: RequestContext, globalId: string, field: string): Promise<ApiKey> {
    const key = await this.dataSource.getRepository(ApiKey).findOneBy({ id: fromGlobalId(globalId, 'ApiKey', field) });
    if (!key) throw new NotFoundError('API 密钥');
    const region = await this.organizations.regionById(ctx).load(key.regionId);
    assertReaches(ctx, region!.path, { what: 'API 密钥' });
    return key;
  }
}
