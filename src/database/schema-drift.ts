import { DataSource } from 'typeorm';

/**
 * The statements TypeORM would run to make the database match the entities. Empty means the hand-written
 * migrations and the entities agree; anything else is schema drift (a test fails on it).
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}
