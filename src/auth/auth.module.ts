import { Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { NodeRegistry } from '../graphql/node';
import { RequestContext } from '../kernel/request-context';
import { OrganizationModule } from '../organization/organization.module';
import { AccountService } from './account.service';
import { ApiKeyService } from './api-key.service';
import { AuditPlugin } from './audit.plugin';
import { AuditService } from './audit.service';
import { MutationTransactionInterceptor } from './mutation-transaction.interceptor';
import { OutsideJurisdictionInterceptor } from './outside-jurisdiction.interceptor';
import { IdempotencyPlugin } from './idempotency.plugin';
import { AuthGuard } from './auth.guard';
import { AccountFieldsResolver, AccountResolver } from './account.resolver';
import { ApiKeyResolver } from './api-key.resolver';
import { AuditResolver } from './audit.resolver';
// Role and Permission as GraphQL enums: the types of every module declare fields of them
import './auth.enums';
import { AuthService } from './auth.service';
import { AccountModel } from './account.types';
import { SecondFactorResolver } from './second-factor.resolver';
import { SessionResolver, SignInPauseResolver } from './session.resolver';
import { UnmaskGrantResolver } from './unmask-grant.resolver';
import { Authenticator } from './authenticator';
import { ADMIN_DISPLAY_NAMES, ADMIN_PASSWORD_VARIABLES, ensureAdministrators } from './first-admin';
import { FieldCipher, fieldCipherOf, KEY_MATERIAL, loadKeyMaterial } from './key-material';
import type { KeyMaterial } from './key-material';
import { KeyRotationService } from './key-rotation';
import { FIELD_CIPHER, PersonalDataCipher } from './personal-data';
import { PasswordHasher } from './password-hasher';
import { SecurityPolicyResolver } from './security-policy.resolver';
import { SecurityReportResolver } from './security-report.resolver';
import { SecurityReportService } from './security-report.service';
import { SecurityPolicyService } from './security-policy.service';
import { SignInFailurePurgeJob } from './sign-in-failure-purge.job';
import { Permission } from '../kernel/permissions';
import { UnmaskGrantService } from './unmask-grant.service';

/**
 * Identity and access: accounts, sessions, second factors, API keys, the global guard (deny by default), the
 * audit trail. Depends on organization (regions are the jurisdictions); the domains after it depend on it.
 */
@Module({
  imports: [OrganizationModule, DiscoveryModule],
  providers: [
    { provide: KEY_MATERIAL, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadKeyMaterial(config) },
    // the field cipher itself, for secrets kept outside personal data (a webhook's signing secret: 'webhook.secret')
    { provide: FieldCipher, inject: [KEY_MATERIAL], useFactory: (keys: KeyMaterial) => fieldCipherOf(keys) },
    { provide: FIELD_CIPHER, inject: [FieldCipher], useFactory: (cipher: FieldCipher) => new PersonalDataCipher(cipher) },
    PasswordHasher,
    AuditService,
    AccountService,
    AuthService,
    SecurityPolicyService,
    SignInFailurePurgeJob,
    ApiKeyService,
    KeyRotationService,
    UnmaskGrantService,
    Authenticator,
    AuditPlugin,
    IdempotencyPlugin,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: MutationTransactionInterceptor },
    // after the transaction's: a refusal is answered as the operation declares before anything else sees it
    { provide: APP_INTERCEPTOR, useClass: OutsideJurisdictionInterceptor },
    SessionResolver,
    SignInPauseResolver,
    SecondFactorResolver,
    AccountResolver,
    AccountFieldsResolver,
    UnmaskGrantResolver,
    ApiKeyResolver,
    AuditResolver,
    SecurityPolicyResolver,
    SecurityReportResolver,
    SecurityReportService,
  ],
  exports: [AccountService, AuditService, AuthService, SecurityPolicyService, FIELD_CIPHER, FieldCipher, KeyRotationService],
})
export class AuthModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    nodes: NodeRegistry,
    private readonly accounts: AccountService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    nodes.register('Account', async (ctx, ids) => {
      if (!ctx.actor.permissions.has(Permission.ACCOUNT_READ) && ctx.actor.kind !== 'SYSTEM') return ids.map(() => null);
      const now = clock.now();
      return (await accounts.visibleAccounts(ctx, ids)).map((a) => (a ? AccountModel.from(a, now) : null));
    });
  }

  /** After the organization seed (an imported module boots first): the administrators a kind of which is missing. */
  async onApplicationBootstrap(): Promise<void> {
    const outcome = await ensureAdministrators(this.dataSource, this.accounts, this.config.auth.adminPasswords);
    const ctx = RequestContext.system('first-start');
    for (const admin of outcome.created) {
      await this.audit.record(ctx, [{
        operation: 'createFirstAdmin', outcome: 'SUCCESS', targetType: 'Account', targetId: admin.accountId,
        after: { username: admin.username, role: admin.role },
      }]);
      if (admin.generatedPassword) {
        // printed once, to the console only (never to the structured log), and never stored in clear
        process.stdout.write(
          `\n=== 已创建${ADMIN_DISPLAY_NAMES[admin.role]}账号 ${admin.username}，初始密码（只显示这一次，首次登录须修改）：\n` +
            `=== administrator "${admin.username}" (${admin.role}) created; initial password (shown once, change it at first sign-in):\n` +
            `    ${admin.generatedPassword}\n\n`,
        );
      } else {
        this.logger.log(`administrator "${admin.username}" (${admin.role}) created with ${ADMIN_PASSWORD_VARIABLES[admin.role]}; it must be changed at first sign-in`);
      }
    }
    for (const skipped of outcome.skipped) {
      this.logger.warn(`no ${skipped.role} account and the username "${skipped.username}" is taken: create one with \`npm run cli -- create-admin --role ${skipped.role}\``);
    }
  }
}
