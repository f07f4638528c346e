import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { apiKeyHashIsCurrent } from './api-key.service';
import { FieldCipher } from './key-material';
import { WEBHOOK_SECRET_CONTEXT } from './personal-data';

/** An encrypted column, its encryption context, and the keyed hash (blind index) kept beside it, if any. */
interface ProtectedColumn {
  column: string;
  context: (row: Record<string, string>) => string;
  index?: string;
}

interface ProtectedTable {
  table: string;
  /** The primary key (one uuid column): batches are walked in its order. */
  key?: string;
  columns: ProtectedColumn[];
}

/**
 * Every column the field cipher writes (grep `encrypt`, `index(` in src/): a new one must be added here, or
 * rotate-keys leaves it behind (the rotation spec checks every `*_enc`, `*_index` and `secret_cipher` column).
 */
export const PROTECTED_TABLES: ProtectedTable[] = [
  {
    table: 'account',
    columns: [
      { column: 'citizen_id_enc', context: () => 'citizen_id', index: 'citizen_id_index' },
      { column: 'phone_enc', context: () => 'phone', index: 'phone_index' },
      { column: 'totp_secret_enc', context: (row) => `totp:${row.id}` },
    ],
  },
  {
    table: 'person',
    columns: [
      { column: 'citizen_id_enc', context: () => 'citizen_id', index: 'citizen_id_index' },
      { column: 'phone_enc', context: () => 'phone' },
    ],
  },
  { table: 'village_guidance', key: 'village_id', columns: [{ column: 'manager_phone_enc', context: () => 'phone' }] },
  { table: 'premises', columns: [{ column: 'responsible_phone_enc', context: () => 'phone' }] },
  { table: 'complaint', columns: [{ column: 'reporter_phone_enc', context: () => 'phone' }] },
  { table: 'webhook', columns: [{ column: 'secret_cipher', context: () => WEBHOOK_SECRET_CONTEXT }] },
];

export interface RotationCount {
  /** `table.column` */
  name: string;
  /** Values (or keyed hashes) rewritten to the current suite and key by this run. */
  rewritten: number;
  /** Non-null values in the column after the run. */
  total: number;
  /**
   * Values of the column (with its keyed hash, if any) NOT in the current form (suite and key id) when the run
   * ended, counted afresh at the end: values that failed to decrypt, and values an instance not yet restarted wrote
   * in an old form after the column was walked. 0 in every column is what allows DATA_ENCRYPTION_KEY_PREVIOUS to be
   * removed (and CRYPTO_ACCEPT_LEGACY=false under `sm`).
   */
  remaining: number;
}

/** A value rotate-keys could not decrypt (wrong key, corrupt): skipped, the run goes on. Never the value itself. */
export interface RotationFailure {
  table: string;
  column: string;
  /** The row's primary key. */
  id: string;
  /** Why (the cipher's message: names the form or key id, never the value). */
  reason: string;
}

export interface RotationReport {
  suite: string;
  keyId: string;
  columns: RotationCount[];
  /** Values skipped because they did not decrypt. */
  failures: RotationFailure[];
  /** Sum of the columns' `remaining`: the rotation is complete only at 0. */
  remaining: number;
  /** Unused recovery codes still in an earlier form: hashes cannot be recomputed without the code. */
  recoveryCodesEarlier: number;
  /** API keys whose secret hash is still in the other suite's form (stored anew at their next use). */
  apiKeysEarlier: number;
}

