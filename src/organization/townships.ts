import type { DataSource, EntityManager } from 'typeorm';

/**
 * The township each region lies in (a village's township, a township itself; null above any township), for a
 * set of region ids, in one query. Figures are grouped by region in SQL first and mapped here: a per-row
 * township lookup would run once per fact.
 */
export async function townshipsOf(db: DataSource | EntityManager, regionIds: Iterable<string>): Promise<Map<string, string | null>> {
  const ids = [...new Set(regionIds)];
  if (ids.length === 0) return new Map();
  const rows: { id: string; township_id: string | null }[] = await db.query(
    `SELECT r.id, t.id AS township_id FROM region r LEFT JOIN region t ON t.level = 'TOWNSHIP' AND r.path LIKE t.path || '%' WHERE r.id = ANY($1)`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.township_id]));
}

/** SQL: `col` (timestamptz) falls on the Beijing dates `$from` .. `$to` (an index on the column stays usable). */
export function onBeijingDates(col: string, from: string, to: string): string {
  return `${col} >= (${from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AND ${col} < (${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
}

/** The county a region lies in (itself when it is one), in one query; undefined above any county. */
export async function countyOf(db: DataSource | EntityManager, regionId: string): Promise<{ id: string; path: string } | undefined> {
  const rows: { id: string; path: string }[] = await db.query(
    `SELECT c.id, c.path FROM region r JOIN region c ON c.level = 'COUNTY' AND r.path LIKE c.path || '%' WHERE r.id = $1`, [regionId]);
  return rows[0];
}
