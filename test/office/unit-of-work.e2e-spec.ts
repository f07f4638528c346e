import { DataSource } from 'typeorm';
import { isEmbedded } from '../../src/database/data-source';
import { TransactionRunner } from '../../src/database/transaction';
import { outsideUnitOfWork, unitOfWork, UnitOfWorkBroken } from '../../src/database/unit-of-work';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The unit of work behind imports (all rows or none): the services' own queries and transactions join
 * it without knowing, each step is a savepoint, and code outside it is not in it.
 */
describe('unit of work: an import writes all its rows or none', () => {
  let t: TestApp;
  let ds: DataSource;
  const names = async () => ((await ds.query(`SELECT name FROM region WHERE name LIKE 'UOW%' ORDER BY name`)) as { name: string }[]).map((r) => r.name);
  const insert = (name: string) =>
    ds.query(`INSERT INTO region (id, parent_id, level, kind, name, path, sort_order, version) SELECT gen_random_uuid(), id, 'VILLAGE', 'VILLAGE', $1, path || gen_random_uuid() || '/', 99, 1 FROM region WHERE name = '景山镇'`, [name]);

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.dataSource;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a failed step is undone alone; a service\'s own transaction inside a step is a savepoint; commit keeps the rest', async () => {
    const tx = t.app.get(TransactionRunner);
    const outcomes = await unitOfWork(ds, async (unit) => {
      const a = await unit.step(() => insert('UOW-a'));
      const b = await unit.step(async () => {
        await tx.run((m) => m.query(`INSERT INTO region (id, parent_id, level, kind, name, path, sort_order, version) SELECT gen_random_uuid(), id, 'VILLAGE', 'VILLAGE', 'UOW-b', path || 'x/', 99, 1 FROM region WHERE name = '景山镇'`));
        throw new Error('the row fails after its service committed');
      });
      const c = await unit.step(() => ds.query(`SELECT 1/0`)); // a statement error aborts only the savepoint
      const d = await unit.step(() => insert('UOW-d'));
      return { commit: true, value: [a.ok, b.ok, c.ok, d.ok] };
    });
    expect(outcomes).toEqual([true, false, false, true]);
    expect(await names()).toEqual(['UOW-a', 'UOW-d']);
  });

  it('without commit nothing stays, and an error thrown out of the unit rolls it back too', async () => {
    await unitOfWork(ds, async (unit) => {
      await unit.step(() => insert('UOW-e'));
      return { commit: false, value: null };
    });
    await expect(unitOfWork(ds, async () => {
      await insert('UOW-f');
      throw new Error('stop');
    })).rejects.toThrow('stop');
    expect(await names()).toEqual(['UOW-a', 'UOW-d']);
    await expect(unitOfWork(ds, () => unitOfWork(ds, async () => ({ commit: true, value: 1 })).then((v) => ({ commit: true, value: v })))).rejects.toThrow('do not nest');
  });

  it('the connection comes back without a transaction, after a commit, a rollback or a failed step', async () => {
    const inTransaction = async () => (await ds.query(`SELECT txid_current_if_assigned() AS x`))[0].x !== null;
    await unitOfWork(ds, async (unit) => {
      await unit.step(() => insert('UOW-h'));
      await unit.step(() => ds.query(`SELECT 1/0`));
      return { commit: false, value: null };
    });
    expect(await inTransaction()).toBe(false);
    expect(await names()).not.toContain('UOW-h');
  });

  it('a step that leaves the nesting unbalanced (a transaction begun and never ended) fails the whole unit, rolled back, the connection clean', async () => {
    await expect(unitOfWork(ds, async (unit) => {
      await unit.step(() => insert('UOW-i'));
      await unit.step(async () => {
        await ds.createQueryRunner().startTransaction(); // the unit's runner: a savepoint nobody releases
        await insert('UOW-j');
      });
      return { commit: true, value: null };
    })).rejects.toThrow(UnitOfWorkBroken);
    expect(await names()).not.toContain('UOW-i');
    expect(await names()).not.toContain('UOW-j');
    expect((await ds.query(`SELECT txid_current_if_assigned() AS x`))[0].x).toBeNull();
    // two steps at once are refused: one connection, one step at a time
    await expect(unitOfWork(ds, async (unit) => {
      await Promise.all([unit.step(() => insert('UOW-k')), unit.step(() => insert('UOW-l'))]);
      return { commit: true, value: null };
    })).rejects.toThrow(UnitOfWorkBroken);
    expect(await names()).toEqual(['UOW-a', 'UOW-d']);
  });

  it('server: work outside the unit is not in it: it does not see the unit\'s rows before the commit, and is not blocked by it', async () => {
    if (isEmbedded(ds)) return; // one connection: outside work waits for the unit (documented), nothing to observe
    let seenOutside: string[] = [];
    let seenEscaped: string[] = [];
    // a concurrent request: work whose async context began outside the unit, let go while the unit is open
    let release!: () => void;
    const outside = new Promise<void>((r) => (release = r)).then(() => names());
    await unitOfWork(ds, async (unit) => {
      await unit.step(() => insert('UOW-g'));
      seenEscaped = await outsideUnitOfWork(() => names());
      release();
      seenOutside = await outside;
      expect(await names()).toContain('UOW-g'); // inside, it is there
      return { commit: true, value: null };
    });
    expect(seenEscaped).not.toContain('UOW-g');
    expect(seenOutside).not.toContain('UOW-g');
    expect(await names()).toContain('UOW-g');
  });
});
