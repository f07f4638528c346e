import { Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';

/** The secrets of a deployment: the token signing key, the personal-data key and the audit chain key. */
export interface KeyMaterial {
  tokenSecret: string;
  dataEncryptionKey: Buffer;
  /**
   * The HMAC key of the audit chain (GB/T 22239-2019 8.1.4.7): apart from the others, so whoever holds the token or
   * personal-data key (every instance's working secrets) still cannot rewrite the trail's history unseen.
   */
  auditChainKey: Buffer;
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

/**
 * Field-level protection of personal data: AES-256-GCM for the value, HMAC-SHA-256 (a keyed hash, so the
 * 10^9-ish space of ID numbers cannot be enumerated without the key) for exact lookups. Two sub-keys derived
 * with HKDF from the one configured key. Stored form: `v1.<iv>.<ciphertext+tag>` (base64url).
 */
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the personal-data key must be 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'fcp field encryption v1', 32));
    this.indexKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'fcp blind index v1', 32));
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** `context` must be what it was encrypted with (e.g. `account.citizen_id`): a value moved elsewhere fails. */
  decrypt(stored: string, context: string): string {
    const [version, iv, body] = stored.split('.');
    if (version !== 'v1' || !iv || !body) throw new Error('unknown personal-data ciphertext format');
    const raw = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8');
  }

  /** The keyed hash used to find a row by an exact value without storing the value. */
  index(value: string, context: string): string {
    return createHmac('sha256', this.indexKey).update(`${context}\u0000${value}`).digest('base64url');
  }
}
