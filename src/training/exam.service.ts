import { Injectable } from '@nestjs/common';
import { missingPermission } from '../auth/access-decision';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { assertReaches, outsideAsMissing, withinJurisdiction } from '../kernel/jurisdiction';
import { Permission } from '../kernel/permissions';
import { regionalList } from '../auth/work-scope';
import { can } from '../kernel/can';
import { text } from '../kernel/text';
import * as time from '../common/time-rules';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction';
import { ChildList, childPages } from '../graphql/child-pages';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError } from '../kernel/errors';
import { fromGlobalId, toGlobalId } from '../graphql/global-id';
import { rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { Region } from '../organization/region.entity';
import { countyOf } from '../organization/townships';
import { Person } from '../personnel/person.entity';
import { Post } from '../personnel/post.entity';
import { PersonnelService } from '../personnel/personnel.service';
import { Attendance, Course, CourseSession } from './course.entity';
import { Exam, ExamResult } from './exam.entity';
import { AttendanceStatus, CourseKind } from './training.enums';

const COURSE_ORDER: OrderKey<Course>[] = [
  { expr: 'c.starts_on', type: 'text', value: (c) => c.startsOn },
  { expr: 'c.id', type: 'uuid', value: (c) => c.id },
];
const EXAM_ORDER: OrderKey<Exam>[] = [
  { expr: 'e.held_on', type: 'text', value: (e) => e.heldOn },
  { expr: 'e.id', type: 'uuid', value: (e) => e.id },
];

/** Personal data: rows of people inside the actor's jurisdiction only (in SQL, so pages and counts agree). */
const peopleInReach = <E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, ctx: RequestContext): SelectQueryBuilder<E> =>
  withinJurisdiction(qb.innerJoin(Person, 'pp', `pp.id = ${qb.alias}.person_id`).innerJoin(Region, 'pr', 'pr.id = pp.region_id'), ctx, 'pr.path');

const SESSIONS: ChildList<CourseSession> = {
  name: 'training.sessions', entity: CourseSession, alias: 's', parent: 's.course_id', parentOf: (s) => s.courseId,
  order: [{ expr: 's.held_on', type: 'text', value: (s) => s.heldOn }, { expr: 's.id', type: 'uuid', value: (s) => s.id }],
};
const ATTENDANCE: ChildList<Attendance> = {
  name: 'training.attendance', entity: Attendance, alias: 'a', parent: 'a.session_id', parentOf: (a) => a.sessionId,
  order: [{ expr: 'a.person_id', type: 'uuid', value: (a) => a.personId }], scope: peopleInReach,
};
// TRN-2: the highest score first; the id breaks ties (the keyset runs one way, so both descend)
const EXAM_RESULTS: ChildList<ExamResult> = {
  name: 'training.examResults', entity: ExamResult, alias: 'x', parent: 'x.exam_id', parentOf: (r) => r.examId, descending: true,
  order: [{ expr: 'x.score', type: 'int', value: (r) => r.score }, { expr: 'x.id', type: 'uuid', value: (r) => r.id }], scope: peopleInReach,
};
const PERSON_RESULTS: ChildList<ExamResult> = {
  name: 'training.personResults', entity: ExamResult, alias: 'x', parent: 'x.person_id', parentOf: (r) => r.personId, descending: true,
  order: [{ expr: 'x.sat_on', type: 'text', value: (r) => r.satOn }, { expr: 'x.id', type: 'uuid', value: (r) => r.id }],
};

export interface TheoryResult {
  personId: string;
  score: number;
  examId: string;
  examTitle: string;
  heldOn: string;
  satOn: string;
}

export interface ResultEntry {
  personId: string;
  score: number;
  satOn?: string | null;
}

/** Whether a score passes an exam: at or above its pass mark (PER-7; the pass mark is the policy's, kept by the exam). */
export const passes = (score: number, passMark: number): boolean => score >= passMark;

/**
 * TRN-2: courses, sessions, attendance, and the one exam model (pre-job PER-7, quarterly theory EVA-2). The
 * personnel lifecycle's `recordPreJobExam` and the evaluation's theory exam score both read exam results.
 */
