import 'reflect-metadata';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAppConfig } from '../../config/app-config';
import { backupDatabase, defaultBackupFileName, exitOnFailure, formatBytes, notInBackup } from '../backup';

const USAGE = '用法 / usage: npm run backup -- [--out <file>]   (docs/reliability.md)';

/** `npm run backup`: writes a backup of the configured database (DATABASE_URL, else the embedded DATA_DIR). */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const config = loadAppConfig();
  const out = path.resolve(values.out ?? defaultBackupFileName(config.database.kind));
  const what = config.database.kind === 'server' ? 'PostgreSQL 服务器数据库 (pg_dump)' : `嵌入式数据库 ${config.database.dataDir}`;
  process.stdout.write(`正在备份${what} → ${out}\n`);
  const result = await backupDatabase(config.database, out);
  process.stdout.write(
    `备份完成：${result.file}（${formatBytes(result.bytes)}，用时 ${(result.ms / 1000).toFixed(1)} 秒）\n` +
      `Backup written: ${result.file} (${result.bytes} bytes, ${result.ms} ms)\n` +
      `${notInBackup(config).join('\n')}\n`,
  );
}

main().catch(exitOnFailure('备份失败 / backup failed', USAGE));
