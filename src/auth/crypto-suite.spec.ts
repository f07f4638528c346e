import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AccessTokenExpired, AccessTokenInvalid, Hs256Codec, Hsm3Codec } from './access-token';
import { CryptoSuite, deriveKey, hmac, sm3, sm4Ctr, sm4DecryptBlock, sm4EncryptBlock, smSupportProblem } from '../config/crypto-suite';
import { idempotencyHashKeys } from './idempotency.plugin';
import { FieldCipher, keyIdOf } from './key-material';

const KEY = Buffer.alloc(32, 7);
const OLD = Buffer.alloc(32, 9);
const hex = (s: string) => Buffer.from(s, 'hex');

describe('national cryptography primitives (GB/T 39786-2021): known answers, so a Node without real SM fails', () => {
  it('this Node offers SM3 and SM4', () => {
    expect(smSupportProblem()).toBeNull();
  });

  it('SM4 (GB/T 32907-2016 appendix A, example 1): one block ECB encrypts and decrypts', () => {
    const k = hex('0123456789abcdeffedcba9876543210');
    expect(sm4EncryptBlock(k, k).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    expect(sm4DecryptBlock(k, hex('681edf34d206965e86b3e94f536e4246')).toString('hex')).toBe('0123456789abcdeffedcba9876543210');
  });

  it('SM3 (GB/T 32905-2016 appendix A): "abc" and the 64-byte example', () => {
    expect(sm3('abc').toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3('abcd'.repeat(16)).toString('hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('SM4-CTR: the first keystream block is SM4 of the counter block, and the mode round-trips', () => {
    const k = hex('0123456789abcdeffedcba9876543210');
    const iv = hex('000102030405060708090a0b0c0d0e0f');
    const zeros = Buffer.alloc(16);
    expect(sm4Ctr(k, iv, zeros).toString('hex')).toBe(sm4EncryptBlock(k, iv).toString('hex'));
    const text = Buffer.from('220622199001011234 一段较长的个人信息文本，跨越多个分组');
    const ct = sm4Ctr(k, iv, text);
    expect(ct.equals(text)).toBe(false);
    expect(sm4Ctr(k, iv, ct).equals(text)).toBe(true);
  });

  it('HMAC-SM3 is RFC 2104 over SM3 (recomputed by hand from the SM3 primitive)', () => {
    const key = Buffer.from('key');
    const block = Buffer.concat([key, Buffer.alloc(64 - key.length)]);
    const x = (b: Buffer, v: number) => Buffer.from(b.map((c) => c ^ v));
    const manual = sm3(Buffer.concat([x(block, 0x5c), sm3(Buffer.concat([x(block, 0x36), Buffer.from('message')]))]));
    expect(hmac(CryptoSuite.SM, key, 'message').equals(manual)).toBe(true);
    expect(hmac(CryptoSuite.SM, key, 'message').equals(hmac(CryptoSuite.STANDARD, key, 'message'))).toBe(false);
  });

  it('HKDF-SM3: RFC 5869 extract-and-expand with HMAC-SM3', () => {
    const ikm = Buffer.alloc(32, 1);
    const prk = createHmac('sm3', Buffer.alloc(32)).update(ikm).digest(); // empty salt = HashLen zeros
    const t1 = createHmac('sm3', prk).update(Buffer.concat([Buffer.from('info'), Buffer.from([1])])).digest();
    expect(deriveKey(CryptoSuite.SM, ikm, 'info', 32).equals(t1)).toBe(true);
    expect(deriveKey(CryptoSuite.STANDARD, ikm, 'info', 32).equals(Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), 'info', 32)))).toBe(true);
  });
});

