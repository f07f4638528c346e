import { Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { CryptoSuite, deriveKey, hmac, sameMac, sm4Ctr, smSupportProblem } from '../config/crypto-suite';

/** The secrets of a deployment: the token signing key, the personal-data key, the audit chain key, and the suite. */
export interface KeyMaterial {
  tokenSecret: string;
  dataEncryptionKey: Buffer;
  /** Keys values may still be under until `rotate-keys` has run (DATA_ENCRYPTION_KEY_PREVIOUS): read, never written. */
  previousDataEncryptionKeys: Buffer[];
  suite: CryptoSuite;
  /**
   * The HMAC key of the audit chain (GB/T 22239-2019 8.1.4.7): apart from the others, so whoever holds the token or
   * personal-data key (every instance's working secrets) still cannot rewrite the trail's history unseen.
   */
  auditChainKey: Buffer;
  /**
   * CRYPTO_ACCEPT_LEGACY: whether `sm` still reads and matches the SHA-2/AES forms (default true). Set false once
   * rotate-keys reports 0 values remaining: then `sm` refuses every non-SM value. No effect under `standard`.
   */
  acceptLegacy: boolean;
}

/** The field cipher of a deployment's keys and suite. */
export function fieldCipherOf(keys: KeyMaterial, smSupport?: () => string | null): FieldCipher {
  return new FieldCipher(keys.dataEncryptionKey, {
    suite: keys.suite, previousKeys: keys.previousDataEncryptionKeys, acceptLegacy: keys.acceptLegacy, smSupport,
  });
}

export const KEY_MATERIAL = Symbol('KEY_MATERIAL');

const KEY_FILE = 'keys.json';

interface StoredKeys {
  tokenSecret?: string;
  dataEncryptionKey?: string;
  auditChainKey?: string;
}

/**
 * From configuration; what is not configured is kept in `DATA_DIR/keys.json` (mode 0600), generated at first
 * start, so that `npm start` needs no setup and a restart still reads yesterday's data and tokens. A key added
 * later (the audit chain key) is generated into an existing file. Production on a server database must configure
 * all three (validated at start): several instances cannot share a file.
 */
export function loadKeyMaterial(config: AppConfig, logger = new Logger('Keys')): KeyMaterial {
  const found = loadKeys(config, logger);
  const previous = config.auth.previousDataEncryptionKey ? [Buffer.from(config.auth.previousDataEncryptionKey, 'base64')] : [];
  return { ...found, previousDataEncryptionKeys: previous, suite: config.auth.cryptoSuite, acceptLegacy: config.auth.cryptoAcceptLegacy };
}

function loadKeys(config: AppConfig, logger: Logger): { tokenSecret: string; dataEncryptionKey: Buffer; auditChainKey: Buffer } {
  const configured = {
    tokenSecret: config.auth.tokenSecret,
    dataEncryptionKey: config.auth.dataEncryptionKey,
    auditChainKey: config.auth.auditChainKey,
  };
  if (configured.tokenSecret && configured.dataEncryptionKey && configured.auditChainKey) {
    return {
      tokenSecret: configured.tokenSecret,
      dataEncryptionKey: Buffer.from(configured.dataEncryptionKey, 'base64'),
      auditChainKey: Buffer.from(configured.auditChainKey, 'base64'),
    };
  }
  let stored: StoredKeys = {};
  if (config.dataDir === 'memory://') {
    logger.warn('DATA_DIR is in memory: keys are generated for this process only');
  } else {
    const file = path.join(config.dataDir, KEY_FILE);
    if (fs.existsSync(file)) {
      stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredKeys;
      if (!stored.auditChainKey && !configured.auditChainKey) {
        stored = { ...stored, auditChainKey: randomBytes(32).toString('base64') };
        fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
        logger.log(`generated the audit chain key in ${file}: back it up with the database`);
      }
    } else {
      stored = {
        tokenSecret: randomBytes(48).toString('base64url'),
        dataEncryptionKey: randomBytes(32).toString('base64'),
        auditChainKey: randomBytes(32).toString('base64'),
      };
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600, flag: 'wx' });
      logger.log(`generated the token, personal-data and audit chain keys in ${file}: back it up with the database`);
    }
  }
  const tokenSecret = configured.tokenSecret ?? stored.tokenSecret ?? randomBytes(48).toString('base64url');
  const dataKey = configured.dataEncryptionKey ?? stored.dataEncryptionKey ?? randomBytes(32).toString('base64');
  const chainKey = configured.auditChainKey ?? stored.auditChainKey ?? randomBytes(32).toString('base64');
  return { tokenSecret, dataEncryptionKey: Buffer.from(dataKey, 'base64'), auditChainKey: Buffer.from(chainKey, 'base64') };
}

