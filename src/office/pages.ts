import type { ConnectionValue, PageArgs } from '../graphql/connection';
import { BadUserInputError, ConflictError } from '../kernel/errors';

/** Pages of at most 100 (the API's own limit): an export or a name lookup reads a list the way a client would. */
const PAGE = 100;

/**
 * Every row of a keyset-paged list, page after page, through the same service call the GraphQL list uses (the
 * same filters and jurisdiction). More than `max` rows is BAD_USER_INPUT: narrow the filters.
 */
export async function allPages<T>(fetch: (page: PageArgs) => Promise<ConnectionValue<T>>, max = 100_000): Promise<T[]> {
  return (await readAll(fetch, max)).rows;
}

/**
 * Every row of a list and the list's own `totalCount` (counted with the first page), for a file that says how many
 * rows it holds: the rows read must be as many as the count, or CONFLICT and nothing is sent (a page that lost or
 * repeated rows, or rows written while the pages were read: the clerk is told to try again, never handed a short
 * list).
 */
export async function allPagesCounted<T>(fetch: (page: PageArgs) => Promise<ConnectionValue<T>>, max = 100_000): Promise<{ rows: T[]; total: number }> {
  const { rows, total } = await readAll(fetch, max, true);
  assertRowCount(rows.length, total!);
  return { rows, total: total! };
}

/** CONFLICT unless a file's rows are as many as the list's `totalCount`. */
export function assertRowCount(rows: number, total: number): void {
  if (rows !== total) {
    throw new ConflictError(`导出的行数（${rows}）与列表总数（${total}）不一致，未导出；可能有数据正在变更，请稍后重试`, { rows, totalCount: total });
  }
}

async function readAll<T>(fetch: (page: PageArgs) => Promise<ConnectionValue<T>>, max: number, count = false): Promise<{ rows: T[]; total?: number }> {
  const out: T[] = [];
  let after: string | undefined;
  let total: number | undefined;
  for (;;) {
    const page = await fetch({ first: PAGE, after });
    if (count && total === undefined) total = await page.totalCount;
    out.push(...page.edges.map((e) => e.node));
    if (out.length > max) throw BadUserInputError.field('filter', `超过 ${max} 条，请缩小筛选范围后再导出`);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return { rows: out, total };
    after = page.pageInfo.endCursor;
  }
}
