import { GraphQLSchemaHost } from '@nestjs/graphql';
import * as crypto from 'node:crypto';
import { cellOf, collectOperations, Operation } from '../../../src/auth/access-matrix';
import { AccessRule } from '../../../src/kernel/access.decorators';
import { ApiKeyService } from '../../../src/auth/api-key.service';
import { AuthService } from '../../../src/auth/auth.service';
import { ACT_TABLE, AdminAct } from '../../../src/auth/admin-separation';
import { ADMIN_ROLES, Permission, Role, ROLE_PERMISSIONS, TOWNSHIP_ROLES } from '../../../src/kernel/permissions';
import { UnmaskGrantService } from '../../../src/auth/unmask-grant.service';
import { totpCode } from '../../../src/auth/totp';
import { fromGlobalId, toGlobalId } from '../../../src/graphql/global-id';
import { EvaluationInputsService } from '../../../src/evaluation/evaluation-inputs.service';
import { EvaluationRoster } from '../../../src/evaluation/roster';
import { PersonnelService } from '../../../src/personnel/personnel.service';
import { FireService } from '../../../src/inspections/fire.service';
import { HazardService } from '../../../src/inspections/hazard.service';
import { HandOverService } from '../../../src/inspections/hand-over.service';
import { PremisesService } from '../../../src/inspections/premises.service';
import { WarningService } from '../../../src/inspections/warning.service';
import { WorkReportService } from '../../../src/inspections/work-report.service';
import { citizenIdFor } from '../../support/factories';
import { png, sha256 } from '../../support/files';
import { AttachmentService } from '../../../src/attachments/attachment.service';
import { ExamService } from '../../../src/training/exam.service';
import { PracticeService } from '../../../src/training/practice.service';
import { MemberUnitEvaluationService } from '../../../src/committees/member-units/member-unit-evaluation.service';
import { CampaignService } from '../../../src/committees/campaigns/campaign.service';
import { addDays } from '../../../src/common/working-days';
import { MeetingService } from '../../../src/committees/meetings/meeting.service';
import { WebhookService } from '../../../src/integration/webhooks/webhook.service';
import { RequestContext } from '../../../src/kernel/request-context';
import { createTestApp, data, GqlResponse, TestAccount, TestApp } from '../../support/test-app';
import { IMPORT_KINDS, ImportKind } from '../../../src/office/import-kinds';
import { xlsxOf } from '../../support/office';
import request from 'supertest';

/**
 * The authorization matrix (GB/T 22239-2019 8.1.4.2 a, e, f): every role x every operation x inside / outside its
 * jurisdiction, run against the live API. Expectations come from the same source the guard reads (ROLE_PERMISSIONS and
 * the decorators, through collectOperations), so the table, this test and docs/authorization.md cannot disagree.
 *
 * Inside: targets in 景山镇 (inside every role's jurisdiction here: county roles sit in 靖宇县, township roles
 * in 景山镇), or the county itself for county-level targets. Outside: another county, 抚松县.
 */
interface Call {
  query: string;
  variables?: Record<string, unknown>;
}
type Side = 'inside' | 'outside';

interface TargetFixture {
  kind: 'target';
  /** County-level targets (the guidance center) are outside a township account's jurisdiction. */
  level?: 'COUNTY' | 'TOWNSHIP';
  /** `role`: the acting role, for targets the separation of administrators assigns by role (ADM-2, ADM-3). */
  call: (side: Side, role: Role) => Promise<Call>;
}
interface ListFixture {
  kind: 'list';
  inside: () => Promise<Call>;
  /** A list without a region filter: the outside row must be absent from what it returns. */
  absent: (data: any) => boolean;
}
interface SelfFixture {
  kind: 'self';
  /** An account of the role, prepared for the operation: who calls, and what. */
  prepare: (role: Role) => Promise<{ headers: Record<string, string>; call: Call }>;
}
interface NodeFixture {
  kind: 'node';
  call: (side: Side) => Promise<Call>;
  found: (data: any) => boolean;
}
/** An operation on deployment-wide data (the personnel policy): only the permission decides. */
interface GlobalFixture {
  kind: 'global';
  call: () => Promise<Call>;
}
type Fixture = TargetFixture | ListFixture | SelfFixture | NodeFixture | GlobalFixture;

const DENIALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);

/** An API key's headers with a fresh Idempotency-Key, which every write of a key must carry; others as they are. */
export const withRetryKey = (headers: Record<string, string>): Record<string, string> =>
  /^Bearer fcpk_/.test(headers.authorization ?? '') ? { ...headers, 'idempotency-key': crypto.randomUUID() } : headers;
const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code ?? null;

/**
 * What the matrix builds, for another spec that drives the same operations with the same data
 * (test/mutation-payloads.e2e-spec.ts): the app, the rules, one signed-in actor per role, and every fixture.
 */
export interface MatrixWorld {
  app: () => TestApp;
  ops: () => Operation[];
  actors: Map<Role, Record<string, string>>;
  fixtures: Record<string, Fixture>;
}
export type { Call, Fixture, Side };

/**
 * Which part of the matrix a spec file runs: the specs in this folder each run one part, so that Jest runs them side by
 * side (each builds the same world in its own database). `instead`: a spec that reuses the world registers its own
 * tests (test/mutation-payloads.e2e-spec.ts).
 */
export interface MatrixPart {
  /** The roles whose row (every operation, inside and outside) is run. */
  roles?: readonly Role[];
  /** Each permission a key can be granted, withheld from an otherwise complete key. */
  keyGrants?: boolean;
  /** The schema coverage, the office chart routes and the anonymous caller. */
  coverage?: boolean;
  instead?: (world: MatrixWorld) => void;
}

/** The roles' rows, one spec file each (county-roles, township-roles, administrators); together every role. */
export const MATRIX_ROWS = {
  county: [Role.COMMITTEE_OFFICE, Role.CENTER, Role.BRIGADE, Role.DISCIPLINE],
  township: [Role.TOWNSHIP_GOVERNMENT, Role.STATION, Role.MEMBER_UNIT, Role.INTEGRATION],
  administrators: ADMIN_ROLES,
} as const satisfies Record<string, readonly Role[]>;

/**
 * A row runs every operation twice, and the first row of a spec file also makes the fixtures the operations target
 * (the file's world is its own): longer than Jest's default test time on a loaded 2-core machine.
 */
const ROW_TIMEOUT_MS = 240_000;