describe('FieldCipher under both suites', () => {
  const standard = new FieldCipher(KEY);
  const sm = new FieldCipher(KEY, { suite: CryptoSuite.SM });
  const kid = keyIdOf(KEY);

  it.each([[CryptoSuite.STANDARD, standard, 'v2'], [CryptoSuite.SM, sm, 's2']] as const)('%s: round trip, stored form names suite and key', (_s, c, tag) => {
    const stored = c.encrypt('13812345678', 'phone');
    expect(stored.startsWith(`${tag}.${kid}.`)).toBe(true);
    expect(stored).not.toContain('13812345678');
    expect(c.decrypt(stored, 'phone')).toBe('13812345678');
    expect(c.isCurrent(stored)).toBe(true);
    // a fresh iv each time
    expect(c.encrypt('13812345678', 'phone')).not.toBe(stored);
    expect(c.decrypt(c.encrypt('', 'phone'), 'phone')).toBe('');
  });

  it.each([['standard', standard], ['sm', sm]] as const)('%s: a flipped bit, another context, a truncated MAC are refused', (_s, c) => {
    const stored = c.encrypt('220622199001011234', 'citizen_id');
    const parts = stored.split('.');
    const flip = (i: number) => {
      const b = Buffer.from(parts[i], 'base64url');
      b[0] ^= 1;
      return [...parts.slice(0, i), b.toString('base64url'), ...parts.slice(i + 1)].join('.');
    };
    for (let i = 2; i < parts.length; i++) expect(() => c.decrypt(flip(i), 'citizen_id')).toThrow();
    expect(() => c.decrypt(stored, 'phone')).toThrow();
    expect(() => c.decrypt(stored.slice(0, -4), 'citizen_id')).toThrow();
    expect(() => c.decrypt(stored.replace(kid, 'AAAAAAAA'), 'citizen_id')).toThrow(/not configured/);
  });

  it('sm: the MAC covers the key id and ciphertext length (moving bytes from ciphertext to context fails)', () => {
    const stored = sm.encrypt('ab', 'x');
    expect(() => sm.decrypt(stored, 'x\u0000')).toThrow();
  });

  it('each suite reads the other suite\'s values and the legacy v1 form', () => {
    expect(sm.decrypt(standard.encrypt('张三', 'name'), 'name')).toBe('张三');
    expect(standard.decrypt(sm.encrypt('张三', 'name'), 'name')).toBe('张三');
    expect(sm.isCurrent(standard.encrypt('张三', 'name'))).toBe(false);
    // v1: what FieldCipher wrote before suites (AES-256-GCM, HKDF-SHA256 'fcp field encryption v1')
    const aes = Buffer.from(hkdfSync('sha256', KEY, Buffer.alloc(0), 'fcp field encryption v1', 32));
    const iv = randomBytes(12);
    const g = createCipheriv('aes-256-gcm', aes, iv);
    g.setAAD(Buffer.from('phone'));
    const v1 = `v1.${iv.toString('base64url')}.${Buffer.concat([g.update('13900000000'), g.final(), g.getAuthTag()]).toString('base64url')}`;
    expect(sm.decrypt(v1, 'phone')).toBe('13900000000');
    expect(sm.isCurrent(v1)).toBe(false);
  });

  it('key rotation: values under the previous key are read only while it is configured', () => {
    const before = new FieldCipher(OLD, { suite: CryptoSuite.SM });
    const old = before.encrypt('13812345678', 'phone');
    const rotating = new FieldCipher(KEY, { suite: CryptoSuite.SM, previousKeys: [OLD] });
    expect(rotating.decrypt(old, 'phone')).toBe('13812345678');
    expect(rotating.isCurrent(old)).toBe(false);
    expect(() => sm.decrypt(old, 'phone')).toThrow(/not configured/);
  });

  it('blind indexes: the current form names suite and key; candidates cover both suites, every key and the bare form', () => {
    const legacyBare = createHmac('sha256', Buffer.from(hkdfSync('sha256', KEY, Buffer.alloc(0), 'fcp blind index v1', 32)))
      .update('citizen_id\u0000220622199001011234').digest('base64url');
    const s = sm.index('220622199001011234', 'citizen_id');
    const h = standard.index('220622199001011234', 'citizen_id');
    expect(s.startsWith(`s2.${kid}.`)).toBe(true);
    expect(h).toBe(`h2.${kid}.${legacyBare}`);
    expect(sm.index('220622199001011234', 'citizen_id')).toBe(s); // deterministic
    expect(sm.index('220622199001011235', 'citizen_id')).not.toBe(s);
    expect(sm.index('220622199001011234', 'phone')).not.toBe(s);
    const candidates = new FieldCipher(KEY, { suite: CryptoSuite.SM, previousKeys: [OLD] }).indexCandidates('220622199001011234', 'citizen_id');
    expect(candidates[0]).toBe(s);
    expect(candidates).toEqual(expect.arrayContaining([s, h, legacyBare, new FieldCipher(OLD).index('220622199001011234', 'citizen_id')]));
    expect(sm.indexIsCurrent(s)).toBe(true);
    expect(sm.indexIsCurrent(h)).toBe(false);
    expect(sm.indexIsCurrent(legacyBare)).toBe(false);
  });
});

