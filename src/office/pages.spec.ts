import type { ConnectionValue, PageArgs } from '../graphql/connection';
import { ConflictError } from '../kernel/errors';
import { allPagesCounted } from './pages';

/** A list of `rows` paged by position, whose count says `total`. */
function list(rows: number[], total: number, lose: (n: number) => boolean = () => false) {
  return async (page: PageArgs): Promise<ConnectionValue<number>> => {
    const start = page.after ? Number(page.after) + 1 : 0;
    const slice = rows.slice(start, start + page.first!);
    const edges = slice.filter((n) => !lose(n)).map((n) => ({ node: n, cursor: String(n) }));
    const end = start + slice.length - 1;
    return Object.defineProperty({ edges, pageInfo: { hasNextPage: end < rows.length - 1, hasPreviousPage: Boolean(page.after), startCursor: null, endCursor: String(end) } },
      'totalCount', { get: () => Promise.resolve(total) }) as ConnectionValue<number>;
  };
}

describe('exports read whole lists and check them against totalCount', () => {
  const rows = Array.from({ length: 425 }, (_, i) => i);

  it('every page read: the rows and the count agree', async () => {
    const { rows: read, total } = await allPagesCounted(list(rows, 425));
    expect(read).toEqual(rows);
    expect(total).toBe(425);
  });

  it('a list that lost rows between pages (325 of 425) is CONFLICT, naming both numbers in zh-CN', async () => {
    const failure = allPagesCounted(list(rows, 425, (n) => n >= 300 && n < 400));
    await expect(failure).rejects.toBeInstanceOf(ConflictError);
    await expect(failure).rejects.toMatchObject({ message: expect.stringContaining('导出的行数（325）与列表总数（425）不一致，未导出'), extensions: { code: 'CONFLICT', rows: 325, totalCount: 425 } });
  });
});
