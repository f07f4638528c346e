import { Inject, Injectable } from '@nestjs/common';
import { labelOf, labelsOf } from '../common/labels';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { AuditService } from '../auth/audit.service';
import { assertReaches, reaches, withinJurisdiction } from '../kernel/jurisdiction';
import { Permission } from '../kernel/permissions';
import { can } from '../kernel/can';
import { FIELD_CIPHER, PersonalDataCipher } from '../auth/personal-data';
import { citizenIdFacts, citizenIdProblem, maskCitizenId, maskPhone, normalizeCitizenId, phoneProblem } from '../common/citizen-id';
import { Clock, isCalendarDate } from '../common/clock';
import * as time from '../common/time-rules';
import { TransactionRunner, updateBumpingVersion, updateVersioned } from '../database/transaction';
import { changedFields, CorrectionService, correctionReason } from '../corrections/correction.service';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { childPages } from '../graphql/child-pages';
import { ConnectionValue, connectionOf, DEFAULT_PAGE_SIZE, exactTimestamp, keysetAfter, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { AppError, BadUserInputError, ConflictError, ErrorCode, NotFoundError } from '../kernel/errors';
import { fromGlobalId, toGlobalId } from '../graphql/global-id';
import { rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationKind, RegionLevel } from '../organization/organization.enums';
import { Organization } from '../organization/organization.entity';
import { OrganizationService } from '../organization/organization.service';
import { Region } from '../organization/region.entity';
import { EligibilityResult, evaluateEligibility } from './eligibility.rules';
import { EligibilityDeviation } from './deviation.entity';
import { Person } from './person.entity';
import { PersonnelPolicy } from './personnel-policy.entity';
import { Post, PostTransition } from './post.entity';
import { DeviationStatus, Gender, PostState, Verdict } from './personnel.enums';
import type { CreatePersonInput, UpdatePersonInput } from './person.types';
import type { DecideDeviationInput, RequestDeviationInput } from './deviation.types';
import type { PersonAtStationInput, PutOnDutyInput, RecordDepartureInput, RecordPriorServiceInput, SelectPersonInput } from './post.types';
import type { PublishPersonnelPolicyInput } from './personnel-policy.types';
import { canMove, canMoveTargets, mostOnDutyFrom, spellsOverlap } from './post-lifecycle';
import { EventOutbox } from '../integration/event-outbox';
import { globalRef } from '../integration/event-payloads';
import { Role } from '../kernel/permissions';
import { whereUpdatedSince } from '../graphql/updated-since';

const PERSON_ORDER: OrderKey<Person>[] = [
  { expr: 'p.name', type: 'text', value: (p) => p.name },
  { expr: 'p.id', type: 'uuid', value: (p) => p.id },
];
/** Deviation requests: newest first (index ix_eligibility_deviation_requested). */
const DEVIATION_ORDER: OrderKey<EligibilityDeviation>[] = [
  { expr: 'd.requested_at', type: 'timestamp' },
  { expr: 'd.id', type: 'uuid', value: (d) => d.id },
];
/** A person's posts, oldest first (index ix_post_person_created); created_at is the database's now(): exact text. */
export type PostRow = Post & { createdAtKey: string };
const POST_ORDER: OrderKey<PostRow>[] = [
  { expr: 'p.created_at', type: 'timestamp', value: (p) => p.createdAtKey },
  { expr: 'p.id', type: 'uuid', value: (p) => p.id },
];
/** A post's transitions, oldest first (index ix_post_transition_post); written from the clock, never tied (nextStepAt). */
const TRANSITION_ORDER: OrderKey<PostTransition>[] = [
  { expr: 't.at', type: 'timestamp' },
  { expr: 't.id', type: 'uuid', value: (t) => t.id },
];
/** The staffing list: by region (the county's center first, then its townships), then kind. */
const STAFFING_ORDER: OrderKey<StaffingEntry>[] = [
  { expr: 'r.path', type: 'text', value: (e) => e.regionPath },
  { expr: 'o.kind', type: 'text', value: (e) => e.organization.kind },
  { expr: 'o.id', type: 'uuid', value: (e) => e.organization.id },
];

const POST_KINDS = [OrganizationKind.FIRE_WORK_STATION, OrganizationKind.GUIDANCE_CENTER];

/** The `posts` list's filters: a region (with its subtree), a state, a station (or the center). */
export interface PostFilter {
  regionId?: string;
  state?: PostState;
  organizationId?: string;
}

export interface StaffingEntry {
  organization: Organization;
  township: Region | null;
  /** The organization's region's path: the list's order. */
  regionPath: string;
  onDuty: number;
  pipeline: { state: PostState; count: number }[];
  /** How many deviations are in force (IN_FORCE). */
  deviationsInForce: number;
}

/** A deviation in force: approved, for someone holding a post at its station that has not ended (alias `d`). */
const IN_FORCE = `d.status = :__approved AND EXISTS (SELECT 1 FROM post op WHERE op.person_id = d.person_id AND op.organization_id = d.organization_id AND op.state <> 'LEFT')`;

/** People, posts, eligibility, the onboarding lifecycle and staffing (PER-1 .. PER-9). */
/**
 * A check a later module adds to putting a post on duty (evaluation: not back into a finalized period, EVA-3); it
 * runs in the move's transaction and returns why the on-duty date is refused.
 */
export type DutyGuard = (m: EntityManager, post: Post, onDutyFrom: string) => Promise<string | null>;

@Injectable()
export class PersonnelService {
  private readonly dutyGuards: DutyGuard[] = [];
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly audit: AuditService,
    @Inject(FIELD_CIPHER) private readonly cipher: PersonalDataCipher,
    private readonly corrections: CorrectionService,
    private readonly outbox: EventOutbox,
  ) {}

  // ---------- reads ----------

  /** Modules that depend on personnel add their checks of on-duty dates here (the dependency stays one-way). */
  addDutyGuard(guard: DutyGuard): void {
    this.dutyGuards.push(guard);
  }

  personById(ctx: RequestContext): DataLoader<string, Person | undefined> {
    return rowLoader(ctx, 'personnel.personById', (ids) => this.dataSource.getRepository(Person).findBy({ id: In(ids) }), (p) => p.id);
  }

  /**
   * Posts on duty at some time in [from, to] (on duty from on or before `to`, not left before `from`; `leftOn` is
   * the first day off duty), at these stations or of these people: whom the evaluation (EVA-1 .. EVA-3) evaluates.
   */
  async dutyPosts(of: { stationIds?: readonly string[]; personIds?: readonly string[] }, from: string, to: string, m: EntityManager = this.dataSource.manager): Promise<Post[]> {
    const qb = m.getRepository(Post).createQueryBuilder('p')
      .where('p.on_duty_from IS NOT NULL AND p.on_duty_from <= :to', { to })
      .andWhere('(p.left_on IS NULL OR p.left_on > :from)', { from });
    if (of.stationIds) qb.andWhere('p.organization_id = ANY(:stations)', { stations: of.stationIds });
    if (of.personIds) qb.andWhere('p.person_id = ANY(:people)', { people: of.personIds });
    return qb.orderBy('p.on_duty_from', 'ASC').addOrderBy('p.id', 'ASC').getMany();
  }

  /** People by id, inside a transaction (the loaders use their own connection). */
  peopleByIds(ids: readonly string[], m: EntityManager = this.dataSource.manager): Promise<Person[]> {
    return ids.length ? m.getRepository(Person).findBy({ id: In([...ids]) }) : Promise.resolve([]);
  }

  /** A page of each person's posts, oldest first: one statement per batch of people. */
  postPages(ctx: RequestContext, page: PageArgs): DataLoader<string, ConnectionValue<Post>> {
    return childPages(ctx, this.dataSource, {
      name: 'personnel.postPages', entity: Post, alias: 'p', parent: 'p.person_id', parentOf: (p) => p.personId, order: POST_ORDER,
      computed: { createdAtKey: exactTimestamp('p.created_at') },
    }, page);
  }

  /** A page of each post's transitions, oldest first: one statement per batch of posts. */
  transitionPages(ctx: RequestContext, page: PageArgs): DataLoader<string, ConnectionValue<PostTransition>> {
    return childPages(ctx, this.dataSource, {
      name: 'personnel.transitionPages', entity: PostTransition, alias: 't', parent: 't.post_id', parentOf: (t) => t.postId,
      order: TRANSITION_ORDER,
    }, page);
  }

  /**
   * A page of each station's deviations in force (approved, for someone holding a post there that has not ended),
   * newest first: one statement per batch of stations.
   */
  deviationInForcePages(ctx: RequestContext, page: PageArgs): DataLoader<string, ConnectionValue<EligibilityDeviation>> {
    return childPages(ctx, this.dataSource, {
      name: 'personnel.deviationInForcePages', entity: EligibilityDeviation, alias: 'd', parent: 'd.organization_id',
      parentOf: (d) => d.organizationId, order: DEVIATION_ORDER, descending: true,
      scope: (qb) => qb.andWhere(IN_FORCE, { __approved: DeviationStatus.APPROVED }),
    }, page);
  }

  /** A person inside the jurisdiction, else NOT_FOUND (a person's existence is personal data). */
  async person(ctx: RequestContext, globalId: string, field: string): Promise<Person> {
    const person = await this.personById(ctx).load(fromGlobalId(globalId, 'Person', field));
    if (!person) throw new NotFoundError('人员');
    assertReaches(ctx, (await this.organizations.regionById(ctx).load(person.regionId))!.path, { what: '人员' });
    return person;
  }

  async visiblePeople(ctx: RequestContext, ids: readonly string[]): Promise<(Person | null)[]> {
    return Promise.all(ids.map((id) => this.person(ctx, toGlobalId('Person', id), 'id').catch(() => null)));
  }

  async people(ctx: RequestContext, page: PageArgs, regionId?: string, updatedSince?: Date): Promise<ConnectionValue<Person>> {
    const qb = this.dataSource.getRepository(Person).createQueryBuilder('p').innerJoin(Region, 'r', 'r.id = p.region_id');
    withinJurisdiction(qb, ctx, 'r.path');
    if (regionId) qb.andWhere('r.path LIKE :peopleRegion', { peopleRegion: `${(await this.organizations.region(ctx, regionId, 'regionId')).path}%` });
    whereUpdatedSince(qb, 'p.updated_at', updatedSince, this.clock.now());
    return paginate(qb, page, PERSON_ORDER);
  }

  /**
   * Posts in reach (their station's region inside the jurisdiction; a post's station is in its person's region),
   * by a region, a state and a station: who waits at each step. Oldest first, by the exact creation time, then id.
   */
  async posts(ctx: RequestContext, filter: PostFilter, page: PageArgs): Promise<ConnectionValue<PostRow>> {
    const qb = this.dataSource.getRepository(Post).createQueryBuilder('p')
      .innerJoin(Organization, 'o', 'o.id = p.organization_id').innerJoin(Region, 'r', 'r.id = o.region_id');
    withinJurisdiction(qb, ctx, 'r.path');
    if (filter.regionId) {
      const region = await this.organizations.region(ctx, filter.regionId, 'regionId');
      assertReaches(ctx, region.path);
      qb.andWhere('r.path LIKE :postsRegion', { postsRegion: `${region.path}%` });
    }
    if (filter.organizationId) qb.andWhere('p.organization_id = :postsOrg', { postsOrg: (await this.postOrganization(ctx, filter.organizationId, 'organizationId')).id });
    if (filter.state) qb.andWhere('p.state = :postsState', { postsState: filter.state });
    const counted = qb.clone();
    const after = keysetAfter(page.after, POST_ORDER);
    if (after) qb.andWhere(after.sql, after.params);
    const first = page.first ?? DEFAULT_PAGE_SIZE;
    if (first === 0) return connectionOf([], page, POST_ORDER, () => counted.getCount());
    qb.addSelect(exactTimestamp('p.created_at'), 'p_created_at_key').orderBy('p.created_at').addOrderBy('p.id').limit(first + 1);
    const { entities, raw } = await qb.getRawAndEntities<{ p_id: string; p_created_at_key: string }>();
    const keys = new Map(raw.map((r) => [r.p_id, r.p_created_at_key]));
    return connectionOf(entities.map((p) => Object.assign(p, { createdAtKey: keys.get(p.id)! })), page, POST_ORDER, () => counted.getCount());
  }

  /** Posts by id whose person the actor may read (`node(id:)`); null for the others (PERSONNEL_READ is checked by the caller). */
  async visiblePosts(ctx: RequestContext, ids: readonly string[]): Promise<(Post | null)[]> {
    const rows = ids.length ? await this.dataSource.getRepository(Post).findBy({ id: In([...ids]) }) : [];
    const people = await this.visiblePeople(ctx, rows.map((p) => p.personId));
    const visible = new Map(rows.filter((_, i) => people[i] !== null).map((p) => [p.id, p]));
    return ids.map((id) => visible.get(id) ?? null);
  }

  /** A station or the center inside the jurisdiction (FORBIDDEN outside: organizations are no secret). */
  private async postOrganization(ctx: RequestContext, globalId: string, field: string): Promise<Organization> {
    const org = await this.organizations.organizationById(ctx).load(fromGlobalId(globalId, 'Organization', field));
    if (!org) throw new NotFoundError('工作站');
    assertReaches(ctx, (await this.organizations.regionById(ctx).load(org.regionId))!.path);
    if (!POST_KINDS.includes(org.kind)) throw BadUserInputError.field(field, '须为消防工作站或指导中心');
    return org;
  }

  async policyOn(date: string, m: EntityManager = this.dataSource.manager): Promise<PersonnelPolicy> {
    const policy = await m.getRepository(PersonnelPolicy).findOne({ where: { effectiveFrom: LessThanOrEqual(date) }, order: { version: 'DESC' } });
    if (!policy) throw new NotFoundError(`${date} 生效的人员政策`);
    return policy;
  }

  /** PER-1 .. PER-9 for a person, a station and a date, each rule with its verdict and the values used. */
  async eligibility(ctx: RequestContext, input: PersonAtStationInput & { asOf?: string }): Promise<EligibilityResult & { asOf: string }> {
    const person = await this.person(ctx, input.personId, 'personId');
    const org = await this.postOrganization(ctx, input.stationId, 'stationId');
    const asOf = input.asOf ?? this.clock.today();
    if (!isCalendarDate(asOf)) throw BadUserInputError.field('asOf', '不是有效的日期');
    // PER-3 turns at a birthday: a verdict read for any day would find the birth date the masked id hides
    if (asOf !== this.clock.today() && !can(ctx, Permission.PERSONAL_DATA_UNMASK)) {
      throw BadUserInputError.field('asOf', '只能审查今天的条件：按其他日期审查会透露出生日期，需有查看未脱敏个人信息的权限');
    }
    return this.withoutExactAge(ctx, { ...(await this.evaluate(this.dataSource.manager, person, org, asOf)), asOf });
  }

  /**
   * PER-3's explanation without the exact age for a caller who may not unmask: an exact age beside the masked id
   * leaves a few dozen possible ids (Person.ageBand shows the band instead).
   */
  private withoutExactAge<T extends EligibilityResult>(ctx: RequestContext, result: T): T {
    if (can(ctx, Permission.PERSONAL_DATA_UNMASK)) return result;
    return {
      ...result,
      verdicts: result.verdicts.map((v) => (v.rule === 'PER-3'
        ? { ...v, explanation: v.explanation.replace(/年满 \d+ 周岁/, v.verdict === Verdict.PASS ? '年龄在要求范围内' : '年龄不在要求范围内') }
        : v)),
    };
  }

  private async evaluate(m: EntityManager, person: Person, org: Organization, asOf: string): Promise<EligibilityResult> {
    const policy = await this.policyOn(asOf, m);
    const approved = await m.getRepository(EligibilityDeviation).findBy({ personId: person.id, organizationId: org.id, status: DeviationStatus.APPROVED });
    const exam = await m.getRepository(Post).findOne({ where: { personId: person.id, examScore: Not(IsNull()) }, order: { examOn: 'DESC', updatedAt: 'DESC' } });
    const onDuty = await m.getRepository(Post).countBy({ organizationId: org.id, state: PostState.ON_DUTY });
    const holdsPost = await m.getRepository(Post).existsBy({ organizationId: org.id, personId: person.id, state: PostState.ON_DUTY });
    return evaluateEligibility({
      person,
      asOf,
      policy: { version: policy.version, minAge: policy.minAge, maxAge: policy.maxAge, minEducation: policy.minEducation, examPassMark: policy.examPassMark },
      deviations: approved.map((d) => ({ rule: d.rule, justification: d.justification, approvedBy: d.decidedBy!, approvedAt: d.decidedAt! })),
      latestExamScore: exam?.examScore ?? null,
      quota: { staffQuota: org.staffQuota ?? 0, onDuty, holdsPost },
    });
  }

  /** The staffing of the center and the stations in a region (default: the jurisdiction), vacancies included: all of it (the export). */
  async staffing(ctx: RequestContext, regionId?: string): Promise<StaffingEntry[]> {
    const qb = await this.staffingQuery(ctx, regionId);
    STAFFING_ORDER.forEach((o, i) => (i === 0 ? qb.orderBy(o.expr) : qb.addOrderBy(o.expr)));
    return this.staffingOf(ctx, await qb.getMany());
  }

  /** One page of `staffing`, in the same order (the region's path, the kind, the id). */
  async staffingPage(ctx: RequestContext, page: PageArgs, regionId?: string): Promise<ConnectionValue<StaffingEntry>> {
    const qb = await this.staffingQuery(ctx, regionId);
    const counted = qb.clone();
    const after = keysetAfter(page.after, STAFFING_ORDER);
    if (after) qb.andWhere(after.sql, after.params);
    STAFFING_ORDER.forEach((o, i) => (i === 0 ? qb.orderBy(o.expr) : qb.addOrderBy(o.expr)));
    const first = page.first ?? DEFAULT_PAGE_SIZE;
    const orgs = first === 0 ? [] : await qb.limit(first + 1).getMany();
    return connectionOf(await this.staffingOf(ctx, orgs), page, STAFFING_ORDER, () => counted.getCount());
  }

  private async staffingQuery(ctx: RequestContext, regionId?: string) {
    const qb = this.dataSource.getRepository(Organization).createQueryBuilder('o').innerJoin(Region, 'r', 'r.id = o.region_id')
      .where('o.kind IN (:...kinds)', { kinds: POST_KINDS });
    withinJurisdiction(qb, ctx, 'r.path');
    // a station reads its own staffing and vacancies only: the station of its township, never the center
    if (ctx.actor.role === Role.STATION) {
      qb.andWhere('o.kind = :ownKind AND o.region_id = :ownRegion', { ownKind: OrganizationKind.FIRE_WORK_STATION, ownRegion: ctx.actor.regionId });
    }
    if (regionId) {
      const region = await this.organizations.region(ctx, regionId, 'regionId');
      assertReaches(ctx, region.path);
      qb.andWhere('r.path LIKE :staffingRegion', { staffingRegion: `${region.path}%` });
    }
    return qb;
  }

  private async staffingOf(ctx: RequestContext, orgs: Organization[]): Promise<StaffingEntry[]> {
    if (orgs.length === 0) return [];
    const ids = orgs.map((o) => o.id);
    const counts: { organization_id: string; state: PostState; n: number }[] = await this.dataSource.query(
      `SELECT organization_id, state, count(*)::int AS n FROM post WHERE organization_id = ANY($1) AND state <> 'LEFT' GROUP BY organization_id, state`,
      [ids],
    );
    const inForce = await this.dataSource.getRepository(EligibilityDeviation).createQueryBuilder('d')
      .select('d.organization_id', 'organization_id').addSelect('count(*)::int', 'n')
      .where('d.organization_id IN (:...ids)', { ids })
      .andWhere(IN_FORCE, { __approved: DeviationStatus.APPROVED })
      .groupBy('d.organization_id')
      .getRawMany<{ organization_id: string; n: number }>();
    const regions = await this.organizations.regionById(ctx).loadMany(orgs.map((o) => o.regionId));
    return orgs.map((o, i) => {
      const mine = counts.filter((c) => c.organization_id === o.id);
      const region = regions[i];
      return {
        organization: o,
        township: region && !(region instanceof Error) && region.level === RegionLevel.TOWNSHIP ? region : null,
        regionPath: region && !(region instanceof Error) ? region.path : '',
        onDuty: mine.find((c) => c.state === PostState.ON_DUTY)?.n ?? 0,
        pipeline: [PostState.CANDIDATE, PostState.SELECTED, PostState.IN_TRAINING, PostState.EXAM_PASSED, PostState.EXAM_FAILED].map((state) => ({
          state, count: mine.find((c) => c.state === state)?.n ?? 0,
        })),
        deviationsInForce: Number(inForce.find((d) => d.organization_id === o.id)?.n ?? 0),
      };
    });
  }

  async revealPersonalData(ctx: RequestContext, globalId: string): Promise<{ citizenId: string; birthDate: string; phone: string | null }> {
    const person = await this.person(ctx, globalId, 'id');
    const revealed = {
      citizenId: this.cipher.decryptCitizenId(person.citizenIdEnc),
      birthDate: person.birthDate,
      phone: person.phoneEnc ? this.cipher.decryptPhone(person.phoneEnc) : null,
    };
    await this.audit.record(ctx, [{
      operation: 'personPersonalData', outcome: 'SUCCESS', targetType: 'Person', targetId: person.id,
      after: { fields: Object.entries(revealed).filter(([, v]) => v !== null).map(([k]) => k) },
    }]);
    return revealed;
  }

  /** Deviation requests in reach (the center's work list), newest first; by status. */
  async deviations(ctx: RequestContext, filter: { status?: DeviationStatus; regionId?: string }, page: PageArgs): Promise<ConnectionValue<EligibilityDeviation>> {
    const qb = this.dataSource.getRepository(EligibilityDeviation).createQueryBuilder('d')
      .innerJoin(Organization, 'o', 'o.id = d.organization_id').innerJoin(Region, 'r', 'r.id = o.region_id');
    withinJurisdiction(qb, ctx, 'r.path');
    if (filter.regionId) {
      const region = await this.organizations.region(ctx, filter.regionId, 'regionId');
      assertReaches(ctx, region.path);
      qb.andWhere('r.path LIKE :deviationRegion', { deviationRegion: `${region.path}%` });
    }
    if (filter.status) qb.andWhere('d.status = :status', { status: filter.status });
    return paginate(qb, page, DEVIATION_ORDER, { descending: true });
  }

  // ---------- writes ----------

  async createPerson(ctx: RequestContext, input: CreatePersonInput): Promise<Person> {
    const problem = citizenIdProblem(input.citizenId);
    if (problem) throw BadUserInputError.field('input.citizenId', problem);
    const id = normalizeCitizenId(input.citizenId);
    const facts = citizenIdFacts(id);
    time.assertTimeRules([time.personDates({ birthDate: input.birthDate, birthDateInCitizenId: facts.birthDate }, this.clock.today())]);
    // GB 11643-1999 §4.2.3: the 17th digit is odd for men, even for women
    if (facts.male !== (input.gender === Gender.MALE)) throw BadUserInputError.field('input.gender', `与身份证号第 17 位（${id[16]}，${facts.male ? '男' : '女'}）不一致`);
    if (input.phone) {
      const p = phoneProblem(input.phone);
      if (p) throw BadUserInputError.field('input.phone', p);
    }
    const region = await this.organizations.region(ctx, input.regionId, 'input.regionId');
    assertReaches(ctx, region.path);
    if (region.level !== RegionLevel.TOWNSHIP && region.level !== RegionLevel.COUNTY) throw BadUserInputError.field('input.regionId', '须为乡镇或县');
    const index = this.cipher.citizenIdIndex(id);
    const masked = maskCitizenId(id);
    // every duplicate check is audited: what the caller was told, in its jurisdiction; a record found elsewhere, where
    // both regions are in reach (the county office reconciles the two records)
    const checked = (answer: 'DUPLICATE' | 'NONE', targetId: string | null) =>
      ctx.auditEvent({ operation: 'citizenIdDuplicateCheck', outcome: 'SUCCESS', targetType: 'Person', targetId, after: { citizenId: masked, answer } });
    const outcome = await this.tx.run(async (m) => {
      // no id oracle: "已登记" only for a record inside the caller's jurisdiction, or to whoever may unmask; a record
      // elsewhere is not told: the person is registered again in the caller's region (unique per region)
      const found = (await m.query(`SELECT p.id, r.path FROM person p JOIN region r ON r.id = p.region_id WHERE p.citizen_id_index = ANY($1)`, [this.cipher.citizenIdIndexes(id)])) as { id: string; path: string }[];
      const told = found.find((x) => reaches(ctx.actor, x.path)) ?? (can(ctx, Permission.PERSONAL_DATA_UNMASK) ? found[0] : undefined);
      if (told) {
        checked('DUPLICATE', told.id);
        throw new ConflictError('该身份证号的人员已登记');
      }
      const repo = m.getRepository(Person);
      const saved = await repo.save(repo.create({
        id: randomUUID(), regionId: region.id, name: input.name.trim(), gender: input.gender, birthDate: input.birthDate,
        citizenIdEnc: this.cipher.encryptCitizenId(id), citizenIdIndex: index, citizenIdMasked: masked,
        phoneEnc: input.phone ? this.cipher.encryptPhone(input.phone.trim()) : null, phoneMasked: input.phone ? maskPhone(input.phone.trim()) : null,
        education: input.education, householdRegionCode: input.householdRegionCode, residenceRegionCode: input.residenceRegionCode,
        establishmentUnit: input.establishmentUnit.trim(), establishmentType: input.establishmentType, communication: input.communication ?? null,
        communicationNote: input.communicationNote?.trim() || null, otherJobs: input.otherJobs?.trim() || null, createdBy: ctx.actor.label,
      }));
      return { saved, elsewhere: found };
    });
    const { saved: person, elsewhere } = outcome;
    checked('NONE', person.id);
    if (elsewhere.length) {
      ctx.auditEvent({
        operation: 'citizenIdDuplicateCheck', outcome: 'SUCCESS', targetType: 'Person', targetId: person.id, scopePath: commonPath([region.path, ...elsewhere.map((x) => x.path)]),
        after: { citizenId: masked, answer: 'NONE', registeredElsewhere: elsewhere.map((x) => x.id) },
      });
    }
    ctx.auditTarget('Person', person.id, { after: { name: person.name, citizenId: person.citizenIdMasked, regionId: person.regionId } });
    return person;
  }

  /**
   * Corrects a person's record (PER-2 .. PER-6, PER-8 facts): a guarded update of the version the client read, each
   * changed field kept with the reason (record_correction), audited; then the eligibility verdict (PER-1 .. PER-9) is
   * computed again for the person's open post, as of today. The citizen id (and the birth date it holds) is not
   * corrected here: the gender must still agree with it (GB 11643-1999 §4.2.3). A post already moved on keeps its
   * recorded selection; the new verdict shows whether it still holds.
   */
  async updatePerson(ctx: RequestContext, input: UpdatePersonInput): Promise<{ person: Person; eligibility: (EligibilityResult & { asOf: string }) | null }> {
    const reason = correctionReason(input.reason);
    const found = await this.person(ctx, input.id, 'input.id');
    const phone = input.phone === undefined || input.phone === null ? undefined : input.phone.trim();
    if (phone) {
      const p = phoneProblem(phone);
      if (p) throw BadUserInputError.field('input.phone', p);
    }
    if (input.name !== undefined && input.name !== null && !input.name.trim()) throw BadUserInputError.field('input.name', '请填写姓名');
    ctx.auditTarget('Person', found.id, { before: { version: found.version } });
    const today = this.clock.today();
    const result = await this.tx.run(async (m) => {
      const current = await m.getRepository(Person).findOneByOrFail({ id: found.id });
      if (input.gender) {
        const male = citizenIdFacts(this.cipher.decryptCitizenId(current.citizenIdEnc)).male;
        if (male !== (input.gender === Gender.MALE)) throw BadUserInputError.field('input.gender', `与身份证号第 17 位（${male ? '男' : '女'}）不一致`);
      }
      const wanted: Partial<Person> = {
        name: input.name?.trim() ?? undefined,
        gender: input.gender ?? undefined,
        education: input.education ?? undefined,
        householdRegionCode: input.householdRegionCode ?? undefined,
        residenceRegionCode: input.residenceRegionCode ?? undefined,
        communication: input.communication ?? undefined,
        communicationNote: input.communicationNote === undefined || input.communicationNote === null ? undefined : input.communicationNote.trim() || null,
        otherJobs: input.otherJobs === undefined || input.otherJobs === null ? undefined : input.otherJobs.trim() || null,
      };
      // the phone is personal data: compared unmasked, kept in the history masked only
      const currentPhone = current.phoneEnc ? this.cipher.decryptPhone(current.phoneEnc) : null;
      const phoneChange = phone !== undefined && (phone || null) !== currentPhone
        ? [{ field: 'phone', oldValue: current.phoneMasked, newValue: phone ? maskPhone(phone) : null }]
        : [];
      const changes = [...changedFields(current as unknown as Record<string, unknown>, wanted as Record<string, unknown>), ...phoneChange];
      if (changes.length === 0) throw BadUserInputError.field('input', '没有要更正的内容（所填各项与现有记录相同）');
      const set: Partial<Person> = Object.fromEntries(changes.filter((c) => c.field !== 'phone').map((c) => [c.field, c.newValue]));
      if (phoneChange.length) Object.assign(set, { phoneEnc: phone ? this.cipher.encryptPhone(phone) : null, phoneMasked: phone ? maskPhone(phone) : null });
      const person = await updateVersioned(m, Person, current, input.expectedVersion, set);
      await this.corrections.record(m, ctx, CorrectedRecord.PERSON, person.id, changes, reason);
      // PER-1 .. PER-9 again, for the post the person holds or is proposed for (none: no verdict to recompute)
      const open = await m.getRepository(Post).findOne({ where: { personId: person.id, state: Not(PostState.LEFT) } });
      const org = open ? await m.getRepository(Organization).findOneByOrFail({ id: open.organizationId }) : null;
      const eligibility = org ? { ...(await this.evaluate(m, person, org, today)), asOf: today } : null;
      return { person, eligibility, fields: changes.map((c) => c.field) };
    });
    ctx.auditTarget('Person', result.person.id, {
      before: { version: found.version }, after: { version: result.person.version, fields: result.fields, reason },
    });
    return { person: result.person, eligibility: result.eligibility ? this.withoutExactAge(ctx, result.eligibility) : null };
  }

  /** The person and the post's organization, which must sit in the region where the person was registered. */
  private async personAndPost(ctx: RequestContext, input: PersonAtStationInput): Promise<{ person: Person; org: Organization }> {
    const person = await this.person(ctx, input.personId, 'input.personId');
    const org = await this.postOrganization(ctx, input.stationId, 'input.stationId');
    if (org.regionId !== person.regionId) {
      throw BadUserInputError.field('input.stationId', '须为该人员登记所在乡镇的工作站（县级登记的人员只能到指导中心）');
    }
    ctx.auditTarget('Person', person.id);
    return { person, org };
  }

  /** A candidate for a station (CANDIDATE): one open post per person at a time. */
  async proposeCandidate(ctx: RequestContext, input: PersonAtStationInput): Promise<Post> {
    const { person, org } = await this.personAndPost(ctx, input);
    const post = await this.tx.run((m) => this.openPost(m, ctx, person, org));
    ctx.auditTarget('Post', post.id, { after: { personId: person.id, organizationId: org.id, state: post.state } });
    return post;
  }

  /** CANDIDATE > SELECTED, only when every selection rule passes (or its deviation is approved) on that date. */
  async selectPerson(ctx: RequestContext, input: SelectPersonInput): Promise<Post> {
    const { person, org } = await this.personAndPost(ctx, input);
    // judged on the selection date: not a future one, and a late record only within its window (T-PER-2)
    time.assertTimeRules([time.selectionDate(input.selectedOn, this.clock.today())]);
    const post = await this.tx.run(async (m) => {
      const result = await this.evaluate(m, person, org, input.selectedOn);
      if (!result.eligibleForSelection) {
        const failed = result.verdicts.filter((v) => v.stage === 'SELECTION' && v.verdict === 'FAIL');
        throw new AppError(ErrorCode.NOT_ELIGIBLE, `不符合选调条件：${failed.map((f) => `${f.rule} ${f.explanation}`).join('；')}`, {
          failedRules: failed.map((f) => ({ rule: f.rule, explanation: f.explanation })),
        });
      }
      const open = await m.getRepository(Post).findOne({ where: { personId: person.id, state: Not(PostState.LEFT) } });
      const current = open && open.organizationId === org.id ? open : await this.openPost(m, ctx, person, org);
      return this.move(m, ctx, current, PostState.SELECTED, undefined, { selectedOn: input.selectedOn, eligibilityPolicyVersion: result.policyVersion });
    });
    ctx.auditTarget('Post', post.id, { after: { state: post.state, selectedOn: post.selectedOn, policyVersion: post.eligibilityPolicyVersion } });
    return post;
  }

  /** SELECTED or EXAM_FAILED > IN_TRAINING, from a day (default today) on or after the selection (T-PER-3). */
  async startPreJobTraining(ctx: RequestContext, input: { postId: string; expectedVersion?: number; trainingStartedOn?: string | null }): Promise<Post> {
    const trainingStartedOn = input.trainingStartedOn ?? this.clock.today();
    return this.transition(ctx, input, PostState.IN_TRAINING, async (_m, post) => {
      time.assertTimeRules([time.trainingStart(post, trainingStartedOn, this.clock.today())]);
      return { trainingStartedOn };
    });
  }

  /** A post the actor reaches, else NOT_FOUND (whom a post belongs to is personal data). */
  async reachablePost(ctx: RequestContext, globalId: string, field: string): Promise<Post> {
    const found = await this.dataSource.getRepository(Post).findOneBy({ id: fromGlobalId(globalId, 'Post', field) });
    if (!found) throw new NotFoundError('岗位');
    const org = await this.organizations.organizationById(ctx).load(found.organizationId);
    assertReaches(ctx, (await this.organizations.regionById(ctx).load(org!.regionId))!.path, { what: '岗位' });
    return found;
  }

  /**
   * PER-7: inside the transaction of an exam result (the training module keeps the one exam model), the
   * brigade's result moves the post IN_TRAINING > EXAM_PASSED or EXAM_FAILED. The post is the one named, or the
   * person's open post; any other state answers CONFLICT with the allowed next states.
   */
  async moveByPreJobExam(
    m: EntityManager,
    ctx: RequestContext,
    target: { postId: string; expectedVersion?: number } | { personId: string },
    outcome: { score: number; examOn: string; passed: boolean; note: string; field?: string },
  ): Promise<Post> {
    const current = 'postId' in target
      ? await m.getRepository(Post).findOneByOrFail({ id: target.postId })
      : await m.getRepository(Post).findOneBy({ personId: target.personId, state: Not(PostState.LEFT) });
    if (!current) throw new ConflictError('该人员没有岗位（须先选调并开始岗前培训）', { state: null, allowedNextStates: [] });
    const expectedVersion = 'postId' in target ? target.expectedVersion : undefined;
    time.assertTimeRules([time.examDate(current, outcome.examOn, this.clock.today(), outcome.field)]);
    return this.move(m, ctx, current, outcome.passed ? PostState.EXAM_PASSED : PostState.EXAM_FAILED, expectedVersion, { examScore: outcome.score, examOn: outcome.examOn }, outcome.note);
  }

  /**
   * PER-7, PER-9: EXAM_PASSED > ON_DUTY, never beyond the quota. The station's row is locked first, so two
   * requests for its last free post run one after the other and the second finds it full.
   */
  async putOnDuty(ctx: RequestContext, input: PutOnDutyInput): Promise<Post> {
    return this.transition(ctx, input, PostState.ON_DUTY, async (m, post) => {
      time.assertTimeRules([time.onDutyDate(post, input.onDutyFrom, this.clock.today())]);
      // never on duty at two posts on one day: a prior-service spell of the same person counts (PER-9's roster)
      const spell = { onDutyFrom: input.onDutyFrom, leftOn: null };
      const earlier = (await m.getRepository(Post).findBy({ personId: post.personId })).find((p) => p.id !== post.id && p.onDutyFrom !== null
        && spellsOverlap(spell, { onDutyFrom: p.onDutyFrom, leftOn: p.leftOn }));
      if (earlier) throw new ConflictError(`PER-9：该人员在 ${earlier.onDutyFrom} 起已有在岗记录，任职期间不能重叠`, { onDutyFrom: earlier.onDutyFrom, leftOn: earlier.leftOn });
      await this.assertNoPostElsewhere(m, await m.getRepository(Person).findOneByOrFail({ id: post.personId }), spell, false);
      for (const guard of this.dutyGuards) {
        const problem = await guard(m, post, input.onDutyFrom);
        if (problem) throw BadUserInputError.field('input.onDutyFrom', problem);
      }
      const org = await m.getRepository(Organization).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id: post.organizationId }).getOneOrFail();
      // the most on duty on any day from that day on (a late record of an earlier start must not put more people
      // on duty on a past day than the quota; so a period's roster is never longer than the quota, which bounds an
      // appraisal round's subjects): the spells of whoever is on duty now or left after that day
      const spells = await m.getRepository(Post).createQueryBuilder('p')
        .select(["to_char(p.on_duty_from, 'YYYY-MM-DD') AS on_duty_from", "to_char(p.left_on, 'YYYY-MM-DD') AS left_on"])
        .where('p.organization_id = :org AND p.id <> :post AND p.on_duty_from IS NOT NULL', { org: org.id, post: post.id })
        .andWhere('(p.left_on IS NULL OR p.left_on > :from)', { from: input.onDutyFrom })
        .getRawMany<{ on_duty_from: string; left_on: string | null }>();
      const onDuty = mostOnDutyFrom(input.onDutyFrom, spells.map((r) => ({ onDutyFrom: r.on_duty_from, leftOn: r.left_on })));
      if (onDuty >= (org.staffQuota ?? 0)) {
        throw new ConflictError(`PER-9：${org.name}编制 ${org.staffQuota} 人，已在岗 ${onDuty} 人，不能再安排上岗`, { staffQuota: org.staffQuota, onDuty });
      }
      return { onDutyFrom: input.onDutyFrom };
    });
  }

  async recordDeparture(ctx: RequestContext, input: RecordDepartureInput): Promise<Post> {
    return this.transition(ctx, input, PostState.LEFT, async (_m, post) => {
      time.assertTimeRules([time.departureDate(post, input.leftOn, this.clock.today())]);
      return { leftOn: input.leftOn, leaveReason: input.reason };
    }, input.note.trim());
  }

  /**
   * Prior service: someone already on duty at a station (or the center) before the platform, or a past post of
   * theirs, recorded by the township government or the committee office with its dates and the reason, instead of
   * back-dating the selection flow (selection and exam are not re-run: they happened off the platform). The post
   * is ON_DUTY from `onDutyFrom`, or LEFT on `leftOn`; dates not in the future, `leftOn` not before `onDutyFrom`.
   * PER-9 holds on every day of the spell; a person is never on duty at two posts on one day, and has one open
   * post at a time; a finalized evaluation period is not rewritten (the duty guards, EVA-3).
   */
  async recordPriorService(ctx: RequestContext, input: RecordPriorServiceInput): Promise<Post> {
    const leftOn = input.leftOn ?? null;
    if (leftOn === null && input.leaveReason) throw BadUserInputError.field('input.leaveReason', '仍在岗时不填离岗原因');
    const reason = input.reason.trim();
    const { person, org } = await this.personAndPost(ctx, input);
    const today = this.clock.today();
    time.assertTimeRules([time.priorServiceDates(person.birthDate, input.onDutyFrom, leftOn, today, (await this.policyOn(today)).minAge)]);
    const spell = { onDutyFrom: input.onDutyFrom, leftOn };
    const post = await this.tx.run(async (m) => {
      // the station's row first: two records for its last free post run one after the other (PER-9)
      const station = await m.getRepository(Organization).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id: org.id }).getOneOrFail();
      const mine = await m.getRepository(Post).findBy({ personId: person.id });
      const open = mine.find((p) => p.state !== PostState.LEFT);
      if (leftOn === null && open) throw new ConflictError('该人员已有未结束的岗位（一人同时只能有一个）', { postState: open.state });
      const clash = mine.find((p) => p.onDutyFrom !== null && spellsOverlap(spell, { onDutyFrom: p.onDutyFrom, leftOn: p.leftOn }));
      if (clash) throw new ConflictError(`PER-9：该人员在 ${clash.onDutyFrom} 起已有在岗记录，任职期间不能重叠`, { onDutyFrom: clash.onDutyFrom, leftOn: clash.leftOn });
      await this.assertNoPostElsewhere(m, person, spell, leftOn === null);
      const others = await m.getRepository(Post).createQueryBuilder('p')
        .select(["to_char(p.on_duty_from, 'YYYY-MM-DD') AS on_duty_from", "to_char(p.left_on, 'YYYY-MM-DD') AS left_on"])
        .where('p.organization_id = :org AND p.on_duty_from IS NOT NULL', { org: station.id })
        .andWhere('(p.left_on IS NULL OR p.left_on > :from)', { from: input.onDutyFrom })
        .getRawMany<{ on_duty_from: string; left_on: string | null }>();
      const onDuty = leftOn === input.onDutyFrom ? 0 : mostOnDutyFrom(input.onDutyFrom, others.map((r) => ({ onDutyFrom: r.on_duty_from, leftOn: r.left_on })), leftOn);
      if (onDuty >= (station.staffQuota ?? 0)) {
        throw new ConflictError(`PER-9：${station.name}编制 ${station.staffQuota} 人，该期间已有 ${onDuty} 人在岗，不能再登记既往任职`, { staffQuota: station.staffQuota, onDuty });
      }
      const draft = { organizationId: station.id } as Post;
      for (const guard of this.dutyGuards) {
        const problem = await guard(m, draft, input.onDutyFrom);
        if (problem) throw BadUserInputError.field('input.onDutyFrom', problem);
      }
      const repo = m.getRepository(Post);
      const saved = await repo.save(repo.create({
        id: randomUUID(), personId: person.id, organizationId: station.id, state: leftOn === null ? PostState.ON_DUTY : PostState.LEFT, selectedOn: null,
        examScore: null, examOn: null, onDutyFrom: input.onDutyFrom, leftOn, leaveReason: leftOn === null ? null : input.leaveReason ?? null,
        eligibilityPolicyVersion: null, priorService: true, priorServiceReason: reason,
      }));
      const at = this.clock.now();
      await m.getRepository(PostTransition).insert({ id: randomUUID(), postId: saved.id, fromState: null, toState: PostState.ON_DUTY, at, actor: ctx.actor.label, note: `既往任职：${reason}` });
      if (leftOn !== null) {
        await m.getRepository(PostTransition).insert({ id: randomUUID(), postId: saved.id, fromState: PostState.ON_DUTY, toState: PostState.LEFT, at: new Date(at.getTime() + 1), actor: ctx.actor.label, note: `既往任职于 ${leftOn} 离岗` });
      }
      await this.touchPerson(m, person.id);
      // as its transitions: on duty, then (a past post) left
      await this.announcePost(m, { ...saved, state: PostState.ON_DUTY }, null);
      if (leftOn !== null) await this.announcePost(m, saved, PostState.ON_DUTY);
      return saved;
    });
    ctx.auditTarget('Post', post.id, {
      after: { personId: person.id, organizationId: org.id, state: post.state, priorService: true, reason, onDutyFrom: post.onDutyFrom, leftOn: post.leftOn, leaveReason: post.leaveReason },
    });
    return post;
  }

  async requestDeviation(ctx: RequestContext, input: RequestDeviationInput): Promise<EligibilityDeviation> {
    const { person, org } = await this.personAndPost(ctx, input);
    const deviation = await this.tx.run(async (m) => {
      const existing = await m.getRepository(EligibilityDeviation).findOne({
        where: { personId: person.id, organizationId: org.id, rule: input.rule, status: In([DeviationStatus.PENDING, DeviationStatus.APPROVED]) },
      });
      if (existing) throw new ConflictError(existing.status === DeviationStatus.PENDING ? '已有待审批的同一偏离申请' : '该偏离已获批准');
      const repo = m.getRepository(EligibilityDeviation);
      return repo.save(repo.create({
        id: randomUUID(), personId: person.id, organizationId: org.id, rule: input.rule, justification: input.justification.trim(),
        status: DeviationStatus.PENDING, requestedBy: ctx.actor.label, requestedAt: this.clock.now(), decidedBy: null, decidedAt: null, decisionNote: null,
      }));
    });
    ctx.auditTarget('Deviation', deviation.id, { after: { rule: deviation.rule, status: deviation.status } });
    return deviation;
  }

  /** PER-2, PER-8: the center approves or rejects a pending deviation (once). */
  async decideDeviation(ctx: RequestContext, input: DecideDeviationInput): Promise<EligibilityDeviation> {
    const id = fromGlobalId(input.deviationId, 'Deviation', 'input.deviationId');
    const found = await this.dataSource.getRepository(EligibilityDeviation).findOneBy({ id });
    if (!found) throw new NotFoundError('偏离申请');
    await this.person(ctx, toGlobalId('Person', found.personId), 'input.deviationId').catch(() => {
      throw new NotFoundError('偏离申请');
    });
    const decided = await this.tx.run(async (m) => {
      const affected = await updateBumpingVersion(m, EligibilityDeviation, 'id = :id AND status = :pending',
        { status: input.approve ? DeviationStatus.APPROVED : DeviationStatus.REJECTED, decidedBy: ctx.actor.label, decidedAt: this.clock.now(), decisionNote: input.note?.trim() || null },
        { id, pending: DeviationStatus.PENDING });
      if (affected !== 1) throw new ConflictError('该申请已审批过');
      return m.getRepository(EligibilityDeviation).findOneByOrFail({ id });
    });
    ctx.auditTarget('Deviation', id, { before: { status: DeviationStatus.PENDING }, after: { status: decided.status } });
    return decided;
  }

  async publishPolicy(ctx: RequestContext, input: PublishPersonnelPolicyInput): Promise<PersonnelPolicy> {
    if (!isCalendarDate(input.effectiveFrom)) throw BadUserInputError.field('input.effectiveFrom', '不是有效的日期');
    if (input.minAge > input.maxAge) throw BadUserInputError.field('input.maxAge', '不能小于最小年龄');
    // never retroactive: a new version changes what is judged from its date on, never what was judged before
    time.assertTimeRules([time.personnelPolicyDate(input.effectiveFrom, null, this.clock.today())]);
    const policy = await this.tx.run(async (m) => {
      await m.query(`LOCK TABLE personnel_policy IN EXCLUSIVE MODE`);
      const latest = await m.getRepository(PersonnelPolicy).findOne({ where: {}, order: { version: 'DESC' } });
      time.assertTimeRules([time.personnelPolicyDate(input.effectiveFrom, latest?.effectiveFrom ?? null, this.clock.today())]);
      const repo = m.getRepository(PersonnelPolicy);
      return repo.save(repo.create({ version: (latest?.version ?? 0) + 1, ...input, createdBy: ctx.actor.label }));
    });
    ctx.auditTarget('PersonnelPolicy', String(policy.version), { after: { ...input } });
    return policy;
  }

  // ---------- helpers ----------

  /**
   * One person, one post at a time, across registrations: a citizen id registered again in another region (no id
   * oracle) is another person row, so its posts are found here by the id's index. An open post there, or a duty
   * spell overlapping `spell`, refuses; the refusal names nothing of the other registration (the committee office
   * reconciles the two from the audited duplicate check).
   */
  private async assertNoPostElsewhere(m: EntityManager, person: Person, spell: { onDutyFrom: string; leftOn: string | null } | null, open = true): Promise<void> {
    const rows = (await m.query(
      `SELECT p.state, to_char(p.on_duty_from, 'YYYY-MM-DD') AS on_duty_from, to_char(p.left_on, 'YYYY-MM-DD') AS left_on
         FROM post p JOIN person q ON q.id = p.person_id WHERE q.citizen_id_index = ANY($1) AND q.id <> $2`,
      // every stored form of the index: the other registration may not be rotated yet (key-material.ts)
      [[person.citizenIdIndex, ...this.cipher.citizenIdIndexes(this.cipher.decryptCitizenId(person.citizenIdEnc))], person.id],
    )) as { state: PostState; on_duty_from: string | null; left_on: string | null }[];
    const clash = rows.some((r) => (open && r.state !== PostState.LEFT)
      || (spell !== null && r.on_duty_from !== null && spellsOverlap(spell, { onDutyFrom: r.on_duty_from, leftOn: r.left_on })));
    if (clash) throw new ConflictError('PER-9：该身份证号在本辖区以外另有岗位登记，一人不能同时任两个岗位；请联系县消委办核对');
  }

  private async openPost(m: EntityManager, ctx: RequestContext, person: Person, org: Organization): Promise<Post> {
    const open = await m.getRepository(Post).findOne({ where: { personId: person.id, state: Not(PostState.LEFT) } });
    if (open) throw new ConflictError('该人员已有未结束的岗位（一人同时只能有一个）', { postState: open.state });
    await this.assertNoPostElsewhere(m, person, null);
    const repo = m.getRepository(Post);
    const post = await repo.save(repo.create({
      id: randomUUID(), personId: person.id, organizationId: org.id, state: PostState.CANDIDATE, selectedOn: null, examScore: null,
      examOn: null, trainingStartedOn: null, onDutyFrom: null, leftOn: null, leaveReason: null, eligibilityPolicyVersion: null, priorService: false, priorServiceReason: null,
    }));
    await m.getRepository(PostTransition).insert({ id: randomUUID(), postId: post.id, fromState: null, toState: PostState.CANDIDATE, at: this.clock.now(), actor: ctx.actor.label, note: null });
    return post;
  }

  /** Loads a post the actor reaches (NOT_FOUND otherwise), then moves it in one transaction. */
  private async transition(
    ctx: RequestContext,
    input: { postId: string; expectedVersion?: number },
    to: PostState,
    guard: (m: EntityManager, post: Post) => Promise<Partial<Post>>,
    note?: string,
  ): Promise<Post> {
    const id = fromGlobalId(input.postId, 'Post', 'input.postId');
    const found = await this.dataSource.getRepository(Post).findOneBy({ id });
    if (!found) throw new NotFoundError('岗位');
    const org = await this.organizations.organizationById(ctx).load(found.organizationId);
    assertReaches(ctx, (await this.organizations.regionById(ctx).load(org!.regionId))!.path, { what: '岗位' });
    ctx.auditTarget('Post', found.id, { before: { state: found.state } });
    const post = await this.tx.run(async (m) => {
      const current = await m.getRepository(Post).findOneByOrFail({ id });
      if (!canMove(current.state, to)) throw this.refused(current.state, to);
      const changes = await guard(m, current);
      return this.move(m, ctx, current, to, input.expectedVersion, changes, note);
    });
    ctx.auditTarget('Post', post.id, { before: { state: found.state }, after: { state: post.state, ...(note ? { note } : {}) } });
    return post;
  }

  /** A guarded move: `WHERE id AND state AND version`, one row or CONFLICT; the transition is recorded. */
  private async move(m: EntityManager, ctx: RequestContext, current: Post, to: PostState, expectedVersion: number | undefined, changes: Partial<Post>, note?: string): Promise<Post> {
    const id = current.id;
    if (!canMove(current.state, to)) throw this.refused(current.state, to);
    await updateVersioned(m, Post, current, expectedVersion, { ...changes, state: to }, { state: current.state }, '岗位');
    await m.getRepository(PostTransition).insert({ id: randomUUID(), postId: id, fromState: current.state, toState: to, at: await this.nextStepAt(m, id), actor: ctx.actor.label, note: note ?? null });
    const moved = await m.getRepository(Post).findOneByOrFail({ id });
    await this.touchPerson(m, moved.personId);
    await this.announcePost(m, moved, current.state);
    return moved;
  }

  /** A person's post (its state: selected, on duty, left …) is part of the person read: `people(updatedSince:)` must list them again. */
  private async touchPerson(m: EntityManager, personId: string): Promise<void> {
    await m.query(`UPDATE person SET updated_at = now() WHERE id = $1`, [personId]);
  }

  /** person.on_duty / person.left (docs/events.md) for a post that reached ON_DUTY or LEFT, in its transaction. */
  private async announcePost(m: EntityManager, post: Post, from: PostState | null): Promise<void> {
    if (post.state !== PostState.ON_DUTY && post.state !== PostState.LEFT) return;
    const [org] = (await m.query(`SELECT region_id FROM organization WHERE id = $1`, [post.organizationId])) as { region_id: string }[];
    const base = { regionId: org.region_id, subjectId: post.personId };
    const ids = { postId: globalRef('Post', post.id)!, organizationId: globalRef('Organization', post.organizationId)! };
    if (post.state === PostState.ON_DUTY) {
      await this.outbox.emit(m, { ...base, type: 'person.on_duty', payload: { ...ids, onDutyFrom: post.onDutyFrom!, priorService: post.priorService } });
    } else {
      await this.outbox.emit(m, { ...base, type: 'person.left', payload: { ...ids, fromState: from ?? PostState.ON_DUTY, leftOn: post.leftOn, leaveReason: post.leaveReason, priorService: post.priorService } });
    }
  }

  /**
   * When a post's next step happened: now, or a millisecond after its last step when that is not earlier (one
   * request proposing and selecting a candidate writes two steps in the same millisecond). `Post.transitions` pages
   * on the time: steps of one post never tie, so they always read in the order they happened.
   */
  private async nextStepAt(m: EntityManager, postId: string): Promise<Date> {
    const now = this.clock.now();
    const last = await m.getRepository(PostTransition).createQueryBuilder('t').select('max(t.at)', 'at').where('t.post_id = :postId', { postId })
      .getRawOne<{ at: Date | string | null }>();
    const lastAt = last?.at ? new Date(last.at).getTime() : null;
    return lastAt !== null && lastAt >= now.getTime() ? new Date(lastAt + 1) : now;
  }

  private refused(from: PostState, to: PostState): ConflictError {
    const allowed = canMoveTargets(from);
    return new ConflictError(`岗位状态为“${labelOf(PostState, from)}”，不能变为“${labelOf(PostState, to)}”；允许的下一状态：${labelsOf(PostState, allowed)}`, { state: from, allowedNextStates: allowed });
  }
}

/** The deepest region containing every path (materialized paths `/<id>/<id>/…/`): where all of them are in reach. */
function commonPath(paths: string[]): string {
  const parts = paths.map((p) => p.split('/').filter(Boolean));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length && p[i] === parts[0][i]); i++) common.push(parts[0][i]);
  return common.length ? `/${common.join('/')}/` : '/';
}
