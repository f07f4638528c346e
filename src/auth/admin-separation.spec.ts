import {
  ACT_TABLE, ADMIN_ACTS, adminActRefusal, AdminActor, lastAdministratorRefusal, placementWithdrawsGrant, roleGrantRefusal, targetKind,
} from './admin-separation';
import { ACCOUNT_ROLES, ADMIN_ROLES, isAdminRole, Role } from '../kernel/permissions';

const actor = (role: Role, id = 'actor'): AdminActor => ({ kind: 'ACCOUNT', id, role });
const BUSINESS_ROLES = ACCOUNT_ROLES.filter((r) => !isAdminRole(r));

/** The table of docs/authorization.md, written out by hand: the code must agree with it cell by cell. */
const EXPECTED: Record<string, Record<string, Role>> = {
  BUSINESS: { PASSWORD_RESET: Role.SYSTEM_ADMIN, SECOND_FACTOR_RESET: Role.SECURITY_ADMIN, UNLOCK: Role.SECURITY_ADMIN },
  SYSTEM_ADMIN: { PASSWORD_RESET: Role.SECURITY_ADMIN, SECOND_FACTOR_RESET: Role.SECURITY_ADMIN, UNLOCK: Role.SECURITY_ADMIN },
  SECURITY_ADMIN: { PASSWORD_RESET: Role.SYSTEM_ADMIN, SECOND_FACTOR_RESET: Role.SYSTEM_ADMIN, UNLOCK: Role.SYSTEM_ADMIN },
  AUDIT_ADMIN: { PASSWORD_RESET: Role.SYSTEM_ADMIN, SECOND_FACTOR_RESET: Role.SECURITY_ADMIN, UNLOCK: Role.SECURITY_ADMIN },
};

