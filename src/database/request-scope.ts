import { AsyncLocalStorage } from 'node:async_hooks';

/** What an idempotency key (a retried mutation) asks of the request's first transaction: record the key in it. */
export interface IdempotencyClaim {
  /** Whose key: `ACCOUNT:<id>` or `API_KEY:<id>` (keys of different callers never meet). */
  principal: string;
  key: string;
  /** sha256 of the operation and its variables: the same key with another request is refused. */
  requestHash: string;
  /** Set once a transaction of this request has recorded the key (and committed with it). */
  claimed: boolean;
}

/**
 * State that belongs to one HTTP request and is needed where the request context is not passed: the SQL statements
 * issued so far (statement-count.ts) and the request's idempotency key (transaction.ts). Opened by a middleware for
 * every request, so the resolvers, DataLoader batches and Apollo's hooks of the request all run inside it.
 */
export interface RequestScope {
  statements: number;
  idempotency?: IdempotencyClaim;
  /** Work to start once the response is finished or the connection closed (an import's rows, after its answer). */
  afterResponse?: (() => void)[];
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** The scope of the request running now, or undefined (jobs, start-up). */
export function requestScope(): RequestScope | undefined {
  return scopes.getStore();
}

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

/** Runs `fn` outside any request's scope: work a request starts that goes on after it (an import). */
export function outsideRequestScope<T>(fn: () => T): T {
  return scopes.exit(fn);
}
