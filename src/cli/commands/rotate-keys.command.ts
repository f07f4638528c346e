import { Command, Help, Option } from 'nest-commander';
import { AuditService } from '../../auth/audit.service';
import { KeyRotationService } from '../../auth/key-rotation';
import { AppError, BadUserInputError, ErrorCode } from '../../kernel/errors';
import { CliApplication } from '../cli-application';
import { CliCommand } from '../cli-command';
import { audited, cliContext, CommonOptions, say } from '../cli-support';

interface RotateKeysOptions extends CommonOptions {
  batchSize?: number;
}

/**
 * `rotate-keys`: KeyRotationService.rotate — every encrypted column and blind index to the suite in force
 * (CRYPTO_SUITE) and the current DATA_ENCRYPTION_KEY, audited as `rotateKeys` (counts only, never a value).
 */
@Command({ name: 'rotate-keys', description: '将全部加密字段与检索摘要改写为当前算法套件（CRYPTO_SUITE）和当前密钥' })
export class RotateKeysCommand extends CliCommand<RotateKeysOptions> {
  constructor(private readonly cli: CliApplication) {
    super();
  }

  @Option({ flags: '--batch-size <n>', description: '每个事务处理的行数（默认 500）' })
  parseBatchSize(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 10000) throw BadUserInputError.field('batchSize', '须为 1 到 10000 的整数');
    return n;
  }

  @Help('after')
  helpAfter(): string {
    return `
把身份证号、手机号、动态口令密钥、Webhook 签名密钥等加密字段，以及身份证号、手机号的检索摘要，
改写为当前算法套件（CRYPTO_SUITE=standard 或 sm）和当前密钥（DATA_ENCRYPTION_KEY）。
更换密钥时，把原密钥设为 DATA_ENCRYPTION_KEY_PREVIOUS，运行本命令，直到它显示“仍非当前形式 0 个”并正常退出
（退出码 0），再去掉它；CRYPTO_SUITE=sm 时此后可设 CRYPTO_ACCEPT_LEGACY=false。无法解密的值被跳过并列出
（表、字段、行），其余照常改写，但退出码非 0。
分批处理，每批一个事务；可重复运行，中断后再运行即从未完成处继续。服务器可同时运行（PostgreSQL 服务器时）。
例：CRYPTO_SUITE=sm npm run cli -- rotate-keys`;
  }

  protected async execute(_params: string[], options: RotateKeysOptions): Promise<void> {
    await this.cli.run(options, async (app) => {
      const ctx = cliContext();
      const rotation = app.get(KeyRotationService);
      const report = await audited(app.get(AuditService), ctx, 'rotateKeys', async () => {
        const done = await rotation.rotate({
          batchSize: options.batchSize,
          progress: (c) => say(`  ${c.name}：改写 ${c.rewritten}，共 ${c.total}，仍非当前形式 ${c.remaining}`),
          failed: (f) => say(`  无法解密，已跳过：${f.table}.${f.column}，行 ${f.id}（${f.reason}）`),
        });
        ctx.auditTarget('Configuration', null, {
          after: {
            suite: done.suite, keyId: done.keyId, rewritten: Object.fromEntries(done.columns.map((c) => [c.name, c.rewritten])),
            recoveryCodesEarlier: done.recoveryCodesEarlier, apiKeysEarlier: done.apiKeysEarlier,
            remaining: done.remaining, failed: done.failures.map((f) => `${f.table}.${f.column}:${f.id}`),
          },
        });
        return done;
      });
      const total = report.columns.reduce((n, c) => n + c.rewritten, 0);
      say(`完成：算法套件 ${report.suite}，密钥标识 ${report.keyId}，共改写 ${total} 个字段值；仍非当前形式 ${report.remaining} 个；无法解密 ${report.failures.length} 个。`);
      if (report.recoveryCodesEarlier) {
        say(`注意：${report.recoveryCodesEarlier} 个未使用的恢复码仍为原算法或原密钥的摘要（无法从摘要重算）：` +
          '它们在使用前仍可验证（须保留 DATA_ENCRYPTION_KEY_PREVIOUS 直到不再需要），或请用户重新生成恢复码。');
      }
      if (report.apiKeysEarlier) {
        say(`注意：${report.apiKeysEarlier} 个 API 密钥的摘要仍为另一算法套件的形式：下次使用时自动改写（无需密钥）。`);
      }
      // exit non-zero until every column is in the current form: only then may DATA_ENCRYPTION_KEY_PREVIOUS go
      // (and CRYPTO_ACCEPT_LEGACY=false be set under sm)
      if (report.remaining || report.failures.length) {
        throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR,
          `密钥更新未完成：仍有 ${report.remaining} 个值不是当前算法套件和密钥的形式（其中 ${report.failures.length} 个无法解密，见上方列出的表、字段和行）。` +
          '请勿去掉 DATA_ENCRYPTION_KEY_PREVIOUS，也勿设置 CRYPTO_ACCEPT_LEGACY=false；确认全部实例已按新配置重启、处理无法解密的值后，再次运行本命令，直到显示 0');
      }
    });
  }
}