describe('a Node without SM3/SM4 (a FIPS build of OpenSSL), simulated by the injected support check', () => {
  const noSm = () => 'this Node\'s OpenSSL lacks sm4-ctr, sm4-ecb, sm3';

  it('standard starts, encrypts, reads and looks up without any SM form; sm refuses to start', () => {
    const c = new FieldCipher(KEY, { smSupport: noSm, previousKeys: [OLD] });
    expect(c.smAvailable).toBe(false);
    expect(c.decrypt(c.encrypt('13812345678', 'phone'), 'phone')).toBe('13812345678');
    const candidates = c.indexCandidates('13812345678', 'phone');
    expect(candidates.length).toBeGreaterThanOrEqual(4); // h2 and bare, under both keys
    expect(candidates.filter((x) => x.startsWith('s2.'))).toEqual([]);
    // an SM4 value is refused with a clear message (it would need SM3/SM4), not a crash inside OpenSSL
    expect(() => c.decrypt(sm.encrypt('x', 'phone'), 'phone')).toThrow(/lacks SM3\/SM4/);
    expect(() => new FieldCipher(KEY, { suite: CryptoSuite.SM, smSupport: noSm })).toThrow(/CRYPTO_SUITE=sm: .*lacks/);
    // the idempotency fingerprint keys: HMAC-SHA256 only
    const keys = idempotencyHashKeys({ tokenSecret: 't', dataEncryptionKey: KEY, previousDataEncryptionKeys: [], suite: CryptoSuite.STANDARD, acceptLegacy: true, auditChainKey: Buffer.alloc(32, 9) }, noSm);
    expect(keys.map((k) => k.suite)).toEqual([CryptoSuite.STANDARD]);
  });

  const sm = new FieldCipher(KEY, { suite: CryptoSuite.SM });
});

describe('CRYPTO_ACCEPT_LEGACY under sm', () => {
  const standard = new FieldCipher(KEY);
  const strict = new FieldCipher(KEY, { suite: CryptoSuite.SM, acceptLegacy: false, previousKeys: [OLD] });
  const lenient = new FieldCipher(KEY, { suite: CryptoSuite.SM, acceptLegacy: true, previousKeys: [OLD] });

  it('false: v1/v2 values are refused with a clear error; SM4 values (any configured key) are read', () => {
    const v2 = standard.encrypt('张三', 'name');
    expect(lenient.decrypt(v2, 'name')).toBe('张三');
    expect(() => strict.decrypt(v2, 'name')).toThrow(/v2 \(AES-256-GCM\) form refused: CRYPTO_SUITE=sm with CRYPTO_ACCEPT_LEGACY=false/);
    const v1 = `v1.${randomBytes(12).toString('base64url')}.${randomBytes(20).toString('base64url')}`;
    expect(() => strict.decrypt(v1, 'name')).toThrow(/v1 .*CRYPTO_ACCEPT_LEGACY=false/);
    expect(strict.decrypt(new FieldCipher(OLD, { suite: CryptoSuite.SM }).encrypt('张三', 'name'), 'name')).toBe('张三');
    expect(strict.decrypt(strict.encrypt('张三', 'name'), 'name')).toBe('张三');
  });

  it('false: lookups (and recovery codes) use the SM candidates only; true: the SHA-2 forms too', () => {
    const strictCandidates = strict.indexCandidates('220622199001011234', 'citizen_id');
    expect(strictCandidates).toHaveLength(2); // HMAC-SM3 under the current and the previous key
    expect(strictCandidates.every((x) => x.startsWith('s2.'))).toBe(true);
    const h = standard.index('220622199001011234', 'citizen_id');
    expect(strictCandidates).not.toContain(h);
    expect(lenient.indexCandidates('220622199001011234', 'citizen_id')).toEqual(expect.arrayContaining([...strictCandidates, h, h.slice(`h2.${keyIdOf(KEY)}.`.length)]));
  });

  it('has no effect under standard (it reads its own forms)', () => {
    const c = new FieldCipher(KEY, { acceptLegacy: false });
    expect(c.acceptsLegacy).toBe(true);
    expect(c.decrypt(c.encrypt('x', 'y'), 'y')).toBe('x');
  });
});

