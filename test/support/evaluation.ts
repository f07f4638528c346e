import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/kernel/permissions';
import { toGlobalId } from '../../src/graphql/global-id';
import { RequestContext } from '../../src/kernel/request-context';
import { citizenIdFor } from './factories';
import { data, GqlResponse, TestAccount, TestApp } from './test-app';

export interface PeriodArg {
  kind: 'MONTH' | 'QUARTER' | 'YEAR';
  year: number;
  number: number;
}

export const EVALUATION_FIELDS = `id subjectKind subjectId subjectName period { label } score grade gradeLabel policyVersion version current correctionReason`;

/** The people, accounts and one-line operations of the evaluation specs (EVA-1 .. EVA-6), in one township. */
export class EvaluationFixture {
  station!: TestAccount;
  gov!: TestAccount;
  center!: TestAccount;
  brigade!: TestAccount;
  stationId!: string;
  township!: string;
  county!: string;
  private readonly accounts: TestAccount[] = [];
  private seq = 0;
  private unit: string | null = null;
  private readonly extraRaters: TestAccount[] = [];

  constructor(readonly t: TestApp, readonly townshipName: string) {}

  async init(): Promise<this> {
    this.station = await this.account(Role.STATION);
    this.gov = await this.account(Role.TOWNSHIP_GOVERNMENT);
    this.center = await this.account(Role.CENTER);
    this.brigade = await this.account(Role.BRIGADE);
    this.township = toGlobalId('Region', await this.t.regionId(this.townshipName));
    this.county = toGlobalId('Region', await this.t.regionId('靖宇县'));
    const rows = (await this.t.dataSource.query(
      `SELECT o.id FROM organization o JOIN region r ON r.id = o.region_id WHERE r.name = $1 AND o.kind = 'FIRE_WORK_STATION'`, [this.townshipName],
    )) as { id: string }[];
    this.stationId = toGlobalId('Organization', rows[0].id);
    return this;
  }

