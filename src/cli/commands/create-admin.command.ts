import { Command, Help, Option } from 'nest-commander';
import { AccountService } from '../../auth/account.service';
import { AuditService } from '../../auth/audit.service';
import { CreateAccountInput } from '../../auth/account.types';
import { randomPassword } from '../../auth/first-admin';
import { Role } from '../../kernel/permissions';
import { SecurityPolicyService } from '../../auth/security-policy.service';
import { RequestContext } from '../../kernel/request-context';
import { BadUserInputError, ConflictError } from '../../kernel/errors';
import { toGlobalId } from '../../graphql/global-id';
import { RegionLevel } from '../../organization/organization.enums';
import { CliApplication } from '../cli-application';
import { CliCommand } from '../cli-command';
import { regionOf } from '../cli-regions';
import { audited, cliContext, CommonOptions, FieldLabels, readSecretLine, say, validInput } from '../cli-support';

interface CreateAdminOptions extends CommonOptions {
  username: string;
  role?: string;
  region?: string;
  displayName?: string;
  passwordStdin?: boolean;
}

/** The roles this command makes: the three administrators, and the committee office (its default, as before). */
const CLI_ROLES: readonly Role[] = [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.COMMITTEE_OFFICE];

/**
 * `create-admin`: an administrator (GB/T 22239-2019 8.1.5: a replacement when one leaves) or a committee office
 * account, through AccountService.createAccount with the system context, so its role is granted at once (the
 * command line is the deployment's operator, not one of the three). Same input checks and audit operation as the
 * `createAccount` mutation. It never gives an existing account a second role (ADM-5): a taken username is refused.
 * The password is never an argument: read from stdin, or generated and printed once; it must be changed at first
 * sign-in.
 */
@Command({ name: 'create-admin', description: '新建管理员账号（系统管理员、安全管理员、审计管理员）或县消委办账号' })
export class CreateAdminCommand extends CliCommand<CreateAdminOptions> {
  constructor(private readonly cli: CliApplication) {
    super();
  }

  @Option({ flags: '-u, --username <name>', description: '用户名：3 至 32 位字母、数字或 . _ -，以字母或数字开头（不区分大小写）', required: true })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: `角色：${CLI_ROLES.join('、')}；默认 COMMITTEE_OFFICE` })
  parseRole(value: string): string {
    return value.trim().toUpperCase();
  }

  @Option({ flags: '-r, --region <county>', description: '所属区划：县（或市、省）的区划代码或名称；默认：县消委办所在的县' })
  parseRegion(value: string): string {
    return value;
  }

  @Option({ flags: '--display-name <text>', description: '姓名；默认：用户名' })
  parseDisplayName(value: string): string {
    return value;
  }

  @Option({ flags: '--password-stdin', description: '从标准输入读取初始密码（一行）；不加此项则随机生成，只显示一次' })
  parsePasswordStdin(): boolean {
    return true;
  }

  @Help('after')
  helpAfter(): string {
    return `
密码不在命令行上给出（进程列表可见）：加 --password-stdin 从标准输入读取一行，否则随机生成并只显示一次。
新账号首次登录须修改密码；安全策略要求该角色使用双因素认证时，须绑定验证器（securityPolicy.secondFactorRoles）。操作记入审计日志（createAccount）。
一个账号只担任一种角色：用户名已被使用时拒绝，请另取用户名（原账号由系统管理员停用）。
例：npm run cli -- create-admin --role SECURITY_ADMIN --username secadmin2 --display-name 李四
    npm run cli -- create-admin --username zhangsan --display-name 张三
    printf '%s\\n' "$PASSWORD" | npm run cli -- create-admin --username zhangsan --region 靖宇县 --password-stdin`;
  }

  protected override labels(options: CreateAdminOptions): FieldLabels {
    return {
      'input.username': '用户名（--username）',
      'input.role': '角色（--role）',
      'input.displayName': '姓名（--display-name）',
      'input.regionId': '区划（--region）',
      'input.password': options.passwordStdin ? '密码（--password-stdin）' : '密码',
    };
  }

  protected async execute(_params: string[], options: CreateAdminOptions): Promise<void> {
    const role = (options.role ?? Role.COMMITTEE_OFFICE) as Role;
    if (!CLI_ROLES.includes(role)) throw BadUserInputError.field('input.role', `须为 ${CLI_ROLES.join('、')} 之一`);
    const password = options.passwordStdin ? await readSecretLine('初始密码：', 'input.password') : randomPassword();
    await this.cli.run(options, async (app) => {
      const ctx = cliContext();
      const { account, region } = await audited(app.get(AuditService), ctx, 'createAccount', async () => {
        ctx.auditTarget('Account', null, { after: { username: options.username.trim().toLowerCase(), role } });
        // ADM-5: never a second role for an existing account (refused inside the audited block: the entry records it)
        const existing = await app.get(AccountService).accountByUsername(RequestContext.system('cli'), options.username);
        if (existing) {
          throw new ConflictError(`用户名 ${existing.username} 已被使用（角色 ${existing.role}）：一个账号只担任一种角色，请另取用户名`);
        }
        const region = await regionOf(app, ctx, options.region, [RegionLevel.COUNTY, RegionLevel.CITY, RegionLevel.PROVINCE]);
        if (ctx.auditNote) ctx.auditNote.scopePath = region.path; // the entry belongs to the account's region
        const input = await validInput(CreateAccountInput, {
          username: options.username, password, displayName: options.displayName ?? options.username,
          role, regionId: toGlobalId('Region', region.id),
        });
        return { account: await app.get(AccountService).createAccount(ctx, input, { mustChangePassword: true }), region };
      });
      const policies = app.get(SecurityPolicyService);
      say(`已创建${ROLE_NAMES[role]}账号 ${account.username}（${account.displayName}，${region.name}）。`);
      if (options.passwordStdin) say('初始密码为从标准输入读取的密码；首次登录须修改。');
      else say('初始密码（只显示这一次，请交给本人；首次登录须修改）：', `    ${password}`);
      if (policies.secondFactorRoles(await policies.on()).includes(role)) {
        say('该角色须使用双因素认证：修改密码后按提示绑定验证器应用（enrollTotp、confirmTotp）。');
      }
    });
  }
}

const ROLE_NAMES: Partial<Record<Role, string>> = {
  [Role.SYSTEM_ADMIN]: '系统管理员',
  [Role.SECURITY_ADMIN]: '安全管理员',
  [Role.AUDIT_ADMIN]: '审计管理员',
  [Role.COMMITTEE_OFFICE]: '县消委办',
};
