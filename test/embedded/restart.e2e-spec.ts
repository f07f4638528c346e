import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAppConfig } from '../../src/config/app-config';
import { openDataSource } from '../../src/database/data-source';
import { createTestApp, data } from '../support/test-app';

/** Embedded-database smoke tests: always on PGlite in a real DATA_DIR, whatever DATABASE_URL says. */
describe('embedded PostgreSQL (PGlite) in DATA_DIR', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-restart-'));
  const database = loadAppConfig({ DATA_DIR: dir }).database;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const STATION = `{ townships(first: 1) { edges { node { id code station { id staffQuota } } } } }`;

  it('keeps every committed write across a restart, and the seed does not run twice', async () => {
    const first = await createTestApp({ database });
    try {
      const jingyu = data(await first.gql(STATION)).townships.edges[0].node;
      data(await first.gql(`mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { staffQuota } }`, {
        i: { organizationId: jingyu.station.id, staffQuota: 2, reason: '重启前的调整' },
      }));
      data(await first.admins.system.gql(`mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { code } }`, { i: { regionId: jingyu.id, code: '220622100' } }));

      // PGlite has no lock of its own: a second opener of the same folder is refused while the first runs
      await expect(openDataSource(database)).rejects.toThrow(/DATA_DIR is in use/);
    } finally {
      await first.close();
    }

    const second = await createTestApp({ database });
    try {
      const again = data(await second.gql(STATION)).townships.edges[0].node;
      expect(again.code).toBe('220622100');
      expect(again.station.staffQuota).toBe(2);
      expect(data(await second.gql(`{ townships { totalCount } organizations(first: 100) { totalCount } }`))).toEqual({
        townships: { totalCount: 8 },
        organizations: { totalCount: 36 },
      });
    } finally {
      await second.close();
    }
  });

  it('a lock left by a process that died is taken over', async () => {
    const lock = `${(database as { dataDir: string }).dataDir}.lock`;
    fs.writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: 'earlier' }));
    const ds = await openDataSource(database);
    try {
      expect(JSON.parse(fs.readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    } finally {
      await ds.destroy();
    }
    expect(fs.existsSync(lock)).toBe(false);
  });
});
