import { createCipheriv, createDecipheriv, createHash, createHmac, getCiphers, getHashes, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The cryptographic suite of a deployment (CRYPTO_SUITE): `standard` (AES-256-GCM, HMAC-SHA256, HKDF-SHA256,
 * HS256 tokens) or `sm` (商用密码, GB/T 39786-2021: SM4 and SM3 — SM4-CTR with an HMAC-SM3, HMAC-SM3 keyed
 * hashes, HKDF over HMAC-SM3, HMAC-SM3 access tokens). A value names its suite: `standard` reads SM values when
 * this Node has SM3/SM4; `sm` reads `standard` values while CRYPTO_ACCEPT_LEGACY is true.
 */
export enum CryptoSuite {
  STANDARD = 'standard',
  SM = 'sm',
}

export const CRYPTO_SUITES = Object.values(CryptoSuite) as string[];

/** What the `sm` suite needs of Node's OpenSSL (3.0 on Node 20 has all three; a FIPS or trimmed build may not). */
export function smSupportProblem(): string | null {
  const missing = [
    ...(['sm4-ctr', 'sm4-ecb'].filter((c) => !getCiphers().includes(c))),
    ...(getHashes().includes('sm3') ? [] : ['sm3']),
  ];
  return missing.length ? `this Node's OpenSSL lacks ${missing.join(', ')}` : null;
}

/** The hash of a suite's HMACs and key derivation. */
export const hashOf = (suite: CryptoSuite): 'sha256' | 'sm3' => (suite === CryptoSuite.SM ? 'sm3' : 'sha256');

/** HMAC-SHA256 or HMAC-SM3 (GB/T 32905-2016 with RFC 2104's construction; GB/T 15852.2). */
export function hmac(suite: CryptoSuite, key: Buffer, ...parts: (Buffer | string)[]): Buffer {
  const h = createHmac(hashOf(suite), key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/**
 * A purpose's sub-key: HKDF (RFC 5869) over the suite's HMAC — HKDF-SHA256, or HKDF-SM3 under `sm` (the
 * extract-and-expand construction with HMAC-SM3; no SHA-2 on the sm path).
 */
export function deriveKey(suite: CryptoSuite, key: Buffer, info: string, length: number): Buffer {
  return Buffer.from(hkdfSync(hashOf(suite), key, Buffer.alloc(0), info, length));
}

/** SM3 (GB/T 32905-2016) of bytes. */
export const sm3 = (data: Buffer | string): Buffer => createHash('sm3').update(data).digest();

/** SM4-CTR (GB/T 32907-2016, counter mode of GB/T 17964): the same call encrypts and decrypts. */
export function sm4Ctr(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const c = createCipheriv('sm4-ctr', key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

/** One SM4 block in ECB (only for the known-answer test of GB/T 32907's example). */
export function sm4EncryptBlock(key: Buffer, block: Buffer): Buffer {
  const c = createCipheriv('sm4-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

export function sm4DecryptBlock(key: Buffer, block: Buffer): Buffer {
  const d = createDecipheriv('sm4-ecb', key, null);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(block), d.final()]);
}

/** Constant-time equality of two MACs (false for different lengths, without comparing). */
export function sameMac(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
