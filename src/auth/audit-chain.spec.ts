import { canonicalJson, chainMac, ChainedContent, maskUsername } from './audit-chain';

const entry = (over: Partial<ChainedContent> = {}): ChainedContent => ({
  chainSeq: '1', atMicros: '1765000000000001', actorKind: 'ACCOUNT', actorId: 'a', actorLabel: 'office', address: '127.0.0.1',
  requestId: 'r', clientRequestId: null, operation: 'login', targetType: null, targetId: null, outcome: 'SUCCESS',
  errorCode: null, summary: { b: 1, a: { d: [1, 2], c: 'x' } }, scopePath: '/p/', ...over,
});

describe('audit chain (GB/T 22239-2019 8.1.4.7)', () => {
  const key = Buffer.alloc(32, 7);
  it('canonical JSON sorts keys at every depth, so jsonb key order does not matter', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
  });
  it('the MAC changes with any field, the previous MAC and the key', () => {
    const base = chainMac(key, 'prev', entry());
    expect(chainMac(key, 'prev', entry())).toBe(base);
    for (const over of [{ actorLabel: 'x' }, { summary: { b: 2 } }, { atMicros: '1765000000000002' }, { chainSeq: '2' }, { scopePath: null }]) {
      expect(chainMac(key, 'prev', entry(over as Partial<ChainedContent>))).not.toBe(base);
    }
    expect(chainMac(key, 'other', entry())).not.toBe(base);
    expect(chainMac(Buffer.alloc(32, 8), 'prev', entry())).not.toBe(base);
  });
  it('masks a typed username to its first and last character', () => {
    expect(maskUsername('admin')).toBe('a***n');
    expect(maskUsername('ab')).toBe('a*');
    expect(maskUsername('x')).toBe('*');
    expect(maskUsername('张三丰')).toBe('张***丰');
  });
});
