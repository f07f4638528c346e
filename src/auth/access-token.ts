import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { CryptoSuite, deriveKey, hmac, sameMac } from '../config/crypto-suite';

/** The claims of an access token (RFC 7519): bound to a session row by `sid` and `jti`. */
export interface AccessClaims {
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  iss: string;
}

export class AccessTokenExpired extends Error {}
export class AccessTokenInvalid extends Error {}

/** Signs and verifies access tokens under one suite; `verify` throws AccessTokenExpired or AccessTokenInvalid. */
export interface AccessTokenCodec {
  readonly alg: string;
  sign(claims: AccessClaims): string;
  verify(token: string, issuer: string, nowSeconds: number): Partial<AccessClaims>;
}

/** `standard`: HS256 through @nestjs/jwt (jsonwebtoken), only HS256 accepted. */
export class Hs256Codec implements AccessTokenCodec {
  readonly alg = 'HS256';
  private readonly jwt: JwtService;

  constructor(tokenSecret: string) {
    // a KeyObject made once: given a string, jsonwebtoken first tries it as a PEM public key and throws, on every request
    const secret = createSecretKey(Buffer.from(tokenSecret, 'utf8')) as unknown as string;
    this.jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } });
  }

  sign(claims: AccessClaims): string {
    const { sub, iss, ...rest } = claims;
    return this.jwt.sign(rest, { subject: sub, issuer: iss });
  }

  verify(token: string, issuer: string, nowSeconds: number): Partial<AccessClaims> {
    try {
      return this.jwt.verify(token, { issuer, clockTimestamp: nowSeconds });
    } catch (e) {
      if (e instanceof TokenExpiredError) throw new AccessTokenExpired();
      throw new AccessTokenInvalid();
    }
  }
}

const HSM3_HEADER = { alg: 'HSM3', typ: 'JWT' };
const PART = /^[A-Za-z0-9_-]+$/;
/** Tolerated clock difference for `iat` in the future (instances' clocks), as RFC 7519 4.1.6 allows. */
const IAT_LEEWAY_S = 60;

/**
 * `sm`: a compact JWS (RFC 7515) with alg `HSM3` = HMAC-SM3 (jsonwebtoken knows no SM3). The signing key is
 * derived from AUTH_TOKEN_SECRET with HKDF-SM3, so the secret never keys two algorithms. Verification is strict:
 * exactly three base64url parts, a header that is exactly {alg: HSM3, typ: JWT} (no `none`, no HS256, no `crit`,
 * `jku` or `kid`), the MAC compared in constant time before the payload is parsed, then `iss`, `exp` (expired at
 * now >= exp, as jsonwebtoken) and `iat` (a number, not in the future beyond a minute). GB/T 39786-2021 (身份鉴别
 * 与访问控制信息的完整性) under CRYPTO_SUITE=sm.
 */
export class Hsm3Codec implements AccessTokenCodec {
  readonly alg = 'HSM3';
  private readonly key: Buffer;
  private readonly header = Buffer.from(JSON.stringify(HSM3_HEADER)).toString('base64url');

  constructor(tokenSecret: string) {
    this.key = deriveKey(CryptoSuite.SM, Buffer.from(tokenSecret, 'utf8'), 'fcp access token hsm3 v1', 32);
  }

  sign(claims: AccessClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const input = `${this.header}.${body}`;
    return `${input}.${hmac(CryptoSuite.SM, this.key, input).toString('base64url')}`;
  }

  verify(token: string, issuer: string, nowSeconds: number): Partial<AccessClaims> {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((p) => PART.test(p))) throw new AccessTokenInvalid();
    const [h, p, s] = parts;
    const header = parseObject(h);
    if (!header || Object.keys(header).length !== 2 || header.alg !== HSM3_HEADER.alg || header.typ !== HSM3_HEADER.typ) {
      throw new AccessTokenInvalid();
    }
    if (!sameMac(hmac(CryptoSuite.SM, this.key, `${h}.${p}`), Buffer.from(s, 'base64url'))) throw new AccessTokenInvalid();
    const claims = parseObject(p);
    if (!claims || claims.iss !== issuer || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw new AccessTokenInvalid();
    if (claims.iat > nowSeconds + IAT_LEEWAY_S) throw new AccessTokenInvalid();
    if (nowSeconds >= claims.exp) throw new AccessTokenExpired();
    return claims as Partial<AccessClaims>;
  }
}

function parseObject(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The codec of the suite in force. Only its tokens are accepted: switching CRYPTO_SUITE signs everyone out (access
 * tokens last minutes; accepting the other suite's tokens would keep SHA-2 tokens valid under `sm`, a downgrade).
 */
export function accessTokenCodec(suite: CryptoSuite, tokenSecret: string): AccessTokenCodec {
  return suite === CryptoSuite.SM ? new Hsm3Codec(tokenSecret) : new Hs256Codec(tokenSecret);
}
