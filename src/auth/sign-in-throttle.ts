/**
 * Failed sign-in handling (GB/T 22239-2019 8.1.4.1 b): "登录失败处理功能，应配置并启用结束会话、限制非法登录次数和
 * 当登录连接超时自动退出等相关措施"). Pure rules: they take the stored counts, the policy and "now".
 *
 * Two counts, both of failures only (a correct password, a correct second-factor code or a password change never
 * counts, so an office full of colleagues signing in from one address is never slowed down):
 * - per username and address: after `delayAfterFailures` failures each further attempt waits 1 s, 2 s, 4 s… (capped),
 *   at `lockAfterFailures` that username is refused from that address for `lockMinutes`. Another address (another
 *   administrator, the same administrator at another office) is not affected. Unknown usernames are counted
 *   alike, so the answers tell nothing about which usernames exist.
 * - per address, all usernames together (password spraying): delays from `addressDelayAfterFailures`, refusal at
 *   `addressLockAfterFailures`. A username that completed a sign-in from the address within `knownAddressDays` is
 *   not held back by it (only by its own pair count and the account lock): colleagues behind one office NAT address
 *   keep working while someone sprays from it.
 * A count is forgotten `lockMinutes` after its last failure, or when its lock ends.
 *
 * An attempt is claimed (counted as a failure) before its password is checked, in the same statement as its
 * verdict, and the claim is given back when the password proves right: concurrent wrong guesses are held back
 * exactly as sequential ones (auth.service.ts).
 */

/** The failure-handling parameters of the security policy in force. */
export interface FailurePolicy {
  delayAfterFailures: number;
  delayBaseSeconds: number;
  delayMaxSeconds: number;
  lockAfterFailures: number;
  lockMinutes: number;
  addressDelayAfterFailures: number;
  addressLockAfterFailures: number;
}

/** A stored count (a `sign_in_failure` row). */
export interface FailureCount {
  failures: number;
  lastFailureAt: Date | null;
  lockedUntil: Date | null;
}

export type ThrottleVerdict =
  | { refused: false }
  | { refused: true; kind: 'DELAY' | 'LOCKED'; retryAfterSeconds: number };

const OPEN: ThrottleVerdict = { refused: false };

/** The failures still remembered at `now` (0 once the window has passed or the lock has ended). */
export function liveFailures(count: FailureCount | null | undefined, policy: Pick<FailurePolicy, 'lockMinutes'>, now: Date): number {
  if (!count || !count.lastFailureAt || count.failures <= 0) return 0;
  if (count.lockedUntil && count.lockedUntil <= now) return 0;
  if (now.getTime() - count.lastFailureAt.getTime() >= policy.lockMinutes * 60_000) return 0;
  return count.failures;
}

/** The wait after the n-th failure (seconds; 0 below the delay threshold): base · 2^(n − threshold), capped. */
export function delayAfter(failures: number, delayAfterFailures: number, policy: Pick<FailurePolicy, 'delayBaseSeconds' | 'delayMaxSeconds'>): number {
  if (failures < delayAfterFailures) return 0;
  const exponent = Math.min(failures - delayAfterFailures, 30);
  return Math.min(policy.delayMaxSeconds, policy.delayBaseSeconds * 2 ** exponent);
}

/** Whether one more attempt may be made now, for one count with its thresholds. */
export function verdict(
  count: FailureCount | null | undefined,
  thresholds: { delayAfter: number; lockAfter: number },
  policy: FailurePolicy,
  now: Date,
): ThrottleVerdict {
  if (count?.lockedUntil && count.lockedUntil > now) {
    return { refused: true, kind: 'LOCKED', retryAfterSeconds: Math.max(1, Math.ceil((count.lockedUntil.getTime() - now.getTime()) / 1000)) };
  }
  const failures = liveFailures(count, policy, now);
  if (failures === 0 || failures >= thresholds.lockAfter) return OPEN;
  const waitMs = delayAfter(failures, thresholds.delayAfter, policy) * 1000;
  const readyAt = count!.lastFailureAt!.getTime() + waitMs;
  if (readyAt <= now.getTime()) return OPEN;
  return { refused: true, kind: 'DELAY', retryAfterSeconds: Math.max(1, Math.ceil((readyAt - now.getTime()) / 1000)) };
}

/** Whether a complete sign-in at `lastSuccessAt` still makes the address known at `now` (within knownAddressDays). */
export function isKnownAddress(lastSuccessAt: Date | null | undefined, knownAddressDays: number, now: Date): boolean {
  return Boolean(lastSuccessAt && now.getTime() - lastSuccessAt.getTime() < knownAddressDays * 86_400_000);
}

/**
 * The verdict for an attempt on `username` from an address: the address-wide count first (unless the address is
 * known for the username), then the pair.
 */
export function attemptVerdict(
  pair: FailureCount | null | undefined,
  address: FailureCount | null | undefined,
  policy: FailurePolicy,
  now: Date,
  knownAddress = false,
): ThrottleVerdict {
  const byAddress = knownAddress
    ? OPEN
    : verdict(address, { delayAfter: policy.addressDelayAfterFailures, lockAfter: policy.addressLockAfterFailures }, policy, now);
  if (byAddress.refused) return byAddress;
  return verdict(pair, { delayAfter: policy.delayAfterFailures, lockAfter: policy.lockAfterFailures }, policy, now);
}