/** The SM sub-keys of a data key (HKDF-SM3). */
interface SmKeys {
  sm4Key: Buffer;
  sm3MacKey: Buffer;
  sm3IndexKey: Buffer;
}

/**
 * One data key as the field cipher uses it: its public key id and its per-purpose sub-keys under each suite. The
 * SM sub-keys are derived at first use: a `standard` deployment on a Node without SM3 (a FIPS build of OpenSSL)
 * never asks for them.
 */
interface DataKey {
  /** 8 base64url characters naming the key in stored values (a fingerprint: reveals nothing usable of the key). */
  kid: string;
  aesKey: Buffer;
  shaIndexKey: Buffer;
  sm(): SmKeys;
}

/** The key id of a data key: the first 6 bytes of a hash of it, so that configuration needs no version numbers. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('fcp data key id\u0000').update(key).digest().subarray(0, 6).toString('base64url');
}

function dataKey(key: Buffer): DataKey {
  if (key.length !== 32) throw new Error('the personal-data key must be 32 bytes');
  const S = CryptoSuite.STANDARD;
  const M = CryptoSuite.SM;
  let sm: SmKeys | undefined;
  return {
    kid: keyIdOf(key),
    // the standard sub-keys are those of the `v1` values and bare indexes written before suites existed
    aesKey: deriveKey(S, key, 'fcp field encryption v1', 32),
    shaIndexKey: deriveKey(S, key, 'fcp blind index v1', 32),
    // the sm sub-keys come from HKDF-SM3: no SHA-2 on the sm path
    sm: () =>
      (sm ??= {
        sm4Key: deriveKey(M, key, 'fcp field encryption sm4 v2', 16),
        sm3MacKey: deriveKey(M, key, 'fcp field mac sm3 v2', 32),
        sm3IndexKey: deriveKey(M, key, 'fcp blind index sm3 v2', 32),
      }),
  };
}

const B64URL = /^[A-Za-z0-9_-]*$/;
const b64 = (part: string | undefined): Buffer => {
  if (part === undefined || !B64URL.test(part)) throw new Error('malformed personal-data ciphertext');
  return Buffer.from(part, 'base64url');
};
const u64 = (n: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

/**
 * Field-level protection of personal data and other secrets kept in columns, under the configured suite
 * (CRYPTO_SUITE), with the current data key; values under a previous key (DATA_ENCRYPTION_KEY_PREVIOUS) and under
 * the other suite are still read until `rotate-keys` rewrites them — under `sm`, the AES/SHA-2 forms only while
 * CRYPTO_ACCEPT_LEGACY is true; under `standard`, the SM forms only when this Node has SM3/SM4. Stored forms:
 * - `v1.<iv>.<ct+tag>`: AES-256-GCM, key not named (written before suites; tried with every configured key);
 * - `v2.<kid>.<iv>.<ct+tag>`: AES-256-GCM (`standard`), 12-byte iv, the context as associated data;
 * - `s2.<kid>.<iv>.<ct>.<mac>`: SM4-CTR (`sm`), 16-byte iv, then HMAC-SM3 over `s2.<kid>.`, iv, ct's length, ct and
 *   the context (encrypt-then-MAC; the MAC is checked, in constant time, before anything is decrypted).
 * Keyed hashes for exact lookups (blind indexes, recovery codes; a 10^9-ish space of ID numbers cannot be
 * enumerated without the key): bare 43 characters (HMAC-SHA256, before suites), `h2.<kid>.<mac>` (HMAC-SHA256),
 * `s2.<kid>.<mac>` (HMAC-SM3). A lookup asks for every accepted form (`indexCandidates`), so no row is missed while a
 * rotation is under way. GB/T 22239-2019 8.1.4.8 (数据保密性) and 8.1.4.7 (数据完整性); GB/T 39786-2021.
 */
