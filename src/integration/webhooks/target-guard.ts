import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import * as ipaddr from 'ipaddr.js';

/**
 * Where a webhook may send (SSRF): only public unicast addresses, unless the deployment allows private networks
 * (`WEBHOOK_ALLOW_PRIVATE_NETWORKS=true`: a county's own systems on its intranet, the tests on 127.0.0.1). Checked
 * when a subscription is created or changed (a clear refusal) and again at every delivery, on the addresses the
 * connection really uses (a name that resolves elsewhere later, DNS rebinding, is caught there).
 */
export interface TargetPolicy {
  allowPrivateNetworks: boolean;
  /** NODE_ENV=production: https only, unless private networks are allowed (an intranet receiver on http). */
  production: boolean;
}

export const WEBHOOK_URL_MAX_LENGTH = 2048;
/** How long a subscription's check waits for DNS. */
const LOOKUP_TIMEOUT_MS = 3000;

/** ipaddr.js's range names, as a station worker's administrator reads them. */
const RANGE_LABELS: Record<string, string> = {
  loopback: '本机回环地址',
  private: '内网地址',
  uniqueLocal: '内网地址（IPv6 唯一本地地址）',
  linkLocal: '链路本地地址（含云服务器元数据地址 169.254.169.254）',
  carrierGradeNat: '运营商级 NAT 地址（含云服务器元数据地址 100.100.100.200）',
  unspecified: '未指定地址',
  broadcast: '广播地址',
  multicast: '组播地址',
  reserved: '保留地址',
};

/** Why an address may not be a target, or null when it may. */
export function addressProblem(address: string, policy: Pick<TargetPolicy, 'allowPrivateNetworks'>): string | null {
  if (!ipaddr.isValid(address)) return `不是有效的 IP 地址：${address}`;
  if (policy.allowPrivateNetworks) return null;
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  // IPv6: only global unicast (2000::/3); ipaddr.js calls the deprecated IPv4-compatible ::a.b.c.d "unicast" too
  if (range === 'unicast' && (parsed.kind() === 'ipv4' || parsed.match(ipaddr.parseCIDR('2000::/3')))) return null;
  if (range === 'unicast') return `不能推送到非公网 IPv6 地址：${address}`;
  return `不能推送到${RANGE_LABELS[range] ?? `特殊用途地址（${range}）`}：${address}`;
}

/** The URL's own problems (no lookup): scheme, length, credentials, an address literal that is not allowed. */
export function urlProblem(raw: string, policy: TargetPolicy): string | null {
  if (raw.length > WEBHOOK_URL_MAX_LENGTH) return `地址过长（最多 ${WEBHOOK_URL_MAX_LENGTH} 个字符）`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '不是有效的网址（应形如 https://系统域名/路径）';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '只能使用 https 地址';
  if (url.protocol === 'http:' && policy.production && !policy.allowPrivateNetworks) return '生产环境只能使用 https 地址（http 仅在允许内网推送时可用）';
  if (url.username || url.password) return '地址中不能包含用户名或密码';
  if (url.hash) return '地址中不能包含 # 片段';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) return addressProblem(host, policy);
  if (host === 'localhost' || host.endsWith('.localhost')) return addressProblem('127.0.0.1', policy);
  return null;
}

/** Resolves the URL's host and checks every address; the problem names the first refused one. */
export async function targetProblem(raw: string, policy: TargetPolicy): Promise<string | null> {
  const own = urlProblem(raw, policy);
  if (own) return own;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) return null;
  let addresses: LookupAddress[];
  let timer: NodeJS.Timeout | undefined;
  try {
    // a resolver that does not answer must not hold the caller (a mutation holds its database connection meanwhile)
    addresses = await Promise.race([
      new Promise<LookupAddress[]>((resolve, reject) => dnsLookup(host, { all: true }, (err, found) => (err ? reject(err) : resolve(found)))),
      new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS); }),
    ]);
  } catch (error) {
    return (error as Error).message === 'timeout' ? `域名解析超时（${LOOKUP_TIMEOUT_MS / 1000} 秒）：${host}` : `无法解析域名：${host}`;
  } finally {
    clearTimeout(timer);
  }
  if (addresses.length === 0) return `无法解析域名：${host}`;
  for (const a of addresses) {
    const problem = addressProblem(a.address, policy);
    if (problem) return problem;
  }
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request` that refuses a disallowed address (the connection is then never made): the
 * delivery-time check, on exactly the addresses the socket connects to.
 */
export function guardedLookup(policy: Pick<TargetPolicy, 'allowPrivateNetworks'>) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const a of addresses) {
        const problem = addressProblem(a.address, policy);
        if (problem) return callback(Object.assign(new Error(problem), { code: 'WEBHOOK_TARGET_REFUSED' }), []);
      }
      if ((options as LookupAllOptions).all) return callback(null, addresses);
      const [first] = addresses;
      return callback(null, first.address, first.family);
    });
  };
}

/** The URL as the audit trail and the office's notices show it: without its query (receivers often carry a token there). */
export function auditedUrl(url: string): string {
  const u = new URL(url);
  return u.search ? `${u.origin}${u.pathname}?…` : `${u.origin}${u.pathname}`;
}
