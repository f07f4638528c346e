import type { ConnectionValue, PageArgs } from '../graphql/connection';
import { BadUserInputError } from '../graphql/errors';

/** Pages of at most 100 (the API's own limit): an export or a name lookup reads a list the way a client would. */
const PAGE = 100;

/**
 * Every row of a keyset-paged list, page after page, through the same service call the GraphQL list uses (the
 * same filters and jurisdiction). More than `max` rows is BAD_USER_INPUT: narrow the filters.
 */
export async function allPages<T>(fetch: (page: PageArgs) => Promise<ConnectionValue<T>>, max = 100_000): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await fetch({ first: PAGE, after });
    out.push(...page.edges.map((e) => e.node));
    if (out.length > max) throw BadUserInputError.field('filter', `超过 ${max} 条，请缩小筛选范围后再导出`);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return out;
    after = page.pageInfo.endCursor;
  }
}
