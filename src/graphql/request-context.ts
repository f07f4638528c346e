import DataLoader from 'dataloader';

/** Who is acting. Until sign-in exists every HTTP caller is anonymous; jobs and the seed act as `system:*`. */
export interface Actor {
  /** Recorded in history rows (`changed_by`, `recorded_by`). */
  label: string;
}

export const ANONYMOUS: Actor = { label: 'anonymous' };

/**
 * The request context, passed explicitly as the first argument of service methods. It carries the request id
 * (also in every log line), the actor, and the per-request DataLoaders (so a field never runs a query per row).
 */
export class RequestContext {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  constructor(
    readonly requestId: string,
    readonly actor: Actor,
  ) {}

  static system(name: string): RequestContext {
    return new RequestContext(`system-${name}`, { label: `system:${name}` });
  }

  /** The loader named `name` for this request, created on first use. */
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