/**
 * `rotate-keys`: every encrypted column and every blind index to the suite in force (CRYPTO_SUITE) and the current
 * key (DATA_ENCRYPTION_KEY), reading values under the other suite or the previous key
 * (DATA_ENCRYPTION_KEY_PREVIOUS). In batches, each its own transaction with its rows locked (a concurrent edit
 * waits, then writes the current form itself); only rows with a value not yet current are selected, so a run is
 * idempotent and an interrupted one resumes where it stopped. Rows' versions and update times are not touched:
 * the data did not change. GB/T 39786-2021 (密钥更新); GB/T 22239-2019 8.1.4.7, 8.1.4.8.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  async rotate(
    options: { batchSize?: number; progress?: (count: RotationCount) => void; failed?: (failure: RotationFailure) => void } = {},
  ): Promise<RotationReport> {
    const batchSize = options.batchSize ?? 500;
    const columns: RotationCount[] = [];
    const failures: RotationFailure[] = [];
    const fail = (f: RotationFailure) => {
      failures.push(f);
      options.failed?.(f);
    };
    for (const t of PROTECTED_TABLES) {
      await this.rotateTable(t, batchSize, fail, (c) => columns.push(c));
    }
    // counted again after every table was walked: an instance still on the old configuration may have written an
    // old form into a table walked earlier in this run
    for (const t of PROTECTED_TABLES) {
      const left = await this.remainingIn(t);
      for (const c of columns.filter((x) => x.name.startsWith(`${t.table}.`))) c.remaining = left.get(c.name)!;
    }
    for (const c of columns) options.progress?.(c);
    const codes = (await this.dataSource.query(`SELECT code_hash FROM recovery_code WHERE used_at IS NULL`)) as { code_hash: string }[];
    const keys = (await this.dataSource.query(`SELECT secret_hash FROM api_key WHERE revoked_at IS NULL`)) as { secret_hash: string }[];
    return {
      suite: this.cipher.suite,
      keyId: this.cipher.keyId,
      columns,
      failures,
      remaining: columns.reduce((n, c) => n + c.remaining, 0),
      recoveryCodesEarlier: codes.filter((c) => !this.cipher.indexIsCurrent(c.code_hash)).length,
      apiKeysEarlier: keys.filter((k) => !apiKeyHashIsCurrent(this.cipher.suite, k.secret_hash)).length,
    };
  }

  /** Per column, the values (or their keyed hashes) not in the current form. */
  private async remainingIn(t: ProtectedTable): Promise<Map<string, number>> {
    const stale = this.staleConditions(t);
    const [row] = (await this.dataSource.query(
      `SELECT ${t.columns.map((c, i) => `count(*) FILTER (WHERE ${stale[i]})::int AS c${i}`).join(', ')} FROM ${t.table}`,
      this.staleParams(t),
    )) as Record<string, number>[];
    return new Map(t.columns.map((c, i) => [`${t.table}.${c.column}`, row[`c${i}`]]));
  }

  /**
   * Per column, the SQL condition of a value or its keyed hash not in the current form ($1 the encrypted prefix,
   * $2 the keyed hash's): it does not start with the current prefix (left(): `_` in a key id is no wildcard).
   */
  private staleConditions(t: ProtectedTable, offset = 0): string[] {
    const enc = this.cipher.encryptedPrefix.length;
    const idx = this.cipher.indexPrefix.length;
    return t.columns.map((c) => [
      `(${c.column} IS NOT NULL AND left(${c.column}, ${enc}) <> $${offset + 1})`,
      ...(c.index ? [`(${c.index} IS NOT NULL AND left(${c.index}, ${idx}) <> $${offset + 2})`] : []),
    ].join(' OR '));
  }

  private staleParams(t: ProtectedTable): string[] {
    return t.columns.some((c) => c.index) ? [this.cipher.encryptedPrefix, this.cipher.indexPrefix] : [this.cipher.encryptedPrefix];
  }

  private async rotateTable(
    t: ProtectedTable, batchSize: number, fail: (f: RotationFailure) => void, done: (c: RotationCount) => void,
  ): Promise<void> {
    const stale = this.staleConditions(t, 1).map((c) => `(${c})`);
    const key = t.key ?? 'id';
    const selected = [`${key}::text AS id`, ...t.columns.flatMap((c) => [c.column, ...(c.index ? [c.index] : [])])].join(', ');
    const rewritten = new Map<string, number>(t.columns.map((c) => [c.column, 0]));
    let after = '';
    for (;;) {
      const done = await this.dataSource.transaction(async (m: EntityManager) => {
        const rows = (await m.query(
          `SELECT ${selected} FROM ${t.table} WHERE ${key}::text > $1 AND (${stale.join(' OR ')})
            ORDER BY ${key}::text LIMIT ${batchSize} FOR UPDATE`,
          [after, ...this.staleParams(t)],
        )) as Record<string, string>[];
        for (const row of rows) {
          const set: Record<string, string> = {};
          for (const c of t.columns) {
            const stored = row[c.column];
            if (stored === null || stored === undefined) continue;
            const context = c.context(row);
            const needsIndex = c.index && row[c.index] !== null && !this.cipher.indexIsCurrent(row[c.index]);
            if (this.cipher.isCurrent(stored) && !needsIndex) continue;
            let plain: string;
            try {
              plain = this.cipher.decrypt(stored, context);
            } catch (e) {
              // one bad value (corrupt, or under a key no longer configured) must not stop the rest: skipped, named,
              // left in place (still stale, so counted as remaining), and the run exits non-zero
              fail({ table: t.table, column: c.column, id: row.id, reason: (e as Error).message });
              continue;
            }
            if (!this.cipher.isCurrent(stored)) set[c.column] = this.cipher.encrypt(plain, context);
            if (c.index && row[c.index] !== null) set[c.index] = this.cipher.index(plain, context);
            rewritten.set(c.column, rewritten.get(c.column)! + 1);
          }
          const names = Object.keys(set);
          if (!names.length) continue;
          await m.query(
            `UPDATE ${t.table} SET ${names.map((n, i) => `${n} = $${i + 2}`).join(', ')} WHERE ${key}::text = $1`,
            [row.id, ...names.map((n) => set[n])],
          );
        }
        if (rows.length) after = rows[rows.length - 1].id;
        return rows.length < batchSize;
      });
      if (done) break;
    }
    const totals = (await this.dataSource.query(
      `SELECT ${t.columns.map((c) => `count(${c.column})::int AS ${c.column}`).join(', ')} FROM ${t.table}`,
    )) as Record<string, number>[];
    for (const c of t.columns) done({ name: `${t.table}.${c.column}`, rewritten: rewritten.get(c.column)!, total: totals[0][c.column], remaining: 0 });
  }
}
