import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadAppConfig } from '../../config/app-config';
import { describeState, EXIT_FAILED, exitOnFailure, missingKeyWarning, restoreDatabase } from '../backup';

const USAGE = '用法 / usage: npm run restore -- --from <file> [--force]   (docs/reliability.md)';

/** `npm run restore`: restores a backup into the configured database; refuses one that holds data unless --force. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { from: { type: 'string', short: 'f' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (!values.from) {
    process.stderr.write(`缺少 --from <备份文件> / missing --from <file>\n${USAGE}\n`);
    process.exit(EXIT_FAILED);
  }
  const config = loadAppConfig();
  const what = config.database.kind === 'server' ? 'PostgreSQL 服务器数据库 (pg_restore)' : `嵌入式数据库 ${config.database.dataDir}`;
  process.stdout.write(`正在把 ${values.from} 恢复到${what}${values.force ? '（--force）' : ''}\n`);
  const result = await restoreDatabase(config.database, values.from, { force: values.force });
  const lines = [`恢复完成，用时 ${(result.ms / 1000).toFixed(1)} 秒 / restore done in ${result.ms} ms`];
  if (result.movedAsideTo) lines.push(`原数据目录已移到 / previous folder moved to: ${result.movedAsideTo}`);
  if (result.droppedTables !== undefined) {
    lines.push(`已删除并重建 public 模式（原有 ${result.droppedTables} 张表）/ schema public dropped (${result.droppedTables} tables) and recreated`);
  }
  lines.push(...describeState(result.state), ...missingKeyWarning(config));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(exitOnFailure('恢复失败 / restore failed', USAGE));
