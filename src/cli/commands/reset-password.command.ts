import { Command, Help, Option } from 'nest-commander';
import { AccountService } from '../../auth/account.service';
import { AuditService } from '../../auth/audit.service';
import { ResetAccountPasswordInput } from '../../auth/account.types';
import { randomPassword } from '../../auth/first-admin';
import { AppError, ErrorCode } from '../../kernel/errors';
import { toGlobalId } from '../../graphql/global-id';
import { OrganizationService } from '../../organization/organization.service';
import { CliApplication } from '../cli-application';
import { CliCommand } from '../cli-command';
import { audited, cliContext, CommonOptions, FieldLabels, readSecretLine, say, validInput } from '../cli-support';

interface ResetPasswordOptions extends CommonOptions {
  username: string;
  passwordStdin?: boolean;
}

/**
 * `reset-password`: AccountService.resetPassword, as the `resetAccountPassword` mutation (same audit operation):
 * a temporary password (stdin, or generated and printed once) that must be changed at the next sign-in; the
 * account's sessions end and a lock is lifted.
 */
@Command({ name: 'reset-password', description: '重置账号的密码（临时密码，下次登录须修改）' })
export class ResetPasswordCommand extends CliCommand<ResetPasswordOptions> {
  constructor(private readonly cli: CliApplication) {
    super();
  }

  @Option({ flags: '-u, --username <name>', description: '要重置密码的账号的用户名', required: true })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '--password-stdin', description: '从标准输入读取新的临时密码（一行）；不加此项则随机生成，只显示一次' })
  parsePasswordStdin(): boolean {
    return true;
  }

  @Help('after')
  helpAfter(): string {
    return `
新密码不在命令行上给出：加 --password-stdin 从标准输入读取一行，否则随机生成并只显示一次。
该账号的全部登录立即失效，锁定解除，下次登录须修改密码。操作记入审计日志（resetAccountPassword）。
例：npm run cli -- reset-password --username zhangsan`;
  }

  protected override labels(options: ResetPasswordOptions): FieldLabels {
    return { 'input.newPassword': options.passwordStdin ? '密码（--password-stdin）' : '密码' };
  }

  protected async execute(_params: string[], options: ResetPasswordOptions): Promise<void> {
    const password = options.passwordStdin ? await readSecretLine('新的临时密码：', 'input.newPassword') : randomPassword();
    await this.cli.run(options, async (app) => {
      const ctx = cliContext();
      const accounts = app.get(AccountService);
      const username = options.username.trim().toLowerCase();
      const account = await audited(app.get(AuditService), ctx, 'resetAccountPassword', async () => {
        ctx.auditTarget('Account', null, { after: { username } });
        const found = await accounts.accountByUsername(ctx, username);
        if (!found) throw new AppError(ErrorCode.NOT_FOUND, `没有用户名为 ${username} 的账号`);
        const region = await app.get(OrganizationService).regionById(ctx).load(found.regionId);
        if (ctx.auditNote) ctx.auditNote.scopePath = region?.path ?? null; // the entry belongs to the account's region
        const input = await validInput(ResetAccountPasswordInput, { id: toGlobalId('Account', found.id), newPassword: password });
        return accounts.resetPassword(ctx, input);
      });
      say(`已重置账号 ${account.username}（${account.displayName}）的密码：其全部登录已失效，下次登录须修改密码。`);
      if (!account.active) say('注意：该账号已停用，启用后才能登录。');
      if (options.passwordStdin) say('新的临时密码为从标准输入读取的密码。');
      else say('临时密码（只显示这一次，请交给本人）：', `    ${password}`);
    });
  }
}