describe('idempotency fingerprint keys across a key change and a suite switch', () => {
  const material = (suite: CryptoSuite, key: Buffer, previous: Buffer[], acceptLegacy = true) =>
    ({ tokenSecret: 't', dataEncryptionKey: key, previousDataEncryptionKeys: previous, suite, acceptLegacy, auditChainKey: Buffer.alloc(32, 9) });
  const has = (list: { suite: CryptoSuite; key: Buffer }[], k: { suite: CryptoSuite; key: Buffer }) =>
    list.some((x) => x.suite === k.suite && x.key.equals(k.key));

  it('a fingerprint made under the previous key (either suite) is still recognised; the current one comes first', () => {
    for (const suite of [CryptoSuite.STANDARD, CryptoSuite.SM]) {
      const before = idempotencyHashKeys(material(suite, OLD, []));
      const after = idempotencyHashKeys(material(suite, KEY, [OLD]));
      expect(after[0]).toEqual(idempotencyHashKeys(material(suite, KEY, []))[0]);
      expect(has(after, before[0])).toBe(true);
      // and the other suite's, while it is accepted
      expect(has(after, idempotencyHashKeys(material(suite === CryptoSuite.SM ? CryptoSuite.STANDARD : CryptoSuite.SM, OLD, []))[0])).toBe(true);
    }
  });

  it('sm with CRYPTO_ACCEPT_LEGACY=false: HMAC-SM3 fingerprints only (current and previous key)', () => {
    const keys = idempotencyHashKeys(material(CryptoSuite.SM, KEY, [OLD], false));
    expect(keys.map((k) => k.suite)).toEqual([CryptoSuite.SM, CryptoSuite.SM]);
    expect(has(keys, idempotencyHashKeys(material(CryptoSuite.SM, OLD, []))[0])).toBe(true);
  });
});

describe('access tokens: HSM3 compact JWS (sm) and HS256 (standard)', () => {
  const secret = 'test-token-secret-0123456789abcdef0123456789';
  const codec = new Hsm3Codec(secret);
  const claims = { sub: 'a', iss: 'fire-committee-platform', sid: 's', jti: 'j', iat: 1000, exp: 2000 };
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it('signs with alg HSM3 and verifies its own token', () => {
    const token = codec.sign(claims);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'HSM3', typ: 'JWT' });
    expect(codec.verify(token, 'fire-committee-platform', 1500)).toMatchObject({ sub: 'a', sid: 's', jti: 'j' });
  });

  it('refuses: expired (at exp), iat in the future, another issuer, a changed payload or signature, another secret', () => {
    const token = codec.sign(claims);
    expect(() => codec.verify(token, 'fire-committee-platform', 2000)).toThrow(AccessTokenExpired);
    expect(() => codec.verify(codec.sign({ ...claims, iat: 1700 }), 'fire-committee-platform', 1500)).toThrow(AccessTokenInvalid);
    expect(() => codec.verify(token, 'other', 1500)).toThrow(AccessTokenInvalid);
    const [h, , s] = token.split('.');
    expect(() => codec.verify(`${h}.${b64({ ...claims, sub: 'b' })}.${s}`, 'fire-committee-platform', 1500)).toThrow(AccessTokenInvalid);
    expect(() => codec.verify(`${token.slice(0, -2)}AA`, 'fire-committee-platform', 1500)).toThrow(AccessTokenInvalid);
    expect(() => new Hsm3Codec(`${secret}x`).verify(token, 'fire-committee-platform', 1500)).toThrow(AccessTokenInvalid);
  });

  it('refuses alg none, HS256 and extra header fields, even with a valid HSM3 MAC over them', () => {
    const body = b64(claims);
    const key = deriveKey(CryptoSuite.SM, Buffer.from(secret), 'fcp access token hsm3 v1', 32);
    const signed = (header: object) => {
      const input = `${b64(header)}.${body}`;
      return `${input}.${hmac(CryptoSuite.SM, key, input).toString('base64url')}`;
    };
    expect(() => codec.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${body}.`, 'fire-committee-platform', 1500)).toThrow(AccessTokenInvalid);
    expect(() => codec.verify(signed({ alg: 'none', typ: 'JWT' }), 'fire-committee-platform', 1500)).toThrow(AccessTokenInvalid);
    expect(() => codec.verify(signed({ alg: 'HS256', typ: 'JWT' }), 'fire-committee-platform', 1500)).toThrow(AccessTokenInvalid);
    expect(() => codec.verify(signed({ alg: 'HSM3', typ: 'JWT', crit: ['x'] }), 'fire-committee-platform', 1500)).toThrow(AccessTokenInvalid);
    expect(codec.verify(signed({ alg: 'HSM3', typ: 'JWT' }), 'fire-committee-platform', 1500)).toMatchObject({ sub: 'a' });
    // an HS256 token of the same secret is not an HSM3 token, and the other way round
    const hs = new Hs256Codec(secret);
    expect(() => codec.verify(hs.sign(claims), 'fire-committee-platform', 1500)).toThrow(AccessTokenInvalid);
    expect(() => hs.verify(codec.sign(claims), 'fire-committee-platform', 1500)).toThrow(AccessTokenInvalid);
    expect(hs.verify(hs.sign(claims), 'fire-committee-platform', 1500)).toMatchObject({ sub: 'a' });
  });
});
