import { SetMetadata } from '@nestjs/common';
import { Gate } from './request-context';
import type { Permission } from './permissions';

export const ACCESS_METADATA = 'fcp:access';

/**
 * What an operation (a Query or Mutation field, a field resolver, an HTTP route) requires. An operation without
 * one is denied by the global guard: a forgotten decorator closes, it never opens.
 */
export type AccessRule =
  | { kind: 'PUBLIC' }
  | { kind: 'SIGNED_IN'; accountsOnly: boolean; passes: readonly Gate[] }
  | { kind: 'PERMISSION'; permission: Permission; outside: OutsideAnswer; keysRefused?: string };

/**
 * What a single target outside the jurisdiction answers: FORBIDDEN where existence is no secret (the
 * organization structure), NOT_FOUND where it is (accounts, keys). Lists never include such rows, and a list
 * filter naming a region outside the jurisdiction answers FORBIDDEN.
 */
export type OutsideAnswer = 'FORBIDDEN' | 'NOT_FOUND';

/** Anyone, signed in or not (sign-in itself, health, the console page). */
export const Public = () => SetMetadata(ACCESS_METADATA, { kind: 'PUBLIC' } satisfies AccessRule);

/** Any signed-in account or key; `passes` lists the gates under which it still runs (me, logout, changePassword). */
export const SignedIn = (options: { accountsOnly?: boolean; passes?: Gate[] } = {}) =>
  SetMetadata(ACCESS_METADATA, {
    kind: 'SIGNED_IN', accountsOnly: options.accountsOnly ?? false, passes: options.passes ?? [],
  } satisfies AccessRule);

/**
 * A permission of ROLE_PERMISSIONS; the target's jurisdiction is checked by the service (kernel/jurisdiction.ts).
 * `keysRefused`: an act only a named person may do (a re-check is signed by who did it, INS-2), refused to every
 * API key even when its permission is granted, with this zh-CN reason.
 */
export const Allow = (permission: Permission, options: { outside?: OutsideAnswer; keysRefused?: string } = {}) =>
  SetMetadata(ACCESS_METADATA, {
    kind: 'PERMISSION', permission, outside: options.outside ?? 'FORBIDDEN', ...(options.keysRefused ? { keysRefused: options.keysRefused } : {}),
  } satisfies AccessRule);

/** Every gate: for me and logout. */
export const ALL_GATES = Object.values(Gate);
