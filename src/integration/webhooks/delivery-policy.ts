import { auditedUrl } from './target-guard';
/**
 * The delivery worker's rules, pure: what counts as delivered, how long to wait before the next attempt, and the
 * words the committee office reads. The worker (webhook-worker.ts) applies them; the give-up after
 * WEBHOOK_RETRY_WINDOW_MS is decided in its SQL, on the database's clock that every instance shares.
 */
export interface RetryPolicy {
  /** The first retry's delay. */
  baseMs: number;
  /** The longest delay between two attempts. */
  maxDelayMs: number;
}

/** Standard Webhooks: any 2xx is an acknowledgement; a redirect is not followed, so 3xx is a failure like 4xx/5xx. */
export function isDelivered(httpStatus: number | null): boolean {
  return httpStatus !== null && httpStatus >= 200 && httpStatus <= 299;
}

/**
 * Delay before the attempt after `failures` failed ones (1 after the first): exponential from `baseMs`, capped at
 * `maxDelayMs`, with ±20 % jitter so that subscriptions failing together (a receiver back after an outage) do not
 * retry in lockstep. `random` is in [0, 1).
 */
export function retryDelayMs(failures: number, policy: RetryPolicy, random: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  const plain = Math.min(policy.baseMs * 2 ** exponent, policy.maxDelayMs);
  return Math.max(1, Math.round(plain * (0.8 + 0.4 * random)));
}

/** One attempt's outcome in a line for the attempt log and the disabling notice (no response body is kept). */
export function describeFailure(outcome: { httpStatus: number | null; error: string | null }): string {
  if (outcome.httpStatus !== null) {
    if (outcome.httpStatus >= 300 && outcome.httpStatus <= 399) return `接收方返回 HTTP ${outcome.httpStatus}（重定向不跟随）`;
    return `接收方返回 HTTP ${outcome.httpStatus}`;
  }
  return outcome.error ?? '未知错误';
}

/** zh-CN: why the subscription was disabled (Webhook.disabledReason), with the last error. */
export function disabledReason(windowMs: number, lastFailure: string): string {
  return `推送连续失败超过 ${formatDuration(windowMs)}，已自动停用；最后一次错误：${lastFailure}。修复接收方后重新启用，停用期间的事件会从停下处继续推送`;
}

/** zh-CN: the warning's message for the committee office. */
export function disabledWarningMessage(url: string, description: string, windowMs: number, lastFailure: string): string {
  const name = description.trim() ? `“${description.trim()}”` : '';
  return `事件订阅${name}（${auditedUrl(url)}）推送连续失败超过 ${formatDuration(windowMs)}，已自动停用；最后一次错误：${lastFailure}`;
}

function formatDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} 小时`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} 分钟`;
  if (ms >= 1000) return `${Math.round(ms / 100) / 10} 秒`;
  return `${ms} 毫秒`;
}
