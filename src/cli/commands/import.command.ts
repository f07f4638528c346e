import { Command, Help, Option } from 'nest-commander';
import { AuditService } from '../../auth/audit.service';
import { AppError, BadUserInputError, ErrorCode } from '../../kernel/errors';
import { toGlobalId } from '../../graphql/global-id';
import { ImportStatus } from '../../office/import-job.entity';
import { IMPORT_KINDS, ImportKind } from '../../office/import-kinds';
import { sha256Of } from '../../attachments/file-store';
import { ImportService } from '../../office/import.service';
import { RegionLevel } from '../../organization/organization.enums';
import { CliApplication } from '../cli-application';
import { CliCommand } from '../cli-command';
import { readInputFile } from '../cli-files';
import { regionOf } from '../cli-regions';
import { audited, cliContext, CommonOptions, FieldLabels, say } from '../cli-support';

interface ImportOptions extends CommonOptions {
  region?: string;
  dryRun?: boolean;
}

/** The kinds by their command-line names, and the mutation each mirrors (its audit operation). */
const KINDS: Record<string, { kind: ImportKind; operation: string }> = {
  villages: { kind: ImportKind.VILLAGES, operation: 'importVillages' },
  premises: { kind: ImportKind.PREMISES, operation: 'importPremises' },
  candidates: { kind: ImportKind.CANDIDATES, operation: 'importCandidates' },
};

/**
 * `import <kind> <file>`: the import the mutations run (ImportService: every row through the services' own
 * methods in one transaction, all rows or none), on a file of this machine, with progress on stderr and every bad
 * row printed. Exit 0 when written (or, dry run, when every row is good), 1 otherwise.
 */
@Command({ name: 'import', arguments: '<kind> <file>', description: '从 Excel 文件（.xlsx，按下载的模板填写）导入：villages 村（社区）及管理人、premises 场所、candidates 人选' })
export class ImportCommand extends CliCommand<ImportOptions> {
  constructor(private readonly cli: CliApplication) {
    super();
  }

  @Option({ flags: '-r, --region <region>', description: '导入范围：县或乡镇的区划代码或名称；默认：县消委办所在的县' })
  parseRegion(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: '试导入：逐行检查并列出全部错误，不写入任何数据' })
  parseDryRun(): boolean {
    return true;
  }

  @Help('after')
  helpAfter(): string {
    return `
模板：GET /office/templates/<kind>.xlsx。任何一行有误，整个文件都不写入（退出码 1）；试导入只检查。
导入以系统身份（system:cli）执行并记入审计日志（importVillages / importPremises / importCandidates 及其 …Finished）。
例：npm run cli -- import villages 村委会名单.xlsx --region 靖宇县 --dry-run
    npm run cli -- import premises 景山镇场所.xlsx --region 景山镇`;
  }

  protected override labels(): FieldLabels {
    return { 'input.regionId': '区划（--region）', file: '文件', kind: '导入内容' };
  }

  protected async execute([kindName, file]: string[], options: ImportOptions): Promise<void> {
    const entry = KINDS[kindName];
    if (!entry) throw BadUserInputError.field('kind', `须为 ${Object.keys(KINDS).join('、')} 之一`);
    const data = await readInputFile(file, 'file');
    const dryRun = Boolean(options.dryRun);
    await this.cli.run(options, async (app) => {
      const ctx = cliContext();
      const imports = app.get(ImportService);
      const prepared = await audited(app.get(AuditService), ctx, entry.operation, async () => {
        const region = await regionOf(app, ctx, options.region, [RegionLevel.COUNTY, RegionLevel.TOWNSHIP]);
        if (ctx.auditNote) ctx.auditNote.scopePath = region.path;
        return imports.prepare(ctx, { kind: entry.kind, data, fileSha256: sha256Of(data), regionId: toGlobalId('Region', region.id), dryRun }, 'file');
      });
      const total = prepared.rows.length;
      say(`${IMPORT_KINDS[entry.kind].title}：${total} 行，范围 ${prepared.scope.name}${dryRun ? '（试导入：只检查，不写入）' : ''}`);
      const step = Math.max(1, Math.floor(total / 20));
      const job = await imports.execute(ctx, prepared, (done) => {
        if (done % step === 0 || done === total) process.stderr.write(`已处理 ${done}/${total} 行（${Math.floor((done * 100) / total)}%）\n`);
      });
      for (const p of job.problems) say(`  第 ${p.row} 行${p.column ? `【${p.column}】` : ''}：${p.reason}`);
      if (job.status === ImportStatus.COMPLETED) say(`已导入：新增 ${job.createdRecords} 条，更新 ${job.updatedRecords} 条。`);
      else if (job.status === ImportStatus.VALIDATED) say(`试导入通过：全部 ${total} 行无误（将新增 ${job.createdRecords} 条，更新 ${job.updatedRecords} 条），未写入。`);
      else if (job.status === ImportStatus.REJECTED) throw new AppError(ErrorCode.BAD_USER_INPUT, `${job.problems.length} 处错误，全部未写入：请改正后重新导入`);
      else throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, `导入意外中止（${job.failure ?? '未知'}），全部未写入`);
    });
  }
}