export class FieldCipher {
  readonly suite: CryptoSuite;
  /** Whether non-SM values (v1, v2, h2, bare) are read and matched: always under `standard`; CRYPTO_ACCEPT_LEGACY under `sm`. */
  readonly acceptsLegacy: boolean;
  /** Whether this Node's OpenSSL has SM3 and SM4 (a FIPS build may not): without them `standard` neither reads nor matches SM forms. */
  readonly smAvailable: boolean;
  private readonly current: DataKey;
  private readonly keys: DataKey[];

  /**
   * `smSupport` is the check of this Node's OpenSSL (injected so that a test can simulate a Node without SM);
   * `acceptLegacy` is CRYPTO_ACCEPT_LEGACY (default true), meaningful under `sm` only.
   */
  constructor(
    key: Buffer,
    options: { suite?: CryptoSuite; previousKeys?: Buffer[]; acceptLegacy?: boolean; smSupport?: () => string | null } = {},
  ) {
    this.suite = options.suite ?? CryptoSuite.STANDARD;
    const problem = (options.smSupport ?? smSupportProblem)();
    this.smAvailable = problem === null;
    if (this.suite === CryptoSuite.SM && problem) throw new Error(`CRYPTO_SUITE=sm: ${problem}`);
    this.acceptsLegacy = this.suite === CryptoSuite.STANDARD || (options.acceptLegacy ?? true);
    this.current = dataKey(key);
    const previous = (options.previousKeys ?? []).map(dataKey).filter((k) => k.kid !== this.current.kid);
    this.keys = [this.current, ...previous];
  }

  /** The current key's id (as stored values name it). */
  get keyId(): string {
    return this.current.kid;
  }

  encrypt(plain: string, context: string): string {
    const k = this.current;
    if (this.suite === CryptoSuite.SM) {
      const iv = randomBytes(16);
      const ct = sm4Ctr(k.sm().sm4Key, iv, Buffer.from(plain, 'utf8'));
      const mac = this.smMac(k, iv, ct, context);
      return `s2.${k.kid}.${iv.toString('base64url')}.${ct.toString('base64url')}.${mac.toString('base64url')}`;
    }
    const iv = randomBytes(12);
    return `v2.${k.kid}.${iv.toString('base64url')}.${this.gcmSeal(k, iv, plain, context).toString('base64url')}`;
  }

  /** `context` must be what it was encrypted with (e.g. `citizen_id`): a value moved elsewhere fails. */
  decrypt(stored: string, context: string): string {
    const parts = stored.split('.');
    if ((parts[0] === 'v1' || parts[0] === 'v2') && !this.acceptsLegacy) {
      // GB/T 39786-2021 under `sm`: once the data is all SM4, an AES value is refused (an internal error, not bad input)
      throw new Error(`personal-data value in the ${parts[0]} (AES-256-GCM) form refused: CRYPTO_SUITE=sm with CRYPTO_ACCEPT_LEGACY=false reads SM4 values only (run rotate-keys with CRYPTO_ACCEPT_LEGACY=true)`);
    }
    if (parts[0] === 's2' && !this.smAvailable) {
      throw new Error('personal-data value in the s2 (SM4) form: this Node\'s OpenSSL lacks SM3/SM4');
    }
    switch (parts[0]) {
      case 'v1': {
        if (parts.length !== 3) break;
        const iv = b64(parts[1]);
        const body = b64(parts[2]);
        for (const k of this.keys) {
          try {
            return this.gcmOpen(k, iv, body, context);
          } catch {
            // the next configured key: GCM's tag tells a wrong key from the right one
          }
        }
        throw new Error('personal-data ciphertext does not authenticate under any configured key');
      }
      case 'v2': {
        if (parts.length !== 4) break;
        return this.gcmOpen(this.keyNamed(parts[1]), b64(parts[2]), b64(parts[3]), context);
      }
      case 's2': {
        if (parts.length !== 5) break;
        const k = this.keyNamed(parts[1]);
        const iv = b64(parts[2]);
        const ct = b64(parts[3]);
        if (iv.length !== 16) break;
        if (!sameMac(this.smMac(k, iv, ct, context), b64(parts[4]))) throw new Error('personal-data ciphertext failed its SM3 MAC');
        return sm4Ctr(k.sm().sm4Key, iv, ct).toString('utf8');
      }
    }
    throw new Error('unknown personal-data ciphertext format');
  }

