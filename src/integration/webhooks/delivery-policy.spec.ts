import { describeFailure, disabledReason, isDelivered, retryDelayMs } from './delivery-policy';

describe('webhook delivery policy', () => {
  it('only a 2xx answer is a delivery: redirects, client and server errors and no answer are failures', () => {
    expect([200, 201, 204, 299].map(isDelivered)).toEqual([true, true, true, true]);
    expect([null, 100, 199, 300, 302, 304, 400, 410, 429, 500, 503].map(isDelivered)).toEqual(Array(11).fill(false));
  });

  it('backs off exponentially from the base, capped at the maximum', () => {
    const policy = { baseMs: 5000, maxDelayMs: 3_600_000 };
    const middle = (n: number) => retryDelayMs(n, policy, 0.5); // random 0.5: no jitter
    expect([1, 2, 3, 4, 5].map(middle)).toEqual([5000, 10_000, 20_000, 40_000, 80_000]);
    expect(middle(10)).toBe(2_560_000);
    expect(middle(11)).toBe(3_600_000);
    expect(middle(1000)).toBe(3_600_000);
  });

  it('jitters by ±20 %, never to zero', () => {
    const policy = { baseMs: 1000, maxDelayMs: 60_000 };
    expect(retryDelayMs(1, policy, 0)).toBe(800);
    expect(retryDelayMs(1, policy, 0.999999)).toBe(1200);
    expect(retryDelayMs(7, policy, 0)).toBe(48_000);
    expect(retryDelayMs(1, { baseMs: 1, maxDelayMs: 1 }, 0)).toBe(1);
  });

  it('over 24 hours of failures the defaults make about 30 attempts, the later ones an hour apart', () => {
    const policy = { baseMs: 5000, maxDelayMs: 3_600_000 };
    let elapsed = 0;
    let attempts = 1;
    while (elapsed < 93_600_000) elapsed += retryDelayMs(attempts++, policy, 0.5);
    expect(attempts).toBeGreaterThan(25);
    expect(attempts).toBeLessThan(40);
  });

  it('describes a failure for the office: the status, and that a redirect is not followed', () => {
    expect(describeFailure({ httpStatus: 302, error: null })).toBe('接收方返回 HTTP 302（重定向不跟随）');
    expect(describeFailure({ httpStatus: 500, error: null })).toBe('接收方返回 HTTP 500');
    expect(describeFailure({ httpStatus: null, error: '连接被拒绝（ECONNREFUSED）：接收方未在监听' })).toContain('ECONNREFUSED');
    expect(disabledReason(93_600_000, '接收方返回 HTTP 500')).toMatch(/^推送连续失败超过 26 小时，已自动停用；最后一次错误：接收方返回 HTTP 500/);
  });
});
