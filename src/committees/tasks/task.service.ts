import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import type { AttachmentChoice } from '../../attachments/attachment.service';
import { AttachmentService } from '../../attachments/attachment.service';
import { assertReaches, reaches, withinJurisdiction } from '../../kernel/jurisdiction';
import { Permission, Role } from '../../kernel/permissions';
import { regionalPage } from '../../auth/work-scope';
import { can } from '../../kernel/can';
import { text } from '../../kernel/text';
import { Clock } from '../../common/clock';
import { labelOf, labelsOf } from '../../common/labels';
import * as time from '../../common/time-rules';
import { addWorkingDays } from '../../common/working-days';
import { TransactionRunner, updateVersioned } from '../../database/transaction';
import { childPages } from '../../graphql/child-pages';
import { ConnectionValue, OrderKey, PageArgs } from '../../graphql/connection';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../kernel/errors';
import { fromGlobalId } from '../../graphql/global-id';
import { rowLoader } from '../../graphql/loaders';
import type { RequestContext } from '../../kernel/request-context';
import { InspectionPolicyService } from '../../inspections/policy.service';
import { OrganizationKind } from '../../organization/organization.enums';
import { Organization } from '../../organization/organization.entity';
import { OrganizationService } from '../../organization/organization.service';
import { Region } from '../../organization/region.entity';
import { SupervisionFinding, Task, TaskEvent } from '../committee.entity';
import { TaskAction, TaskSource, TaskStatus } from '../committees.enums';
import { completedOnTime, isTaskOverdue, taskOverdueAtSql, taskOverdueSql, TaskStep, taskMove, taskStepsFrom } from './task-lifecycle';
import { CommitteePolicyService } from '../committee-policy.service';
import { EventOutbox } from '../../integration/event-outbox';
import { globalRef } from '../../integration/event-payloads';
import { committeeOf } from '../committee-of';

const TASK_ORDER: OrderKey<Task>[] = [
  { expr: 't.deadline', type: 'text', value: (t) => t.deadline },
  { expr: 't.id', type: 'uuid', value: (t) => t.id },
];

export interface TaskFilter {
  regionId?: string;
  committeeId?: string;
  assigneeId?: string;
  statuses?: TaskStatus[];
  overdue?: boolean;
  /** Overdue as it stood at the start of this day (Asia/Shanghai), rebuilt from the steps (taskOverdueAtSql). */
  overdueAt?: string;
  returned?: boolean;
  campaignId?: string;
  decisionId?: string;
  parentTaskId?: string;
}

export interface AssignTask {
  committeeId?: string | null;
  assigneeId: string;
  title: string;
  requirement: string;
  deadline?: string | null;
  deadlineWorkingDays?: number | null;
  evidenceRequired?: boolean | null;
  decisionId?: string | null;
  campaignId?: string | null;
  findingId?: string | null;
}

export interface TaskReport {
  taskId: string;
  note: string;
  attachments?: AttachmentChoice[] | null;
  expectedVersion?: number | null;
}

/** COM-2 figures of a set of tasks (the ledger and each of its rows). */
export interface TaskFigures {
  total: number;
  open: number;
  overdue: number;
  completedOnTime: number;
  completedLate: number;
  returned: number;
}
export interface TaskLedger extends TaskFigures {
  year: number;
  rows: (TaskFigures & { assignee: Organization })[];
}
export interface TaskRollUp {
  total: number;
  accepted: number;
  open: number;
  overdue: number;
}

/** The ledger's rows are bounded (schema: ≤ 500 assignees). */
export const LEDGER_MAX_ROWS = 500;

const COUNTY_ASSIGNEES = [OrganizationKind.TOWNSHIP_GOVERNMENT, OrganizationKind.TOWNSHIP_COMMITTEE, OrganizationKind.FIRE_WORK_STATION];

/**
 * COM-2: tasks assigned by a committee (交办), their loop with the assignee (签收、进展、报结) and the assigning office
 * (验收、退回重办), a township passing a county task on (分解转办), the ledger (台账).
 */
