import { Injectable } from '@nestjs/common';
import { Args, Field, ID, InterfaceType, Query, Resolver } from '@nestjs/graphql';
import { IdKind, parseGlobalId } from './global-id';
import type { RequestContext } from '../kernel/request-context';
import { Ctx } from './context.decorator';
import { BadUserInputError } from '../kernel/errors';
import { SignedIn } from '../kernel/access.decorators';

/** Relay's Node: every object with a global id can be fetched again through `node(id:)`. */
@InterfaceType('Node', {
  description: '可通过全局标识 node(id:) 重新获取的对象',
  resolveType: (value: { constructor: unknown }) => value.constructor,
})
export abstract class Node {
  @Field(() => ID, { description: '全局标识' })
  id: string;
}

export type NodeFetcher = (ctx: RequestContext, ids: readonly string[]) => Promise<(Node | null)[]>;

/** Each domain module registers how to fetch its kinds by id; `node(id:)` dispatches here. */
@Injectable()
export class NodeRegistry {
  private readonly fetchers = new Map<string, NodeFetcher>();

  register(kind: IdKind, fetcher: NodeFetcher): void {
    this.fetchers.set(kind, fetcher);
  }

  async fetch(ctx: RequestContext, globalIds: readonly string[]): Promise<(Node | null)[]> {
    const parsed = globalIds.map((g) => parseGlobalId(g));
    const byKind = new Map<string, { index: number; id: string }[]>();
    parsed.forEach((p, index) => {
      if (p && this.fetchers.has(p.kind)) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), { index, id: p.id }]);
    });
    const out: (Node | null)[] = globalIds.map(() => null);
    for (const [kind, items] of byKind) {
      const found = await this.fetchers.get(kind)!(ctx, items.map((i) => i.id));
      items.forEach((item, k) => (out[item.index] = found[k] ?? null));
    }
    return out;
  }
}

@Resolver()
export class NodeResolver {
  constructor(private readonly registry: NodeRegistry) {}

  // each kind's fetcher applies its permission and the jurisdiction: what the actor may not see is null
  @SignedIn()
  @Query(() => Node, { nullable: true, description: '按全局标识获取任意对象；不存在或无权访问时为 null' })
  async node(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID, description: '全局标识（任一对象的 id）' }) id: string): Promise<Node | null> {
    return (await this.registry.fetch(ctx, [id]))[0];
  }

  @SignedIn()
  @Query(() => [Node], { nullable: 'items', description: '按全局标识批量获取对象（最多 100 个）' })
  async nodes(
    @Ctx() ctx: RequestContext,
    @Args('ids', { type: () => [ID], description: '全局标识列表，最多 100 个' }) ids: string[],
  ): Promise<(Node | null)[]> {
    if (ids.length > 100) {
      throw BadUserInputError.field('ids', '最多 100 个');
    }
    return this.registry.fetch(ctx, ids);
  }
}
