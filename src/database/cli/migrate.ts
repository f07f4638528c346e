import 'reflect-metadata';
import { loadAppConfig } from '../../config/app-config';
import { ConfigValidationError } from '../../config/environment';
import { openDataSource, runMigrations } from '../data-source';

/** `npm run migration:run`: applies pending migrations to the configured database and exits. */
async function main(): Promise<void> {
  const config = loadAppConfig();
  const dataSource = await openDataSource(config.database);
  try {
    const applied = await runMigrations(dataSource);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigValidationError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