  /** How every value encrypted under the configured suite and the current key starts. */
  get encryptedPrefix(): string {
    return `${this.suite === CryptoSuite.SM ? 's2' : 'v2'}.${this.current.kid}.`;
  }

  /** How every keyed hash under the configured suite and the current key starts. */
  get indexPrefix(): string {
    return `${this.suite === CryptoSuite.SM ? 's2' : 'h2'}.${this.current.kid}.`;
  }

  /** Whether a stored value is under the configured suite and the current key (what rotate-keys leaves). */
  isCurrent(stored: string): boolean {
    return stored.startsWith(this.encryptedPrefix);
  }

  /** The keyed hash used to find a row by an exact value without storing the value: the current form. */
  index(value: string, context: string): string {
    return this.indexUnder(this.suite, this.current, value, context);
  }

  /**
   * Every form the keyed hash of a value may be stored in (current first): every configured key, the SM form (when
   * this Node has SM3), and the SHA-2 forms (h2 and the bare form written before suites) while legacy values are
   * accepted. Lookups ask for all (`= ANY(...)`): a suite switch or key rotation under way never hides a row.
   */
  indexCandidates(value: string, context: string): string[] {
    const out = [this.index(value, context)];
    for (const k of this.keys) {
      if (this.smAvailable) out.push(this.indexUnder(CryptoSuite.SM, k, value, context));
      if (this.acceptsLegacy) {
        out.push(this.indexUnder(CryptoSuite.STANDARD, k, value, context));
        out.push(hmac(CryptoSuite.STANDARD, k.shaIndexKey, `${context}\u0000${value}`).toString('base64url'));
      }
    }
    return [...new Set(out)];
  }

  /**
   * The keys of a purpose-specific HMAC (e.g. the idempotency fingerprint) that a value computed earlier may be
   * under, current first: the suite in force with every configured key, then the other suite while it is accepted
   * (legacy under `sm`; SM under `standard` when this Node has SM3). `info` names the purpose per suite.
   */
  macKeys(info: Record<CryptoSuite, string>, keys: Buffer[]): { suite: CryptoSuite; key: Buffer }[] {
    const other = this.suite === CryptoSuite.SM ? CryptoSuite.STANDARD : CryptoSuite.SM;
    const accepted = other === CryptoSuite.SM ? this.smAvailable : this.acceptsLegacy;
    const suites = accepted ? [this.suite, other] : [this.suite];
    return suites.flatMap((suite) => keys.map((key) => ({ suite, key: deriveKey(suite, key, info[suite], 32) })));
  }

  /** Whether a stored keyed hash is in the current form (suite and key). */
  indexIsCurrent(stored: string): boolean {
    return stored.startsWith(this.indexPrefix);
  }

  private indexUnder(suite: CryptoSuite, k: DataKey, value: string, context: string): string {
    if (suite === CryptoSuite.SM) return `s2.${k.kid}.${hmac(CryptoSuite.SM, k.sm().sm3IndexKey, `${context}\u0000${value}`).toString('base64url')}`;
    return `h2.${k.kid}.${hmac(CryptoSuite.STANDARD, k.shaIndexKey, `${context}\u0000${value}`).toString('base64url')}`;
  }

  private keyNamed(kid: string | undefined): DataKey {
    const k = this.keys.find((x) => x.kid === kid);
    if (!k) throw new Error(`personal-data ciphertext under key ${kid ?? '?'}, which is not configured (DATA_ENCRYPTION_KEY, DATA_ENCRYPTION_KEY_PREVIOUS)`);
    return k;
  }

  private smMac(k: DataKey, iv: Buffer, ct: Buffer, context: string): Buffer {
    return hmac(CryptoSuite.SM, k.sm().sm3MacKey, `s2.${k.kid}.`, iv, u64(ct.length), ct, context);
  }

  private gcmSeal(k: DataKey, iv: Buffer, plain: string, context: string): Buffer {
    const cipher = createCipheriv('aes-256-gcm', k.aesKey, iv);
    cipher.setAAD(Buffer.from(context));
    return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  }

  private gcmOpen(k: DataKey, iv: Buffer, body: Buffer, context: string): string {
    if (iv.length !== 12 || body.length < 16) throw new Error('malformed personal-data ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', k.aesKey, iv);
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  }
}
