import { createHmac } from 'node:crypto';

/**
 * The audit trail's tamper evidence (GB/T 22239-2019 8.1.4.7 数据完整性): every entry carries
 * `mac = HMAC-SHA-256(AUDIT_CHAIN_KEY, prevMac + "\n" + canonical content)`, `prevMac` being the MAC of the entry
 * before it in the chain. Altering an entry breaks its own MAC; deleting one breaks the link of the next (and the
 * gapless sequence); rewriting a run of entries needs the chain key, which no other secret of the application
 * derives or replaces.
 */

/** The fields of an entry the MAC covers, as the database returns them. */
export interface ChainedContent {
  chainSeq: string;
  /** `at` in microseconds since the epoch (the database's precision; a JavaScript Date would drop the last three digits). */
  atMicros: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  address: string | null;
  requestId: string;
  clientRequestId: string | null;
  operation: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  errorCode: string | null;
  summary: unknown;
  scopePath: string | null;
}

/** JSON with object keys sorted at every depth: jsonb does not keep the order a value was written in. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The one canonical text of an entry: a JSON array in a fixed order. */
export function canonicalContent(e: ChainedContent): string {
  return canonicalJson([
    e.chainSeq, e.atMicros, e.actorKind, e.actorId, e.actorLabel, e.address, e.requestId, e.clientRequestId, e.operation,
    e.targetType, e.targetId, e.outcome, e.errorCode,
    // what the database will give back: a JSON round trip (Dates become strings, undefined keys vanish)
    e.summary === null || e.summary === undefined ? null : JSON.parse(JSON.stringify(e.summary)),
    e.scopePath,
  ]);
}

export function chainMac(key: Buffer, prevMac: string, content: ChainedContent): string {
  return createHmac('sha256', key).update(`${prevMac}\n${canonicalContent(content)}`).digest('base64url');
}

/** The keyed-hash context of usernames typed at a sign-in (the audit trail's `usernameHash`, the failure counts' key). */
export const LOGIN_USERNAME_CONTEXT = 'audit.login_username';

/**
 * The masked form of a typed username kept in a failed sign-in's entry (8.1.4.3: a password typed into the username
 * field must not land in the trail): the first and last character around 「***」, fewer when the text is short.
 */
export function maskUsername(typed: string): string {
  const chars = [...typed];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}***${chars[chars.length - 1]}`;
}

/** Why a chain is not intact at an entry. */
export enum AuditChainBreak {
  ALTERED = 'ALTERED',
  MISSING = 'MISSING',
  RELINKED = 'RELINKED',
}
