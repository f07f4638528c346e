import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ADVISORY_LOCKS, isEmbedded } from '../database/data-source';
import { toGlobalId } from '../graphql/global-id';
import { RequestContext } from '../kernel/request-context';
import { OrganizationKind } from '../organization/organization.enums';
import { Organization } from '../organization/organization.entity';
import { Account } from './account.entity';
import type { AccountService } from './account.service';
import { passwordProblems } from '../config/password-policy';
import { ADMIN_ROLES, Role } from '../kernel/permissions';

/** The usernames of the administrators first start creates (GB/T 22239-2019 8.1.5: one account per kind). */
export const ADMIN_USERNAMES: Readonly<Record<AdminRole, string>> = {
  [Role.SYSTEM_ADMIN]: 'sysadmin',
  [Role.SECURITY_ADMIN]: 'secadmin',
  [Role.AUDIT_ADMIN]: 'auditadmin',
};

export const ADMIN_DISPLAY_NAMES: Readonly<Record<AdminRole, string>> = {
  [Role.SYSTEM_ADMIN]: '系统管理员',
  [Role.SECURITY_ADMIN]: '安全管理员',
  [Role.AUDIT_ADMIN]: '审计管理员',
};

/** The environment variable of each administrator's initial password (ADMIN_PASSWORD: an alias of the first). */
export const ADMIN_PASSWORD_VARIABLES: Readonly<Record<AdminRole, string>> = {
  [Role.SYSTEM_ADMIN]: 'SYSTEM_ADMIN_PASSWORD',
  [Role.SECURITY_ADMIN]: 'SECURITY_ADMIN_PASSWORD',
  [Role.AUDIT_ADMIN]: 'AUDIT_ADMIN_PASSWORD',
};

export type AdminRole = Role.SYSTEM_ADMIN | Role.SECURITY_ADMIN | Role.AUDIT_ADMIN;

/** A random password that meets the rules: 20 characters, all four classes. */
export function randomPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#%^*-_=+'];
  const all = sets.join('');
  const bytes = randomBytes(20);
  const chars = Array.from(bytes, (b, i) => (i < sets.length ? sets[i][b % sets[i].length] : all[b % all.length]));
  // shuffle so the class of the first four characters is not predictable
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomBytes(1)[0] % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

export interface CreatedAdmin {
  role: AdminRole;
  username: string;
  accountId: string;
  /** Null when the password came from the environment. */
  generatedPassword: string | null;
}

export interface AdminsOutcome {
  created: CreatedAdmin[];
  /** A kind missing whose username another account holds: not created, the command line makes one. */
  skipped: { role: AdminRole; username: string }[];
}

/**
 * Every start, after the seed (GB/T 22239-2019 8.1.5): each administrator kind without any account of its role
 * gets one, `sysadmin`, `secadmin`, `auditadmin`, in the county of the committee office, with its password from the
 * environment or a random one (returned, to be printed once); either way it must be changed at first sign-in. A
 * new database gets all three; an upgraded one (accounts, no administrators) the kinds it lacks, once: a kind that
 * has an account, even a disabled one, is never created again (`npm run cli -- create-admin` makes a replacement).
 */
export async function ensureAdministrators(
  dataSource: DataSource,
  accounts: AccountService,
  passwords: Partial<Record<AdminRole, string>>,
): Promise<AdminsOutcome> {
  for (const role of ADMIN_ROLES as AdminRole[]) {
    const given = passwords[role];
    if (given === undefined) continue;
    const problems = passwordProblems(given, ADMIN_USERNAMES[role]);
    if (problems.length) throw new Error(`${ADMIN_PASSWORD_VARIABLES[role]} does not meet the password rules: ${problems.join('; ')}`);
  }
  const found = await dataSource.transaction(async (m) => {
    if (!isEmbedded(dataSource)) await m.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.seed]);
    const present: { role: Role }[] = await m.query(`SELECT DISTINCT role FROM account WHERE role = ANY($1)`, [ADMIN_ROLES]);
    const missing = (ADMIN_ROLES as AdminRole[]).filter((r) => !present.some((p) => p.role === r));
    if (!missing.length) return null;
    const office = await m.getRepository(Organization).findOne({ where: { kind: OrganizationKind.COUNTY_COMMITTEE_OFFICE }, order: { createdAt: 'ASC' } });
    return office ? { missing, office } : null;
  });
  const outcome: AdminsOutcome = { created: [], skipped: [] };
  if (!found) return outcome;
  for (const role of found.missing) {
    const username = ADMIN_USERNAMES[role];
    const password = passwords[role] ?? randomPassword();
    // the account service opens its own transaction (one connection when embedded); another instance starting at
    // the same moment loses on the unique username
    try {
      const account = await accounts.createAccount(RequestContext.system('first-start'), {
        username, password, displayName: ADMIN_DISPLAY_NAMES[role], role, regionId: toGlobalId('Region', found.office.regionId),
      });
      outcome.created.push({ role, username, accountId: account.id, generatedPassword: passwords[role] === undefined ? password : null });
    } catch (e) {
      if ((e as { extensions?: { code?: string } }).extensions?.code === 'CONFLICT' || (e as { driverError?: { code?: string } }).driverError?.code === '23505') {
        // a parallel start made it, or an older account holds the name
        if (!(await dataSource.getRepository(Account).existsBy({ role }))) outcome.skipped.push({ role, username });
        continue;
      }
      throw e;
    }
  }
  return outcome;
}
