import { openDataSource, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../migrations';
import { RegionCodesAndEstablishment1765512000000 } from '../migrations/1765512000000-region-codes-and-establishment';
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

  it('ORG-2, GB/T 2260: 1765512000000 rewrites 2- and 4-digit province and city codes, checks code shapes, sets up missing bodies', async () => {
    const server = await emptyServerDatabase();
    const config = server
      ? { kind: 'server' as const, url: server.url, poolSize: 1, ...TIMEOUTS }
      : { kind: 'embedded' as const, dataDir: 'memory://', ...TIMEOUTS };
    const ds = await openDataSource(config);
    const q = ds.createQueryRunner();
    try {
      await runMigrations(ds);
      // the data as it was before this migration: codes as the old seed wrote them, a township without its bodies,
      // one with all of them (left as it is)
      await q.query(`ALTER TABLE region DROP CONSTRAINT ck_region_code_shape`);
      const ids = { p: '8a000000-0000-4000-8000-000000000001', c: '8a000000-0000-4000-8000-000000000002', k: '8a000000-0000-4000-8000-000000000003',
        bare: '8a000000-0000-4000-8000-000000000004', full: '8a000000-0000-4000-8000-000000000005' };
      const path = (...chain: string[]) => `/${chain.join('/')}/`;
      await q.query(`INSERT INTO region (id, parent_id, level, kind, name, code, path, sort_order, version) VALUES
        ($1, NULL, 'PROVINCE', NULL, '吉林省', '22', $6, 0, 1),
        ($2, $1, 'CITY', NULL, '白山市', '2206', $7, 0, 1),
        ($3, $2, 'COUNTY', NULL, '靖宇县', '220622', $8, 0, 1),
        ($4, $3, 'TOWNSHIP', 'TOWN', '空白镇', NULL, $9, 1, 1),
        ($5, $3, 'TOWNSHIP', 'TOWN', '齐全镇', '220622101', $10, 2, 1)`,
        [ids.p, ids.c, ids.k, ids.bare, ids.full, path(ids.p), path(ids.p, ids.c), path(ids.p, ids.c, ids.k),
          path(ids.p, ids.c, ids.k, ids.bare), path(ids.p, ids.c, ids.k, ids.full)]);
      await q.query(`INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version) VALUES
        ('8a000000-0000-4000-8000-000000000010', 'TOWNSHIP_COMMITTEE', '齐全镇消防救援委员会', $1, NULL, NULL, 1),
        ('8a000000-0000-4000-8000-000000000011', 'TOWNSHIP_COMMITTEE_OFFICE', '齐全镇消防救援委员会办公室', $1, '8a000000-0000-4000-8000-000000000010', NULL, 1),
        ('8a000000-0000-4000-8000-000000000012', 'FIRE_WORK_STATION', '齐全镇消防工作站', $1, '8a000000-0000-4000-8000-000000000010', 3, 1),
        ('8a000000-0000-4000-8000-000000000013', 'TOWNSHIP_GOVERNMENT', '齐全镇人民政府', $1, NULL, NULL, 1)`, [ids.full]);

      await new RegionCodesAndEstablishment1765512000000().up(q);

      const codes = await q.query(`SELECT name, code FROM region ORDER BY level, name`);
      expect(Object.fromEntries(codes.map((r: any) => [r.name, r.code]))).toEqual({ 吉林省: '220000', 白山市: '220600', 靖宇县: '220622', 空白镇: null, 齐全镇: '220622101' });
      const bodies = await q.query(`SELECT r.name AS region, o.kind, o.name, o.staff_quota, p.kind AS parent FROM organization o JOIN region r ON r.id = o.region_id
        LEFT JOIN organization p ON p.id = o.parent_id ORDER BY r.name, o.kind`);
      expect(bodies.filter((b: any) => b.region === '空白镇').map((b: any) => [b.kind, b.name, b.staff_quota, b.parent])).toEqual([
        ['FIRE_WORK_STATION', '空白镇消防工作站', 2, 'TOWNSHIP_COMMITTEE'],
        ['TOWNSHIP_COMMITTEE', '空白镇消防救援委员会', null, null],
        ['TOWNSHIP_COMMITTEE_OFFICE', '空白镇消防救援委员会办公室', null, 'TOWNSHIP_COMMITTEE'],
        ['TOWNSHIP_GOVERNMENT', '空白镇人民政府', null, null],
      ]);
      expect(bodies.filter((b: any) => b.region === '齐全镇')).toHaveLength(4); // untouched: its station keeps 3
      expect(bodies.find((b: any) => b.region === '齐全镇' && b.kind === 'FIRE_WORK_STATION').staff_quota).toBe(3);
      expect(bodies.filter((b: any) => b.region === '靖宇县').map((b: any) => b.kind)).toEqual(['COUNTY_COMMITTEE', 'COUNTY_COMMITTEE_OFFICE', 'FIRE_RESCUE_BRIGADE', 'GUIDANCE_CENTER']);
      const history = await q.query(`SELECT o.name, c.new_quota, c.changed_by FROM staff_quota_change c JOIN organization o ON o.id = c.organization_id `);
      expect(history).toHaveLength(2);
      expect(history).toEqual(expect.arrayContaining([
        { name: '空白镇消防工作站', new_quota: 2, changed_by: 'system:migration' },
        { name: '靖宇县消防工作服务指导中心', new_quota: 4, changed_by: 'system:migration' },
      ]));
      // the shape is a constraint now: a township with a county's 6 digits is refused
      await expect(q.query(`UPDATE region SET code = '220622' WHERE id = $1`, [ids.bare])).rejects.toThrow(/ck_region_code_shape/);
    } finally {
      await q.release();
      await ds.destroy();
      await server?.drop();
    }
  });
});
