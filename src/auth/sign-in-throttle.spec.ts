import { attemptVerdict, delayAfter, FailurePolicy, isKnownAddress, liveFailures, verdict } from './sign-in-throttle';

const POLICY: FailurePolicy = {
  delayAfterFailures: 3, delayBaseSeconds: 1, delayMaxSeconds: 60, lockAfterFailures: 5, lockMinutes: 30,
  addressDelayAfterFailures: 10, addressLockAfterFailures: 100,
};
const NOW = new Date('2027-03-15T10:00:00+08:00');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const PAIR = { delayAfter: 3, lockAfter: 5 };

describe('failed sign-in handling (GB/T 22239-2019 8.1.4.1 b))', () => {
  it('delays double from the threshold on, capped', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => delayAfter(n, 3, POLICY))).toEqual([0, 0, 1, 2, 4, 8]);
    expect(delayAfter(40, 3, POLICY)).toBe(60);
  });

  it('below the threshold nothing waits; from it the next attempt waits 1 s, then 2 s', () => {
    expect(verdict({ failures: 2, lastFailureAt: NOW, lockedUntil: null }, PAIR, POLICY, NOW)).toEqual({ refused: false });
    expect(verdict({ failures: 3, lastFailureAt: NOW, lockedUntil: null }, PAIR, POLICY, NOW)).toEqual({ refused: true, kind: 'DELAY', retryAfterSeconds: 1 });
    expect(verdict({ failures: 3, lastFailureAt: ago(1000), lockedUntil: null }, PAIR, POLICY, NOW)).toEqual({ refused: false });
    expect(verdict({ failures: 4, lastFailureAt: ago(1000), lockedUntil: null }, PAIR, POLICY, NOW)).toEqual({ refused: true, kind: 'DELAY', retryAfterSeconds: 1 });
    expect(verdict({ failures: 4, lastFailureAt: ago(2000), lockedUntil: null }, PAIR, POLICY, NOW)).toEqual({ refused: false });
  });

  it('a lock refuses with the seconds left, and is forgotten once over', () => {
    const locked = { failures: 5, lastFailureAt: ago(60_000), lockedUntil: new Date(NOW.getTime() + 29 * 60_000) };
    expect(verdict(locked, PAIR, POLICY, NOW)).toEqual({ refused: true, kind: 'LOCKED', retryAfterSeconds: 29 * 60 });
    const over = { ...locked, lockedUntil: ago(1) };
    expect(liveFailures(over, POLICY, NOW)).toBe(0);
    expect(verdict(over, PAIR, POLICY, NOW)).toEqual({ refused: false });
  });

  it('failures are forgotten lockMinutes after the last one', () => {
    expect(liveFailures({ failures: 4, lastFailureAt: ago(30 * 60_000 - 1), lockedUntil: null }, POLICY, NOW)).toBe(4);
    expect(liveFailures({ failures: 4, lastFailureAt: ago(30 * 60_000), lockedUntil: null }, POLICY, NOW)).toBe(0);
  });

  it('the address-wide count is checked first, with its own thresholds', () => {
    const pair = { failures: 1, lastFailureAt: NOW, lockedUntil: null };
    expect(attemptVerdict(pair, { failures: 9, lastFailureAt: NOW, lockedUntil: null }, POLICY, NOW)).toEqual({ refused: false });
    expect(attemptVerdict(pair, { failures: 10, lastFailureAt: NOW, lockedUntil: null }, POLICY, NOW)).toMatchObject({ refused: true, kind: 'DELAY' });
    expect(attemptVerdict(null, null, POLICY, NOW)).toEqual({ refused: false });
  });

  it('an address known for the username passes the address-wide count, never the pair count', () => {
    const sprayed = { failures: 100, lastFailureAt: NOW, lockedUntil: new Date(NOW.getTime() + 30 * 60_000) };
    expect(attemptVerdict(null, sprayed, POLICY, NOW, false)).toMatchObject({ refused: true, kind: 'LOCKED' });
    expect(attemptVerdict(null, sprayed, POLICY, NOW, true)).toEqual({ refused: false });
    const pairPaused = { failures: 5, lastFailureAt: NOW, lockedUntil: new Date(NOW.getTime() + 30 * 60_000) };
    expect(attemptVerdict(pairPaused, sprayed, POLICY, NOW, true)).toMatchObject({ refused: true, kind: 'LOCKED' });
  });

  it('an address stays known for knownAddressDays after a complete sign-in', () => {
    const DAY = 86_400_000;
    expect(isKnownAddress(null, 90, NOW)).toBe(false);
    expect(isKnownAddress(ago(90 * DAY - 1), 90, NOW)).toBe(true);
    expect(isKnownAddress(ago(90 * DAY), 90, NOW)).toBe(false);
  });
});
