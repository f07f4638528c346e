import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ADVISORY_LOCKS, isEmbedded } from '../database/data-source';
import { toGlobalId } from '../graphql/global-id';
import { RequestContext } from '../graphql/request-context';
import { OrganizationKind } from '../organization/organization.enums';
import { Organization } from '../organization/organization.entity';
import { Account } from './account.entity';
import type { AccountService } from './account.service';
import { passwordProblems } from './password-policy';
import { Role } from './permissions';

export const FIRST_ADMIN_USERNAME = 'admin';

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

export type FirstAdminOutcome = { created: false } | { created: true; accountId: string; generatedPassword: string | null };

/**
 * First start: when there is no account at all, create the committee office administrator `admin` in the
 * county of the committee office, with ADMIN_PASSWORD or a random password (returned, to be printed once).
 * Either way it must be changed at first sign-in.
 */
export async function ensureFirstAdmin(
  dataSource: DataSource,
  accounts: AccountService,
  adminPassword: string | undefined,
): Promise<FirstAdminOutcome> {
  if (adminPassword !== undefined) {
    const problems = passwordProblems(adminPassword, FIRST_ADMIN_USERNAME);
    if (problems.length) throw new Error(`ADMIN_PASSWORD does not meet the password rules: ${problems.join('; ')}`);
  }
  const office = await dataSource.transaction(async (m) => {
    if (!isEmbedded(dataSource)) await m.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.seed]);
    if (await m.getRepository(Account).exists()) return null;
    return m.getRepository(Organization).findOne({ where: { kind: OrganizationKind.COUNTY_COMMITTEE_OFFICE }, order: { createdAt: 'ASC' } });
  });
  if (!office) return { created: false };
  const password = adminPassword ?? randomPassword();
  // the account service opens its own transaction (one connection when embedded); another instance starting at
  // the same moment loses on the unique username
  try {
    const account = await accounts.createAccount(RequestContext.system('first-start'), {
      username: FIRST_ADMIN_USERNAME, password, displayName: '系统管理员', role: Role.COMMITTEE_OFFICE,
      regionId: toGlobalId('Region', office.regionId),
    });
    return { created: true, accountId: account.id, generatedPassword: adminPassword === undefined ? password : null };
  } catch (e) {
    if ((e as { code?: string }).code === 'CONFLICT' || (e as { driverError?: { code?: string } }).driverError?.code === '23505') {
      return { created: false };
    }
    throw e;
  }
}