export function authorizationMatrix(part: MatrixPart): void {
const instead = part.instead;
describe('authorization matrix: roles x operations x jurisdiction (GB/T 22239-2019 8.1.4.2)', () => {
  let t: TestApp;
  let ops: Operation[];
  const actors = new Map<Role, Record<string, string>>();
  const ids: Record<string, string> = {};
  let outsider: TestAccount;
  let victim: TestAccount;
  /** One administrator of each kind, as targets of the separation table (ADM-2). */
  const adminVictims = new Map<Role, TestAccount>();
  /** The account the acting role may do `act` on (ADM-2, ADM-3): a business account unless an administrator's. */
  const separationTarget = (act: AdminAct, role: Role): TestAccount => {
    const kind = (Object.keys(ACT_TABLE) as (keyof typeof ACT_TABLE)[]).find((k) => ACT_TABLE[k][act] === role && k !== 'BUSINESS' && ACT_TABLE.BUSINESS[act] !== role);
    return kind ? adminVictims.get(kind as Role)! : victim;
  };
  let outsideKeyName: string;
  let outsideHookName: string;
  let unit: string;
  let n = 0;
  const unique = (prefix: string) => `${prefix}${++n}${Math.random().toString(36).slice(2, 6)}`;

  const call = (headers: Record<string, string>, c: Call) => t.gql(c.query, c.variables, withRetryKey(headers));
  const node = async (sql: string, params: unknown[]) => ((await t.dataSource.query(sql, params)) as { id: string }[])[0].id;

  /** An account with TOTP on (enrolled through the API), and its recovery codes. */
  const withTotp = async (role: Role) => {
    const a = await selfAccount(role);
    const secret = data(await t.gql(`mutation { enrollTotp { secret } }`, undefined, a.headers)).enrollTotp.secret;
    const codes = data(await t.gql(`mutation($i: TotpCodeInput!) { confirmTotp(input: $i) { recoveryCodes } }`, { i: { code: totpCode(secret, t.clock.now()) } }, a.headers))
      .confirmTotp.recoveryCodes as string[];
    return { account: a, secret, codes };
  };
  const selfAccount = (role: Role) =>
    t.account({ role, region: TOWNSHIP_ROLES.includes(role) ? '景山镇' : '靖宇县', organizationId: role === Role.MEMBER_UNIT ? unit : undefined });

  beforeAll(async () => {
    t = await createTestApp();
    ops = collectOperations(t.app);
    // another county, outside everyone's jurisdiction, with what the operations can target there
    const city = await node(`SELECT id, path FROM region WHERE name = '白山市'`, []);
    const [cityPath] = (await t.dataSource.query(`SELECT path FROM region WHERE id = $1`, [city])) as { path: string }[];
    const county = '6f1c1a8e-0000-4000-8000-000000000001';
    const township = '6f1c1a8e-0000-4000-8000-000000000002';
    await t.dataSource.query(
      `INSERT INTO region (id, parent_id, level, kind, name, code, path, sort_order, version) VALUES
       ($1, $2, 'COUNTY', NULL, '抚松县', '220621', $3, 9, 1), ($4, $1, 'TOWNSHIP', 'TOWN', '抚松镇', NULL, $5, 1, 1)`,
      [county, city, `${cityPath.path}${county}/`, township, `${cityPath.path}${county}/${township}/`],
    );
    await t.dataSource.query(
      `INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version) VALUES
       ('6f1c1a8e-0000-4000-8000-000000000010', 'COUNTY_COMMITTEE_OFFICE', '抚松县消防救援委员会办公室', $1, NULL, NULL, 1),
       ('6f1c1a8e-0000-4000-8000-000000000011', 'GUIDANCE_CENTER', '抚松县消防工作服务指导中心', $1, NULL, 4, 1),
       ('6f1c1a8e-0000-4000-8000-000000000012', 'TOWNSHIP_COMMITTEE', '抚松镇消防救援委员会', $2, NULL, NULL, 1),
       ('6f1c1a8e-0000-4000-8000-000000000013', 'FIRE_WORK_STATION', '抚松镇消防工作站', $2, '6f1c1a8e-0000-4000-8000-000000000012', 2, 1)`,
      [county, township],
    );
    ids.outsideCounty = toGlobalId('Region', county);
    ids.outsideTownship = toGlobalId('Region', township);
    ids.outsideCommittee = toGlobalId('Organization', '6f1c1a8e-0000-4000-8000-000000000012');
    ids.outsideStation = toGlobalId('Organization', '6f1c1a8e-0000-4000-8000-000000000013');
    ids.county = toGlobalId('Region', await t.regionId('靖宇县'));
    ids.township = toGlobalId('Region', await t.regionId('景山镇'));
    ids.committee = toGlobalId('Organization', await node(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'TOWNSHIP_COMMITTEE'`, []));
    ids.station = toGlobalId('Organization', await node(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '景山镇' AND o.kind = 'FIRE_WORK_STATION'`, []));
    const countyCommittee = await node(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = '靖宇县' AND o.kind = 'COUNTY_COMMITTEE'`, []);
    ids.countyCommittee = toGlobalId('Organization', countyCommittee);

    // one signed-in actor per role; the member unit account belongs to a member unit of the county
    unit = data(await t.admins.system.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
      i: { kind: 'MEMBER_UNIT', name: '县应急管理局', regionId: ids.county, committeeId: toGlobalId('Organization', countyCommittee) },
    })).createOrganization.id;
    for (const role of Object.values(Role)) {
      if (role === Role.INTEGRATION) continue;
      const a = await t.account({ role, organizationId: role === Role.MEMBER_UNIT ? unit : undefined });
      actors.set(role, a.headers);
    }
    const key = data(await t.admins.security.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, {
      i: { name: '县应急指挥平台', permissions: ROLE_PERMISSIONS[Role.INTEGRATION], regionId: ids.county },
    })).createApiKey.secret;
    actors.set(Role.INTEGRATION, { authorization: `Bearer ${key}` });

    // villages for ORG-6, a photo for attachments, a published practice of the other county (TRN-3)
    ids.village = data(await t.admins.system.gql(`mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, { i: { parentId: ids.township, name: '矩阵村', kind: 'VILLAGE' } })).createRegion.id;
    const village = '6f1c1a8e-0000-4000-8000-000000000003';
    await t.dataSource.query(
      `INSERT INTO region (id, parent_id, level, kind, name, code, path, sort_order, version) VALUES ($1, $2, 'VILLAGE', 'VILLAGE', '抚松村', NULL, $3, 1, 1)`,
      [village, township, `${cityPath.path}${county}/${township}/${village}/`],
    );
    ids.outsideVillage = toGlobalId('Region', village);
    const stored = await t.app.get(AttachmentService).upload(RequestContext.system('test'), png('matrix'), 'a.png');
    photo = { sha256: stored.sha256, name: 'a.png' };
    ids.outsidePracticeTitle = '抚松镇的做法';
    const outsidePractice = await t.app.get(PracticeService).submit(RequestContext.system('test'), { regionId: ids.outsideTownship, title: ids.outsidePracticeTitle, problem: '问题', actions: '做法', results: '成效' });
    await t.app.get(PracticeService).review(RequestContext.system('test'), { practiceId: toGlobalId('GoodPractice', outsidePractice.id), decision: 'ACCEPT' as never });
    await t.app.get(PracticeService).publish(RequestContext.system('test'), { practiceId: toGlobalId('GoodPractice', outsidePractice.id) });

    victim = await t.account({ role: Role.STATION, region: '景山镇' });
    for (const role of ADMIN_ROLES) adminVictims.set(role, await t.account({ role }));
    outsider = await t.account({ role: Role.COMMITTEE_OFFICE, region: '抚松县', username: 'fusong-office' });
    // something of the outsider's in the audit trail and among the keys
    data(await t.gqlAs(null, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { username: outsider.username, password: outsider.password } }));
    outsideKeyName = unique('抚松县对接');
    await t.app.get(ApiKeyService).create(RequestContext.system('test'), { name: outsideKeyName, permissions: [Permission.ORGANIZATION_READ], regionId: ids.outsideCounty });
    outsideHookName = unique('抚松县订阅');
    await freshHook(ids.outsideCounty, outsideHookName);
  });
  afterAll(async () => {
    await t?.close();
  });

  const freshKey = async (regionId: string) =>
    toGlobalId('ApiKey', (await t.app.get(ApiKeyService).create(RequestContext.system('test'), {
      name: unique('key'), permissions: [Permission.ORGANIZATION_READ], regionId,
    })).key.id);

  /** A webhook subscription of a region (its targets on 127.0.0.1: the tests allow private networks). */
  const freshHook = async (regionId: string, description = unique('订阅')) =>
    toGlobalId('Webhook', (await t.app.get(WebhookService).create(RequestContext.system('test'), {
      url: 'http://127.0.0.1:9/matrix', events: ['hazard.reported'], regionId, description,
    })).webhook.id);
  /** An outbox event of a region behind every subscription's cursor (txid 1): one its subscriptions have passed. */
  const passedEvent = async (regionId: string) => {
    const id = crypto.randomUUID();
    await t.dataSource.query(
      `INSERT INTO integration_event (id, txid, type, occurred_at, region_id, region_path, county_id, subject_id, payload)
       SELECT $1, 1, 'hazard.reported', now(), r.id, r.path, NULL, 'SGF6YXJkOng=', '{}' FROM region r WHERE r.id = $2`, [id, fromGlobalId(regionId, 'Region', 'regionId')]);
    return id;
  };

  // ---- personnel: people and posts made through the service as the system, in the state each operation needs ----
  const sys = () => RequestContext.system('test');
  const personnel = () => t.app.get(PersonnelService);
  const freshPerson = async (side: Side) => {
    const k = ++n;
    const birthDate = `19${85 + (k % 15)}-0${1 + (Math.floor(k / 15) % 9)}-${String(1 + (Math.floor(k / 135) % 28)).padStart(2, '0')}`;
    const p = await personnel().createPerson(sys(), {
      name: unique('人'), gender: 'MALE' as never, birthDate, citizenId: citizenIdFor(birthDate, true, k), education: 'SENIOR_HIGH' as never,
      householdRegionCode: '220622101', residenceRegionCode: '220622101', establishmentUnit: '乡镇人民政府', establishmentType: 'PUBLIC_SYSTEM' as never,
      communication: 'GOOD' as never, regionId: side === 'inside' ? ids.township : ids.outsideTownship,
    });
    return toGlobalId('Person', p.id);
  };
  const stationOf = (side: Side) => (side === 'inside' ? ids.station : ids.outsideStation);
  /** A post moved through the lifecycle up to `state`. */
  const postIn = async (side: Side, state: 'CANDIDATE' | 'SELECTED' | 'IN_TRAINING' | 'EXAM_PASSED') => {
    const personId = await freshPerson(side);
    const stationId = stationOf(side);
    let post = await personnel().proposeCandidate(sys(), { personId, stationId });
    if (state === 'CANDIDATE') return toGlobalId('Post', post.id);
    post = await personnel().selectPerson(sys(), { personId, stationId, selectedOn: t.clock.today() });
    if (state === 'SELECTED') return toGlobalId('Post', post.id);
    post = await personnel().startPreJobTraining(sys(), { postId: toGlobalId('Post', post.id) });
    if (state === 'IN_TRAINING') return toGlobalId('Post', post.id);
    post = await t.app.get(ExamService).recordPreJobExam(sys(), { postId: toGlobalId('Post', post.id), score: 80, examOn: t.clock.today() });
    return toGlobalId('Post', post.id);
  };

  // ---- inspections: records made through the services as the system, in the state each operation needs ----
  const regionOf = (side: Side) => (side === 'inside' ? ids.township : ids.outsideTownship);
  const premisesIn = async (side: Side) =>
    toGlobalId('Premises', (await t.app.get(PremisesService).create(sys(), {
      regionId: regionOf(side), kind: 'SMALL_VENUE' as never, name: unique('小超市'), address: '中心街 1 号', responsibleName: '店主', riskLevel: 'GENERAL' as never,
    })).id);
  const hazards = () => t.app.get(HazardService);
  /** A hazard moved along the loop up to `state` (MAJOR_REPORTED: a suspected major hazard reported to the brigade). */
  const hazardIn = async (side: Side, state: 'REPORTED' | 'RECTIFYING' | 'PENDING_RECHECK' | 'SUSPECTED' | 'MAJOR_REPORTED') => {
    const premisesId = await premisesIn(side);
    const major = state === 'SUSPECTED' || state === 'MAJOR_REPORTED';
    // the photo is attached to the hazard, so whoever may act on the hazard may attach it again
    const h = await hazards().report(sys(), { premisesId, description: '通道堆物', foundOn: t.clock.today(), majorItemCodes: major ? ['5.4'] : undefined, attachments: [photo] });
    const id = toGlobalId('Hazard', h.id);
    if (state === 'MAJOR_REPORTED') await hazards().reportMajor(sys(), { hazardId: id });
    if (state === 'REPORTED' || major) return id;
    await hazards().order(sys(), { hazardId: id, responsibleParty: '店主', measures: '清理' });
    if (state === 'RECTIFYING') return id;
    await hazards().reportRectification(sys(), { hazardId: id, note: '已清理', evidence: [photo] });
    return id;
  };
  // a hand-over case waiting for the brigade (PENDING) or being worked (ACCEPTED, filed)
  const handOverIn = async (side: Side, state: 'PENDING' | 'ACCEPTED') => {
    const h = await t.app.get(HandOverService).handOverHazard(sys(), { hazardId: await hazardIn(side, 'RECTIFYING'), reason: '拒不整改' });
    const [c] = await t.app.get(HandOverService).handOversOfHazard(sys()).load(h.id);
    const id = toGlobalId('HandOver', c.id);
    if (state === 'ACCEPTED') await t.app.get(HandOverService).accept(sys(), { handOverId: id, caseFiled: true });
    return id;
  };
  const complaintIn = async (side: Side) =>
    toGlobalId('Complaint', (await hazards().fileComplaint(sys(), { regionId: regionOf(side), receivedAt: t.clock.now(), channel: '12345', category: 'OTHER' as never, content: '堆放杂物' })).id);
  const riskPointIn = async (side: Side) =>
    toGlobalId('RiskPoint', (await t.app.get(WarningService).createRiskPoint(sys(), { regionId: regionOf(side), name: unique('加油站'), description: '毗邻市场', level: 'GENERAL' as never })).id);
  const warningIn = async (side: Side) => {
    const id = crypto.randomUUID();
    await t.dataSource.query(
      `INSERT INTO warning (id, subject_type, subject_id, region_id, rule_code, level, status, message, raised_at, version) VALUES ($1, 'HAZARD', $2, $3, 'hazard.overdue', 'YELLOW', 'ACTIVE', '矩阵测试', now(), 1)`,
      [id, crypto.randomUUID(), Buffer.from(regionOf(side), 'base64').toString().split(':')[1]],
    );
    return toGlobalId('Warning', id);
  };
  const investigationIn = async (side: Side, complete = false) => {
    const { investigation } = await t.app.get(FireService).record(sys(), {
      regionId: regionOf(side), occurredAt: new Date(t.clock.now().getTime() - 3_600_000), place: '民房', cause: 'ELECTRICAL' as never, deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 1000,
    });
    const id = toGlobalId('Investigation', investigation!.id);
    if (complete) await t.app.get(FireService).updateInvestigation(sys(), { investigationId: id, causeFindings: '电气', lessons: '检查', responsibilityFindings: '村委会' });
    return id;
  };
  const fireIn = async (side: Side) =>
    toGlobalId('FireIncident', (await t.app.get(FireService).record(sys(), {
      regionId: regionOf(side), occurredAt: new Date(t.clock.now().getTime() - 3_600_000), place: '柴草垛', cause: 'CARELESS_USE' as never, deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 500,
    })).fire.id);
  let period = 0;
  // past months, each once (T-INS-7: a plan or report is never for a period beyond the current one)
  const nextPeriod = () => ({ kind: 'MONTH' as never, year: 2024 - Math.floor(++period / 12), number: 1 + (period % 12) });
  const workReportIn = async (side: Side) =>
    toGlobalId('WorkReport', (await t.app.get(WorkReportService).file(sys(), { stationId: stationOf(side), kind: 'PLAN' as never, period: nextPeriod(), title: '工作计划', content: '内容' })).id);
  // ---- training (TRN-1 .. TRN-3): records made through the services as the system ----
  let photo: { sha256: string; name: string };
  const villageOf = (side: Side) => (side === 'inside' ? ids.village : ids.outsideVillage);
  const exams = () => t.app.get(ExamService);
  const courseIn = async (side: Side) =>
    (await exams().createCourse(sys(), { kind: 'OTHER' as never, title: unique('培训'), regionId: regionOf(side), organizer: '指导中心', startsOn: t.clock.today(), endsOn: t.clock.today() })).id;
  const sessionIn = async (side: Side) =>
    toGlobalId('CourseSession', (await exams().addSession(sys(), { courseId: toGlobalId('Course', await courseIn(side)), heldOn: t.clock.today(), topic: '法规', hours: 2 })).id);
  const examIn = async (side: Side) =>
    toGlobalId('Exam', (await exams().createExam(sys(), { kind: 'OTHER' as never, title: unique('考试'), regionId: regionOf(side), heldOn: t.clock.today() })).id);
  const practiceIn = async (side: Side, state: 'SUBMITTED' | 'RETURNED' | 'ACCEPTED') => {
    const p = await t.app.get(PracticeService).submit(sys(), { regionId: regionOf(side), title: unique('做法'), problem: '问题', actions: '做法', results: '成效' });
    const id = toGlobalId('GoodPractice', p.id);
    if (state === 'RETURNED') await t.app.get(PracticeService).review(sys(), { practiceId: id, decision: 'RETURN' as never, comment: '补充数据' });
    if (state === 'ACCEPTED') await t.app.get(PracticeService).review(sys(), { practiceId: id, decision: 'ACCEPT' as never });
    return id;
  };
  const today = () => t.clock.today();
  const inDays = (days: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const region = (s: Side) => ({ r: regionOf(s) });

  // ---- evaluation: people on duty and records made directly, in the state each operation needs ----
  const stationRow = async (side: Side) => fromGlobalId(stationOf(side), 'Organization', 'station');
  const townshipRow = (side: Side) => fromGlobalId(regionOf(side), 'Region', 'region');
  /** A fresh person on duty at the side's station from `from` (until `until`, the first day off duty). */
  const onDutyAt = async (side: Side, from = '2026-01-01', until: string | null = null) => {
    const personId = await freshPerson(side);
    await t.dataSource.query(
      `INSERT INTO post (id, person_id, organization_id, state, on_duty_from, left_on, leave_reason, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 1)`,
      [crypto.randomUUID(), fromGlobalId(personId, 'Person', 'p'), await stationRow(side), until ? 'LEFT' : 'ON_DUTY', from, until, until ? 'TRANSFER' : null],
    );
    return personId;
  };
  const EVAL_MONTH = { year: 2026, month: 10 };
  const dutyReportIn = async (side: Side) => toGlobalId('DutyReport', (await t.app.get(EvaluationInputsService).submitReport(sys(), { subjectId: await onDutyAt(side), ...EVAL_MONTH, content: '述职' })).id);
  /** Someone on duty at the inside station in the appraisal month, whichever row of the file casts first. */
  let ballotSubject: Promise<string> | undefined;
  const ballotFor = async (side: Side) => {
    await (ballotSubject ??= onDutyAt(side));
    const station = await stationRow(side);
    const subjects = await t.app.get(EvaluationRoster).on([{ id: station, name: '站', regionId: townshipRow(side), regionPath: '' }], '2026-10-01');
    return subjects.map((x, i) => ({ subjectId: toGlobalId(x.kind === 'PERSON' ? 'Person' : 'Organization', x.id), score: 60 + (i % 40) }));
  };
  let evalMonths = 0;
  /** A month of 2020 with everything a finalization needs: one person, the station, reports scored by both sides, a ballot. */
  const finalizableMonth = async (side: Side) => {
    const month = ++evalMonths;
    const start = `2020-${String(month).padStart(2, '0')}-01`;
    const next = month === 12 ? '2021-01-01' : `2020-${String(month + 1).padStart(2, '0')}-01`;
    const person = fromGlobalId(await onDutyAt(side, start, next), 'Person', 'p');
    const station = await stationRow(side);
    // EVA-1: the policy's fewest valid ballots (3)
    const ballots = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const ballot of ballots) await t.dataSource.query(`INSERT INTO appraisal_ballot (id, station_id, period_kind, year, number, valid) VALUES ($1, $2, 'MONTH', 2020, $3, true)`, [ballot, station, month]);
    for (const [kind, id, score] of [['STATION', station, 80], ['PERSON', person, 90]] as const) {
      const report = crypto.randomUUID();
      await t.dataSource.query(`INSERT INTO duty_report (id, subject_kind, subject_id, station_id, region_id, year, month, content, attachments, submitted_by, submitted_at, version)
        VALUES ($1, $2, $3, $4, $5, 2020, $6, '述职', '[]', 'matrix', now(), 1)`, [report, kind, id, station, townshipRow(side), month]);
      await t.dataSource.query(`INSERT INTO duty_report_score (report_id, side, score, scored_by, scored_at) VALUES ($1, 'CENTER', $2, 'matrix', now()), ($1, 'TOWNSHIP', $2, 'matrix', now())`, [report, score]);
      for (const ballot of ballots) await t.dataSource.query(`INSERT INTO appraisal_ballot_score (ballot_id, subject_kind, subject_id, score) VALUES ($1, $2, $3, $4)`, [ballot, kind, id, score]);
    }
    return { kind: 'MONTH', year: 2020, number: month };
  };
  /** A finalized result of the side, and (with `failing`) an accountability case over two results. */
  const resultIn = async (side: Side, personId?: string, year = 2019) => {
    const id = crypto.randomUUID();
    const subject = personId ?? fromGlobalId(await freshPerson(side), 'Person', 'p');
    await t.dataSource.query(`INSERT INTO evaluation_result (id, subject_kind, subject_id, subject_name, station_id, region_id, period_kind, year, number, version, current, score, grade,
      grade_label, policy_version, breakdown, finalized_by, finalized_at) VALUES ($1, 'PERSON', $2, '人', $3, $4, 'YEAR', $5, 1, 1, true, 50, 'INCOMPETENT', '不称职', 1, $6, 'matrix', now())`,
    [id, subject, await stationRow(side), townshipRow(side), year, JSON.stringify({ policyVersion: 1, lines: [], score: 50, grade: 'INCOMPETENT', notes: [] })]);
    return id;
  };
  const caseIn = async (side: Side) => {
    const person = fromGlobalId(await freshPerson(side), 'Person', 'p');
    const previous = await resultIn(side, person, 2018);
    const result = await resultIn(side, person, 2019);
    const id = crypto.randomUUID();
    await t.dataSource.query(`INSERT INTO accountability_case (id, person_id, person_name, region_id, year, previous_result_id, result_id, assessing_department, establishment_unit, status, notified_at, version)
      VALUES ($1, $2, '人', $3, 2019, $4, $5, '指导中心', '乡镇人民政府', 'OPEN', now(), 1)`, [id, person, townshipRow(side), previous, result]);
    return toGlobalId('AccountabilityCase', id);
  };

  /**
   * Imports: a one-row workbook of a kind, uploaded once by every actor that may upload (the same bytes, one
   * digest): an import reads only a file its caller may read. A dry run: the job checks and writes nothing.
   */
  const workbooks = new Map<ImportKind, string>();
  async function workbookFor(kind: ImportKind): Promise<string> {
    if (!workbooks.has(kind)) {
      const spec = IMPORT_KINDS[kind];
      const bytes = await xlsxOf(spec.sheetName, spec.columns.map((c) => c.header), [spec.columns.map((c) => c.example)]);
      for (const headers of actors.values()) {
        await request(t.app.getHttpServer()).post('/attachments').set(headers).attach('file', bytes, { filename: '导入.xlsx' });
      }
      workbooks.set(kind, sha256(bytes));
    }
    return workbooks.get(kind)!;
  }
  const importCall = (mutation: string, kind: ImportKind) => async (s: Side): Promise<Call> => ({
    query: `mutation($i: ImportInput!) { ${mutation}(input: $i) { id status } }`,
    variables: { i: { file: await workbookFor(kind), regionId: regionOf(s), dryRun: true } },
  });
  /** An import job started by whoever asks for it (its starter may always read it). */
  async function jobOf(role: Role): Promise<{ headers: Record<string, string>; id: string }> {
    const account = role === Role.INTEGRATION ? null : await selfAccount(role);
    const headers = account ? account.headers : actors.get(role)!;
    const actorId = account ? account.id : await node(`SELECT id FROM api_key WHERE name = '县应急指挥平台'`, []);
    const id = crypto.randomUUID();
    await t.dataSource.query(
      `INSERT INTO import_job (id, kind, dry_run, status, file_sha256, scope_region_id, scope_path, actor_id, actor_label, total_rows, started_at)
       SELECT $1, 'PREMISES', true, 'VALIDATED', $2, r.id, r.path, $3, 'matrix', 1, now() FROM region r WHERE r.name = '景山镇'`,
      [id, 'a'.repeat(64), actorId],
    );
    return { headers, id: toGlobalId('ImportJob', id) };
  }

  // ---- committees: meetings (COM-1), the committees' policy, COM-6 ----
  const committeeOf = (side: Side) => (side === 'inside' ? ids.committee : ids.outsideCommittee);
  const meetingIn = async (side: Side, state: 'DRAFT' | 'READY' | 'PUBLISHED') => {
    const meetings = t.app.get(MeetingService);
    const m = await meetings.record(sys(), {
      committeeId: committeeOf(side), kind: 'PLENARY' as never, title: unique('会议'), heldOn: t.clock.today(), convener: '主任', topics: ['部署'],
      minutes: state === 'DRAFT' ? null : '纪要', decisions: ['议定事项'],
    });
    if (state !== 'PUBLISHED') return { id: toGlobalId('Meeting', m.id), version: m.version };
    const p = await meetings.publish(sys(), { meetingId: toGlobalId('Meeting', m.id), expectedVersion: m.version });
    return { id: toGlobalId('Meeting', p.id), version: p.version };
  };
  /** An overdue task (COM-2) of the side's township, assigned to its station, written directly. */
  const overdueTaskIn = async (side: Side) => {
    const id = crypto.randomUUID();
    const committee = fromGlobalId(committeeOf(side), 'Organization', 'c');
    await t.dataSource.query(
      `INSERT INTO committee_task (id, committee_id, assigned_by_id, assignee_id, region_id, source, title, requirement, assigned_on, deadline, evidence_required, status, policy_version, return_count, created_by, version)
       VALUES ($1, $2, $2, $3, $4, 'DEPLOYMENT', '矩阵任务', '办理', '2020-01-01', '2020-02-01', true, 'IN_PROGRESS', 1, 0, 'matrix', 1)`,
      [id, committee, await stationRow(side), townshipRow(side)],
    );
    return toGlobalId('Task', id);
  };
  const memberUnitIn = async (side: Side) => {
    const id = crypto.randomUUID();
    await t.dataSource.query(`INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version) VALUES ($1, 'MEMBER_UNIT', $2, $3, $4, NULL, 1)`,
      [id, unique('成员单位'), townshipRow(side), fromGlobalId(committeeOf(side), 'Organization', 'c')]);
    return toGlobalId('Organization', id);
  };
  /** COM-6: an open case against a fresh member unit of the side (the accountability_case row, subject_kind MEMBER_UNIT). */
  const unitCaseIn = async (side: Side) => {
    const unit = fromGlobalId(await memberUnitIn(side), 'Organization', 'u');
    const id = crypto.randomUUID();
    await t.dataSource.query(`INSERT INTO accountability_case (id, subject_kind, person_name, organization_id, reason, task_ids, region_id, year, assessing_department, establishment_unit, status, notified_at, version)
      VALUES ($1, 'MEMBER_UNIT', '成员单位', $2, '工作不落实', '{}', $3, 2020, '委员会办公室', '成员单位', 'OPEN', now(), 1)`, [id, unit, townshipRow(side)]);
    return toGlobalId('MemberUnitAccountabilityCase', id);
  };

  // ---- committees: tasks (COM-2): rows made directly, in the state each operation needs ----
  const orgRow = async (region: string, kind: string) => node(`SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = $1 AND o.kind = $2`, [region, kind]);
  /** A task of `committee` assigned to `assignee` (raw uuids), seated in `regionId` (a uuid), in `status`. */
  const taskRow = async (o: { committee: string; assignee: string; regionId: string; status: string; deadline?: string }) => {
    const id = crypto.randomUUID();
    const office = await orgRow('靖宇县', 'COUNTY_COMMITTEE_OFFICE');
    await t.dataSource.query(
      `INSERT INTO committee_task (id, committee_id, assigned_by_id, assignee_id, region_id, source, title, requirement, assigned_on, deadline, evidence_required, status, policy_version,
         acknowledged_at, completion_reported_at, created_by, version)
       VALUES ($1, $2, $3, $4, $5, 'DEPLOYMENT', $6, '要求', $7, $8, false, $9, 1, $10, $11, 'test', 1)`,
      [id, o.committee, office, o.assignee, o.regionId, unique('任务'), today(), o.deadline ?? inDays(30), o.status, o.status === 'ASSIGNED' ? null : new Date(), o.status === 'COMPLETION_REPORTED' ? new Date() : null]);
    return toGlobalId('Task', id);
  };
  /** A township committee's task to its station (inside: 景山镇; outside: 抚松镇), for the assigning side. */
  const townshipTaskIn = async (side: Side, status: string) => taskRow({
    committee: side === 'inside' ? await orgRow('景山镇', 'TOWNSHIP_COMMITTEE') : fromGlobalId(ids.outsideCommittee, 'Organization', 'c'),
    assignee: fromGlobalId(stationOf(side), 'Organization', 's'), regionId: townshipRow(side), status,
  });
  /** A county task to the township government (inside) or to the outside township's committee, to pass on. */
  const passableIn = async (side: Side) => taskRow({
    committee: side === 'inside' ? await orgRow('靖宇县', 'COUNTY_COMMITTEE') : fromGlobalId(ids.outsideCommittee, 'Organization', 'c'),
    assignee: side === 'inside' ? await orgRow('景山镇', 'TOWNSHIP_GOVERNMENT') : fromGlobalId(ids.outsideCommittee, 'Organization', 'c'), regionId: townshipRow(side), status: 'ACKNOWLEDGED',
  });
  /** COM-2: the assignee's own task: the role's organization (others, without TASK_REPORT, get the station's). */
  const ownTask = async (role: Role, status: string) => {
    const county = await t.regionId('靖宇县');
    const township = await t.regionId('景山镇');
    const mine: Partial<Record<Role, [string, string]>> = {
      [Role.CENTER]: [await orgRow('靖宇县', 'GUIDANCE_CENTER'), county],
      [Role.TOWNSHIP_GOVERNMENT]: [await orgRow('景山镇', 'TOWNSHIP_GOVERNMENT'), township],
      [Role.MEMBER_UNIT]: [fromGlobalId(unit, 'Organization', 'u'), county],
    };
    const [assignee, regionId] = mine[role] ?? [fromGlobalId(ids.station, 'Organization', 's'), township];
    return taskRow({ committee: await orgRow('靖宇县', 'COUNTY_COMMITTEE'), assignee, regionId, status });
  };
  const assigneeStep = (mutation: string, type: string, status: string, extra: Record<string, unknown> = {}): Fixture => ({
    kind: 'self',
    prepare: async (role) => ({ headers: actors.get(role)!, call: { query: `mutation($i: ${type}!) { ${mutation}(input: $i) { status } }`, variables: { i: { taskId: await ownTask(role, status), ...extra } } } }),
  });

  // ---- committees: campaigns (COM-3): one of the county committee scoped to 景山镇 (read by the county and, through
  // its scope, by 景山镇's accounts), one of 抚松镇's committee ----
  let campaigns: Promise<{ inside: string; outside: string }> | null = null;
  const campaignPeriod = () => ({ periodStart: t.clock.today(), periodEnd: addDays(t.clock.today(), 30) });
  const campaignOf = async (side: Side) => (await (campaigns ??= (async () => {
    const deploy = (committeeId: string, title: string, scope?: string) =>
      t.app.get(CampaignService).deploy(sys(), { committeeId, title, description: '矩阵', scopeRegionIds: scope ? [scope] : null, ...campaignPeriod() });
    const inside = await deploy(ids.countyCommittee, '矩阵专项整治', ids.township);
    const outside = await deploy(ids.outsideCommittee, '抚松镇专项整治');
    return { inside: toGlobalId('Campaign', inside.id), outside: toGlobalId('Campaign', outside.id) };
  })()))[side];

  // ---- committees: member units (COM-4, COM-5) ----
  /** A member unit of 抚松镇's committee, outside everyone's jurisdiction (made once). */
  let outsideUnitId: string | undefined;
  const outsideUnit = async () => {
    if (!outsideUnitId) {
      const id = '6f1c1a8e-0000-4000-8000-000000000014';
      await t.dataSource.query(
        `INSERT INTO organization (id, kind, name, region_id, parent_id, staff_quota, version) VALUES ($1, 'MEMBER_UNIT', '抚松镇卫生院', $2, $3, NULL, 1)`,
        [id, fromGlobalId(ids.outsideTownship, 'Region', 'r'), fromGlobalId(ids.outsideCommittee, 'Organization', 'c')],
      );
      outsideUnitId = toGlobalId('Organization', id);
    }
    return outsideUnitId;
  };
  /** Inside: the member unit of the county the matrix's member-unit account belongs to (a county-level target). */
  const memberUnitOf = async (side: Side) => (side === 'inside' ? unit : await outsideUnit());
  let evaluationYear = 2000;
  /** A past year whose evaluation of the unit is scored (as the system) and so ready to be finalized. */
  const scoredYear = async (side: Side) => {
    const year = ++evaluationYear;
    if (side === 'inside') await t.app.get(MemberUnitEvaluationService).score(sys(), { memberUnitId: unit, year, scoredPart: 80 });
    return year;
  };
  const sectorOutsideName = '抚松镇卫生院药房';
  let sectorOutsideMade = false;
  /** A premises of 抚松镇 whose sector unit is the outside unit, with a hazard: a sector list must never show them. */
  const sectorOutside = async () => {
    if (sectorOutsideMade) return;
    sectorOutsideMade = true;
    const premisesId = await premisesIn('outside');
    await t.dataSource.query(`UPDATE premises SET sector_unit_id = $1, name = $2 WHERE id = $3`, [fromGlobalId(await outsideUnit(), 'Organization', 'u'), sectorOutsideName, fromGlobalId(premisesId, 'Premises', 'p')]);
    await hazards().report(sys(), { premisesId, description: '抚松镇隐患', foundOn: t.clock.today() });
  };

  const FIXTURES: Record<string, Fixture> = {
    // ---- committees: campaigns ----
    'Mutation.deployCampaign': {
      kind: 'target',
      call: async (s) => ({
        query: `mutation($i: DeployCampaignInput!) { deployCampaign(input: $i) { id phase committee { name } scopeRegions { name } } }`,
        variables: { i: { title: unique('专项整治'), description: '矩阵', ...campaignPeriod(), ...(s === 'inside' ? { scopeRegionIds: [ids.township] } : { committeeId: ids.outsideCommittee, scopeRegionIds: [ids.outsideTownship] }) } },
      }),
    },
    'Query.campaigns': {
      kind: 'list',
      inside: async () => {
        await campaignOf('outside');
        return { query: `{ campaigns(first: 100) { edges { node { title phase committee { name } region { name } scopeRegions { name } } } } }` };
      },
      absent: (d) => !d.campaigns.edges.some((e: any) => e.node.title === '抚松镇专项整治'),
    },
    'Query.campaignProgress': {
      // COM-3: the inside campaign is the county's scoped to 景山镇: township roles reach it through its scope
      kind: 'target',
      call: async (s) => ({
        query: `query($c: ID!) { campaignProgress(campaignId: $c) { asOf totals { inspections rectificationRate } byTownship { region { name } figures { hazardsFound } } byMemberUnit { memberUnit { name } } tasks { total } campaign { title } } }`,
        variables: { c: await campaignOf(s) },
      }),
    },
    // ---- committees: tasks (COM-2) ----
    'Query.tasks': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { tasks(regionId: $r) { edges { node { title assignee { name } rollUp { total } } } } }`, variables: region(s) }) },
    'Query.taskLedger': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { taskLedger(regionId: $r) { total rows { assignee { name } total } } }`, variables: region(s) }) },
    'Mutation.assignTask': { kind: 'target', call: async (s) => ({ query: `mutation($i: AssignTaskInput!) { assignTask(input: $i) { status } }`, variables: { i: { assigneeId: stationOf(s), title: unique('任务'), requirement: '要求', deadline: inDays(10) } } }) },
    'Mutation.acceptTask': { kind: 'target', call: async (s) => ({ query: `mutation($i: AcceptTaskInput!) { acceptTask(input: $i) { status } }`, variables: { i: { taskId: await townshipTaskIn(s, 'COMPLETION_REPORTED') } } }) },
    'Mutation.returnTask': { kind: 'target', call: async (s) => ({ query: `mutation($i: ReturnTaskInput!) { returnTask(input: $i) { status } }`, variables: { i: { taskId: await townshipTaskIn(s, 'COMPLETION_REPORTED'), reason: '材料不全' } } }) },
    'Mutation.passOnTask': { kind: 'target', call: async (s) => ({ query: `mutation($i: PassOnTaskInput!) { passOnTask(input: $i) { status } }`, variables: { i: { taskId: await passableIn(s), assigneeId: stationOf(s), deadline: inDays(10) } } }) },
    'Mutation.acknowledgeTask': assigneeStep('acknowledgeTask', 'AcknowledgeTaskInput', 'ASSIGNED'),
    'Mutation.reportTaskProgress': assigneeStep('reportTaskProgress', 'ReportTaskProgressInput', 'ACKNOWLEDGED', { note: '进展' }),
    'Mutation.completeTask': assigneeStep('completeTask', 'CompleteTaskInput', 'IN_PROGRESS', { note: '办结' }),
    // ---- committees: meetings (COM-1), the committees' policy (T-COM-5), COM-6 citations and member-unit cases ----
    'Query.meetings': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { meetings(regionId: $r) { edges { node { title committee { name } decisions { content } corrections { edges { node { field } } } } } } }`, variables: region(s) }) },
    'Mutation.recordMeeting': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { id status } }`, variables: { i: { committeeId: committeeOf(s), kind: 'PLENARY', title: unique('会议'), heldOn: today(), convener: '主任', topics: ['部署'], decisions: ['事项'] } } }) },
    'Mutation.updateMeeting': { kind: 'target', call: async (s) => { const m = await meetingIn(s, 'DRAFT'); return { query: `mutation($i: UpdateMeetingInput!) { updateMeeting(input: $i) { version } }`, variables: { i: { meetingId: m.id, expectedVersion: m.version, minutes: '补充纪要' } } }; } },
    'Mutation.publishMeeting': { kind: 'target', call: async (s) => { const m = await meetingIn(s, 'READY'); return { query: `mutation($i: PublishMeetingInput!) { publishMeeting(input: $i) { status } }`, variables: { i: { meetingId: m.id, expectedVersion: m.version } } }; } },
    'Mutation.correctMeeting': { kind: 'target', call: async (s) => { const m = await meetingIn(s, 'PUBLISHED'); return { query: `mutation($i: CorrectMeetingInput!) { correctMeeting(input: $i) { version } }`, variables: { i: { meetingId: m.id, expectedVersion: m.version, reason: '核对后更正', title: unique('更正') } } }; } },
    'Query.securityPolicy': { kind: 'global', call: async () => ({ query: `{ securityPolicy { version maxSessions secondFactorRoles } }` }) },
    'Mutation.publishSecurityPolicy': { kind: 'global', call: async () => ({ query: `mutation { publishSecurityPolicy(input: { effectiveFrom: "${inDays(300)}", passwordMaxAgeDays: 90, passwordHistory: 5, maxSessions: 3, delayAfterFailures: 3, delayBaseSeconds: 1, delayMaxSeconds: 60, lockAfterFailures: 5, lockMinutes: 30, accountLockAfterFailures: 50, knownAddressDays: 90, addressDelayAfterFailures: 10, addressLockAfterFailures: 100, secondFactorRoles: ["CENTER"] }) { version } }` }) },
    'Query.committeePolicy': { kind: 'global', call: async () => ({ query: `{ committeePolicy { version taskMaxDeadlineDays } }` }) },
    'Mutation.publishCommitteePolicy': { kind: 'global', call: async () => ({ query: `mutation { publishCommitteePolicy(input: { effectiveFrom: "${inDays(300)}", taskMaxDeadlineDays: 180, evaluationTaskWeight: 40, evaluationCampaignWeight: 20, evaluationSupervisionWeight: 20, evaluationScoredWeight: 20, findingDeduction: 2, excellentMin: 90, goodMin: 80, competentMin: 60 }) { version } }` }) },
    'Mutation.citeTasksInInvestigation': { kind: 'target', call: async (s) => ({ query: `mutation($i: CiteTasksInInvestigationInput!) { citeTasksInInvestigation(input: $i) { citedTasks { taskTitle overdue responsibleUnit { name } } } }`, variables: { i: { investigationId: await investigationIn(s), citations: [{ taskId: await overdueTaskIn(s), note: '逾期未办结' }] } } }) },
    'Mutation.openMemberUnitAccountabilityCase': { kind: 'target', call: async (s) => ({ query: `mutation($i: OpenMemberUnitAccountabilityCaseInput!) { openMemberUnitAccountabilityCase(input: $i) { memberUnitName memberUnit { name } } }`, variables: { i: { memberUnitId: await memberUnitIn(s), reason: '工作不落实' } } }) },
    'Query.memberUnitAccountabilityCases': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { memberUnitAccountabilityCases(regionId: $r) { edges { node { reason memberUnit { name } region { name } } } } }`, variables: region(s) }) },
    'Mutation.recordMemberUnitAccountabilityInterview': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordMemberUnitAccountabilityInterviewInput!) { recordMemberUnitAccountabilityInterview(input: $i) { status memberUnit { name } } }`, variables: { i: { caseId: await unitCaseIn(s), interviewedOn: today(), interviewers: '指导中心', outcome: '责令检查' } } }) },
    // ---- training (TRN-1 .. TRN-3) ----
    'Query.activities': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { activities(regionId: $r) { edges { node { title region { name } } } } }`, variables: region(s) }) },
    'Query.activityCounts': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { activityCounts(regionId: $r, period: { kind: YEAR, year: 2026, number: 1 }) { rows { edges { node { regionName activities } } } } }`, variables: region(s) }) },
    'Query.courses': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { courses(regionId: $r) { edges { node { title sessions { edges { node { topic } } } } } } }`, variables: region(s) }) },
    'Query.exams': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { exams(regionId: $r) { edges { node { title passMark } } } }`, variables: region(s) }) },
    'Query.villageGuidance': { kind: 'target', call: async (s) => ({ query: `query($v: ID!) { villageGuidance(villageId: $v) { teamKind village { name } } }`, variables: { v: villageOf(s) } }) },
    'Query.guidanceVisits': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { guidanceVisits(regionId: $r) { edges { node { content village { name } } } } }`, variables: region(s) }) },
    'Query.villageCoverage': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { villageCoverage(regionId: $r) { edges { node { villages lackingManager { edges { node { name } } } } } } }`, variables: region(s) }) },
    'Query.goodPractices': {
      kind: 'list',
      inside: async () => ({ query: `{ goodPractices(first: 100) { edges { node { title region { name } events(first: 5) { edges { node { action } } } } } } }` }),
      absent: (d) => !d.goodPractices.edges.some((e: any) => e.node.title === ids.outsidePracticeTitle),
    },
    'Mutation.recordActivity': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordActivityInput!) { recordActivity(input: $i) { id } }`, variables: { i: { kind: 'PUBLICITY', title: unique('宣传'), heldOn: today(), regionId: regionOf(s), organizer: '工作站', audiences: ['VILLAGERS'], participantCount: 30, content: '入户宣传' } } }) },
    'Mutation.createCourse': { kind: 'target', call: async (s) => ({ query: `mutation($i: CreateCourseInput!) { createCourse(input: $i) { id } }`, variables: { i: { kind: 'OTHER', title: unique('培训'), regionId: regionOf(s), organizer: '中心', startsOn: today(), endsOn: today() } } }) },
    'Mutation.addCourseSession': { kind: 'target', call: async (s) => ({ query: `mutation($i: AddCourseSessionInput!) { addCourseSession(input: $i) { id } }`, variables: { i: { courseId: toGlobalId('Course', await courseIn(s)), heldOn: today(), topic: '法规', hours: 2 } } }) },
    'Mutation.recordAttendance': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordAttendanceInput!) { recordAttendance(input: $i) { id } }`, variables: { i: { sessionId: await sessionIn(s), entries: [{ personId: await freshPerson(s), status: 'PRESENT' }] } } }) },
    'Mutation.createExam': { kind: 'target', call: async (s) => ({ query: `mutation($i: CreateExamInput!) { createExam(input: $i) { passMark } }`, variables: { i: { kind: 'OTHER', title: unique('考试'), regionId: regionOf(s), heldOn: today() } } }) },
    'Mutation.recordExamResults': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordExamResultsInput!) { recordExamResults(input: $i) { id } }`, variables: { i: { examId: await examIn(s), results: [{ personId: await freshPerson(s), score: 80 }] } } }) },
    'Mutation.setVillageManager': { kind: 'target', call: async (s) => ({ query: `mutation($i: SetVillageManagerInput!) { setVillageManager(input: $i) { managerPhoneMasked } }`, variables: { i: { villageId: villageOf(s), name: '李主任', phone: '13800138000', reason: '换届后更换管理人' } } }) },
    'Mutation.recordVillagePledge': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordVillagePledgeInput!) { recordVillagePledge(input: $i) { pledgeAdoptedOn } }`, variables: { i: { villageId: villageOf(s), adoptedOn: today(), reason: '重新修订公约' } } }) },
    'Mutation.setVillageTeam': { kind: 'target', call: async (s) => ({ query: `mutation($i: SetVillageTeamInput!) { setVillageTeam(input: $i) { teamKind } }`, variables: { i: { villageId: villageOf(s), kind: 'VOLUNTEER_TEAM', head: '张队长', members: [{ name: '队员甲', trained: true }], reason: '队伍调整' } } }) },
    'Mutation.recordGuidanceVisit': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordGuidanceVisitInput!) { recordGuidanceVisit(input: $i) { id } }`, variables: { i: { villageId: villageOf(s), visitedOn: today(), visitors: ['站长'], content: '指导修订防火公约' } } }) },
    'Mutation.submitGoodPractice': { kind: 'target', call: async (s) => ({ query: `mutation($i: SubmitGoodPracticeInput!) { submitGoodPractice(input: $i) { status } }`, variables: { i: { regionId: regionOf(s), title: unique('做法'), problem: '问题', actions: '做法', results: '成效' } } }) },
    'Mutation.reviseGoodPractice': { kind: 'target', call: async (s) => ({ query: `mutation($i: ReviseGoodPracticeInput!) { reviseGoodPractice(input: $i) { status } }`, variables: { i: { practiceId: await practiceIn(s, 'RETURNED'), results: '补充了数据' } } }) },
    'Mutation.reviewGoodPractice': { kind: 'target', call: async (s) => ({ query: `mutation($i: ReviewGoodPracticeInput!) { reviewGoodPractice(input: $i) { status } }`, variables: { i: { practiceId: await practiceIn(s, 'SUBMITTED'), decision: 'ACCEPT' } } }) },
    'Mutation.publishGoodPractice': { kind: 'target', call: async (s) => ({ query: `mutation($i: PublishGoodPracticeInput!) { publishGoodPractice(input: $i) { status } }`, variables: { i: { practiceId: await practiceIn(s, 'ACCEPTED') } } }) },
    'Query.evaluationPolicy': { kind: 'global', call: async () => ({ query: `{ evaluationPolicy { version raterRoles gradeLabels { grade label } } }` }) },
    'Mutation.publishEvaluationPolicy': { kind: 'global', call: async () => ({ query: `mutation { publishEvaluationPolicy(input: { effectiveFrom: "2099-01-01", monthlyReportWeight: 50, monthlyAppraisalWeight: 50, quarterlyExamWeight: 50, quarterlyAppraisalWeight: 50, annualMonthlyWeight: 40, annualQuarterlyWeight: 60, centerWeight: 50, townshipWeight: 50, excellentMin: 90, goodMin: 80, competentMin: 60, excellentCapPercent: 20, appraisalTrimAbove: 5, annualMinMonths: 6, raterRoles: [CENTER] }) { version } }` }) },
    'Query.dutyReports': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { dutyReports(regionId: $r) { edges { node { subjectName station { name } scores { side score } } } } }`, variables: region(s) }) },
    'Mutation.submitWorkReport': { kind: 'target', call: async (s) => ({ query: `mutation($i: SubmitWorkReportInput!) { submitWorkReport(input: $i) { id } }`, variables: { i: { subjectId: await onDutyAt(s), ...EVAL_MONTH, content: '本月述职' } } }) },
    'Mutation.scoreWorkReport': { kind: 'target', call: async (s) => ({ query: `mutation($i: ScoreWorkReportInput!) { scoreWorkReport(input: $i) { scores { side score } } }`, variables: { i: { reportId: await dutyReportIn(s), score: 85 } } }) },
    'Query.appraisalRound': { kind: 'target', call: async (s) => ({ query: `query($s: ID!, $p: PeriodInput!) { appraisalRound(stationId: $s, period: $p) { ballots voted subjects { name } } }`, variables: { s: stationOf(s), p: { kind: 'MONTH', year: EVAL_MONTH.year, number: EVAL_MONTH.month } } }) },
    'Mutation.castAppraisalBallot': { kind: 'target', call: async (s) => ({ query: `mutation($i: CastAppraisalBallotInput!) { castAppraisalBallot(input: $i) { valid } }`, variables: { i: { stationId: stationOf(s), period: { kind: 'MONTH', year: EVAL_MONTH.year, number: EVAL_MONTH.month }, scores: s === 'inside' ? await ballotFor(s) : [{ subjectId: stationOf(s), score: 80 }] } } }) },
    'Mutation.finalizeEvaluation': { kind: 'target', call: async (s) => ({ query: `mutation($i: FinalizeEvaluationInput!) { finalizeEvaluation(input: $i) { evaluations { score grade } } }`, variables: { i: { period: s === 'inside' ? await finalizableMonth(s) : { kind: 'MONTH', year: 2020, number: 1 }, regionId: regionOf(s) } } }) },
    'Query.evaluations': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { evaluations(regionId: $r) { edges { node { score grade station { name } } } } }`, variables: region(s) }) },
    'Query.evaluationBreakdown': { kind: 'target', call: async (s) => ({ query: `query($id: ID!) { evaluationBreakdown(id: $id) { score lines { path } } }`, variables: { id: toGlobalId('Evaluation', await resultIn(s)) } }) },
    'Query.evaluationReminders': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { evaluationReminders(regionId: $r) { edges { node { kind subjects } } } }`, variables: region(s) }) },
    'Query.accountabilityCases': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { accountabilityCases(regionId: $r) { edges { node { personName evaluation { grade } } } } }`, variables: region(s) }) },
    'Mutation.recordAccountabilityInterview': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordAccountabilityInterviewInput!) { recordAccountabilityInterview(input: $i) { status } }`, variables: { i: { caseId: await caseIn(s), interviewedOn: today(), interviewers: '指导中心', outcome: '诫勉谈话' } } }) },
    'Query.premises': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { premises(regionId: $r) { edges { node { name region { name } nextInspectionDue } } } }`, variables: region(s) }) },
    'Query.premisesLog': { kind: 'target', call: async (s) => ({ query: `query($p: ID!) { premisesLog(premisesId: $p) { edges { node { kind summary } } } }`, variables: { p: await premisesIn(s) } }) },
    'Query.checklistTemplates': { kind: 'global', call: async () => ({ query: `{ checklistTemplates { premisesKind version items { code } } }` }) },
    'Query.inspectionPlans': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { inspectionPlans(regionId: $r) { edges { node { title region { name } targets { edges { node { name } } } progress { inspected } } } } }`, variables: region(s) }) },
    'Query.inspections': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { inspections(regionId: $r) { edges { node { inspectedOn premises { name } checklist { version } hazards { status } } } } }`, variables: region(s) }) },
    'Query.hazards': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { hazards(regionId: $r) { edges { node { status region { name } premises { name } inspection { id } complaint { id } township { name } history { edges { node { action } } } } } } }`, variables: region(s) }) },
    'Query.hazard': { kind: 'target', call: async (s) => ({ query: `query($id: ID!) { hazard(id: $id) { status township { name } history { edges { node { action } } } } }`, variables: { id: await hazardIn(s, 'REPORTED') } }) },
    'Query.majorHazardCatalogue': { kind: 'global', call: async () => ({ query: `{ majorHazardCatalogue { items { code } thresholds { compositeCount } } }` }) },
    'Query.complaints': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { complaints(regionId: $r) { edges { node { category checkedLate region { name } premises { name } hazard { id } } } } }`, variables: region(s) }) },
    'Query.riskPoints': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { riskPoints(regionId: $r) { edges { node { name region { name } observations { edges { node { note } } } } } } }`, variables: region(s) }) },
    'Query.warnings': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { warnings(regionId: $r) { edges { node { level region { name } } } } }`, variables: region(s) }) },
    'Query.warningRules': { kind: 'global', call: async () => ({ query: `{ warningRules { code level } }` }) },
    'Query.fires': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { fires(regionId: $r) { edges { node { level region { name } premises { name } } } } }`, variables: region(s) }) },
    'Query.events': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { events(regionId: $r, first: 5) { edges { node { type region { name } county { name } } } resumeCursor } }`, variables: region(s) }) },
    'Query.fireSituation': { kind: 'target', call: async (s) => ({ query: `query($r: ID!) { fireSituation(regionId: $r, period: { kind: YEAR, year: 2026, number: 1 }) { total { current { incidents } } } }`, variables: region(s) }) },
    'Query.investigations': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { investigations(regionId: $r) { edges { node { status fire { level } region { name } } } } }`, variables: region(s) }) },
    'Query.workReports': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { workReports(regionId: $r) { edges { node { status station { name } } } } }`, variables: region(s) }) },
    'Query.workingCalendar': { kind: 'global', call: async () => ({ query: `{ workingCalendar(year: 2027) { loaded days { day } } }` }) },
    'Query.inspectionPolicy': { kind: 'global', call: async () => ({ query: `{ inspectionPolicy { version minInspectors } }` }) },
    'Mutation.createPremises': { kind: 'target', call: async (s) => ({ query: `mutation($i: CreatePremisesInput!) { createPremises(input: $i) { id } }`, variables: { i: { regionId: regionOf(s), kind: 'ENTERPRISE', name: unique('企业'), address: '工业园', responsibleName: '厂长', riskLevel: 'LOW' } } }) },
    'Mutation.updatePremises': { kind: 'target', call: async (s) => ({ query: `mutation($i: UpdatePremisesInput!) { updatePremises(input: $i) { version } }`, variables: { i: { premisesId: await premisesIn(s), riskLevel: 'SIGNIFICANT', reason: '矩阵测试' } } }) },
    'Mutation.publishChecklistTemplate': { kind: 'global', call: async () => ({ query: `mutation { publishChecklistTemplate(input: { premisesKind: OTHER, title: "通用检查表", items: [{ code: "GN-01", text: "安全出口畅通" }] }) { version } }` }) },
    'Mutation.createInspectionPlan': { kind: 'target', call: async (s) => ({ query: `mutation($i: CreateInspectionPlanInput!) { createInspectionPlan(input: $i) { id } }`, variables: { i: { regionId: regionOf(s), title: '月度检查', periodStart: today(), periodEnd: inDays(30), assignees: ['张三'], premisesIds: [await premisesIn(s)] } } }) },
    'Mutation.recordInspection': {
      kind: 'target',
      call: async (s) => ({ query: `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id } }`, variables: { i: {
        premisesId: await premisesIn(s), inspectedOn: today(), inspectors: ['张三', '李四'], results: ['SV-01', 'SV-02', 'SV-03', 'SV-04', 'SV-05'].map((code) => ({ code, result: 'PASS' })),
      } } }),
    },
    'Mutation.reportHazard': { kind: 'target', call: async (s) => ({ query: `mutation($i: ReportHazardInput!) { reportHazard(input: $i) { id } }`, variables: { i: { premisesId: await premisesIn(s), description: '灭火器过期', foundOn: today() } } }) },
    'Mutation.orderRectification': { kind: 'target', call: async (s) => ({ query: `mutation($i: OrderRectificationInput!) { orderRectification(input: $i) { status } }`, variables: { i: { hazardId: await hazardIn(s, 'REPORTED'), responsibleParty: '店主', measures: '更换' } } }) },
    'Mutation.reportRectification': { kind: 'target', call: async (s) => ({ query: `mutation($i: ReportRectificationInput!) { reportRectification(input: $i) { status } }`, variables: { i: { hazardId: await hazardIn(s, 'RECTIFYING'), note: '已更换', evidence: [photo] } } }) },
    'Mutation.recheckHazard': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecheckHazardInput!) { recheckHazard(input: $i) { status } }`, variables: { i: { hazardId: await hazardIn(s, 'PENDING_RECHECK'), passed: true } } }) },
    'Mutation.extendHazardDeadline': { kind: 'target', call: async (s) => ({ query: `mutation($i: ExtendHazardDeadlineInput!) { extendHazardDeadline(input: $i) { deadline } }`, variables: { i: { hazardId: await hazardIn(s, 'RECTIFYING'), newDeadline: inDays(60), reason: '需采购设备' } } }) },
    'Mutation.reportMajorHazard': { kind: 'target', call: async (s) => ({ query: `mutation($i: ReportMajorHazardInput!) { reportMajorHazard(input: $i) { majorStatus } }`, variables: { i: { hazardId: await hazardIn(s, 'SUSPECTED') } } }) },
    'Mutation.decideMajorHazard': { kind: 'target', call: async (s) => ({ query: `mutation($i: DecideMajorHazardInput!) { decideMajorHazard(input: $i) { majorStatus } }`, variables: { i: { hazardId: await hazardIn(s, 'MAJOR_REPORTED'), confirm: true, note: '确认' } } }) },
    'Mutation.handOverHazard': { kind: 'target', call: async (s) => ({ query: `mutation($i: HandOverHazardInput!) { handOverHazard(input: $i) { handedOverAt handOver { state } } }`, variables: { i: { hazardId: await hazardIn(s, 'REPORTED'), reason: '拒不整改' } } }) },
    'Query.handOvers': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { handOvers(regionId: $r) { edges { node { state township { name } region { name } hazard { status handOver { state } } } } } }`, variables: region(s) }) },
    'Mutation.acceptHandOver': { kind: 'target', call: async (s) => ({ query: `mutation($i: AcceptHandOverInput!) { acceptHandOver(input: $i) { state } }`, variables: { i: { handOverId: await handOverIn(s, 'PENDING'), caseFiled: true } } }) },
    'Mutation.returnHandOver': { kind: 'target', call: async (s) => ({ query: `mutation($i: ReturnHandOverInput!) { returnHandOver(input: $i) { state } }`, variables: { i: { handOverId: await handOverIn(s, 'PENDING'), reason: '无需法律措施' } } }) },
    'Mutation.recordHandOverOutcome': {
      kind: 'target',
      call: async (s) => ({ query: `mutation($i: RecordHandOverOutcomeInput!) { recordHandOverOutcome(input: $i) { state } }`, variables: { i: {
        handOverId: await handOverIn(s, 'ACCEPTED'), measures: [{ measure: 'CASE_FILED', takenOn: today() }], documentNumber: '靖消立字〔2027〕1号', decidedOn: today(), hazardEliminated: false,
      } } }),
    },
    'Mutation.fileComplaint': { kind: 'target', call: async (s) => ({ query: `mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { checkDueAt } }`, variables: { i: { regionId: regionOf(s), receivedAt: t.clock.now().toISOString(), channel: '来信', category: 'BLOCKED_EXITS', content: '后门上锁' } } }) },
    'Mutation.checkComplaint': { kind: 'target', call: async (s) => ({ query: `mutation($i: CheckComplaintInput!) { checkComplaint(input: $i) { complaint { outcome } } }`, variables: { i: { complaintId: await complaintIn(s), outcome: 'UNFOUNDED', note: '不属实' } } }) },
    'Mutation.createRiskPoint': { kind: 'target', call: async (s) => ({ query: `mutation($i: CreateRiskPointInput!) { createRiskPoint(input: $i) { id } }`, variables: { i: { regionId: regionOf(s), name: unique('液化气站'), description: '人员密集区', level: 'SIGNIFICANT' } } }) },
    'Mutation.recordRiskObservation': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordRiskObservationInput!) { recordRiskObservation(input: $i) { level } }`, variables: { i: { riskPointId: await riskPointIn(s), note: '例行巡查' } } }) },
    'Mutation.acknowledgeWarning': { kind: 'target', call: async (s) => ({ query: `mutation($i: AcknowledgeWarningInput!) { acknowledgeWarning(input: $i) { acknowledgedAt } }`, variables: { i: { warningId: await warningIn(s) } } }) },
    'Mutation.publishMajorHazardCatalogue': {
      kind: 'global',
      call: async () => ({ query: `mutation($i: PublishMajorHazardCatalogueInput!) { publishMajorHazardCatalogue(input: $i) { items { code } } }`, variables: { i: {
        edition: 'GB 35181-2017', validFrom: '2018-07-01', items: [{ code: '5.1', kind: 'DIRECT', text: '条款 5.1' }],
        thresholds: ['CROWDED_PLACE', 'SMALL_VENUE', 'VILLAGE', 'ENTERPRISE', 'MEMBER_UNIT', 'OTHER'].map((premisesKind) => ({ premisesKind, compositeCount: premisesKind === 'CROWDED_PLACE' ? 3 : 4 })),
      } } }),
    },
    'Mutation.updateWarningRule': { kind: 'global', call: async () => ({ query: `mutation { updateWarningRule(input: { code: "hazard.dueSoon", params: [{ name: "withinDays", value: 3 }] }) { version } }` }) },
    'Mutation.evaluateWarnings': { kind: 'global', call: async () => ({ query: `mutation { evaluateWarnings { ran } }` }) },
    'Mutation.loadWorkingCalendar': { kind: 'global', call: async () => ({ query: `mutation { loadWorkingCalendar(input: { year: ${Number(today().slice(0, 4)) - 1}, days: [] }) { version } }` }) }, // T-CAL-1: last year at the earliest (no deadline counted from today looks back)
    'Mutation.recordFire': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordFireInput!) { recordFire(input: $i) { level } }`, variables: { i: { regionId: regionOf(s), occurredAt: new Date(t.clock.now().getTime() - 60_000).toISOString(), place: '柴草垛', cause: 'CARELESS_USE', deaths: 0, injuries: 0, seriousInjuries: 0, directLossYuan: 500 } } }) },
    'Mutation.updateInvestigation': { kind: 'target', call: async (s) => ({ query: `mutation($i: UpdateInvestigationInput!) { updateInvestigation(input: $i) { version } }`, variables: { i: { investigationId: await investigationIn(s), causeFindings: '电气线路老化' } } }) },
    'Mutation.closeInvestigation': { kind: 'target', call: async (s) => ({ query: `mutation($i: CloseInvestigationInput!) { closeInvestigation(input: $i) { status } }`, variables: { i: { investigationId: await investigationIn(s, true) } } }) },
    'Mutation.correctFire': { kind: 'target', call: async (s) => ({ query: `mutation($i: CorrectFireInput!) { correctFire(input: $i) { level version } }`, variables: { i: { fireId: await fireIn(s), expectedVersion: 1, reason: '核实后更正损失', directLossYuan: 800 } } }) },
    'Mutation.correctHazard': { kind: 'target', call: async (s) => ({ query: `mutation($i: CorrectHazardInput!) { correctHazard(input: $i) { description } }`, variables: { i: { hazardId: await hazardIn(s, 'REPORTED'), expectedVersion: 1, reason: '描述不准确', description: '安全出口堵塞' } } }) },
    'Mutation.fileWorkReport': { kind: 'target', call: async (s) => ({ query: `mutation($i: FileWorkReportInput!) { fileWorkReport(input: $i) { status } }`, variables: { i: { stationId: stationOf(s), kind: 'REPORT', period: nextPeriod(), title: '月度报告', content: '内容' } } }) },
    'Mutation.reviewWorkReport': { kind: 'target', call: async (s) => ({ query: `mutation($i: ReviewWorkReportInput!) { reviewWorkReport(input: $i) { status } }`, variables: { i: { reportId: await workReportIn(s), decision: 'RECEIVE' } } }) },
    'Query.people': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { people(regionId: $r, first: 5) { edges { node { name citizenIdMasked region { name } posts(first: 5) { edges { node { state person { name } organization { name } transitions(first: 10) { edges { node { toState } } } } } } } } } }`, variables: { r: s === 'inside' ? ids.township : ids.outsideTownship } }) },
    'Query.eligibility': { kind: 'target', call: async (s) => ({ query: `query($p: ID!, $s: ID!) { eligibility(personId: $p, stationId: $s) { eligibleForSelection verdicts { rule verdict } } }`, variables: { p: await freshPerson(s), s: stationOf(s) } }) },
    // deviationsInForce needs PERSONNEL_READ besides (a station reads its staffing, not whose deviations): views spec
    'Query.staffing': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { staffing(regionId: $r) { edges { node { organizationName onDuty vacancies pipeline { state count } } } } }`, variables: { r: s === 'inside' ? ids.township : ids.outsideTownship } }) },
    'Query.posts': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { posts(regionId: $r, first: 5) { totalCount edges { node { state priorService person { name } organization { name } } } } }`, variables: { r: s === 'inside' ? ids.township : ids.outsideTownship } }) },
    'Mutation.recordPriorService': {
      kind: 'target',
      call: async (s) => {
        // a free post each time (as putOnDuty): earlier matrix posts on duty at these stations leave first
        await t.dataSource.query(`UPDATE post SET state = 'LEFT', left_on = on_duty_from, leave_reason = 'TRANSFER' WHERE state = 'ON_DUTY'`);
        return { query: `mutation($i: RecordPriorServiceInput!) { recordPriorService(input: $i) { state priorService } }`, variables: { i: { personId: await freshPerson(s), stationId: stationOf(s), onDutyFrom: t.clock.today(), reason: '平台启用前已在岗' } } };
      },
    },
    'Query.personPersonalData': { kind: 'target', call: async (s) => ({ query: `query($id: ID!) { personPersonalData(id: $id) { citizenId } }`, variables: { id: await freshPerson(s) } }) },
    'Query.personnelPolicy': { kind: 'global', call: async () => ({ query: `{ personnelPolicy { version minAge maxAge examPassMark } }` }) },
    'Query.deviations': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { deviations(regionId: $r) { edges { node { rule person { name } station { name } } } } }`, variables: { r: s === 'inside' ? ids.township : ids.outsideTownship } }) },
    'Mutation.publishPersonnelPolicy': { kind: 'global', call: async () => ({ query: `mutation { publishPersonnelPolicy(input: { effectiveFrom: "2099-01-01", minAge: 18, maxAge: 45, minEducation: SENIOR_HIGH, examPassMark: 60 }) { version } }` }) },
    'Mutation.createPerson': {
      kind: 'target',
      call: async (s) => {
        const k = ++n;
        const birthDate = `1975-0${1 + (k % 9)}-${String(1 + (Math.floor(k / 9) % 28)).padStart(2, '0')}`;
        return { query: `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, variables: { i: {
          name: unique('新人'), gender: 'MALE', birthDate, citizenId: citizenIdFor(birthDate, true, k), education: 'BACHELOR', householdRegionCode: '220622101',
          residenceRegionCode: '220622101', establishmentUnit: '乡镇人民政府', establishmentType: 'PUBLIC_SYSTEM', regionId: s === 'inside' ? ids.township : ids.outsideTownship,
        } } };
      },
    },
    'Mutation.updatePerson': { kind: 'target', call: async (s) => ({ query: `mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { person { version } eligibility { eligibleForSelection } } }`, variables: { i: { id: await freshPerson(s), expectedVersion: 1, reason: '学历登记有误', education: 'BACHELOR' } } }) },
    'Mutation.proposeCandidate': { kind: 'target', call: async (s) => ({ query: `mutation($i: PersonAtStationInput!) { proposeCandidate(input: $i) { state } }`, variables: { i: { personId: await freshPerson(s), stationId: stationOf(s) } } }) },
    'Mutation.selectPerson': { kind: 'target', call: async (s) => ({ query: `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { state } }`, variables: { i: { personId: await freshPerson(s), stationId: stationOf(s), selectedOn: t.clock.today() } } }) },
    'Mutation.startPreJobTraining': { kind: 'target', call: async (s) => ({ query: `mutation($i: PostInput!) { startPreJobTraining(input: $i) { state } }`, variables: { i: { postId: await postIn(s, 'SELECTED') } } }) },
    'Mutation.recordPreJobExam': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state } }`, variables: { i: { postId: await postIn(s, 'IN_TRAINING'), score: 75, examOn: t.clock.today() } } }) },
    'Mutation.putOnDuty': {
      kind: 'target',
      call: async (s) => {
        // a free post each time: earlier matrix posts on duty at these stations leave first
        await t.dataSource.query(`UPDATE post SET state = 'LEFT', left_on = on_duty_from, leave_reason = 'TRANSFER' WHERE state = 'ON_DUTY'`);
        return { query: `mutation($i: PutOnDutyInput!) { putOnDuty(input: $i) { state } }`, variables: { i: { postId: await postIn(s, 'EXAM_PASSED'), onDutyFrom: t.clock.today() } } };
      },
    },
    'Mutation.recordDeparture': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordDepartureInput!) { recordDeparture(input: $i) { state } }`, variables: { i: { postId: await postIn(s, 'CANDIDATE'), leftOn: t.clock.today(), reason: 'RESIGNATION', note: '本人辞职' } } }) },
    'Mutation.requestDeviation': { kind: 'target', call: async (s) => ({ query: `mutation($i: RequestDeviationInput!) { requestDeviation(input: $i) { status } }`, variables: { i: { personId: await freshPerson(s), stationId: stationOf(s), rule: 'PER_8', justification: '兼任村会计，不占用工作时间' } } }) },
    'Mutation.decideDeviation': {
      kind: 'target',
      call: async (s) => {
        const d = await personnel().requestDeviation(sys(), { personId: await freshPerson(s), stationId: stationOf(s), rule: 'PER_2' as never, justification: '熟悉本镇情况' });
        return { query: `mutation($i: DecideDeviationInput!) { decideDeviation(input: $i) { status } }`, variables: { i: { deviationId: toGlobalId('Deviation', d.id), approve: true } } };
      },
    },
    'Query.townships': { kind: 'target', call: async (s) => ({ query: `query($c: ID) { townships(countyId: $c) { totalCount edges { node { name station { name township { name } quotaHistory { edges { node { newQuota } } } facilityCompliance { compliant } } government { name } committee { name } county { name } } } } }`, variables: { c: s === 'inside' ? ids.county : ids.outsideCounty } }) },
    'Query.regions': { kind: 'target', call: async (s) => ({ query: `query($p: ID) { regions(parentId: $p) { edges { node { name parent { name } } } } }`, variables: { p: s === 'inside' ? ids.township : ids.outsideTownship } }) },
    'Query.organizations': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { organizations(regionId: $r) { edges { node { name region { name } parent { name } } } } }`, variables: { r: s === 'inside' ? ids.township : ids.outsideTownship } }) },
    'Query.stations': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { stations(regionId: $r) { totalCount edges { node { name } } } }`, variables: { r: s === 'inside' ? ids.township : ids.outsideTownship } }) },
    'Query.guidanceCenter': { kind: 'target', level: 'COUNTY', call: async (s) => ({ query: `query($c: ID) { guidanceCenter(countyId: $c) { name county { name } quotaHistory { edges { node { newQuota } } } } }`, variables: { c: s === 'inside' ? ids.county : ids.outsideCounty } }) },
    'Query.node': {
      kind: 'node',
      call: async (s) => ({ query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id: s === 'inside' ? ids.station : ids.outsideStation } }),
      found: (d) => d.node !== null,
    },
    'Query.nodes': {
      kind: 'node',
      call: async (s) => ({ query: `query($id: ID!) { nodes(ids: [$id]) { id } }`, variables: { id: s === 'inside' ? ids.station : ids.outsideStation } }),
      found: (d) => d.nodes[0] !== null,
    },
    'Query.accounts': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { accounts(regionId: $r) { edges { node { username region { name } organization { name } } } } }`, variables: { r: s === 'inside' ? ids.township : ids.outsideCounty } }) },
    'Query.accountPersonalData': { kind: 'target', call: async (s) => ({ query: `query($id: ID!) { accountPersonalData(id: $id) { citizenId phone } }`, variables: { id: s === 'inside' ? victim.globalId : outsider.globalId } }) },
    'Query.apiKeys': { kind: 'list', inside: async () => ({ query: `{ apiKeys(first: 100) { edges { node { name } } } }` }), absent: (d) => !d.apiKeys.edges.some((e: any) => e.node.name === outsideKeyName) },
    'Query.auditLog': { kind: 'list', inside: async () => ({ query: `{ auditLog(first: 100) { edges { node { actorLabel operation outcome } } } }` }), absent: (d) => !d.auditLog.edges.some((e: any) => e.node.actorLabel === 'fusong-office') },
    // the security report counts the accounts inside the reader's jurisdiction: 抚松县's office must not be among them
    'Query.securityReport': (() => {
      let inCounty = -1;
      return {
        kind: 'list' as const,
        inside: async () => {
          [{ n: inCounty }] = await t.dataSource.query(
            `SELECT count(*)::int AS n FROM account a JOIN region r ON r.id = a.region_id WHERE a.active AND r.path LIKE (SELECT path FROM region WHERE name = '靖宇县') || '%'`);
          return { query: `query($from: DateTime!, $to: DateTime!) { securityReport(from: $from, to: $to) { accounts { active } } }`, variables: { from: new Date(t.clock.now().getTime() - 3_600_000).toISOString(), to: t.clock.now().toISOString() } };
        },
        absent: (d: any) => d.securityReport.accounts.active === inCounty,
      };
    })(),
    // the chain's integrity is one fact for the whole trail: no jurisdiction to be inside or outside of (GB/T 22239-2019 8.1.4.7)
    'Query.verifyAuditChain': { kind: 'global', call: async () => ({ query: `query($from: DateTime!, $to: DateTime!) { verifyAuditChain(from: $from, to: $to) { intact checkedCount } }`, variables: { from: new Date(t.clock.now().getTime() - 3_600_000).toISOString(), to: t.clock.now().toISOString() } }) },
    'Mutation.setRegionCode': { kind: 'target', call: async (s) => ({ query: `mutation($i: SetRegionCodeInput!) { setRegionCode(input: $i) { code } }`, variables: { i: s === 'inside' ? { regionId: ids.township, code: '220622101' } : { regionId: ids.outsideTownship, code: '220621101' } } }) },
    'Mutation.createRegion': { kind: 'target', call: async (s) => ({ query: `mutation($i: CreateRegionInput!) { createRegion(input: $i) { id } }`, variables: { i: { parentId: s === 'inside' ? ids.township : ids.outsideTownship, name: unique('村'), kind: 'VILLAGE' } } }) },
    'Mutation.changeStaffQuota': {
      kind: 'target',
      call: async (s) => {
        const id = s === 'inside' ? ids.station : ids.outsideStation;
        const [row] = (await t.dataSource.query(`SELECT staff_quota FROM organization WHERE id = $1`, [Buffer.from(id, 'base64').toString().split(':')[1]])) as { staff_quota: number }[];
        return { query: `mutation($i: ChangeStaffQuotaInput!) { changeStaffQuota(input: $i) { staffQuota } }`, variables: { i: { organizationId: id, staffQuota: row.staff_quota === 2 ? 3 : 2, reason: '矩阵测试' } } };
      },
    },
    'Mutation.recordFacilityCheck': { kind: 'target', call: async (s) => ({ query: `mutation($i: RecordFacilityCheckInput!) { recordFacilityCheck(input: $i) { compliant } }`, variables: { i: { stationId: s === 'inside' ? ids.station : ids.outsideStation, facility: 'PRINTING', compliant: true, checkedOn: '2026-11-01', checkedBy: '检查员' } } }) },
    'Mutation.createOrganization': { kind: 'target', call: async (s) => ({ query: `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, variables: { i: { kind: 'MEMBER_UNIT', name: unique('成员单位'), regionId: s === 'inside' ? ids.township : ids.outsideTownship, committeeId: s === 'inside' ? ids.committee : ids.outsideCommittee } } }) },
    'Mutation.createAccount': { kind: 'target', call: async (s) => ({ query: `mutation($i: CreateAccountInput!) { createAccount(input: $i) { username } }`, variables: { i: { username: unique('user'), password: 'Matrix-Passw0rd', displayName: '新账号', role: 'STATION', regionId: s === 'inside' ? ids.township : ids.outsideTownship } } }) },
    'Mutation.updateAccount': { kind: 'target', call: async (s) => ({ query: `mutation($i: UpdateAccountInput!) { updateAccount(input: $i) { displayName } }`, variables: { i: { id: s === 'inside' ? victim.globalId : outsider.globalId, displayName: unique('姓名') } } }) },
    'Mutation.resetAccountPassword': { kind: 'target', call: async (s, role) => ({ query: `mutation($i: ResetAccountPasswordInput!) { resetAccountPassword(input: $i) { passwordChangeRequired } }`, variables: { i: { id: s === 'inside' ? separationTarget('PASSWORD_RESET', role).globalId : outsider.globalId, newPassword: `Reset-${unique('x')}-A1` } } }) },
    'Mutation.liftSignInPause': { kind: 'global', call: async () => ({ query: `mutation { liftSignInPause(input: { address: "10.99.0.1" }) { address wasPaused failuresCleared } }` }) },
    'Mutation.unlockAccount': { kind: 'target', call: async (s, role) => ({ query: `mutation($i: AccountIdInput!) { unlockAccount(input: $i) { locked } }`, variables: { i: { id: s === 'inside' ? separationTarget('UNLOCK', role).globalId : outsider.globalId } } }) },
    'Mutation.resetSecondFactor': {
      kind: 'target',
      call: async (s, role) => {
        const target = separationTarget('SECOND_FACTOR_RESET', role);
        // give both a second factor, so an allowed call has something to reset
        await t.dataSource.query(`UPDATE account SET totp_secret_enc = 'v1.x.y', totp_enabled_at = now() WHERE id = ANY($1)`, [[target.id, outsider.id]]);
        return { query: `mutation($i: AccountIdInput!) { resetSecondFactor(input: $i) { secondFactorEnabled } }`, variables: { i: { id: s === 'inside' ? target.globalId : outsider.globalId } } };
      },
    },
    // ADM-4: a fresh station account changed to the township government (a role it did not have)
    'Mutation.grantAccountRole': {
      kind: 'target',
      call: async (s) => ({
        query: `mutation($i: GrantAccountRoleInput!) { grantAccountRole(input: $i) { role roleGranted } }`,
        variables: { i: { accountId: s === 'inside' ? (await t.account({ role: Role.STATION })).globalId : outsider.globalId, role: s === 'inside' ? 'TOWNSHIP_GOVERNMENT' : 'CENTER' } },
      }),
    },
    'Mutation.grantUnmask': {
      kind: 'target',
      call: async (s) => ({
        query: `mutation($i: GrantUnmaskInput!) { grantUnmask(input: $i) { until active } }`,
        variables: { i: { accountId: s === 'inside' ? victim.globalId : outsider.globalId, until: today(), reason: '矩阵' } },
      }),
    },
    'Mutation.revokeUnmask': {
      kind: 'target',
      call: async (s) => {
        const grant = await t.app.get(UnmaskGrantService).grant(sys(), { accountId: s === 'inside' ? victim.globalId : outsider.globalId, until: today(), reason: '矩阵' });
        return { query: `mutation($i: RevokeUnmaskInput!) { revokeUnmask(input: $i) { active } }`, variables: { i: { id: toGlobalId('UnmaskGrant', grant.id) } } };
      },
    },
    'Query.unmaskGrants': {
      kind: 'list',
      inside: async () => {
        await t.app.get(UnmaskGrantService).grant(sys(), { accountId: outsider.globalId, until: today(), reason: '辖区外' });
        return { query: `{ unmaskGrants(first: 100) { edges { node { accountId reason } } } }` };
      },
      absent: (d) => !d.unmaskGrants.edges.some((e: any) => e.node.accountId === outsider.globalId),
    },
    'Mutation.createApiKey': { kind: 'target', call: async (s) => ({ query: `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { name } } }`, variables: { i: { name: unique('对接'), permissions: ['ORGANIZATION_READ'], regionId: s === 'inside' ? ids.township : ids.outsideCounty } } }) },
    'Query.webhooks': { kind: 'list', inside: async () => ({ query: `{ webhooks(first: 100) { edges { node { description region { name } lastDeliveredAt pendingCount } } } }` }), absent: (d) => !d.webhooks.edges.some((e: any) => e.node.description === outsideHookName) },
    'Query.webhookDeliveries': { kind: 'target', call: async (s) => ({ query: `query($w: ID!) { webhookDeliveries(webhookId: $w) { totalCount edges { node { state event { type } attempts { totalCount } } } } }`, variables: { w: await freshHook(s === 'inside' ? ids.township : ids.outsideCounty) } }) },
    'Mutation.createWebhook': { kind: 'target', call: async (s) => ({ query: `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { url } } }`, variables: { i: { url: 'http://127.0.0.1:9/matrix', events: ['hazard.reported'], regionId: s === 'inside' ? ids.township : ids.outsideCounty, description: unique('订阅') } } }) },
    'Mutation.updateWebhook': { kind: 'target', call: async (s) => ({ query: `mutation($i: UpdateWebhookInput!) { updateWebhook(input: $i) { version } }`, variables: { i: { id: await freshHook(s === 'inside' ? ids.township : ids.outsideCounty), expectedVersion: 1, enabled: false } } }) },
    'Mutation.deleteWebhook': { kind: 'target', call: async (s) => ({ query: `mutation($i: DeleteWebhookInput!) { deleteWebhook(input: $i) { deletedWebhookId } }`, variables: { i: { id: await freshHook(s === 'inside' ? ids.township : ids.outsideCounty) } } }) },
    'Mutation.redeliverWebhookEvent': {
      kind: 'target',
      call: async (s) => {
        const region = s === 'inside' ? ids.township : ids.outsideCounty;
        return { query: `mutation($i: RedeliverWebhookEventInput!) { redeliverWebhookEvent(input: $i) { state manual } }`, variables: { i: { webhookId: await freshHook(region), eventId: await passedEvent(region) } } };
      },
    },
    'Mutation.revokeApiKey': { kind: 'target', call: async (s) => ({ query: `mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { revokedAt } }`, variables: { i: { id: await freshKey(s === 'inside' ? ids.township : ids.outsideCounty) } } }) },
    // ---- one's own account: no jurisdiction; every account, never a key ----
    'Mutation.login': {
      kind: 'self',
      prepare: async (role) => {
        const a = await selfAccount(role === Role.INTEGRATION ? Role.STATION : role);
        return { headers: actors.get(role)!, call: { query: `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, variables: { i: { username: a.username, password: a.password } } } };
      },
    },
    'Mutation.importVillages': { kind: 'target', call: importCall('importVillages', ImportKind.VILLAGES) },
    'Mutation.importPremises': { kind: 'target', call: importCall('importPremises', ImportKind.PREMISES) },
    'Mutation.importCandidates': { kind: 'target', call: importCall('importCandidates', ImportKind.CANDIDATES) },
    'Query.importJob': {
      kind: 'self',
      prepare: async (role) => {
        const { headers, id } = await jobOf(role);
        return { headers, call: { query: `query($id: ID!) { importJob(id: $id) { status } }`, variables: { id } } };
      },
    },
    // ---- committees: member units (COM-4, COM-5) ----
    'Query.dutyCatalogue': { kind: 'global', call: async () => ({ query: `{ dutyCatalogue(sector: EDUCATION) { code text basis } }` }) },
    'Query.memberUnitDuties': {
      kind: 'target', level: 'COUNTY',
      call: async (s) => ({ query: `query($u: ID!) { memberUnitDuties(memberUnitId: $u) { version duties { code } memberUnit { name } versions(first: 5) { totalCount } } }`, variables: { u: await memberUnitOf(s) } }),
    },
    'Mutation.setMemberUnitDuties': {
      kind: 'target', level: 'COUNTY',
      call: async (s) => ({ query: `mutation($i: SetMemberUnitDutiesInput!) { setMemberUnitDuties(input: $i) { version memberUnit { name } } }`, variables: { i: { memberUnitId: await memberUnitOf(s), sector: 'EMERGENCY' } } }),
    },
    'Mutation.recordSupervisionVisit': {
      kind: 'target', level: 'COUNTY',
      call: async (s) => ({
        query: `mutation($i: RecordSupervisionVisitInput!) { recordSupervisionVisit(input: $i) { visitedOn memberUnit { name } visitorOrganization { name } findings { seq } } }`,
        variables: { i: { memberUnitId: await memberUnitOf(s), visitedOn: t.clock.today(), visitors: ['张指导'], summary: '督导', findings: [{ description: '问题', severity: 'GENERAL' }] } },
      }),
    },
    'Query.supervisionVisits': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { supervisionVisits(regionId: $r, first: 5) { totalCount edges { node { visitedOn memberUnit { name } visitorOrganization { name } findings { severity } } } } }`, variables: region(s) }) },
    'Query.memberUnitEvaluations': { kind: 'target', call: async (s) => ({ query: `query($r: ID) { memberUnitEvaluations(year: 2026, regionId: $r, first: 5) { totalCount edges { node { status score grade memberUnit { name } breakdown { part points } } } } }`, variables: region(s) }) },
    'Mutation.scoreMemberUnit': {
      kind: 'target', level: 'COUNTY',
      call: async (s) => ({ query: `mutation($i: ScoreMemberUnitInput!) { scoreMemberUnit(input: $i) { status score memberUnit { name } } }`, variables: { i: { memberUnitId: await memberUnitOf(s), year: 2026, scoredPart: 85 } } }),
    },
    'Mutation.finalizeMemberUnitEvaluation': {
      kind: 'target', level: 'COUNTY',
      call: async (s) => ({ query: `mutation($i: FinalizeMemberUnitEvaluationInput!) { finalizeMemberUnitEvaluation(input: $i) { status grade } }`, variables: { i: { memberUnitId: await memberUnitOf(s), year: await scoredYear(s) } } }),
    },
    'Mutation.setPremisesSectorUnit': {
      kind: 'target',
      call: async (s) => ({ query: `mutation($i: SetPremisesSectorUnitInput!) { setPremisesSectorUnit(input: $i) { sectorUnit { name } } }`, variables: { i: { premisesId: await premisesIn(s), sectorUnitId: s === 'inside' ? unit : await outsideUnit() } } }),
    },
    'Query.sectorPremises': {
      kind: 'list',
      inside: async () => { await sectorOutside(); return { query: `{ sectorPremises(first: 100) { totalCount edges { node { name openHazards } } } }` }; },
      absent: (d) => !d.sectorPremises.edges.some((e: any) => e.node.name === sectorOutsideName),
    },
    'Query.sectorHazards': {
      kind: 'list',
      inside: async () => { await sectorOutside(); return { query: `{ sectorHazards(first: 100) { totalCount edges { node { premisesName status overdue } } } }` }; },
      absent: (d) => !d.sectorHazards.edges.some((e: any) => e.node.premisesName === sectorOutsideName),
    },
    'Query.me': { kind: 'self', prepare: async (role) => ({ headers: await selfHeaders(role), call: { query: `{ me { username role region { name } organization { name } } }` } }) },
    'Mutation.logout': { kind: 'self', prepare: async (role) => ({ headers: await selfHeaders(role), call: { query: `mutation { logout }` } }) },
    'Mutation.refreshSession': { kind: 'self', prepare: async (role) => ({ headers: await selfHeaders(role), call: { query: `mutation { refreshSession { accessToken } }` } }) },
    'Mutation.changePassword': { kind: 'self', prepare: async (role) => ({ headers: await selfHeaders(role), call: { query: `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { username } }`, variables: { i: { currentPassword: 'Test-Passw0rd', newPassword: 'Changed-Passw0rd' } } } }) },
    'Mutation.enrollTotp': { kind: 'self', prepare: async (role) => ({ headers: await selfHeaders(role), call: { query: `mutation { enrollTotp { otpauthUri } }` } }) },
    'Mutation.confirmTotp': {
      kind: 'self',
      prepare: async (role) => {
        if (role === Role.INTEGRATION) return { headers: actors.get(role)!, call: { query: `mutation { confirmTotp(input: { code: "123456" }) { recoveryCodes } }` } };
        const a = await selfAccount(role);
        const secret = data(await t.gql(`mutation { enrollTotp { secret } }`, undefined, a.headers)).enrollTotp.secret;
        return { headers: a.headers, call: { query: `mutation($i: TotpCodeInput!) { confirmTotp(input: $i) { recoveryCodes } }`, variables: { i: { code: totpCode(secret, t.clock.now()) } } } };
      },
    },
    'Mutation.disableTotp': { kind: 'self', prepare: async (role) => totpCall(role, (code) => ({ query: `mutation($i: TotpCodeInput!) { disableTotp(input: $i) { secondFactorEnabled } }`, variables: { i: { code } } })) },
    'Mutation.regenerateRecoveryCodes': { kind: 'self', prepare: async (role) => totpCall(role, (code) => ({ query: `mutation($i: TotpCodeInput!) { regenerateRecoveryCodes(input: $i) { recoveryCodes } }`, variables: { i: { code } } })) },
    'Mutation.verifySecondFactor': {
      kind: 'self',
      prepare: async (role) => {
        if (role === Role.INTEGRATION) return { headers: actors.get(role)!, call: { query: `mutation { verifySecondFactor(input: { code: "123456" }) { accessToken } }` } };
        const { account, codes } = await withTotp(role);
        // a new sign-in of that account: its session must pass the second factor
        const { accessToken } = await t.app.get(AuthService).startSession(RequestContext.system('test'), account.id);
        return { headers: { authorization: `Bearer ${accessToken}` }, call: { query: `mutation($i: VerifySecondFactorInput!) { verifySecondFactor(input: $i) { accessToken } }`, variables: { i: { recoveryCode: codes[0] } } } };
      },
    },
  };

  async function selfHeaders(role: Role): Promise<Record<string, string>> {
    return role === Role.INTEGRATION ? actors.get(role)! : (await selfAccount(role)).headers;
  }
  async function totpCall(role: Role, make: (code: string) => Call) {
    if (role === Role.INTEGRATION) return { headers: actors.get(role)!, call: make('123456') };
    const { account, codes } = await withTotp(role);
    return { headers: account.headers, call: make(codes[0]) };
  }

  if (instead) {
    instead({ app: () => t, ops: () => ops, actors, fixtures: FIXTURES });
    return;
  }

  if (part.coverage) it('covers every Query and Mutation field of the schema, and every operation declares its rule', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const fields = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
    ].sort();
    expect(ops.filter((o) => o.root).map((o) => o.name)).toEqual(fields);
    expect(Object.keys(FIXTURES).sort()).toEqual(fields);
    expect(ops.filter((o) => !o.rule).map((o) => o.name)).toEqual([]);
    // every role's row is run by one of the matrix's spec files
    expect(Object.values(MATRIX_ROWS).flat().sort()).toEqual(Object.values(Role).sort());
    // field resolvers are named by their GraphQL type: each exists in the schema
    for (const o of ops.filter((x) => !x.root)) {
      const [type, field] = o.name.split('.');
      const gqlType = schema.getType(type) as { getFields?: () => Record<string, unknown> } | undefined;
      expect(gqlType?.getFields?.()[field]).toBeDefined();
    }
  });

  for (const role of part.roles ?? []) {
    it(`runs every operation as ${role}, inside and outside its jurisdiction`, async () => {
      const township = TOWNSHIP_ROLES.includes(role);
      const failures: string[] = [];
      const expectOutcome = (op: string, side: string, res: GqlResponse, expected: string | null) => {
        const got = codeOf(res);
        const ok = expected === null ? !res.body.errors?.length : got === expected;
        if (!ok) failures.push(`${op} ${side}: expected ${expected ?? 'success'}, got ${got ?? 'success'} ${JSON.stringify(res.body.errors?.[0]?.message ?? '')}`);
      };
      for (const op of ops.filter((o) => o.root)) {
        const fixture = FIXTURES[op.name];
        const rule = op.rule as AccessRule;
        const cell = cellOf(rule, role);
        const headers = actors.get(role)!;
        if (fixture.kind === 'self') {
          const prepared = await fixture.prepare(role);
          expectOutcome(op.name, 'self', await call(prepared.headers, prepared.call), cell.inside === 'ALLOWED' ? null : 'FORBIDDEN');
          continue;
        }
        if (fixture.kind === 'node') {
          const inside = data(await call(headers, await fixture.call('inside')));
          const outside = data(await call(headers, await fixture.call('outside')));
          // the fixture is a station: a role without ORGANIZATION_READ (the security and audit administrators,
          // 8.1.4.2 d) least privilege) finds it nowhere, as for any type it may not read
          const readable = ROLE_PERMISSIONS[role].includes(Permission.ORGANIZATION_READ);
          if (readable && !fixture.found(inside)) failures.push(`${op.name} inside: not found`);
          if (!readable && fixture.found(inside)) failures.push(`${op.name} inside: found without ORGANIZATION_READ`);
          if (fixture.found(outside)) failures.push(`${op.name} outside: found`);
          continue;
        }
        if (fixture.kind === 'global') {
          expectOutcome(op.name, 'global', await call(headers, await fixture.call()), cell.inside === 'ALLOWED' ? null : 'FORBIDDEN');
          continue;
        }
        if (fixture.kind === 'list') {
          const res = await call(headers, await fixture.inside());
          expectOutcome(op.name, 'inside', res, cell.inside === 'ALLOWED' ? null : 'FORBIDDEN');
          if (cell.inside === 'ALLOWED' && !res.body.errors && !fixture.absent(res.body.data)) failures.push(`${op.name} outside: a row outside the jurisdiction was listed`);
          continue;
        }
        // a target: the permission first (FORBIDDEN), then the jurisdiction (the operation's answer outside it)
        const reachesInside = !(township && fixture.level === 'COUNTY');
        const insideExpected = cell.inside !== 'ALLOWED' ? 'FORBIDDEN' : reachesInside ? null : cell.outside;
        expectOutcome(op.name, 'inside', await call(headers, await fixture.call('inside', role)), insideExpected);
        expectOutcome(op.name, 'outside', await call(headers, await fixture.call('outside', role)), cell.inside !== 'ALLOWED' ? 'FORBIDDEN' : cell.outside);
      }
      expect(failures).toEqual([]);
    }, ROW_TIMEOUT_MS);
  }

  // Each permission a key can be granted, taken from a key holding all the others (in the same county): every
  // operation declaring it is refused, naming it, inside and outside the key's region. With the INTEGRATION row
  // above (the key holding them all), each grant is shown to be what opens its operations, and only those.
  for (const permission of part.keyGrants ? ROLE_PERMISSIONS[Role.INTEGRATION] : []) {
    it(`refuses a key without ${permission} every operation declaring it, inside and outside its region`, async () => {
      const secret = data(await t.admins.security.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, {
        i: { name: unique('缺权限密钥'), permissions: ROLE_PERMISSIONS[Role.INTEGRATION].filter((p) => p !== permission), regionId: ids.county },
      })).createApiKey.secret as string;
      const headers = { authorization: `Bearer ${secret}` };
      const failures: string[] = [];
      const expectRefused = (op: string, side: string, res: GqlResponse) => {
        const e = res.body.errors?.[0];
        if (e?.extensions?.code !== 'FORBIDDEN' || e.extensions.permission !== permission) failures.push(`${op} ${side}: expected FORBIDDEN naming ${permission}, got ${codeOf(res) ?? 'success'} ${String(e?.extensions?.permission ?? '')}`);
      };
      const declaring = ops.filter((o) => o.root && o.rule?.kind === 'PERMISSION' && o.rule.permission === permission);
      if (permission === Permission.ATTACHMENT_UPLOAD) {
        // an HTTP route, not a GraphQL operation: refused without it, open to the key holding every grant
        const upload = (h: Record<string, string>) => request(t.app.getHttpServer()).post('/attachments').set(h).attach('file', png(unique('key')), { filename: 'k.png' });
        const without = await upload(headers);
        if (without.status !== 403 || without.body.errors?.[0]?.extensions?.permission !== permission) failures.push(`POST /attachments: expected 403 naming ${permission}, got ${without.status}`);
        if ((await upload(actors.get(Role.INTEGRATION)!)).status !== 201) failures.push('POST /attachments: the key holding every grant could not upload');
      } else {
        expect(declaring.length).toBeGreaterThan(0);
      }
      for (const op of declaring) {
        const fixture = FIXTURES[op.name];
        if (fixture.kind === 'node') {
          if (fixture.found(data(await call(headers, await fixture.call('inside'))))) failures.push(`${op.name} inside: found`);
          if (fixture.found(data(await call(headers, await fixture.call('outside'))))) failures.push(`${op.name} outside: found`);
        } else if (fixture.kind === 'list') {
          expectRefused(op.name, 'inside', await call(headers, await fixture.inside()));
        } else if (fixture.kind === 'global') {
          expectRefused(op.name, 'global', await call(headers, await fixture.call()));
        } else if (fixture.kind === 'target') {
          expectRefused(op.name, 'inside', await call(headers, await fixture.call('inside', Role.INTEGRATION)));
          expectRefused(op.name, 'outside', await call(headers, await fixture.call('outside', Role.INTEGRATION)));
        } else {
          failures.push(`${op.name}: a permission operation with a self fixture`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  // The office routes are HTTP, not GraphQL: their rule (the @Allow of the controller) is listed here. The charts
  // answer a role what fireSituation answers it, inside and outside its jurisdiction.
  const OFFICE_CHART_ROUTES = ['/office/charts/fire-trend.svg', '/office/charts/fire-trend.png', '/office/charts/townships.svg', '/office/charts/townships.png'];
  const officeGet = (headers: Record<string, string> | null, path: string, regionId: string) =>
    request(t.app.getHttpServer()).get(`${path}?regionId=${encodeURIComponent(regionId)}&month=${today().slice(0, 7)}`).set(headers ?? {});
  if (part.coverage) it('the office chart routes (FIRE_READ): every role inside and outside as fireSituation, anonymous, a key without FIRE_READ', async () => {
    const failures: string[] = [];
    const situationCode = async (headers: Record<string, string>, regionId: string) => codeOf(await t.gql(
      `query($r: ID!, $p: PeriodInput!) { fireSituation(regionId: $r, period: $p) { regionName } }`,
      { r: regionId, p: { kind: 'MONTH', year: Number(today().slice(0, 4)), number: Number(today().slice(5, 7)) } }, headers));
    for (const role of Object.values(Role)) {
      const headers = actors.get(role)!;
      const allowed = ROLE_PERMISSIONS[role].includes(Permission.FIRE_READ);
      const sides = [['inside', TOWNSHIP_ROLES.includes(role) ? ids.township : ids.county], ['outside', ids.outsideCounty]] as const;
      for (const [side, regionId] of sides) {
        const expected = allowed ? await situationCode(headers, regionId) : 'FORBIDDEN';
        if (side === 'inside' && allowed && expected !== null) failures.push(`${role}: fireSituation refused inside (${expected})`);
        for (const path of OFFICE_CHART_ROUTES) {
          const res = await officeGet(headers, path, regionId);
          const got = res.status === 200 ? null : (JSON.parse(res.text).errors?.[0]?.extensions?.code ?? `HTTP ${res.status}`);
          if (got !== expected) failures.push(`${path} as ${role} ${side}: expected ${expected ?? 'success'}, got ${got ?? 'success'}`);
        }
      }
    }
    const secret = data(await t.admins.security.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, {
      i: { name: unique('无火灾权限密钥'), permissions: ROLE_PERMISSIONS[Role.INTEGRATION].filter((p) => p !== Permission.FIRE_READ), regionId: ids.county },
    })).createApiKey.secret as string;
    for (const path of OFFICE_CHART_ROUTES) {
      const keyRes = await officeGet({ authorization: `Bearer ${secret}` }, path, ids.county);
      if (keyRes.status !== 403 || JSON.parse(keyRes.text).errors?.[0]?.extensions?.permission !== Permission.FIRE_READ) failures.push(`${path}: a key without FIRE_READ got ${keyRes.status}`);
      const anonymous = await officeGet(null, path, ids.county);
      if (anonymous.status !== 401 || JSON.parse(anonymous.text).errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED') failures.push(`${path}: anonymous got ${anonymous.status}`);
    }
    expect(failures).toEqual([]);
  }, ROW_TIMEOUT_MS);

  if (part.coverage) it('an anonymous caller gets UNAUTHENTICATED from every operation but login', async () => {
    const failures: string[] = [];
    for (const op of ops.filter((o) => o.root)) {
      const fixture = FIXTURES[op.name];
      const c =
        fixture.kind === 'self' ? (await fixture.prepare(Role.STATION)).call
        : fixture.kind === 'list' ? await fixture.inside()
        : fixture.kind === 'global' ? await fixture.call()
        : await fixture.call('inside', Role.INTEGRATION);
      const res = await t.gqlAs(null, c.query, c.variables);
      const expected = op.rule?.kind === 'PUBLIC' ? null : 'UNAUTHENTICATED';
      const got = codeOf(res);
      if ((expected === null && res.body.errors?.length) || (expected !== null && got !== expected)) failures.push(`${op.name}: ${got}`);
    }
    expect(failures).toEqual([]);
    expect(DENIALS.has('UNAUTHENTICATED')).toBe(true);
  });
});
}

