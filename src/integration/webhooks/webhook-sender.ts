import * as http from 'node:http';
import * as https from 'node:https';
import * as ipaddr from 'ipaddr.js';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { addressProblem, guardedLookup } from './target-guard';

/** Sent with every delivery: receivers' logs name the platform. */
export const WEBHOOK_USER_AGENT = 'FireCommitteePlatform-Webhooks/1.0 (+Standard Webhooks)';

/** At most this much of an answer is read (then discarded): a receiver cannot make the worker download a file. */
const MAX_RESPONSE_BYTES = 4096;

export interface DeliveryRequest {
  url: string;
  /** The event's id: `webhook-id`, the same on every attempt and redelivery. */
  id: string;
  body: string;
  /** `whsec_…` */
  secret: string;
  /** `webhook-timestamp` (the signature covers it). */
  now: Date;
  timeoutMs: number;
  allowPrivateNetworks: boolean;
}

export interface DeliveryOutcome {
  /** The answer's status; null when there was none (refused target, connection error, timeout). */
  httpStatus: number | null;
  /** zh-CN, when there was no answer. */
  error: string | null;
  durationMs: number;
}

/**
 * One HTTP attempt, outside any transaction: POST the body signed as Standard Webhooks asks (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature` = v1,base64(HMAC-SHA256(secret, id.timestamp.body))). Redirects are
 * never followed (node:http does not; a 3xx is reported as it is). The timeout covers connecting and the answer.
 * The target is checked again here (SSRF): a name through `guardedLookup`, an address literal with `addressProblem`,
 * since Node does not call `lookup` for one.
 */
export class WebhookSender {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8 });

  send(request: DeliveryRequest): Promise<DeliveryOutcome> {
    const started = process.hrtime.bigint();
    const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve({ httpStatus: null, error: '订阅地址不是有效的网址', durationMs: elapsed() });
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (ipaddr.isValid(host)) {
      const problem = addressProblem(host, request);
      if (problem) return Promise.resolve({ httpStatus: null, error: problem, durationMs: elapsed() });
    }
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') return Promise.resolve({ httpStatus: null, error: '只能使用 http 或 https 地址', durationMs: elapsed() });
    const signature = new StandardWebhook(request.secret).sign(request.id, request.now, request.body);
    const body = Buffer.from(request.body, 'utf8');
    return new Promise<DeliveryOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<DeliveryOutcome, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...outcome, durationMs: elapsed() });
      };
      const req = (secure ? https : http).request(url, {
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        lookup: guardedLookup(request) as never,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'user-agent': WEBHOOK_USER_AGENT,
          'webhook-id': request.id,
          'webhook-timestamp': String(Math.floor(request.now.getTime() / 1000)),
          'webhook-signature': signature,
        },
      });
      const timer = setTimeout(() => {
        finish({ httpStatus: null, error: `超时：${request.timeoutMs} 毫秒内未收到完整回复` });
        req.destroy();
      }, request.timeoutMs);
      req.on('response', (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) {
            // enough: the status is what counts; the rest is not downloaded
            finish({ httpStatus: res.statusCode ?? null, error: null });
            res.destroy();
          }
        });
        res.on('end', () => finish({ httpStatus: res.statusCode ?? null, error: null }));
        res.on('error', () => finish({ httpStatus: res.statusCode ?? null, error: null }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => finish({ httpStatus: null, error: connectionError(error) }));
      req.end(body);
    });
  }

  /** Closes idle keep-alive connections (shutdown). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function connectionError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'WEBHOOK_TARGET_REFUSED':
      return error.message;
    case 'ECONNREFUSED':
      return '连接被拒绝（ECONNREFUSED）：接收方未在监听';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `无法解析域名（${error.code}）`;
    case 'ECONNRESET':
      return '连接被接收方重置（ECONNRESET）';
    case 'ETIMEDOUT':
    case 'ECONNABORTED':
      return `连接超时（${error.code}）`;
    default:
      return `连接失败（${error.code ?? error.message}）`;
  }
}