@Injectable()
export class TaskService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly attachments: AttachmentService,
    private readonly policies: InspectionPolicyService,
    private readonly committeePolicies: CommitteePolicyService,
    private readonly outbox: EventOutbox,
  ) {}

  today(): string {
    return this.clock.today();
  }

  // ---------- reads ----------

  taskById(ctx: RequestContext): DataLoader<string, Task | undefined> {
    return rowLoader(ctx, 'com.taskById', (ids) => this.dataSource.getRepository(Task).findBy({ id: In(ids) }), (t) => t.id);
  }

  /** COM-2, COM-5: who reads a task: COMMITTEE_READ reaching its region; a member unit only its own tasks. */
  private readable(ctx: RequestContext, task: Task, regionPath: string): boolean {
    if (ctx.actor.kind === 'SYSTEM') return true;
    if (!can(ctx, Permission.COMMITTEE_READ) || !reaches(ctx.actor, regionPath)) return false;
    return ctx.actor.role !== Role.MEMBER_UNIT || task.assigneeId === ctx.actor.organizationId;
  }

  /** The tasks the actor may read (node(id:) and attachments use it): null where it may not. */
  async visible(ctx: RequestContext, ids: readonly string[]): Promise<(Task | null)[]> {
    const rows = await this.taskById(ctx).loadMany([...ids]);
    const regions = await this.organizations.regionById(ctx).loadMany(rows.map((r) => (r && !(r instanceof Error) ? r.regionId : '00000000-0000-0000-0000-000000000000')));
    return rows.map((r, i) => {
      const g = regions[i];
      return r && !(r instanceof Error) && g && !(g instanceof Error) && this.readable(ctx, r, g.path) ? r : null;
    });
  }

  /** A task the actor may read, else NOT_FOUND (the same answer whether it does not exist or is out of reach). */
  async task(ctx: RequestContext, globalId: string, field = 'input.taskId'): Promise<Task> {
    const [found] = await this.visible(ctx, [fromGlobalId(globalId, 'Task', field)]);
    if (!found) throw new NotFoundError('任务');
    return found;
  }

  /** Task.events: the steps, oldest first (ix_committee_task_event_task); progress reports repeat without bound. */
  events(ctx: RequestContext, page: PageArgs): DataLoader<string, ConnectionValue<TaskEvent>> {
    return childPages(ctx, this.dataSource, {
      name: 'com.taskEvents', entity: TaskEvent, alias: 'ev', parent: 'ev.task_id', parentOf: (e) => e.taskId,
      order: [{ expr: 'ev.seq', type: 'bigint', value: (e) => e.seq }],
    }, page);
  }

  /** Task.subTasks: the sub-tasks passed on, by deadline (ix_committee_task_parent); a member unit sees only its own. */
  subTasks(ctx: RequestContext, page: PageArgs): DataLoader<string, ConnectionValue<Task>> {
    const unit = ctx.actor.role === Role.MEMBER_UNIT ? ctx.actor.organizationId : null;
    return childPages(ctx, this.dataSource, {
      name: `com.subTasks.${unit ?? 'all'}`, entity: Task, alias: 't', parent: 't.parent_task_id', parentOf: (t) => t.parentTaskId!,
      order: TASK_ORDER,
      scope: (qb) => (unit ? qb.andWhere('t.assignee_id = :subTaskUnit', { subTaskUnit: unit }) : qb),
    }, page);
  }

  /**
   * Campaign.tasks and MeetingDecision.tasks: the tasks of a campaign (COM-3) or given on a decision (COM-1, COM-2),
   * by deadline, batched per page of parents; within the jurisdiction, and a member unit's own only (COM-5).
   */
  tasksOf(ctx: RequestContext, parent: 'campaign' | 'decision', page: PageArgs): DataLoader<string, ConnectionValue<Task>> {
    const unit = ctx.actor.role === Role.MEMBER_UNIT ? ctx.actor.organizationId : null;
    const everywhere = ctx.actor.kind === 'SYSTEM';
    const reach = ctx.actor.regionPath;
    return childPages(ctx, this.dataSource, {
      name: `com.tasksOf.${parent}.${unit ?? 'all'}`, entity: Task, alias: 't',
      parent: parent === 'campaign' ? 't.campaign_id' : 't.decision_id', parentOf: (t) => (parent === 'campaign' ? t.campaignId! : t.decisionId!),
      order: TASK_ORDER,
      scope: (qb) => {
        if (unit) qb.andWhere('t.assignee_id = :tasksOfUnit', { tasksOfUnit: unit });
        if (!everywhere && reach === null) qb.andWhere('false');
        else if (!everywhere) qb.andWhere('t.region_id IN (SELECT tr.id FROM region tr WHERE tr.path LIKE :tasksOfReach)', { tasksOfReach: `${reach}%` });
        return qb;
      },
    }, page);
  }

  /** Task.rollUp: the sub-tasks' figures, one grouped query per batch. */
  rollUp(ctx: RequestContext): DataLoader<string, (TaskRollUp & { id: string }) | undefined> {
    const today = this.today();
    return rowLoader<string, TaskRollUp & { id: string }>(ctx, 'com.taskRollUp', async (ids) => {
      const rows: { parent_task_id: string; total: number; accepted: number; overdue: number }[] = await this.dataSource.query(
        `SELECT parent_task_id, count(*)::int AS total, count(*) FILTER (WHERE status = 'ACCEPTED')::int AS accepted,
                count(*) FILTER (WHERE ${taskOverdueSql('committee_task', '$2::date')})::int AS overdue
         FROM committee_task WHERE parent_task_id = ANY($1) GROUP BY parent_task_id`, [ids, today]);
      const byId = new Map(rows.map((r) => [r.parent_task_id, r]));
      return ids.map((id) => {
        const r = byId.get(id);
        return { id, total: r?.total ?? 0, accepted: r?.accepted ?? 0, open: (r?.total ?? 0) - (r?.accepted ?? 0), overdue: r?.overdue ?? 0 };
      });
    }, (r) => r.id);
  }

  /** Rows a list or the ledger reads: member-unit narrowing (COM-5) and the filters. */
  private filtered(ctx: RequestContext, filter: TaskFilter): (qb: SelectQueryBuilder<Task>) => SelectQueryBuilder<Task> {
    const today = this.today();
    const committeeId = filter.committeeId ? fromGlobalId(filter.committeeId, 'Organization', 'committeeId') : undefined;
    const assigneeId = filter.assigneeId ? fromGlobalId(filter.assigneeId, 'Organization', 'assigneeId') : undefined;
    const campaignId = filter.campaignId ? fromGlobalId(filter.campaignId, 'Campaign', 'campaignId') : undefined;
    const decisionId = filter.decisionId ? fromGlobalId(filter.decisionId, 'MeetingDecision', 'decisionId') : undefined;
    const parentTaskId = filter.parentTaskId ? fromGlobalId(filter.parentTaskId, 'Task', 'parentTaskId') : undefined;
    return (q) => {
      // COM-5: a member unit reads only the tasks assigned to it
      if (ctx.actor.role === Role.MEMBER_UNIT) q.andWhere('t.assignee_id = :ownUnit', { ownUnit: ctx.actor.organizationId });
      if (committeeId) q.andWhere('t.committee_id = :committeeId', { committeeId });
      if (assigneeId) q.andWhere('t.assignee_id = :assigneeId', { assigneeId });
      if (filter.statuses?.length) q.andWhere('t.status IN (:...statuses)', { statuses: filter.statuses });
      // COM-2 overdue, the SQL form of isTaskOverdue
      if (filter.overdue === true) q.andWhere(taskOverdueSql('t', ':today'), { today });
      if (filter.overdue === false) q.andWhere(`NOT ${taskOverdueSql('t', ':today')}`, { today });
      if (filter.overdueAt) q.andWhere(taskOverdueAtSql('t', ':overdueDay::date', ':overdueMoment::timestamptz'), { overdueDay: filter.overdueAt, overdueMoment: new Date(`${filter.overdueAt}T00:00:00+08:00`) });
      if (filter.returned === true) q.andWhere('t.return_count > 0');
      if (filter.returned === false) q.andWhere('t.return_count = 0');
      if (campaignId) q.andWhere('t.campaign_id = :campaignId', { campaignId });
      if (decisionId) q.andWhere('t.decision_id = :decisionId', { decisionId });
      if (parentTaskId) q.andWhere('t.parent_task_id = :parentTaskId', { parentTaskId });
      return q;
    };
  }

  /** COM-2: the tasks of the jurisdiction, by deadline (keyset on deadline, id). */
  async list(ctx: RequestContext, page: PageArgs, filter: TaskFilter): Promise<ConnectionValue<Task>> {
    const repo = this.dataSource.getRepository(Task);
    const filters = this.filtered(ctx, filter);
    return regionalPage(repo, 't', ctx, this.organizations, filter.regionId, filters, page, TASK_ORDER);
  }

  /**
   * COM-2 ledger (台账) of a region (default: the actor's) or a committee, for the year the tasks were assigned in
   * (default: this year): the figures and a row per assignee. Overdue and on time as isTaskOverdue / completedOnTime.
   */
  async ledger(ctx: RequestContext, filter: { regionId?: string; committeeId?: string; year?: number }): Promise<TaskLedger> {
    const today = this.today();
    const { qb, year } = await this.ledgerScope(ctx, filter);
    const figures = (q: SelectQueryBuilder<Task>) => q
      .addSelect('count(*)::int', 'total')
      .addSelect(`count(*) FILTER (WHERE t.status <> 'ACCEPTED')::int`, 'open')
      // COM-2 overdue, the SQL form of isTaskOverdue; on time as completedOnTime, stored on acceptance
      .addSelect(`count(*) FILTER (WHERE ${taskOverdueSql('t', ':ledgerToday')})::int`, 'overdue')
      .addSelect(`count(*) FILTER (WHERE t.status = 'ACCEPTED' AND t.completed_on_time)::int`, 'completedOnTime')
      .addSelect(`count(*) FILTER (WHERE t.status = 'ACCEPTED' AND NOT t.completed_on_time)::int`, 'completedLate')
      .addSelect('count(*) FILTER (WHERE t.return_count > 0)::int', 'returned')
      .setParameter('ledgerToday', today);
    const totals = (await figures(qb.clone().select([])).getRawOne()) as TaskFigures;
    const rows = (await figures(qb.clone().select('t.assignee_id', 'assigneeId'))
      .innerJoin(Organization, 'o', 'o.id = t.assignee_id').addSelect('o.name', 'name')
      .groupBy('t.assignee_id').addGroupBy('o.name').orderBy('o.name').addOrderBy('t.assignee_id').limit(LEDGER_MAX_ROWS)
      .getRawMany()) as (TaskFigures & { assigneeId: string })[];
    const orgs = await this.organizations.organizationById(ctx).loadMany(rows.map((r) => r.assigneeId));
    return { year, ...pick(totals), rows: rows.map((r, i) => ({ ...pick(r), assignee: orgs[i] as Organization })) };
  }

  /** Every task of a ledger's scope, by deadline, for the export (at most `limit`). */
  async ledgerTasks(ctx: RequestContext, filter: { regionId?: string; committeeId?: string; year?: number }, limit: number): Promise<Task[]> {
    const { qb } = await this.ledgerScope(ctx, filter);
    return qb.orderBy('t.deadline').addOrderBy('t.id').limit(limit).getMany();
  }

  /** The tasks of a ledger: the jurisdiction, the region's subtree, the committee, member-unit narrowing, the year assigned in. */
  private async ledgerScope(ctx: RequestContext, filter: { regionId?: string; committeeId?: string; year?: number }): Promise<{ qb: SelectQueryBuilder<Task>; year: number }> {
    const year = filter.year ?? Number(this.today().slice(0, 4));
    const qb = this.dataSource.getRepository(Task).createQueryBuilder('t').innerJoin(Region, 'r', 'r.id = t.region_id');
    withinJurisdiction(qb, ctx, 'r.path');
    if (filter.regionId) {
      const region = await this.organizations.region(ctx, filter.regionId, 'regionId');
      assertReaches(ctx, region.path);
      qb.andWhere('r.path LIKE :ledgerRegion', { ledgerRegion: `${region.path}%` });
    }
    this.filtered(ctx, { committeeId: filter.committeeId })(qb);
    qb.andWhere('t.assigned_on BETWEEN :from AND :to', { from: `${year}-01-01`, to: `${year}-12-31` });
    return { qb, year };
  }

  // ---------- the assigning side (TASK_ASSIGN) ----------

  /**
   * COM-2: who a committee may assign to: its own member units; a county committee also its townships' governments
   * and committees, their stations, and the county's guidance center; a township committee also its station.
   */
  private async assigneeFor(ctx: RequestContext, committee: Organization, committeeRegion: Region, globalId: string, field: string): Promise<{ assignee: Organization; region: Region }> {
    const assignee = await this.organizations.organizationById(ctx).load(fromGlobalId(globalId, 'Organization', field));
    if (!assignee) throw new NotFoundError('承办单位');
    const region = (await this.organizations.regionById(ctx).load(assignee.regionId))!;
    assertReaches(ctx, region.path);
    if (assignee.kind === OrganizationKind.MEMBER_UNIT) {
      if (assignee.parentId !== committee.id) {
        const other = assignee.parentId ? await this.organizations.organizationById(ctx).load(assignee.parentId) : undefined;
        throw BadUserInputError.field(field, `COM-2：“${assignee.name}”是${other ? `“${other.name}”` : '其他委员会'}的成员单位，不能由“${committee.name}”交办`);
      }
      return { assignee, region };
    }
    const county = committee.kind === OrganizationKind.COUNTY_COMMITTEE;
    const ok = county
      ? (COUNTY_ASSIGNEES.includes(assignee.kind) && region.parentId === committeeRegion.id) || (assignee.kind === OrganizationKind.GUIDANCE_CENTER && region.id === committeeRegion.id)
      : assignee.kind === OrganizationKind.FIRE_WORK_STATION && region.id === committeeRegion.id;
    if (!ok) throw BadUserInputError.field(field, 'COM-2：承办单位不在本委员会辖区内');
    return { assignee, region };
  }

  /** The office that assigns for a committee when the actor has no organization of its own (the system, a city office). */
  private async officeOf(ctx: RequestContext, committee: Organization): Promise<string> {
    if (ctx.actor.organizationId) return ctx.actor.organizationId;
    const kind = committee.kind === OrganizationKind.COUNTY_COMMITTEE ? OrganizationKind.COUNTY_COMMITTEE_OFFICE : OrganizationKind.TOWNSHIP_GOVERNMENT;
    return (await this.organizations.organizationInRegion(ctx, kind).load(committee.regionId))?.id ?? committee.id;
  }

  /** COM-2: a committee assigns a task; its source checked, its deadline under T-COM-2; nothing written on a refusal. */
  async assign(ctx: RequestContext, input: AssignTask): Promise<Task> {
    const { committee, region: committeeRegion } = await committeeOf(ctx, this.organizations, input.committeeId, 'COM-2');
    const { assignee } = await this.assigneeFor(ctx, committee, committeeRegion, input.assigneeId, 'input.assigneeId');
    const hasDate = !!input.deadline;
    const hasDays = input.deadlineWorkingDays !== undefined && input.deadlineWorkingDays !== null;
    if (hasDate === hasDays) throw BadUserInputError.field('input.deadline', 'COM-2：办结期限须按日期（deadline）或按工作日（deadlineWorkingDays）二选一填写');
    const today = this.today();
    const decisionId = input.decisionId ? fromGlobalId(input.decisionId, 'MeetingDecision', 'input.decisionId') : null;
    const campaignId = input.campaignId ? fromGlobalId(input.campaignId, 'Campaign', 'input.campaignId') : null;
    const findingId = input.findingId ? fromGlobalId(input.findingId, 'SupervisionFinding', 'input.findingId') : null;
    const assignedById = await this.officeOf(ctx, committee);
    const id = randomUUID();
    const saved = await this.tx.run(async (m) => {
      const policy = await this.committeePolicies.on(today, m);
      const deadline = hasDate ? input.deadline! : addWorkingDays(today, input.deadlineWorkingDays!, await this.policies.calendar(today, m));
      time.assertTimeRules([time.taskDeadline(deadline, today, policy, hasDate ? 'input.deadline' : 'input.deadlineWorkingDays')]);
      if (decisionId) {
        const [d] = (await m.query(
          `SELECT mt.committee_id, mt.status FROM meeting_decision d JOIN committee_meeting mt ON mt.id = d.meeting_id WHERE d.id = $1`, [decisionId])) as { committee_id: string; status: string }[];
        if (!d || d.committee_id !== committee.id || d.status !== 'PUBLISHED') throw BadUserInputError.field('input.decisionId', 'COM-2：须为本委员会已印发会议的议定事项');
      }
      if (campaignId) {
        const [c] = (await m.query(`SELECT committee_id FROM campaign WHERE id = $1`, [campaignId])) as { committee_id: string }[];
        if (!c || c.committee_id !== committee.id) throw BadUserInputError.field('input.campaignId', 'COM-2：须为本委员会部署的专项整治');
      }
      if (findingId) {
        // locked: two offices turning the same finding into a task at once, one wins
        const [f] = (await m.query(
          `SELECT f.task_id, r.path FROM supervision_finding f JOIN supervision_visit v ON v.id = f.visit_id JOIN region r ON r.id = v.region_id WHERE f.id = $1 FOR UPDATE OF f`, [findingId])) as { task_id: string | null; path: string }[];
        if (!f || !reaches(ctx.actor, f.path)) throw BadUserInputError.field('input.findingId', 'COM-2：没有这个督导发现的问题');
        if (f.task_id) throw BadUserInputError.field('input.findingId', 'COM-2：该督导发现的问题已交办任务，不能重复交办');
      }
      const source = findingId ? TaskSource.SUPERVISION : campaignId ? TaskSource.CAMPAIGN : decisionId ? TaskSource.DECISION : TaskSource.DEPLOYMENT;
      const repo = m.getRepository(Task);
      const row = await repo.save(repo.create({
        id, committeeId: committee.id, assignedById, assigneeId: assignee.id, regionId: assignee.regionId, source, decisionId, campaignId, parentTaskId: null,
        title: input.title.trim(), requirement: input.requirement.trim(), assignedOn: today, deadline, deadlineWorkingDays: hasDays ? input.deadlineWorkingDays! : null,
        evidenceRequired: input.evidenceRequired ?? true, status: TaskStatus.ASSIGNED, policyVersion: policy.version, acknowledgedAt: null, completionReportedAt: null,
        acceptedAt: null, completedOnTime: null, returnCount: 0, lastReturnReason: null, createdBy: ctx.actor.label,
      }));
      if (findingId) await m.getRepository(SupervisionFinding).update({ id: findingId }, { taskId: id });
      await this.event(m, ctx, id, TaskAction.ASSIGNED, `交办“${assignee.name}”，期限 ${deadline}`, []);
      await this.announceAssigned(m, row);
      return row;
    });
    ctx.auditTarget('Task', saved.id, { after: { title: saved.title, assigneeId: saved.assigneeId, deadline: saved.deadline, source: saved.source } });
    return saved;
  }

  /** COM-2: the assigning side (the committee's office, reaching the committee's region) accepts a reported completion. */
  async accept(ctx: RequestContext, input: { taskId: string; note?: string | null; expectedVersion?: number | null }): Promise<Task> {
    const found = await this.assigning(ctx, input.taskId);
    return this.step(ctx, found, TaskAction.ACCEPTED, input.expectedVersion, text(input.note), [], (current) => ({
      acceptedAt: this.clock.now(), completedOnTime: completedOnTime(current.completionReportedAt!, current.deadline),
    }));
  }

  /** COM-2: the assigning side returns a reported completion with its reason: the task is reopened. */
  async return(ctx: RequestContext, input: { taskId: string; reason: string; expectedVersion?: number | null }): Promise<Task> {
    const found = await this.assigning(ctx, input.taskId);
    const reason = input.reason.trim();
    return this.step(ctx, found, TaskAction.RETURNED, input.expectedVersion, reason, [], (current) => ({
      returnCount: current.returnCount + 1, lastReturnReason: reason, completionReportedAt: null,
    }));
  }

  private async assigning(ctx: RequestContext, globalId: string): Promise<Task> {
    const found = await this.task(ctx, globalId);
    const committee = (await this.organizations.organizationById(ctx).load(found.committeeId))!;
    const region = (await this.organizations.regionById(ctx).load(committee.regionId))!;
    if (!reaches(ctx.actor, region.path)) throw new ForbiddenError(`COM-2：只有交办该任务的“${committee.name}”（办公室）可以验收或退回`);
    return found;
  }

  /**
   * COM-2: a township passes a county task assigned to its government or committee on to its own member units or
   * station: a sub-task of the township committee, due no later than its parent (T-COM-2).
   */
  async passOn(ctx: RequestContext, input: { taskId: string; assigneeId: string; title?: string | null; requirement?: string | null; deadline: string; evidenceRequired?: boolean | null }): Promise<Task> {
    const parent = await this.task(ctx, input.taskId);
    const holder = (await this.organizations.organizationById(ctx).load(parent.assigneeId))!;
    if (holder.kind !== OrganizationKind.TOWNSHIP_GOVERNMENT && holder.kind !== OrganizationKind.TOWNSHIP_COMMITTEE) {
      throw BadUserInputError.field('input.taskId', 'COM-2：只有交办给乡镇政府或乡镇消防救援委员会的任务可以分解转办');
    }
    const township = (await this.organizations.regionById(ctx).load(holder.regionId))!;
    assertReaches(ctx, township.path, { what: '任务' });
    const committee = await this.organizations.organizationInRegion(ctx, OrganizationKind.TOWNSHIP_COMMITTEE).load(township.id);
    if (!committee) throw new ConflictError('该乡镇没有消防救援委员会');
    const { assignee } = await this.assigneeFor(ctx, committee, township, input.assigneeId, 'input.assigneeId');
    const government = await this.organizations.organizationInRegion(ctx, OrganizationKind.TOWNSHIP_GOVERNMENT).load(township.id);
    const today = this.today();
    const id = randomUUID();
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Task).findOneByOrFail({ id: parent.id });
      if (taskMove(current.status, TaskAction.PASSED_ON) === null) throw this.notAllowed(current.status, TaskAction.PASSED_ON);
      const policy = await this.committeePolicies.on(today, m);
      time.assertTimeRules([time.taskDeadline(input.deadline, today, policy, 'input.deadline', current.deadline)]);
      const repo = m.getRepository(Task);
      const row = await repo.save(repo.create({
        id, committeeId: committee.id, assignedById: government?.id ?? committee.id, assigneeId: assignee.id, regionId: assignee.regionId, source: TaskSource.PASSED_ON,
        decisionId: null, campaignId: current.campaignId, parentTaskId: current.id, title: text(input.title) ?? current.title, requirement: text(input.requirement) ?? current.requirement,
        assignedOn: today, deadline: input.deadline, deadlineWorkingDays: null, evidenceRequired: input.evidenceRequired ?? current.evidenceRequired, status: TaskStatus.ASSIGNED,
        policyVersion: policy.version, acknowledgedAt: null, completionReportedAt: null, acceptedAt: null, completedOnTime: null, returnCount: 0, lastReturnReason: null,
        createdBy: ctx.actor.label,
      }));
      await this.event(m, ctx, current.id, TaskAction.PASSED_ON, `分解转办“${assignee.name}”，期限 ${input.deadline}`, []);
      await this.event(m, ctx, id, TaskAction.ASSIGNED, `由上级任务“${current.title}”分解转办“${assignee.name}”，期限 ${input.deadline}`, []);
      await this.announceAssigned(m, row);
      return row;
    });
    ctx.auditTarget('Task', saved.id, { after: { parentTaskId: parent.id, assigneeId: saved.assigneeId, deadline: saved.deadline } });
    return saved;
  }

  // ---------- the assignee's side (TASK_REPORT) ----------

  async acknowledge(ctx: RequestContext, input: { taskId: string; expectedVersion?: number | null }): Promise<Task> {
    const found = await this.assignee(ctx, input.taskId);
    return this.step(ctx, found, TaskAction.ACKNOWLEDGED, input.expectedVersion, null, [], () => ({ acknowledgedAt: this.clock.now() }));
  }

  async reportProgress(ctx: RequestContext, input: TaskReport): Promise<Task> {
    const found = await this.assignee(ctx, input.taskId);
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    return this.step(ctx, found, TaskAction.PROGRESS_REPORTED, input.expectedVersion, input.note.trim(), files.items, () => ({}), files);
  }

  async complete(ctx: RequestContext, input: TaskReport): Promise<Task> {
    const found = await this.assignee(ctx, input.taskId);
    if (found.evidenceRequired && !input.attachments?.length) {
      throw BadUserInputError.field('input.attachments', 'COM-2：该任务要求附佐证材料，报告办结时请至少附 1 个文件');
    }
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    return this.step(ctx, found, TaskAction.COMPLETION_REPORTED, input.expectedVersion, input.note.trim(), files.items, () => ({ completionReportedAt: this.clock.now() }), files);
  }

  /**
   * COM-2: only the assignee acts on its side: an account of the assignee organization (a township government's
   * account also for its township's committee; the center's for the center, a station's for its station).
   */
  private async assignee(ctx: RequestContext, globalId: string): Promise<Task> {
    const found = await this.task(ctx, globalId);
    if (ctx.actor.kind === 'SYSTEM' || ctx.actor.organizationId === found.assigneeId) return found;
    if (ctx.actor.role === Role.TOWNSHIP_GOVERNMENT) {
      const assignee = await this.organizations.organizationById(ctx).load(found.assigneeId);
      if (assignee && assignee.regionId === ctx.actor.regionId && (assignee.kind === OrganizationKind.TOWNSHIP_GOVERNMENT || assignee.kind === OrganizationKind.TOWNSHIP_COMMITTEE)) return found;
    }
    throw new ForbiddenError('COM-2：只有承办单位可以签收、报告进展和办结该任务');
  }

  private notAllowed(status: TaskStatus, step: TaskStep): ConflictError {
    const allowed = taskStepsFrom(status);
    return new ConflictError(`COM-2：任务状态为“${labelOf(TaskStatus, status)}”，不能${labelOf(TaskAction, step)}；允许的操作：${labelsOf(TaskAction, allowed) || '无'}`, { status, allowedSteps: allowed });
  }

  /** COM-2: one step, guarded by state and version (updateVersioned), recorded as a TaskEvent in the same transaction. */
  private async step(
    ctx: RequestContext, found: Task, step: TaskStep, expectedVersion: number | null | undefined, note: string | null,
    attachments: TaskEvent['attachments'], changes: (current: Task) => Partial<Task>, files?: Awaited<ReturnType<AttachmentService['check']>>,
  ): Promise<Task> {
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Task).findOneByOrFail({ id: found.id });
      const to = taskMove(current.status, step);
      if (!to) throw this.notAllowed(current.status, step);
      const row = await updateVersioned(m, Task, current, expectedVersion, { ...changes(current), status: to }, { status: current.status });
      if (files) await this.attachments.link(m, ctx, { kind: 'Task', id: current.id }, files);
      await this.event(m, ctx, current.id, step, note, attachments);
      return row;
    });
    ctx.auditTarget('Task', saved.id, { before: { status: found.status }, after: { status: saved.status, returnCount: saved.returnCount } });
    return saved;
  }

  /** task.assigned (docs/events.md): a task assigned or passed on, in its transaction; ids and dates, not its text. */
  private async announceAssigned(m: EntityManager, t: Task): Promise<void> {
    await this.outbox.emit(m, {
      type: 'task.assigned', regionId: t.regionId, subjectId: t.id, payload: {
        committeeId: globalRef('Organization', t.committeeId)!, assigneeId: globalRef('Organization', t.assigneeId)!, assignedById: globalRef('Organization', t.assignedById)!,
        parentTaskId: globalRef('Task', t.parentTaskId), source: t.source, assignedOn: t.assignedOn, deadline: t.deadline, evidenceRequired: t.evidenceRequired,
      },
    });
  }

  private async event(m: EntityManager, ctx: RequestContext, taskId: string, action: TaskAction, note: string | null, attachments: TaskEvent['attachments']): Promise<void> {
    await m.getRepository(TaskEvent).insert({ id: randomUUID(), taskId, action, at: this.clock.now(), note, attachments, actor: ctx.actor.label });
  }

  /** COM-2 overdue of a loaded task (the one pure rule). */
  overdue(task: Task): boolean {
    return isTaskOverdue(task, this.today());
  }
}

function pick(r: TaskFigures): TaskFigures {
  return { total: r.total, open: r.open, overdue: r.overdue, completedOnTime: r.completedOnTime, completedLate: r.completedLate, returned: r.returned };
}
