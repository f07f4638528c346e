import { ENTITIES } from '../../entities';
import { openDataSource, runMigrations } from '../data-source';
import { pendingSchemaChanges } from '../schema-drift';

/** Prints the SQL TypeORM would run to match the entities after the migrations: a draft for a new migration, reviewed by hand. */
async function main(): Promise<void> {
  const ds = await openDataSource({ kind: 'embedded', dataDir: 'memory://', connectTimeoutMs: 5000, statementTimeoutMs: 30000 }, ENTITIES);
  try {
    await runMigrations(ds);
    for (const q of await pendingSchemaChanges(ds)) console.log(`${q};`);
  } finally {
    await ds.destroy();
  }
}
void main();
