import { Command, Help } from 'nest-commander';
import { MIGRATIONS } from '../../../migrations';
import { Clock } from '../../common/clock';
import { loadKeyMaterial } from '../../auth/key-material';
import { AuditService } from '../../auth/audit.service';
import { loadAppConfig } from '../../config/app-config';
import type { DatabaseConfig } from '../../config/app-config';
import { openDataSource, runMigrations } from '../../database/data-source';
import { ENTITIES } from '../../entities';
import { CliCommand } from '../cli-command';
import { audited, cliContext, CommonOptions, say } from '../cli-support';

/**
 * `migrate`: what `npm run migration:run` does (src/database/cli/migrate.ts: openDataSource + runMigrations, on
 * a server under the advisory lock), without starting the application, whose start would migrate first and
 * leave nothing to report. Audited as `runMigrations` (the entry is written once the audit table exists).
 */
@Command({ name: 'migrate', description: '应用待执行的数据库迁移（同 npm run migration:run）' })
export class MigrateCommand extends CliCommand {
  @Help('after')
  helpAfter(): string {
    return `
迁移也会在服务器每次启动时执行；PostgreSQL 服务器上多个实例同时迁移时由咨询锁排队。数据库已是最新时说明并退出（退出码 0）。
例：DATABASE_URL=postgres://user@db-host:5432/fire_committee npm run cli -- migrate`;
  }

  protected async execute(_params: string[], _options: CommonOptions): Promise<void> {
    const config = loadAppConfig();
    say(`数据库：${describe(config.database)}`);
    // with the entities: the audit entry is written through its repository
    const dataSource = await openDataSource(config.database, ENTITIES);
    try {
      // the service without the application: record() only appends to the chain through the DataSource (its key
      // from configuration or DATA_DIR/keys.json, as the server reads it)
      const audit = new AuditService(dataSource, config, loadKeyMaterial(config), new Clock());
      const ctx = cliContext();
      const applied = await audited(audit, ctx, 'runMigrations', async () => {
        const names = await runMigrations(dataSource);
        ctx.auditTarget('Database', null, { after: { applied: names } });
        return names;
      });
      if (applied.length) say(`已应用 ${applied.length} 个迁移：`, ...applied.map((name) => `  - ${name}`));
      else say(`数据库已是最新：没有待应用的迁移（共 ${MIGRATIONS.length} 个，最新 ${MIGRATIONS[MIGRATIONS.length - 1].name}）。`);
    } finally {
      await dataSource.destroy();
    }
  }
}

/** Where the migrations go, without a password. */
function describe(database: DatabaseConfig): string {
  if (database.kind === 'embedded') return `嵌入式数据库 ${database.dataDir}`;
  try {
    const url = new URL(database.url);
    return `PostgreSQL 服务器 ${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'PostgreSQL 服务器';
  }
}
