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
  /** Non-null values in the column after the run, all current unless the run failed. */
  total: number;
}

export interface RotationReport {
  suite: string;
  keyId: string;
  columns: RotationCount[];
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
 * the data did not change. GB/T 39786-2021 (密钥更新); GB/T 22239-2019 8.1.4.7.
 */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  async rotate(options: { batchSize?: number; progress?: (count: RotationCount) => void } = {}): Promise<RotationReport> {
    const batchSize = options.batchSize ?? 500;
    const columns: RotationCount[] = [];
    for (const t of PROTECTED_TABLES) {
      const counts = await this.rotateTable(t, batchSize);
      for (const c of counts) {
        columns.push(c);
        options.progress?.(c);
      }
    }
    const codes = (await this.dataSource.query(`SELECT code_hash FROM recovery_code WHERE used_at IS NULL`)) as { code_hash: string }[];
    const keys = (await this.dataSource.query(`SELECT secret_hash FROM api_key WHERE revoked_at IS NULL`)) as { secret_hash: string }[];
    return {
      suite: this.cipher.suite,
      keyId: this.cipher.keyId,
      columns,
      recoveryCodesEarlier: codes.filter((c) => !this.cipher.indexIsCurrent(c.code_hash)).length,
      apiKeysEarlier: keys.filter((k) => !apiKeyHashIsCurrent(this.cipher.suite, k.secret_hash)).length,
    };
  }

  private async rotateTable(t: ProtectedTable, batchSize: number): Promise<RotationCount[]> {
    const encPrefix = this.cipher.encryptedPrefix;
    const idxPrefix = this.cipher.indexPrefix;
    // a value is stale when it does not start with the current form's prefix (left(): `_` in a key id is no wildcard)
    const stale = t.columns.flatMap((c) => [
      `(${c.column} IS NOT NULL AND left(${c.column}, ${encPrefix.length}) <> $2)`,
      ...(c.index ? [`(${c.index} IS NOT NULL AND left(${c.index}, ${idxPrefix.length}) <> $3)`] : []),
    ]);
    const key = t.key ?? 'id';
    const selected = [`${key}::text AS id`, ...t.columns.flatMap((c) => [c.column, ...(c.index ? [c.index] : [])])].join(', ');
    const rewritten = new Map<string, number>(t.columns.map((c) => [c.column, 0]));
    let after = '';
    for (;;) {
      const done = await this.dataSource.transaction(async (m: EntityManager) => {
        const rows = (await m.query(
          `SELECT ${selected} FROM ${t.table} WHERE ${key}::text > $1 AND (${stale.join(' OR ')})
            ORDER BY ${key}::text LIMIT ${batchSize} FOR UPDATE`,
          t.columns.some((c) => c.index) ? [after, encPrefix, idxPrefix] : [after, encPrefix],
        )) as Record<string, string>[];
        for (const row of rows) {
          const set: Record<string, string> = {};
          for (const c of t.columns) {
            const stored = row[c.column];
            if (stored === null || stored === undefined) continue;
            const context = c.context(row);
            const needsIndex = c.index && row[c.index] !== null && !this.cipher.indexIsCurrent(row[c.index]);
            if (this.cipher.isCurrent(stored) && !needsIndex) continue;
            const plain = this.cipher.decrypt(stored, context);
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
    return t.columns.map((c) => ({ name: `${t.table}.${c.column}`, rewritten: rewritten.get(c.column)!, total: totals[0][c.column] }));
  }
}
