import DataLoader from 'dataloader';
import type { Permission, Role } from './permissions';

/**
 * What an account must do before anything else (in this order): pass its second factor, change a password
 * someone else set, enrol a second factor its role requires.
 */
export enum Gate {
  SECOND_FACTOR = 'SECOND_FACTOR',
  PASSWORD_CHANGE = 'PASSWORD_CHANGE',
  SECOND_FACTOR_ENROLLMENT = 'SECOND_FACTOR_ENROLLMENT',
}

/** Who is acting: an account (through a session), an API key, the system (jobs, the seed) or nobody. */
export interface Actor {
  kind: 'ANONYMOUS' | 'ACCOUNT' | 'API_KEY' | 'SYSTEM';
  /** Account or API key id. */
  id: string | null;
  /** Recorded in history rows (`changed_by`, `recorded_by`) and the audit trail: a username, `key:<name>`, `system:<job>`. */
  label: string;
  role: Role | null;
  /** The root of the actor's jurisdiction; null for the system (everywhere) and for nobody (nowhere). */
  regionId: string | null;
  regionPath: string | null;
  organizationId: string | null;
  permissions: ReadonlySet<Permission>;
  sessionId: string | null;
  gate: Gate | null;
}

export const ANONYMOUS: Actor = {
  kind: 'ANONYMOUS', id: null, label: 'anonymous', role: null, regionId: null, regionPath: null, organizationId: null,
  permissions: new Set(), sessionId: null, gate: null,
};

/** One audit entry in the making: what the operation touched, filled in by the service that did it. */
export interface AuditNote {
  operation: string;
  targetType: string | null;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Set by sign-in: the entry is written as the account that signed in (or tried to). */
  actor: Actor | null;
  /** The region the entry belongs to when the actor has none (an attempt to sign in to a known account). */
  scopePath: string | null;
  /**
   * The entry names no one: no actor, no address, a request id of its own (an appraisal ballot cast, EVA-1: the
   * trail says a ballot was cast in a round, never by whom).
   */
  anonymous?: boolean;
  /** Set once the entry was written in the mutation's own transaction (mutation-transaction.interceptor.ts). */
  written?: boolean;
}

export interface AuditEvent extends Partial<AuditNote> {
  operation: string;
  outcome: 'SUCCESS' | 'FAILURE' | 'DENIED';
  errorCode?: string | null;
}

/** A read refused for the jurisdiction: the region path asked for, or the global id probed. */
export interface RefusedRead {
  path?: string;
  nodeId?: string;
}

/** Refused reads noted per request (a `nodes(ids:)` of 100 ids is one entry naming at most this many). */
const MAX_REFUSED_READS = 20;

/**
 * The request context, passed explicitly as the first argument of service methods. It carries the request id
 * (also in every log line), the client address, the actor (set by the auth guard), the audit note of the
 * operation being run, and the per-request DataLoaders (so a field never runs a query per row).
 */
export class RequestContext {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private currentActor: Actor;
  /** Set once by the guard: the pending authentication of this request, shared by every resolver it guards. */
  authentication: Promise<void> | null = null;
  /** The root mutation field being run (mutations run one after another), and extra events to record. */
  auditNote: AuditNote | null = null;
  readonly auditEvents: AuditEvent[] = [];
  /**
   * Reads refused without an error (a `node(id:)` out of reach answers null) and jurisdictions refused (the path
   * asked for): the audit plugin records them (GB/T 22239-2019 8.1.4.3 a).
   */
  readonly refusedReads: RefusedRead[] = [];
  /** The client's `X-Request-Id` when well-formed (logging.module.ts): kept apart from the server's `requestId`. */
  clientRequestId: string | null = null;
  /** The estimated cost of the operations this request has run so far (query-cost.ts), against GRAPHQL_MAX_COST. */
  queryCost = 0;

  constructor(
    readonly requestId: string,
    actor: Actor,
    readonly address: string | null = null,
    readonly userAgent: string | null = null,
  ) {
    this.currentActor = actor;
  }

  get actor(): Actor {
    return this.currentActor;
  }

  /** Called by the authenticator once it knows who sent the request. */
  setActor(actor: Actor): void {
    this.currentActor = actor;
  }

  static system(name: string): RequestContext {
    return new RequestContext(`system-${name}`, {
      ...ANONYMOUS, kind: 'SYSTEM', label: `system:${name}`, permissions: new Set(),
    });
  }

  /** Describes the target of the current mutation for the audit trail (never pass secrets). */
  auditTarget(
    targetType: string,
    targetId: string | null,
    change: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } = {},
  ): void {
    if (!this.auditNote) return;
    this.auditNote.targetType = targetType;
    this.auditNote.targetId = targetId;
    if (change.before !== undefined) this.auditNote.before = change.before;
    if (change.after !== undefined) this.auditNote.after = change.after;
  }

  /**
   * The operation's entry without its actor (auditTarget's otherwise): written as ANONYMOUS 「匿名评议人」 with no
   * address and a request id of its own, in `scopePath`'s jurisdiction. For what must not be traced to a person.
   */
  auditAnonymously(targetType: string, targetId: string | null, scopePath: string, after: Record<string, unknown>): void {
    if (!this.auditNote) return;
    this.auditTarget(targetType, targetId, { after });
    this.auditNote.actor = { ...ANONYMOUS, label: '匿名评议人' };
    this.auditNote.scopePath = scopePath;
    this.auditNote.anonymous = true;
  }

  /** Notes a read refused for the jurisdiction (jurisdiction.ts, work-scope.ts): the audit plugin records it. */
  refusedRead(read: RefusedRead): void {
    if (this.refusedReads.length < MAX_REFUSED_READS) this.refusedReads.push(read);
  }

  /** An extra audit entry (an account locked, an unmasked read): written with the request's entries. */
  auditEvent(event: AuditEvent): void {
    this.auditEvents.push(event);
  }

  /** The per-request loader named `name`, created on first use. */
  loader<K, V>(name: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = create() as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** The GraphQL context value. */
export interface GraphQLContext {
  ctx: RequestContext;
  req: unknown;
}

/** An HTTP request (an attachment route) carrying its request context, made on first use. */
export interface HttpRequestWithContext {
  id?: unknown;
  /** The client's own `X-Request-Id`, when well-formed (logging.module.ts). */
  clientRequestId?: string | null;
  method?: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
  fcpContext?: RequestContext;
}

export function httpContextOf(req: HttpRequestWithContext): RequestContext {
  const agent = req.headers['user-agent'];
  if (!req.fcpContext) {
    req.fcpContext = new RequestContext(String(req.id ?? 'unknown'), ANONYMOUS, req.ip ?? null, typeof agent === 'string' ? agent : null);
    req.fcpContext.clientRequestId = typeof req.clientRequestId === 'string' ? req.clientRequestId : null;
  }
  return req.fcpContext;
}