  /** An account of a role (township roles in this township), kept signed in across clock moves. */
  async account(role: Role): Promise<TestAccount> {
    const township = role === Role.STATION || role === Role.TOWNSHIP_GOVERNMENT;
    if (role === Role.MEMBER_UNIT && !this.unit) {
      const committee = (await this.t.dataSource.query(`SELECT id FROM organization WHERE kind = 'COUNTY_COMMITTEE'`)) as { id: string }[];
      this.unit = data(await this.t.admins.system.gql(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`, {
        i: { kind: 'MEMBER_UNIT', name: '县应急管理局', regionId: this.county, committeeId: toGlobalId('Organization', committee[0].id) },
      })).createOrganization.id as string;
    }
    const a = await this.t.account({ role, region: township ? this.townshipName : '靖宇县', organizationId: role === Role.MEMBER_UNIT ? this.unit! : undefined });
    this.accounts.push(a);
    return a;
  }

  /** Stops the clock at an instant (Beijing time) and signs every account in again. */
  async at(instant: string): Promise<void> {
    this.t.clock.freeze(instant);
    for (const a of this.accounts) {
      const { accessToken } = await this.t.app.get(AuthService).startSession(RequestContext.system('test'), a.id);
      a.token = accessToken;
      a.headers = { authorization: `Bearer ${accessToken}` };
    }
  }

  /**
   * A person selected by the township, trained and examined by the brigade, on duty from a date (PER-1 .. PER-9).
   * Selected and trained on the exam day when that is earlier than today (time rules T-PER-2 .. T-PER-5: selection
   * <= training <= exam <= on duty <= today).
   */
  async staff(name: string, onDutyFrom: string, establishmentUnit = `${this.townshipName}人民政府`, examOn = this.t.clock.today()): Promise<{ personId: string; postId: string }> {
    const t = this.t;
    const since = examOn < t.clock.today() ? examOn : t.clock.today();
    const birthDate = '1990-06-15';
    const personId = data(await t.gqlAs(this.gov, `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, {
      i: {
        name, gender: 'MALE', birthDate, citizenId: citizenIdFor(birthDate, true, ++this.seq + 300), education: 'SENIOR_HIGH', householdRegionCode: '220622101',
        residenceRegionCode: '220622101', establishmentUnit, establishmentType: 'PUBLIC_SYSTEM', communication: 'GOOD', regionId: this.township,
      },
    })).createPerson.id as string;
    const postId = data(await t.gqlAs(this.gov, `mutation($i: SelectPersonInput!) { selectPerson(input: $i) { id } }`, { i: { personId, stationId: this.stationId, selectedOn: since } })).selectPerson.id as string;
    data(await t.gqlAs(this.brigade, `mutation($i: PostInput!) { startPreJobTraining(input: $i) { state } }`, { i: { postId, trainingStartedOn: since } }));
    data(await t.gqlAs(this.brigade, `mutation($i: RecordPreJobExamInput!) { recordPreJobExam(input: $i) { state } }`, { i: { postId, score: 80, examOn } }));
    data(await t.gqlAs(this.gov, `mutation($i: PutOnDutyInput!) { putOnDuty(input: $i) { state } }`, { i: { postId, onDutyFrom } }));
    return { personId, postId };
  }

  submit(subjectId: string, year: number, month: number, extra: Record<string, unknown> = {}, who: TestAccount = this.station): Promise<GqlResponse> {
    return this.t.gqlAs(who, `mutation($i: SubmitWorkReportInput!) { submitWorkReport(input: $i) { id subjectName period { label } content version scores { side score } } }`, {
      i: { subjectId, year, month, content: `${year}年${month}月述职：完成检查、宣传和隐患整改督促`, ...extra },
    });
  }

  score(who: TestAccount, reportId: string, score: number, extra: Record<string, unknown> = {}): Promise<GqlResponse> {
    return this.t.gqlAs(who, `mutation($i: ScoreWorkReportInput!) { scoreWorkReport(input: $i) { id scores { side score correctionReason } } }`, { i: { reportId, score, ...extra } });
  }

  ballot(who: TestAccount, period: PeriodArg, scores: Record<string, number>, stationId = this.stationId): Promise<GqlResponse> {
    return this.t.gqlAs(who, `mutation($i: CastAppraisalBallotInput!) { castAppraisalBallot(input: $i) { valid ballots message period { label } } }`, {
      i: { stationId, period, scores: Object.entries(scores).map(([subjectId, score]) => ({ subjectId, score })) },
    });
  }

  /**
   * Three raters (the center and two more center accounts): the fewest valid ballots a round needs by default
   * (EVA-1, EVA-2 anonymity), and raters under any policy that names the center.
   */
  async raters(): Promise<TestAccount[]> {
    while (this.extraRaters.length < 2) this.extraRaters.push(await this.account(Role.CENTER));
    return [this.center, ...this.extraRaters];
  }

  /** The same ballot cast by each of `raters()`: a round that may be finalized, whose mean is that ballot. */
  async ballots(period: PeriodArg, scores: Record<string, number>): Promise<void> {
    for (const rater of await this.raters()) data(await this.ballot(rater, period, scores));
  }

  finalize(period: PeriodArg, extra: Record<string, unknown> = {}, who: TestAccount = this.center): Promise<GqlResponse> {
    return this.t.gqlAs(who, `mutation($i: FinalizeEvaluationInput!) { finalizeEvaluation(input: $i) {
      period { label } scope { name } unchanged evaluations { ${EVALUATION_FIELDS} }
      notEvaluated { subjectId subjectName reason } accountabilityCases { id personName year status establishmentUnit assessingDepartment } } }`, {
      i: { period, regionId: period.kind === 'YEAR' ? this.county : this.township, ...extra },
    });
  }

  /**
   * A whole month for the given subjects: each work report submitted and scored by both sides, one ballot by the
   * center and two more raters (raters()) giving each subject `appraisal`, then finalized. Returns the results by subject id.
   */
  async month(year: number, month: number, subjects: Record<string, { center: number; township: number; appraisal: number }>): Promise<Record<string, any>> {
    for (const [id, s] of Object.entries(subjects)) {
      const reportId = data(await this.submit(id, year, month)).submitWorkReport.id;
      data(await this.score(this.center, reportId, s.center));
      data(await this.score(this.gov, reportId, s.township));
    }
    await this.ballots({ kind: 'MONTH', year, number: month }, Object.fromEntries(Object.entries(subjects).map(([id, s]) => [id, s.appraisal])));
    const written = data(await this.finalize({ kind: 'MONTH', year, number: month })).finalizeEvaluation.evaluations as any[];
    return Object.fromEntries(written.map((e) => [e.subjectId, e]));
  }

  /** A quarterly theory exam held on a day, with results (EVA-2, TRN-2). */
  async exam(heldOn: string, results: Record<string, number>): Promise<void> {
    const examId = data(await this.t.gqlAs(this.center, `mutation($i: CreateExamInput!) { createExam(input: $i) { id } }`, {
      i: { kind: 'QUARTERLY_THEORY', title: `业务理论考试（${heldOn}）`, heldOn, regionId: this.county },
    })).createExam.id;
    data(await this.t.gqlAs(this.center, `mutation($i: RecordExamResultsInput!) { recordExamResults(input: $i) { id } }`, {
      i: { examId, results: Object.entries(results).map(([personId, score]) => ({ personId, score })) },
    }));
  }

  /** A whole quarter: the exam (persons only), the same ballot by each of raters(), finalized. */
  async quarter(year: number, number: number, examOn: string, exam: Record<string, number>, appraisal: Record<string, number>): Promise<Record<string, any>> {
    await this.exam(examOn, exam);
    await this.ballots({ kind: 'QUARTER', year, number }, appraisal);
    const written = data(await this.finalize({ kind: 'QUARTER', year, number })).finalizeEvaluation.evaluations as any[];
    return Object.fromEntries(written.map((e) => [e.subjectId, e]));
  }

  async breakdown(id: string, who: TestAccount = this.center): Promise<any> {
    return data(await this.t.gqlAs(who, `query($id: ID!) { evaluationBreakdown(id: $id) { policyVersion score grade notes lines { path label weight value note } evaluation { subjectName } } }`, { id })).evaluationBreakdown;
  }
}
