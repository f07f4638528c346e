import { randomUUID } from 'node:crypto';
import { Role } from '../../src/kernel/permissions';
import { updateVersioned } from '../../src/database/transaction';
import { ConflictError } from '../../src/kernel/errors';
import { Premises } from '../../src/inspections/premises.entity';
import { fromGlobalId, toGlobalId } from '../../src/graphql/global-id';
import { citizenIdFor } from '../support/factories';
import { jpeg, uploaded } from '../support/files';
import { createPremises, InspectionsFixture, inspectionsFixture, reportHazard } from '../support/inspections';
import { createTestApp, data, error, GqlResponse, TestAccount, TestApp } from '../support/test-app';

/**
 * Lost updates (docs/reliability.md): every record people edit carries a `version`; a write that names the version it
 * was based on (`expectedVersion`) after someone else changed the record is refused with CONFLICT,
 * `extensions.currentVersion` (the version to read again) and a zh-CN message, and writes nothing.
 *
 * One case per mutation that takes `expectedVersion`. Each case sets up a record in the state the mutation needs
 * (through the API; SQL only where noted), reads its version `v`, lets someone else write it first with
 * `expectedVersion: v`, then sends the mutation with the stale `v`. Where the mutation is a one-way step, the first
 * write is another edit of the record that leaves the stale step still allowed by the record's state (otherwise the
 * state check would answer first, with `allowedSteps`, and the version would never be looked at).
 */

/** A record as read back: its version and the fields the writes of the case change. */
type Snapshot = { version: number } & Record<string, unknown>;

interface StaleCase {
  /** Reads the record (as the committee office, which reads everything here). */
  read: () => Promise<Snapshot>;
  /** Someone else's successful write(s), the first one with `expectedVersion: v`. */
  first: (v: number) => Promise<void>;
  /** The stale writer: the mutation under test, with `expectedVersion: v`. */
  stale: (v: number) => Promise<GqlResponse>;
}

const ZH = /[\u4e00-\u9fff]/;

/** CONFLICT with the record's current version and a zh-CN message. */
function expectStaleConflict(res: GqlResponse, currentVersion: number): void {
  const e = error(res);
  expect(e.extensions).toMatchObject({ code: 'CONFLICT', currentVersion });
  expect(e.message).toMatch(ZH);
}

/** The scenario every case runs: read v, someone else writes, the stale write is CONFLICT and changes nothing. */
async function staleWriteIsRefused(c: StaleCase): Promise<void> {
  const seen = await c.read();
  const v = seen.version;
  await c.first(v);
  const current = await c.read();
  expect(current.version).toBeGreaterThan(v);
  expect(current).not.toEqual(seen);
  expectStaleConflict(await c.stale(v), current.version);
  // unchanged by the stale write: the same version and the same fields (including the one the stale write targets)
  expect(await c.read()).toEqual(current);
  // the same request based on the current version goes through and changes the record: only the version refused it
  // (a score is the report's, not a change of it: scoreWorkReport leaves the report's version as it is)
  data(await c.stale(current.version));
  expect(await c.read()).not.toEqual(current);
}

