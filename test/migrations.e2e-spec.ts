import { openDataSource, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../migrations';
import { emptyServerDatabase, TIMEOUTS } from './support/database';

describe('migrations', () => {
  it('run on a pool of one connection (the advisory lock and the migrations share it), then nothing is pending', async () => {
    const server = await emptyServerDatabase();
    const config = server
      ? { kind: 'server' as const, url: server.url, poolSize: 1, ...TIMEOUTS }
      : { kind: 'embedded' as const, dataDir: 'memory://', ...TIMEOUTS };
    const ds = await openDataSource(config);
    try {
      expect(await runMigrations(ds)).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await runMigrations(ds)).toEqual([]);
    } finally {
      await ds.destroy();
      await server?.drop();
    }
  });

  it('two instances starting at once on one server both come up, and the schema is migrated once', async () => {
    const server = await emptyServerDatabase();
    if (!server) return; // one process per embedded folder: the DATA_DIR lock covers this case (test/embedded)
    const open = () => openDataSource({ kind: 'server', url: server.url, poolSize: 2, ...TIMEOUTS });
    const [a, b] = await Promise.all([open(), open()]);
    try {
      const applied = await Promise.all([runMigrations(a), runMigrations(b)]);
      expect(applied.flat()).toEqual(MIGRATIONS.map((m) => m.name));
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
      await server.drop();
    }
  });
});