@Injectable()
export class ExamService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly personnel: PersonnelService,
  ) {}

  // ---------- loaders ----------

  /** TRN-2: a course's sessions, in date order (ix_course_session_course). */
  sessions(ctx: RequestContext, courseId: string, page: PageArgs): Promise<ConnectionValue<CourseSession>> {
    return childPages(ctx, this.dataSource, SESSIONS, page).load(courseId);
  }

  /** A session's attendance of the people inside the jurisdiction (personal data), by person (the primary key). */
  attendance(ctx: RequestContext, sessionId: string, page: PageArgs): Promise<ConnectionValue<Attendance>> {
    return childPages(ctx, this.dataSource, ATTENDANCE, page).load(sessionId);
  }

  /** TRN-2: an exam's results of the people inside the jurisdiction, the highest score first (ix_exam_result_score). */
  examResults(ctx: RequestContext, examId: string, page: PageArgs): Promise<ConnectionValue<ExamResult>> {
    return childPages(ctx, this.dataSource, EXAM_RESULTS, page).load(examId);
  }

  /** A person's results (pre-job PER-7, quarterly theory EVA-2 …), the latest sitting first (ix_exam_result_person). */
  personResults(ctx: RequestContext, personId: string, page: PageArgs): Promise<ConnectionValue<ExamResult>> {
    return childPages(ctx, this.dataSource, PERSON_RESULTS, page).load(personId);
  }

  examById(ctx: RequestContext): DataLoader<string, Exam | undefined> {
    return rowLoader(ctx, 'training.examById', (ids) => this.dataSource.getRepository(Exam).findBy({ id: In(ids) }), (e) => e.id);
  }

  courseById(ctx: RequestContext): DataLoader<string, Course | undefined> {
    return rowLoader(ctx, 'training.courseById', (ids) => this.dataSource.getRepository(Course).findBy({ id: In(ids) }), (c) => c.id);
  }

  /**
   * EVA-2: the quarterly theory exam results of these people in exams held in [from, to], the latest sitting
   * last (a make-up exam after the first one). The evaluation reads its exam input here.
   */
  async theoryResults(personIds: readonly string[], from: string, to: string, m: EntityManager = this.dataSource.manager): Promise<TheoryResult[]> {
    if (personIds.length === 0) return [];
    const rows: { person_id: string; score: number; exam_id: string; title: string; held_on: string; sat_on: string }[] = await m.query(
      `SELECT r.person_id, r.score, e.id AS exam_id, e.title, to_char(e.held_on, 'YYYY-MM-DD') AS held_on, to_char(r.sat_on, 'YYYY-MM-DD') AS sat_on
       FROM exam_result r JOIN exam e ON e.id = r.exam_id
       WHERE e.kind = $1 AND r.person_id = ANY($2) AND e.held_on BETWEEN $3 AND $4
       ORDER BY r.person_id, e.held_on, r.sat_on, r.recorded_at`,
      [CourseKind.QUARTERLY_THEORY, personIds, from, to],
    );
    return rows.map((r) => ({ personId: r.person_id, score: r.score, examId: r.exam_id, examTitle: r.title, heldOn: r.held_on, satOn: r.sat_on }));
  }

  // ---------- courses ----------

  async courses(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; kind?: CourseKind; from?: string; to?: string }): Promise<ConnectionValue<Course>> {
    const qb = await regionalList(this.dataSource.getRepository(Course).createQueryBuilder('c'), ctx, this.organizations, filter.regionId);
    if (filter.kind) qb.andWhere('c.kind = :kind', { kind: filter.kind });
    if (filter.from) qb.andWhere('c.ends_on >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('c.starts_on <= :to', { to: filter.to });
    return paginate(qb, page, COURSE_ORDER, { descending: true });
  }

  async createCourse(ctx: RequestContext, input: { kind: CourseKind; title: string; regionId?: string | null; organizer: string; startsOn: string; endsOn: string; description?: string | null }): Promise<Course> {
    this.assertMayRun(ctx, input.kind);
    const region = await this.organizerRegion(ctx, input.regionId);
    time.assertTimeRules([time.courseDates(input.startsOn, input.endsOn, this.clock.today())]);
    const saved = await this.tx.run(async (m) => {
      const repo = m.getRepository(Course);
      return repo.save(repo.create({
        id: randomUUID(), kind: input.kind, title: input.title.trim(), regionId: region.id, organizer: input.organizer.trim(), startsOn: input.startsOn,
        endsOn: input.endsOn, description: text(input.description), createdBy: ctx.actor.label,
      }));
    });
    ctx.auditTarget('Course', saved.id, { after: { kind: saved.kind, title: saved.title } });
    return saved;
  }

  async addSession(ctx: RequestContext, input: { courseId: string; heldOn: string; topic: string; hours: number; teacher?: string | null }): Promise<CourseSession> {
    const course = await this.course(ctx, input.courseId, 'input.courseId');
    this.assertMayRun(ctx, course.kind);
    time.assertTimeRules([time.sessionDate(input.heldOn, course)]);
    // hours are kept to one decimal (numeric(4,1)): refuse what would be rounded silently
    if (!Number.isInteger(Math.round(input.hours * 1000) / 100)) throw BadUserInputError.field('input.hours', '学时最多一位小数');
    const saved = await this.tx.run(async (m) => {
      const repo = m.getRepository(CourseSession);
      return repo.save(repo.create({ id: randomUUID(), courseId: course.id, heldOn: input.heldOn, topic: input.topic.trim(), hours: input.hours, teacher: text(input.teacher), createdBy: ctx.actor.label }));
    });
    ctx.auditTarget('CourseSession', saved.id, { after: { courseId: course.id, heldOn: saved.heldOn } });
    return saved;
  }

  /** Attendance of a held session; entering a person again replaces their entry. */
  async recordAttendance(ctx: RequestContext, input: { sessionId: string; entries: { personId: string; status: AttendanceStatus; note?: string | null }[] }): Promise<CourseSession> {
    const session = await this.dataSource.getRepository(CourseSession).findOneBy({ id: fromGlobalId(input.sessionId, 'CourseSession', 'input.sessionId') });
    if (!session) throw new NotFoundError('培训课次');
    const course = await this.course(ctx, toGlobalId('Course', session.courseId), 'input.sessionId');
    this.assertMayRun(ctx, course.kind);
    if (session.heldOn > this.clock.today()) throw BadUserInputError.field('input.sessionId', '课次尚未举行');
    const people = await this.people(ctx, input.entries.map((e) => e.personId), 'input.entries');
    const now = this.clock.now();
    await this.tx.run(async (m) => {
      await m.createQueryBuilder().insert().into(Attendance)
        .values(input.entries.map((e, i) => ({ sessionId: session.id, personId: people[i].id, status: e.status, note: text(e.note), recordedBy: ctx.actor.label, recordedAt: now })))
        .orUpdate(['status', 'note', 'recorded_by', 'recorded_at'], ['session_id', 'person_id']).execute();
    });
    ctx.auditTarget('CourseSession', session.id, { after: { attendance: input.entries.length } });
    return session;
  }

  // ---------- exams ----------

  async exams(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; kind?: CourseKind; from?: string; to?: string }): Promise<ConnectionValue<Exam>> {
    const qb = await regionalList(this.dataSource.getRepository(Exam).createQueryBuilder('e'), ctx, this.organizations, filter.regionId);
    if (filter.kind) qb.andWhere('e.kind = :kind', { kind: filter.kind });
    if (filter.from) qb.andWhere('e.held_on >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.held_on <= :to', { to: filter.to });
    return paginate(qb, page, EXAM_ORDER, { descending: true });
  }

  /** TRN-2: an exam takes the pass mark of the personnel policy in force on its day (PER-7), and keeps it. */
  async createExam(ctx: RequestContext, input: { kind: CourseKind; title: string; courseId?: string | null; regionId?: string | null; heldOn: string }): Promise<Exam> {
    this.assertMayRun(ctx, input.kind);
    time.assertTimeRules([time.examDay(input.heldOn, this.clock.today())]);
    const course = input.courseId ? await this.course(ctx, input.courseId, 'input.courseId') : null;
    if (course && course.kind !== input.kind) throw BadUserInputError.field('input.courseId', '课程与考试的类别不同');
    const region = course ? (await this.organizations.regionById(ctx).load(course.regionId))! : await this.organizerRegion(ctx, input.regionId);
    const saved = await this.tx.run((m) => this.insertExam(m, ctx, { kind: input.kind, title: input.title.trim(), courseId: course?.id ?? null, regionId: region.id, heldOn: input.heldOn }));
    ctx.auditTarget('Exam', saved.id, { after: { kind: saved.kind, heldOn: saved.heldOn, passMark: saved.passMark, policyVersion: saved.policyVersion } });
    return saved;
  }

  /**
   * Results of an exam, in one transaction: a pre-job result (PER-7) also moves the person's post
   * IN_TRAINING > EXAM_PASSED or EXAM_FAILED; if any entry fails, none is kept.
   */
  async recordResults(ctx: RequestContext, input: { examId: string; results: ResultEntry[] }): Promise<Exam> {
    const exam = await this.exam(ctx, input.examId, 'input.examId');
    this.assertMayRun(ctx, exam.kind);
    const people = await this.people(ctx, input.results.map((r) => r.personId), 'input.results');
    const sat = this.satDates(exam, input.results.map((r) => r.satOn ?? null), (i) => `input.results[${i}].satOn`);
    await this.tx.run(async (m) => {
      for (const [i, entry] of input.results.entries()) {
        await this.insertResult(m, ctx, exam, people[i], entry.score, sat[i], exam.kind === CourseKind.PRE_JOB ? { personId: people[i].id } : null, `input.results[${i}].satOn`);
      }
    });
    ctx.auditTarget('Exam', exam.id, { after: { results: input.results.length } });
    return exam;
  }

  /**
   * PER-7 (`recordPreJobExam`, kept from the personnel issue): one post's pre-job result. It is a result of the
   * pre-job exam named, or of the county's earliest one that day the person has not sat (created when there is none).
   */
  async recordPreJobExam(ctx: RequestContext, input: { postId: string; expectedVersion?: number; score: number; examOn: string; examId?: string | null }): Promise<Post> {
    const post = await this.personnel.reachablePost(ctx, input.postId, 'input.postId');
    time.assertTimeRules([time.examDate(post, input.examOn, this.clock.today())]);
    const person = (await this.personnel.personById(ctx).load(post.personId))!;
    // the brigade's pre-job exam of the person's county held that day (exams of other counties never mix)
    const county = (await countyOf(this.dataSource, person.regionId))?.id ?? person.regionId;
    let exam: Exam | null = null;
    let retake = false;
    if (input.examId) {
      exam = await this.exam(ctx, input.examId, 'input.examId', { what: '考试' });
      if (exam.kind !== CourseKind.PRE_JOB) throw BadUserInputError.field('input.examId', '须为岗前考试');
      if (exam.regionId !== county) throw BadUserInputError.field('input.examId', '须为本人所在县的岗前考试');
    } else {
      // the day's earliest sitting this person has not sat (several sittings a day: name one with examId); a retake
      // after re-training (EXAM_FAILED > IN_TRAINING) the same day is a new sitting
      const sameDay = await this.dataSource.getRepository(Exam).createQueryBuilder('e')
        .where('e.kind = :kind AND e.held_on = :day AND e.region_id = :county', { kind: CourseKind.PRE_JOB, day: input.examOn, county })
        .andWhere('NOT EXISTS (SELECT 1 FROM exam_result r WHERE r.exam_id = e.id AND r.person_id = :person)', { person: person.id })
        .orderBy('e.created_at', 'ASC').addOrderBy('e.id', 'ASC')
        .getOne();
      exam = sameDay ?? null;
      retake = exam === null && (await this.dataSource.getRepository(ExamResult).count({ where: { personId: person.id, exam: { kind: CourseKind.PRE_JOB, heldOn: input.examOn } } })) > 0;
    }
    if (exam) this.satDates(exam, [input.examOn], () => 'input.examOn');
    ctx.auditTarget('Post', post.id, { before: { state: post.state } });
    const moved = await this.tx.run(async (m) => {
      const target = exam ?? await this.insertExam(m, ctx, { kind: CourseKind.PRE_JOB, title: `岗前培训考试（${input.examOn}${retake ? '，补考' : ''}）`, courseId: null, regionId: county, heldOn: input.examOn });
      return (await this.insertResult(m, ctx, target, person, input.score, input.examOn, { postId: post.id, expectedVersion: input.expectedVersion }))!;
    });
    ctx.auditTarget('Post', moved.id, { before: { state: post.state }, after: { state: moved.state, examScore: moved.examScore } });
    return moved;
  }

  // ---------- internals ----------

  private async insertExam(m: EntityManager, ctx: RequestContext, e: { kind: CourseKind; title: string; courseId: string | null; regionId: string; heldOn: string }): Promise<Exam> {
    const policy = await this.personnel.policyOn(e.heldOn, m);
    const repo = m.getRepository(Exam);
    return repo.save(repo.create({ id: randomUUID(), ...e, passMark: policy.examPassMark, policyVersion: policy.version, createdBy: ctx.actor.label }));
  }

  /** Inserts one result (a second one for the same person and exam is a CONFLICT); a pre-job one moves the post. */
  private async insertResult(m: EntityManager, ctx: RequestContext, exam: Exam, person: Person, score: number, satOn: string, post: { personId: string } | { postId: string; expectedVersion?: number } | null, field = 'input.examOn'): Promise<Post | null> {
    const passed = passes(score, exam.passMark);
    // the post's state first (a post not in training answers with its state), then one result per person and exam
    const moved = post
      ? await this.personnel.moveByPreJobExam(m, ctx, post, { score, examOn: satOn, passed, field, note: `${exam.title}：${score} 分（合格线 ${exam.passMark} 分，政策版本 ${exam.policyVersion}）` })
      : null;
    const existing = await m.getRepository(ExamResult).findOneBy({ examId: exam.id, personId: person.id });
    if (existing) throw new ConflictError(`${person.name} 在「${exam.title}」已有成绩 ${existing.score} 分`, { personId: person.id });
    await m.getRepository(ExamResult).insert({ id: randomUUID(), examId: exam.id, personId: person.id, postId: moved?.id ?? null, score, passed, satOn, recordedBy: ctx.actor.label });
    return moved;
  }

  /** The sitting dates: on or after the exam day (a make-up sitting), never after today. */
  private satDates(exam: Exam, dates: (string | null)[], field: (i: number) => string): string[] {
    const today = this.clock.today();
    const out = dates.map((d) => d ?? exam.heldOn);
    time.assertTimeRules(out.map((on, i) => time.sittingDate(on, exam.heldOn, today, field(i))));
    return out;
  }

  /** The pre-job training and exam are the brigade's (PER-7): COURSE_MANAGE is not enough for them. */
  private assertMayRun(ctx: RequestContext, kind: CourseKind): void {
    if (kind === CourseKind.PRE_JOB && !can(ctx, Permission.PRE_JOB_TRAINING_MANAGE)) {
      throw missingPermission(Permission.PRE_JOB_TRAINING_MANAGE, '岗前培训和考试由县消防救援大队组织（PER-7）');
    }
  }

  private async organizerRegion(ctx: RequestContext, regionId: string | null | undefined): Promise<Region> {
    const region = regionId
      ? await this.organizations.region(ctx, regionId, 'input.regionId')
      : ctx.actor.regionId ? await this.organizations.regionById(ctx).load(ctx.actor.regionId) : undefined;
    if (!region) throw BadUserInputError.field('input.regionId', '请指明组织培训的区划');
    assertReaches(ctx, region.path);
    if (![RegionLevel.COUNTY, RegionLevel.TOWNSHIP].includes(region.level)) throw BadUserInputError.field('input.regionId', '须为县或乡镇');
    return region;
  }

  private async course(ctx: RequestContext, globalId: string, field: string): Promise<Course> {
    const course = await this.courseById(ctx).load(fromGlobalId(globalId, 'Course', field));
    if (!course) throw new NotFoundError('培训课程');
    assertReaches(ctx, (await this.organizations.regionById(ctx).load(course.regionId))!.path);
    return course;
  }

  private async exam(ctx: RequestContext, globalId: string, field: string, options: { what?: string } = {}): Promise<Exam> {
    const exam = await this.examById(ctx).load(fromGlobalId(globalId, 'Exam', field));
    if (!exam) throw new NotFoundError('考试');
    assertReaches(ctx, (await this.organizations.regionById(ctx).load(exam.regionId))!.path, options);
    return exam;
  }

  /** The people named, each inside the jurisdiction (else NOT_FOUND), none twice. */
  private async people(ctx: RequestContext, ids: string[], field: string): Promise<Person[]> {
    // together, so the loaders fetch every person and region in one query each
    // the people a result or an attendance names, not the record acted on: out of reach they read as unknown
    const out = await Promise.all(ids.map((id, i) => outsideAsMissing(this.personnel.person(ctx, id, `${field}[${i}].personId`))));
    const seen = new Set<string>();
    out.forEach((person, i) => {
      if (seen.has(person.id)) throw BadUserInputError.field(`${field}[${i}].personId`, '同一人出现了两次');
      seen.add(person.id);
    });
    return out;
  }
}