describe('lost updates: a stale expectedVersion is CONFLICT with the current version', () => {
  let t: TestApp;
  let f: InspectionsFixture;
  let office2: TestAccount;
  let sys1: TestAccount;
  let sys2: TestAccount;
  let center2: TestAccount;
  let brigade2: TestAccount;
  let jingshanStation: string;
  let longquan: string;
  let longquanStation: string;
  let n = 0;
  const unique = (prefix: string) => `${prefix}${++n}`;

  beforeAll(async () => {
    t = await createTestApp();
    f = await inspectionsFixture(t);
    office2 = await t.account({ role: Role.COMMITTEE_OFFICE });
    // regions and accounts are the system administrators' (8.1.4.2 d)): two of them race as two offices do
    sys1 = await t.account({ role: Role.SYSTEM_ADMIN });
    sys2 = await t.account({ role: Role.SYSTEM_ADMIN });
    center2 = await t.account({ role: Role.CENTER });
    brigade2 = await t.account({ role: Role.BRIGADE });
    const station = async (township: string) =>
      toGlobalId('Organization', ((await t.dataSource.query(
        `SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = $1 AND o.kind = 'FIRE_WORK_STATION'`, [township],
      )) as { id: string }[])[0].id);
    jingshanStation = await station('景山镇');
    longquanStation = await station('龙泉镇');
    longquan = toGlobalId('Region', await t.regionId('龙泉镇'));
  });
  afterAll(async () => {
    await t?.close();
  });

  // ---- small helpers ----
  const today = () => t.clock.today();
  const inDays = (days: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const INPUT_TYPE: Record<string, string> = { startPreJobTraining: 'PostInput' };
  /** A mutation as someone, with `input`; the raw response. */
  const send = (who: TestAccount, name: string, input: Record<string, unknown>, select = '__typename') =>
    t.gqlAs(who, `mutation($i: ${INPUT_TYPE[name] ?? `${name[0].toUpperCase()}${name.slice(1)}Input`}!) { ${name}(input: $i) { ${select} } }`, { i: input });
  /** A mutation that must succeed: its result. */
  const act = async (who: TestAccount, name: string, input: Record<string, unknown>, select = '__typename') => data(await send(who, name, input, select))[name];
  /** A record by its global id, as the committee office (`type`: the GraphQL type, when not the id's kind: Township, Station). */
  const node = async (id: string, fields: string, type = Buffer.from(id, 'base64').toString('utf8').split(':')[0]): Promise<Snapshot> => {
    const found = data(await t.gql(`query($id: ID!) { node(id: $id) { ... on ${type} { ${fields} } } }`, { id })).node;
    if (!found) throw new Error(`${type} ${id} not found`);
    return found;
  };

  // ---- inspections ----
  const HAZARD = 'version status deadline majorStatus handedOverAt rectifiedOn closedAt';
  const hazardIn = async (state: 'REPORTED' | 'RECTIFYING' | 'PENDING_RECHECK' | 'SUSPECTED' | 'MAJOR_REPORTED') => {
    const premisesId = await createPremises(f);
    const major = state === 'SUSPECTED' || state === 'MAJOR_REPORTED';
    const id = (await reportHazard(f, premisesId, major ? { majorItemCodes: ['5.4'] } : {})).id as string;
    if (state === 'MAJOR_REPORTED') await act(f.station, 'reportMajorHazard', { hazardId: id });
    if (state === 'REPORTED' || major) return id;
    await act(f.station, 'orderRectification', { hazardId: id, responsibleParty: '王店主', measures: '清理通道杂物' });
    if (state === 'RECTIFYING') return id;
    await act(f.station, 'reportRectification', { hazardId: id, note: '已清理', evidence: [await uploaded(t, f.station, '整改照片.jpg', jpeg())] });
    return id;
  };
  const readHazard = (id: string) => () => node(id, HAZARD);
  const investigationIn = async (complete: boolean) => {
    const id = (await act(f.center, 'recordFire', {
      regionId: f.jingshan, occurredAt: new Date(t.clock.now().getTime() - 3_600_000).toISOString(), place: '民房', cause: 'ELECTRICAL',
      deaths: 1, injuries: 0, seriousInjuries: 0, directLossYuan: 1000,
    }, 'investigation { id }')).investigation.id as string;
    if (complete) await act(f.center, 'updateInvestigation', { investigationId: id, causeFindings: '电气线路老化', lessons: '加强用电检查', responsibilityFindings: '村委会未尽巡查责任' });
    return id;
  };
  const riskPointIn = async (level: string) =>
    (await act(f.station, 'createRiskPoint', { regionId: f.jingshan, name: unique('加油站'), description: '毗邻集贸市场', level }, 'id')).id as string;
  const rule = async (code: string): Promise<Snapshot> =>
    data(await t.gql(`{ warningRules { code version level enabled params } }`)).warningRules.find((r: Snapshot) => r.code === code);

  // ---- training ----
  const villageIn = async () => (await act(sys1, 'createRegion', { parentId: f.jingshan, name: unique('版本村'), kind: 'VILLAGE' }, 'id')).id as string;
  const readVillage = (villageId: string) => async (): Promise<Snapshot> =>
    data(await t.gql(`query($v: ID!) { villageGuidance(villageId: $v) { version managerName pledgeAdoptedOn teamKind teamHead teamMembers { name trained } } }`, { v: villageId })).villageGuidance;
  const practiceIn = async (state: 'SUBMITTED' | 'RETURNED' | 'ACCEPTED') => {
    const id = (await act(f.township, 'submitGoodPractice', { regionId: f.jingshan, title: unique('网格化巡查'), problem: '出租屋隐患多', actions: '网格员每周巡查', results: '隐患下降' }, 'id')).id as string;
    if (state === 'RETURNED') await act(f.center, 'reviewGoodPractice', { practiceId: id, decision: 'RETURN', comment: '补充数据' });
    if (state === 'ACCEPTED') await act(f.center, 'reviewGoodPractice', { practiceId: id, decision: 'ACCEPT' });
    return id;
  };
  const readPractice = (id: string) => () => node(id, 'version status results reviewComment publishedAt');

  // ---- personnel: a person of 景山镇 selected by its government, moved on by the brigade ----
  const firstOfMonth = () => `${today().slice(0, 8)}01`;
  const postIn = async (state: 'SELECTED' | 'IN_TRAINING' | 'EXAM_FAILED' | 'ON_DUTY') => {
    const birthDate = '1990-06-15';
    const personId = (await act(f.township, 'createPerson', {
      name: unique('张'), gender: 'MALE', birthDate, citizenId: citizenIdFor(birthDate, true, 400 + n), education: 'SENIOR_HIGH',
      householdRegionCode: '220622101', residenceRegionCode: '220622101', establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM',
      communication: 'GOOD', regionId: f.jingshan,
    }, 'id')).id as string;
    // ON_DUTY: from the first day of this month, so the person is a subject of this month's evaluation
    const day = state === 'ON_DUTY' ? firstOfMonth() : today();
    const postId = (await act(f.township, 'selectPerson', { personId, stationId: jingshanStation, selectedOn: day }, 'id')).id as string;
    // selection <= training <= exam <= on duty (time rules T-PER-3 .. T-PER-5)
    if (state !== 'SELECTED') await act(f.brigade, 'startPreJobTraining', { postId, trainingStartedOn: day });
    if (state === 'EXAM_FAILED') await act(f.brigade, 'recordPreJobExam', { postId, score: 40, examOn: today() });
    if (state === 'ON_DUTY') {
      await act(f.brigade, 'recordPreJobExam', { postId, score: 80, examOn: day });
      await act(f.township, 'putOnDuty', { postId, onDutyFrom: day });
    }
    return { personId, postId };
  };
  const readPost = ({ personId, postId }: { personId: string; postId: string }) => async (): Promise<Snapshot> =>
    ((await node(personId, 'posts(first: 100) { edges { node { id state version examScore leftOn leaveReason onDutyFrom } } }')).posts as { edges: { node: Snapshot }[] }).edges
      .map((e) => e.node).find((p) => p.id === postId)!;

  const CASES: Record<string, () => Promise<StaleCase>> = {
    acknowledgeWarning: async () => {
      // a major risk point raises an ORANGE warning; the office then makes that rule RED and the evaluation escalates
      // the warning (a new version, unacknowledged): whoever saw the ORANGE one must look again
      const riskPointId = await riskPointIn('MAJOR');
      expect(data(await t.gql(`mutation { evaluateWarnings { ran } }`)).evaluateWarnings.ran).toBe(true);
      const warnings = data(await t.gql(`{ warnings(status: ACTIVE, first: 100) { edges { node { id subjectId } } } }`)).warnings.edges;
      const warningId = warnings.find((e: any) => e.node.subjectId === riskPointId).node.id as string;
      return {
        read: () => node(warningId, 'version level acknowledgedAt acknowledgedBy'),
        first: async () => {
          const r = await rule('riskPoint.major');
          await act(office2, 'updateWarningRule', { code: 'riskPoint.major', level: 'RED', expectedVersion: r.version });
          expect(data(await t.gql(`mutation { evaluateWarnings { ran escalated } }`)).evaluateWarnings).toMatchObject({ ran: true, escalated: 1 });
        },
        stale: (v) => send(f.station, 'acknowledgeWarning', { warningId, expectedVersion: v }),
      };
    },
    changeStaffQuota: async () => ({
      // ABA: 2 > 3 > 2 meanwhile; the quota looks as it did, the version tells it changed
      read: () => node(longquanStation, 'version staffQuota', 'Station'),
      first: async (v) => {
        await act(office2, 'changeStaffQuota', { organizationId: longquanStation, staffQuota: 3, reason: '新增村屯较多', expectedVersion: v });
        await act(office2, 'changeStaffQuota', { organizationId: longquanStation, staffQuota: 2, reason: '编制核减', expectedVersion: v + 1 });
      },
      stale: (v) => send(t.office, 'changeStaffQuota', { organizationId: longquanStation, staffQuota: 3, reason: '基于旧版本', expectedVersion: v }),
    }),
    closeInvestigation: async () => {
      const id = await investigationIn(true);
      return {
        read: () => node(id, 'version status closedAt lessons'),
        first: async (v) => void (await act(t.office, 'updateInvestigation', { investigationId: id, lessons: '补充：加强农村用电安全宣传', expectedVersion: v })),
        stale: (v) => send(f.center, 'closeInvestigation', { investigationId: id, expectedVersion: v }),
      };
    },
    decideMajorHazard: async () => {
      const id = await hazardIn('MAJOR_REPORTED');
      return {
        read: readHazard(id),
        first: async (v) => void (await act(f.station, 'handOverHazard', { hazardId: id, reason: '拒不整改', expectedVersion: v })),
        stale: (v) => send(f.brigade, 'decideMajorHazard', { hazardId: id, confirm: true, note: '确认挂牌督办', expectedVersion: v }),
      };
    },
    extendHazardDeadline: async () => {
      const id = await hazardIn('RECTIFYING');
      return {
        read: readHazard(id),
        first: async (v) => void (await act(f.township, 'extendHazardDeadline', { hazardId: id, newDeadline: inDays(40), reason: '需采购设备', expectedVersion: v })),
        stale: (v) => send(f.center, 'extendHazardDeadline', { hazardId: id, newDeadline: inDays(60), reason: '需改造线路', expectedVersion: v }),
      };
    },
    handOverHazard: async () => {
      const id = await hazardIn('REPORTED');
      return {
        read: readHazard(id),
        // a hand-over is allowed while RECTIFYING too: only the version stops it
        first: async (v) => void (await act(f.station, 'orderRectification', { hazardId: id, responsibleParty: '王店主', measures: '清理通道杂物', expectedVersion: v })),
        stale: (v) => send(f.colleague, 'handOverHazard', { hazardId: id, reason: '拒不整改', expectedVersion: v }),
      };
    },
    orderRectification: async () => {
      const id = await hazardIn('REPORTED');
      return {
        read: readHazard(id),
        // (a hand-over meanwhile would refuse it too, for another reason: the loop pauses, INS-2)
        first: async (v) => void (await act(f.colleague, 'correctHazard', { hazardId: id, reason: '描述不准确', description: '疏散通道堆放纸箱', expectedVersion: v })),
        stale: (v) => send(f.station, 'orderRectification', { hazardId: id, responsibleParty: '王店主', measures: '清理通道杂物', deadline: inDays(10), expectedVersion: v }),
      };
    },
    publishGoodPractice: async () => {
      // returned, revised and accepted again meanwhile: the text published would not be the one the publisher read
      const id = await practiceIn('ACCEPTED');
      return {
        read: readPractice(id),
        first: async (v) => {
          await act(center2, 'reviewGoodPractice', { practiceId: id, decision: 'RETURN', comment: '成效须有数据', expectedVersion: v });
          await act(f.township, 'reviseGoodPractice', { practiceId: id, results: '隐患下降 40%', expectedVersion: v + 1 });
          await act(center2, 'reviewGoodPractice', { practiceId: id, decision: 'ACCEPT', expectedVersion: v + 2 });
        },
        stale: (v) => send(f.center, 'publishGoodPractice', { practiceId: id, expectedVersion: v }),
      };
    },
    recheckHazard: async () => {
      const id = await hazardIn('PENDING_RECHECK');
      return {
        read: readHazard(id),
        first: async (v) => void (await act(f.center, 'correctHazard', { hazardId: id, reason: '描述不准确', description: '疏散通道堆放纸箱', expectedVersion: v })),
        stale: (v) => send(f.colleague, 'recheckHazard', { hazardId: id, passed: true, note: '复查合格', expectedVersion: v }),
      };
    },
    recordAccountabilityInterview: async () => {
      // SQL: an open case needs two finalized INCOMPETENT years, and the only other write of a case is the
      // finalization's correction re-pointing it (evaluation.service syncCases, REPOINT); both are done here in SQL,
      // the second exactly as the service does it (new current result, case row guarded by its version)
      const personId = fromGlobalId((await act(f.township, 'createPerson', {
        name: unique('王'), gender: 'MALE', birthDate: '1985-03-02', citizenId: citizenIdFor('1985-03-02', true, 400 + n), education: 'SENIOR_HIGH',
        householdRegionCode: '220622101', residenceRegionCode: '220622101', establishmentUnit: '景山镇人民政府', establishmentType: 'PUBLIC_SYSTEM', regionId: f.jingshan,
      }, 'id')).id, 'Person', 'p');
      const station = fromGlobalId(jingshanStation, 'Organization', 'o');
      const township = fromGlobalId(f.jingshan, 'Region', 'r');
      const result = async (year: number, version: number) => {
        const id = randomUUID();
        await t.dataSource.query(
          `INSERT INTO evaluation_result (id, subject_kind, subject_id, subject_name, station_id, region_id, period_kind, year, number, version, current, score, grade,
           grade_label, policy_version, breakdown, correction_reason, finalized_by, finalized_at) VALUES ($1, 'PERSON', $2, '王', $3, $4, 'YEAR', $5, 1, $6, true, $7, 'INCOMPETENT', '不称职', 1, $8, $9, 'versions', now())`,
          [id, personId, station, township, year, version, 50 - version, JSON.stringify({ policyVersion: 1, lines: [], score: 50 - version, grade: 'INCOMPETENT', notes: [] }), version > 1 ? '更正评分' : null],
        );
        return id;
      };
      const previous = await result(2024, 1);
      const latest = await result(2025, 1);
      const caseId = randomUUID();
      await t.dataSource.query(
        `INSERT INTO accountability_case (id, person_id, person_name, region_id, year, previous_result_id, result_id, assessing_department, establishment_unit, status, notified_at, version)
         VALUES ($1, $2, '王', $3, 2025, $4, $5, '靖宇县消防工作服务指导中心', '景山镇人民政府', 'OPEN', now(), 1)`,
        [caseId, personId, township, previous, latest],
      );
      const id = toGlobalId('AccountabilityCase', caseId);
      return {
        read: () => node(id, 'version status interviewedOn interviewers outcome closedAt'),
        first: async (v) => {
          await t.dataSource.query(`UPDATE evaluation_result SET current = false WHERE id = $1`, [latest]);
          const corrected = await result(2025, 2);
          await t.dataSource.query(`UPDATE accountability_case SET result_id = $2, version = version + 1, updated_at = now() WHERE id = $1 AND version = $3`, [caseId, corrected, v]);
        },
        stale: (v) => send(f.center, 'recordAccountabilityInterview', { caseId: id, interviewedOn: today(), interviewers: '指导中心、景山镇人民政府', outcome: '诫勉谈话', expectedVersion: v }),
      };
    },
    recordDeparture: async () => {
      const post = await postIn('SELECTED');
      return {
        read: readPost(post),
        // leaving is allowed from IN_TRAINING too: only the version stops it
        first: async (v) => void (await act(f.brigade, 'startPreJobTraining', { postId: post.postId, expectedVersion: v })),
        stale: (v) => send(f.township, 'recordDeparture', { postId: post.postId, leftOn: today(), reason: 'RESIGNATION', note: '本人辞职', expectedVersion: v }),
      };
    },
    recordPreJobExam: async () => {
      // meanwhile another brigade officer recorded a failed exam and started the training again: IN_TRAINING as seen, two versions on
      const post = await postIn('IN_TRAINING');
      return {
        read: readPost(post),
        first: async (v) => {
          await act(brigade2, 'recordPreJobExam', { postId: post.postId, score: 50, examOn: today(), expectedVersion: v });
          await act(brigade2, 'startPreJobTraining', { postId: post.postId, expectedVersion: v + 1 });
        },
        stale: (v) => send(f.brigade, 'recordPreJobExam', { postId: post.postId, score: 85, examOn: today(), expectedVersion: v }),
      };
    },
    recordRiskObservation: async () => {
      const id = await riskPointIn('GENERAL');
      return {
        read: () => node(id, 'version level observations { edges { node { note level } } }'),
        first: async (v) => void (await act(f.center, 'recordRiskObservation', { riskPointId: id, note: '储罐区新增明火作业', level: 'SIGNIFICANT', expectedVersion: v })),
        stale: (v) => send(f.station, 'recordRiskObservation', { riskPointId: id, note: '例行巡查，情况正常', level: 'LOW', expectedVersion: v }),
      };
    },
    recordVillagePledge: async () => {
      const villageId = await villageIn();
      return {
        read: readVillage(villageId),
        first: async (v) => void (await act(f.center, 'recordVillagePledge', { villageId, adoptedOn: inDays(-10), expectedVersion: v })),
        stale: (v) => send(f.station, 'recordVillagePledge', { villageId, adoptedOn: inDays(-1), expectedVersion: v, reason: '重新修订' }),
      };
    },
    reportMajorHazard: async () => {
      const id = await hazardIn('SUSPECTED');
      return {
        read: readHazard(id),
        // reporting to the brigade is allowed while RECTIFYING too: only the version stops it
        first: async (v) => void (await act(f.colleague, 'orderRectification', { hazardId: id, responsibleParty: '王店主', measures: '停止使用', expectedVersion: v })),
        stale: (v) => send(f.station, 'reportMajorHazard', { hazardId: id, note: '报大队判定', expectedVersion: v }),
      };
    },
    reportRectification: async () => {
      const id = await hazardIn('RECTIFYING');
      const evidence = [await uploaded(t, f.station, '整改照片.jpg', jpeg())];
      return {
        read: readHazard(id),
        first: async (v) => void (await act(f.township, 'extendHazardDeadline', { hazardId: id, newDeadline: inDays(45), reason: '需采购设备', expectedVersion: v })),
        stale: (v) => send(f.station, 'reportRectification', { hazardId: id, note: '已清理', evidence, expectedVersion: v }),
      };
    },
    reviewGoodPractice: async () => {
      const id = await practiceIn('SUBMITTED');
      return {
        read: readPractice(id),
        // an accepted practice may still be returned: only the version stops the return of one the reviewer never saw accepted
        first: async (v) => void (await act(center2, 'reviewGoodPractice', { practiceId: id, decision: 'ACCEPT', expectedVersion: v })),
        stale: (v) => send(f.center, 'reviewGoodPractice', { practiceId: id, decision: 'RETURN', comment: '请补充成效数据', expectedVersion: v }),
      };
    },
    reviewWorkReport: async () => {
      const id = (await act(f.station, 'fileWorkReport', { stationId: jingshanStation, kind: 'REPORT', period: { kind: 'MONTH', year: 2026, number: 10 }, title: '10 月工作报告', content: '完成检查 12 家' }, 'id')).id as string;
      return {
        read: () => node(id, 'version status reviewComment'),
        first: async (v) => void (await act(center2, 'reviewWorkReport', { reportId: id, decision: 'RECEIVE', expectedVersion: v })),
        stale: (v) => send(f.center, 'reviewWorkReport', { reportId: id, decision: 'RETURN', comment: '请补充隐患整改情况', expectedVersion: v }),
      };
    },
    reviseGoodPractice: async () => {
      const id = await practiceIn('RETURNED');
      return {
        read: readPractice(id),
        first: async (v) => {
          await act(f.station, 'reviseGoodPractice', { practiceId: id, results: '隐患下降 40%', expectedVersion: v });
          await act(f.center, 'reviewGoodPractice', { practiceId: id, decision: 'RETURN', comment: '请注明统计口径', expectedVersion: v + 1 });
        },
        stale: (v) => send(f.township, 'reviseGoodPractice', { practiceId: id, results: '隐患明显下降', expectedVersion: v }),
      };
    },
    scoreWorkReport: async () => {
      const { personId } = await postIn('ON_DUTY');
      const [year, month] = today().split('-').map(Number);
      const id = (await act(f.station, 'submitWorkReport', { subjectId: personId, year, month, content: '本月述职：第一稿' }, 'id')).id as string;
      return {
        read: () => node(id, 'version content scores { side score }'),
        first: async (v) => void (await act(f.station, 'submitWorkReport', { subjectId: personId, year, month, content: '本月述职：第二稿', expectedVersion: v })),
        stale: (v) => send(f.center, 'scoreWorkReport', { reportId: id, score: 88, expectedVersion: v }),
      };
    },
    setRegionCode: async () => ({
      read: () => node(longquan, 'version code', 'Township'),
      first: async (v) => void (await act(sys2, 'setRegionCode', { regionId: longquan, code: '220622105', expectedVersion: v })),
      stale: (v) => send(sys1, 'setRegionCode', { regionId: longquan, code: '220622106', expectedVersion: v }),
    }),
    setVillageManager: async () => {
      const villageId = await villageIn();
      return {
        read: readVillage(villageId),
        first: async (v) => void (await act(f.center, 'setVillageManager', { villageId, name: '李支书', phone: '13800138000', expectedVersion: v })),
        stale: (v) => send(f.station, 'setVillageManager', { villageId, name: '王主任', phone: '13900139000', expectedVersion: v, reason: '村委会换届' }),
      };
    },
    setVillageTeam: async () => {
      const villageId = await villageIn();
      return {
        read: readVillage(villageId),
        first: async (v) => void (await act(f.center, 'setVillageTeam', { villageId, kind: 'VOLUNTEER_TEAM', head: '张队长', members: [{ name: '队员甲', trained: true }], expectedVersion: v })),
        stale: (v) => send(f.station, 'setVillageTeam', { villageId, kind: 'MICRO_STATION', head: '王站长', members: [{ name: '队员乙', trained: false }], expectedVersion: v, reason: '改建微型消防站' }),
      };
    },
    startPreJobTraining: async () => {
      // meanwhile another brigade officer trained the person again and recorded another failed exam: EXAM_FAILED as seen, two versions on
      const post = await postIn('EXAM_FAILED');
      return {
        read: readPost(post),
        first: async (v) => {
          await act(brigade2, 'startPreJobTraining', { postId: post.postId, expectedVersion: v });
          await act(brigade2, 'recordPreJobExam', { postId: post.postId, score: 45, examOn: today(), expectedVersion: v + 1 });
        },
        stale: (v) => send(f.brigade, 'startPreJobTraining', { postId: post.postId, expectedVersion: v }),
      };
    },
    updateAccount: async () => {
      const victim = await t.account({ role: Role.STATION, region: '景山镇' });
      return {
        read: () => node(victim.globalId, 'version displayName active'),
        first: async (v) => void (await act(sys2, 'updateAccount', { id: victim.globalId, displayName: '张站员', expectedVersion: v })),
        stale: (v) => send(sys1, 'updateAccount', { id: victim.globalId, displayName: '李站员', expectedVersion: v }),
      };
    },
    updateInvestigation: async () => {
      const id = await investigationIn(false);
      return {
        read: () => node(id, 'version causeFindings lessons'),
        first: async (v) => void (await act(t.office, 'updateInvestigation', { investigationId: id, causeFindings: '电气线路老化', expectedVersion: v })),
        stale: (v) => send(f.center, 'updateInvestigation', { investigationId: id, causeFindings: '用火不慎', expectedVersion: v }),
      };
    },
    updatePremises: async () => {
      const id = await createPremises(f);
      return {
        read: () => node(id, 'version name riskLevel responsibleName'),
        first: async (v) => void (await act(f.colleague, 'updatePremises', { premisesId: id, riskLevel: 'SIGNIFICANT', responsibleName: '赵经理', reason: '转让经营', expectedVersion: v })),
        stale: (v) => send(f.station, 'updatePremises', { premisesId: id, responsibleName: '钱店主', reason: '更换责任人', expectedVersion: v }),
      };
    },
    updateWarningRule: async () => ({
      read: () => rule('hazard.dueSoon'),
      first: async (v) => void (await act(office2, 'updateWarningRule', { code: 'hazard.dueSoon', params: [{ name: 'withinDays', value: 5 }], expectedVersion: v })),
      stale: (v) => send(t.office, 'updateWarningRule', { code: 'hazard.dueSoon', level: 'YELLOW', params: [{ name: 'withinDays', value: 2 }], expectedVersion: v }),
    }),
  };

  for (const [mutation, make] of Object.entries(CASES)) {
    it(mutation, async () => staleWriteIsRefused(await make()));
  }

  // EXAM_PASSED leads only to ON_DUTY or LEFT, and no other write touches a post: once its version moved on, the
  // post is no longer EXAM_PASSED, and a stale putOnDuty is refused by the state check (allowedNextStates), never
  // by the version. A stale version with the move still allowed cannot be reached through the API.
  it.todo('putOnDuty: a stale expectedVersion on a post still EXAM_PASSED cannot be reached through the API');

  it('scoreWorkReport (EVA-5, one score per side): a second scorer of the same side does not silently replace the first (expectedScoreVersion)', async () => {
    const { personId } = await postIn('ON_DUTY');
    const [year, month] = today().split('-').map(Number);
    const id = (await act(f.station, 'submitWorkReport', { subjectId: personId, year, month, content: '本月述职' }, 'id')).id as string;
    const centerScore = async () => ((await node(id, 'scores { side score version scoredBy }')).scores as { side: string; score: number; version: number; scoredBy: string }[]).find((x) => x.side === 'CENTER');
    // both center accounts open the report with no center score yet (version 0); the first scores
    expect(await centerScore()).toBeUndefined();
    await act(f.center, 'scoreWorkReport', { reportId: id, score: 80, expectedScoreVersion: 0 });
    expect(await centerScore()).toMatchObject({ score: 80, version: 1, scoredBy: f.center.username });
    // the second, still based on "none yet", is told instead of replacing it
    const stale = error(await send(center2, 'scoreWorkReport', { reportId: id, score: 95, expectedScoreVersion: 0 }));
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', currentScoreVersion: 1 });
    expect(stale.message).toContain('80');
    expect(await centerScore()).toMatchObject({ score: 80, version: 1 });
    // having seen it, the second replaces it on purpose; without expectedScoreVersion a re-score replaces as before
    await act(center2, 'scoreWorkReport', { reportId: id, score: 95, expectedScoreVersion: 1 });
    expect(await centerScore()).toMatchObject({ score: 95, version: 2, scoredBy: center2.username });
    await act(f.center, 'scoreWorkReport', { reportId: id, score: 90 });
    expect(await centerScore()).toMatchObject({ score: 90, version: 3 });
  });

  it('currentVersion is the version the row has when the guarded update fails, not the one read before (a write in between)', async () => {
    const id = fromGlobalId(await createPremises(f), 'Premises', 'id');
    const before = await t.dataSource.getRepository(Premises).findOneByOrFail({ id });
    // someone else's write lands between this request's read and its update
    await t.dataSource.query(`UPDATE premises SET version = version + 2, name = '他人改名' WHERE id = $1`, [id]);
    const refused = await t.dataSource.transaction((m) => updateVersioned(m, Premises, before, null, { name: '过时的改名' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).extensions).toMatchObject({ code: 'CONFLICT', currentVersion: before.version + 2 });
    expect((await t.dataSource.getRepository(Premises).findOneByOrFail({ id })).name).toBe('他人改名');
  });
});