describe('separation of administrators (GB/T 22239-2019 8.1.4.2 d)', () => {
  it('ADM-2, ADM-3: the table is the documented one', () => {
    expect(ACT_TABLE).toEqual(EXPECTED);
  });

  it('ADM-2: an administrator is never reset or unlocked by its own kind', () => {
    for (const kind of ADMIN_ROLES) for (const act of ADMIN_ACTS) expect(ACT_TABLE[targetKind(kind)][act]).not.toBe(kind);
  });

  // every acting role x every target role x every act: allowed exactly for the doer of the cell
  for (const actorRole of ACCOUNT_ROLES) {
    for (const targetRole of ACCOUNT_ROLES) {
      for (const act of ADMIN_ACTS) {
        const doer = EXPECTED[isAdminRole(targetRole) ? targetRole : 'BUSINESS'][act];
        it(`ADM-2/3: ${actorRole} ${act} of a ${targetRole}: ${actorRole === doer ? 'allowed' : 'refused'}`, () => {
          const refusal = adminActRefusal(actor(actorRole), act, { id: 'target', role: targetRole });
          if (actorRole === doer) expect(refusal).toBeNull();
          else {
            expect(refusal?.code).toBe('SEPARATION_OF_DUTIES');
            expect(refusal?.reason).toContain('三权分立');
          }
        });
      }
    }
  }

  it('ADM-1: nobody does an act on itself, even the doer of its kind', () => {
    for (const role of ACCOUNT_ROLES) {
      for (const act of ADMIN_ACTS) {
        expect(adminActRefusal(actor(role, 'same'), act, { id: 'same', role })?.code).toBe('SELF_ADMINISTRATION');
      }
    }
    expect(adminActRefusal(actor(Role.SYSTEM_ADMIN, 'same'), 'PASSWORD_RESET', { id: 'same', role: Role.SYSTEM_ADMIN })?.reason).toContain('修改密码');
  });

  it('the system context (first start, the command line) is not bound by the table', () => {
    for (const role of ACCOUNT_ROLES) for (const act of ADMIN_ACTS) expect(adminActRefusal({ kind: 'SYSTEM' }, act, { id: 't', role })).toBeNull();
    expect(roleGrantRefusal({ kind: 'SYSTEM' }, { id: 't', role: Role.STATION, granted: true }, Role.CENTER)).toBeNull();
  });

  describe('ADM-4, ADM-5: role grants', () => {
    const grant = (actorRole: Role, target: { role: Role; granted: boolean }, role: Role) =>
      roleGrantRefusal(actor(actorRole), { id: 'target', ...target }, role)?.code ?? null;

    it('ADM-4: only a SECURITY_ADMIN grants, any other role is refused whatever the target', () => {
      for (const actorRole of ACCOUNT_ROLES.filter((r) => r !== Role.SECURITY_ADMIN)) {
        for (const role of ACCOUNT_ROLES) expect(grant(actorRole, { role, granted: false }, role)).toBe('SEPARATION_OF_DUTIES');
      }
    });

    it('ADM-1: a SECURITY_ADMIN never grants to itself (not even its own requested role)', () => {
      for (const granted of [true, false]) {
        expect(roleGrantRefusal(actor(Role.SECURITY_ADMIN, 'me'), { id: 'me', role: Role.SECURITY_ADMIN, granted }, Role.SECURITY_ADMIN)?.code)
          .toBe('SELF_ADMINISTRATION');
      }
    });

    it('ADM-4: a SECURITY_ADMIN confirms every requested role, administrators included', () => {
      for (const role of ACCOUNT_ROLES) expect(grant(Role.SECURITY_ADMIN, { role, granted: false }, role)).toBeNull();
    });

    it('ADM-5: never between an administrator account and a business account, either way, granted or not', () => {
      for (const admin of ADMIN_ROLES) {
        for (const business of BUSINESS_ROLES) {
          for (const granted of [true, false]) {
            expect(grant(Role.SECURITY_ADMIN, { role: business, granted }, admin)).toBe('ADMIN_ACCOUNT_KIND');
            expect(grant(Role.SECURITY_ADMIN, { role: admin, granted }, business)).toBe('ADMIN_ACCOUNT_KIND');
          }
        }
      }
    });

    it('ADM-5: a granted administrator never becomes another kind; a requested one may be changed at the grant', () => {
      for (const from of ADMIN_ROLES) {
        for (const to of ADMIN_ROLES) {
          expect(grant(Role.SECURITY_ADMIN, { role: from, granted: true }, to)).toBe(from === to ? null : 'ADMIN_ACCOUNT_KIND');
          expect(grant(Role.SECURITY_ADMIN, { role: from, granted: false }, to)).toBeNull();
        }
      }
    });

    it('ADM-4: a business account changes between business roles through a grant', () => {
      for (const from of BUSINESS_ROLES) {
        for (const to of BUSINESS_ROLES) {
          for (const granted of [true, false]) expect(grant(Role.SECURITY_ADMIN, { role: from, granted }, to)).toBeNull();
        }
      }
    });
  });

  describe('ADM-7: every administrator kind keeps an account in use', () => {
    const change = (deactivates: boolean, withdraws: boolean) => ({ deactivates, withdraws });

    it('the last active, granted account of a kind is neither deactivated nor moved out of its grant', () => {
      for (const kind of ADMIN_ROLES) {
        for (const [deactivates, withdraws] of [[true, false], [false, true], [true, true]]) {
          const refusal = lastAdministratorRefusal(actor(Role.SYSTEM_ADMIN), { role: kind, active: true, granted: true }, change(deactivates, withdraws), 0);
          expect(refusal?.code).toBe('LAST_ADMINISTRATOR');
          expect(refusal?.reason).toContain('ADM-7');
        }
        expect(lastAdministratorRefusal(actor(Role.SYSTEM_ADMIN), { role: kind, active: true, granted: true }, change(true, false), 1)).toBeNull();
      }
    });

    it('a change that keeps it in use, an account not in use, a business account and the system are not bound', () => {
      const sys = actor(Role.SYSTEM_ADMIN);
      expect(lastAdministratorRefusal(sys, { role: Role.SECURITY_ADMIN, active: true, granted: true }, change(false, false), 0)).toBeNull();
      expect(lastAdministratorRefusal(sys, { role: Role.SECURITY_ADMIN, active: false, granted: true }, change(true, false), 0)).toBeNull();
      expect(lastAdministratorRefusal(sys, { role: Role.SECURITY_ADMIN, active: true, granted: false }, change(true, false), 0)).toBeNull();
      for (const role of BUSINESS_ROLES) expect(lastAdministratorRefusal(sys, { role, active: true, granted: true }, change(true, true), 0)).toBeNull();
      expect(lastAdministratorRefusal({ kind: 'SYSTEM' }, { role: Role.AUDIT_ADMIN, active: true, granted: true }, change(true, false), 0)).toBeNull();
    });
  });

  describe('ADM-8: a move withdraws the role grant', () => {
    const at = (regionId: string, organizationId: string | null = null) => ({ regionId, organizationId });

    it('another region or organization withdraws a granted account\'s role; the same placement keeps it', () => {
      // whoever moves it (a person of any role that could): the placement decides, not the mover's role
      for (const role of ACCOUNT_ROLES) {
        expect(placementWithdrawsGrant(actor(role), true, at('township'), at('county'))).toBe(true);
        expect(placementWithdrawsGrant(actor(role), true, at('county', 'unit-a'), at('county', 'unit-b'))).toBe(true);
        expect(placementWithdrawsGrant(actor(role), true, at('county', 'unit-a'), at('county', 'unit-a'))).toBe(false);
      }
    });

    it('nothing to withdraw from an account still waiting; the system moves without withdrawing', () => {
      expect(placementWithdrawsGrant(actor(Role.SYSTEM_ADMIN), false, at('township'), at('county'))).toBe(false);
      expect(placementWithdrawsGrant({ kind: 'SYSTEM' }, true, at('township'), at('county'))).toBe(false);
    });
  });
});
