import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType, getNullableType, GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isListType, isObjectType,
} from 'graphql';
import type { GraphQLField, GraphQLNamedType, GraphQLType } from 'graphql';
import { Permission, Role } from '../../src/kernel/permissions';
import { createTestApp, TestApp } from '../support/test-app';

/** The types the auth, organization, attachments and office domains define (and the shared period types). */
const TYPES = [
  'Account', 'AccountConnection', 'AccountEdge', 'PersonalData', 'LoginPayload', 'TotpEnrollment', 'RecoveryCodeSet', 'ApiKey',
  'ApiKeyConnection', 'ApiKeyEdge', 'CreateApiKeyPayload', 'AuditEntry', 'AuditEntryConnection', 'AuditEntryEdge', 'LoginInput',
  'VerifySecondFactorInput', 'ChangePasswordInput', 'TotpCodeInput', 'CreateAccountInput', 'UpdateAccountInput', 'ResetAccountPasswordInput',
  'AccountIdInput', 'LiftSignInPauseInput', 'LiftSignInPausePayload', 'CreateApiKeyInput', 'RevokeApiKeyInput', 'Role', 'Permission', 'AuditOutcome', 'AuditActorKind',
  'Region', 'Township', 'Organization', 'Station', 'GuidanceCenter', 'StaffQuotaChange', 'FacilityCheck', 'FacilityStatus',
  'FacilityCompliance', 'TownshipConnection', 'RegionConnection', 'OrganizationConnection', 'StationConnection', 'StaffQuotaChangeConnection',
  'StaffQuotaChangeEdge', 'SetRegionCodeInput', 'CreateRegionInput', 'ChangeStaffQuotaInput', 'RecordFacilityCheckInput',
  'CreateOrganizationInput', 'RegionLevel', 'RegionKind', 'OrganizationKind', 'StationFacility',
  'Attachment', 'AttachmentInput', 'ImportJob', 'ImportProblem', 'ImportProblemConnection', 'ImportProblemEdge', 'ImportInput',
  'ImportStatus', 'ImportKind', 'Period', 'PeriodInput', 'PeriodKind',
];
/** Their root fields. */
const ROOT_FIELDS = [
  'login', 'verifySecondFactor', 'refreshSession', 'logout', 'me', 'changePassword', 'enrollTotp', 'confirmTotp', 'disableTotp',
  'regenerateRecoveryCodes', 'accounts', 'accountPersonalData', 'createAccount', 'updateAccount', 'resetAccountPassword', 'unlockAccount', 'liftSignInPause',
  'resetSecondFactor', 'apiKeys', 'createApiKey', 'revokeApiKey', 'auditLog', 'townships', 'guidanceCenter', 'regions', 'organizations',
  'stations', 'setRegionCode', 'createRegion', 'changeStaffQuota', 'recordFacilityCheck', 'createOrganization', 'importVillages',
  'importPremises', 'importCandidates', 'importJob',
];
const CHINESE = /[\u4e00-\u9fff]/;

/** Every description the rules above require of a type, as `coordinate: problem`. */
function problemsOf(type: GraphQLNamedType): string[] {
  const problems: string[] = [];
  const need = (coordinate: string, description: string | null | undefined) => {
    if (!description || !CHINESE.test(description)) problems.push(`${coordinate}: no zh-CN description`);
  };
  need(type.name, type.description);
  if (isEnumType(type)) {
    for (const v of type.getValues()) {
      need(`${type.name}.${v.name}`, v.description);
      if (!/^[A-Z][A-Z0-9_]*$/.test(v.name)) problems.push(`${type.name}.${v.name}: not UPPER_CASE`);
    }
  }
  if (isInputObjectType(type)) for (const f of Object.values(type.getFields())) need(`${type.name}.${f.name}`, f.description);
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const f of Object.values(type.getFields())) problems.push(...fieldProblems(type.name, f));
  }
  return problems;
}

function fieldProblems(parent: string, f: GraphQLField<unknown, unknown>): string[] {
  const problems: string[] = [];
  if (!f.description || !CHINESE.test(f.description)) problems.push(`${parent}.${f.name}: no zh-CN description`);
  for (const a of f.args) if (!a.description || !CHINESE.test(a.description)) problems.push(`${parent}.${f.name}(${a.name}:): no zh-CN description`);
  // a plain list states its bound (fcp/list-bound-described); a connection's edges are bounded by `first`
  if (isListType(getNullableType(f.type)) && !parent.endsWith('Connection') && !/最多/.test(f.description ?? '')) {
    problems.push(`${parent}.${f.name}: a plain list without its bound (最多 N)`);
  }
  return problems;
}

describe('the GraphQL contract of auth, organization, attachments and office, for typed clients', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    t = await createTestApp();
    schema = t.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('every type, field, argument, input field and enum value has a zh-CN description; enum values are UPPER_CASE', () => {
    const missing = TYPES.filter((name) => !schema.getType(name));
    expect(missing).toEqual([]);
    const problems = TYPES.flatMap((name) => problemsOf(schema.getType(name)!));
    const roots = { ...schema.getQueryType()!.getFields(), ...schema.getMutationType()!.getFields() };
    for (const name of ROOT_FIELDS) problems.push(...fieldProblems('root', roots[name]));
    expect(problems).toEqual([]);
  });

  it('the Role and Permission enums carry the Chinese meaning of each value', () => {
    const labels = (name: string) => new Map((schema.getType(name) as unknown as { getValues(): { name: string; description: string }[] }).getValues()
      .map((v) => [v.name, v.description]));
    const roles = labels('Role');
    expect([...roles.keys()].sort()).toEqual(Object.values(Role).sort());
    expect(roles.get(Role.STATION)).toContain('消防工作站');
    const permissions = labels('Permission');
    expect([...permissions.keys()].sort()).toEqual(Object.values(Permission).sort());
    expect(permissions.get(Permission.FACILITY_CHECK_RECORD)).toContain('ORG-4');
  });

  it('growing lists are connections: the quota histories (ORG-1, ORG-3) and an import\'s problems; calendar dates are Date', () => {
    const fieldType = (type: string, field: string) => String((schema.getType(type) as unknown as { getFields(): Record<string, { type: unknown }> }).getFields()[field].type);
    expect(fieldType('Station', 'quotaHistory')).toBe('StaffQuotaChangeConnection!');
    expect(fieldType('GuidanceCenter', 'quotaHistory')).toBe('StaffQuotaChangeConnection!');
    expect(fieldType('ImportJob', 'problems')).toBe('ImportProblemConnection!');
    expect(fieldType('FacilityCheck', 'checkedOn')).toBe('Date!');
    expect(fieldType('RecordFacilityCheckInput', 'checkedOn')).toBe('Date!');
    expect(fieldType('AuditEntry', 'actorKind')).toBe('AuditActorKind!');
    // no field of these types holds a calendar date as a String any more
    const stringDates = TYPES.map((n) => schema.getType(n)!).filter((ty) => isObjectType(ty) || isInputObjectType(ty))
      .flatMap((ty) => Object.values((ty as unknown as { getFields(): Record<string, { name: string; type: GraphQLType; description?: string | null }> }).getFields())
        .filter((f) => getNamedType(f.type).name === 'String' && /YYYY-MM-DD|日期/.test(f.description ?? ''))
        .map((f) => `${ty.name}.${f.name}`));
    expect(stringDates).toEqual([]);
  });
});
