import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { DataSource, EntityManager, In } from 'typeorm';
import { assertReaches, reaches } from '../../kernel/jurisdiction';
import { Role } from '../../kernel/permissions';
import { Clock } from '../../common/clock';
import { regionalList } from '../../auth/work-scope';
import { TransactionRunner } from '../../database/transaction';
import { AccountabilityCase } from '../../evaluation/accountability-case.entity';
import { AccountabilityStatus, AccountabilitySubjectKind } from '../../evaluation/evaluation.enums';
import { EvaluationService } from '../../evaluation/evaluation.service';
import { BadUserInputError, ConflictError, FieldProblem, NotFoundError } from '../../kernel/errors';
import { fromGlobalId } from '../../graphql/global-id';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../../graphql/connection';
import { groupLoader } from '../../graphql/loaders';
import type { RequestContext } from '../../kernel/request-context';
import { InvestigationCase } from '../../inspections/fire.entity';
import { OrganizationKind } from '../../organization/organization.enums';
import { Organization } from '../../organization/organization.entity';
import { OrganizationService } from '../../organization/organization.service';
import { MemberUnitsService, ownUnitOnly } from '../member-units/member-units.service';
import type { CitationRow } from './accountability.types';
import { taskOverdueSql } from '../tasks/task-lifecycle';

/** At most this many tasks cited by one investigation (the `citedTasks` list's bound). */
export const MAX_CITATIONS = 50;

const NO_ID = '00000000-0000-0000-0000-000000000000';
const CASE_ORDER: OrderKey<AccountabilityCase>[] = [
  { expr: 'c.created_at', type: 'timestamp' },
  { expr: 'c.id', type: 'uuid', value: (c) => c.id },
];

interface TaskFacts {
  id: string;
  title: string;
  status: string;
  deadline: string;
  returnCount: number;
  assigneeId: string;
  regionPath: string;
  overdue: boolean;
}

/**
 * COM-6: non-implementation with serious consequences. An extended investigation (INS-6) cites the tasks not
 * implemented — overdue (open, deadline passed: the SQL form of COM-2's rule) or returned — and the unit responsible;
 * a case can be opened against a member unit. Tasks are read through SQL on committee_task (the tasks' own service
 * is not needed for these facts).
 */
@Injectable()
export class CommitteeAccountabilityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly evaluations: EvaluationService,
    private readonly units: MemberUnitsService,
  ) {}

  /**
   * COM-6: the member units' cases (the person cases of EVA-6 are `accountabilityCases`), newest first, within the
   * jurisdiction; a member unit's account sees only its own unit's (COM-5: the list filters, never refuses).
   */
  async unitCases(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; memberUnitId?: string; status?: AccountabilityStatus }): Promise<ConnectionValue<AccountabilityCase>> {
    const unitId = await this.units.unitFilter(ctx, filter.memberUnitId);
    const qb = await regionalList(this.dataSource.getRepository(AccountabilityCase).createQueryBuilder('c'), ctx, this.organizations, filter.regionId);
    qb.andWhere('c.subject_kind = :unitKind', { unitKind: AccountabilitySubjectKind.MEMBER_UNIT });
    if (unitId !== undefined) qb.andWhere('c.organization_id = :unit', { unit: unitId ?? NO_ID });
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    return paginate(ownUnitOnly(qb, ctx, 'c.organization_id'), page, CASE_ORDER, { descending: true });
  }

  /** COM-6: a member unit's case by id, within the jurisdiction (a member unit: only its own), else null. */
  async visibleUnitCases(ctx: RequestContext, ids: readonly string[]): Promise<(AccountabilityCase | null)[]> {
    const rows = await this.dataSource.getRepository(AccountabilityCase).findBy({ id: In([...ids]), subjectKind: AccountabilitySubjectKind.MEMBER_UNIT });
    const regions = await this.organizations.regionById(ctx).loadMany(rows.map((r) => r.regionId));
    const visible = new Map(rows.filter((r, i) => {
      const g = regions[i];
      return g && !(g instanceof Error) && reaches(ctx.actor, g.path) && this.ownUnit(ctx, r);
    }).map((r) => [r.id, r]));
    return ids.map((id) => visible.get(id) ?? null);
  }

  /** COM-6: the interview and outcome of a member unit's case, recorded as for a person case (EVA-6). */
  recordUnitInterview(ctx: RequestContext, input: { caseId: string; interviewedOn: string; interviewers: string; outcome: string; expectedVersion?: number | null }): Promise<AccountabilityCase> {
    return this.evaluations.recordInterview(ctx, input, AccountabilitySubjectKind.MEMBER_UNIT, (row) => this.ownUnit(ctx, row));
  }

  /** COM-5: a member unit's account reaches only its own unit's case. */
  private ownUnit(ctx: RequestContext, row: AccountabilityCase): boolean {
    return ctx.actor.role !== Role.MEMBER_UNIT || row.organizationId === ctx.actor.organizationId;
  }

  /** Each investigation's cited tasks, oldest citation first (≤ 50: MAX_CITATIONS), one statement per batch. */
  citedTasks(ctx: RequestContext): DataLoader<string, CitationRow[]> {
    return groupLoader(ctx, 'com.citedTasks', async (ids) => {
      const rows = (await this.dataSource.query(
        `SELECT c.investigation_id AS "investigationId", c.task_id AS "taskId", t.title, to_char(t.deadline, 'YYYY-MM-DD') AS deadline, t.status,
                ${taskOverdueSql('t', '$2::date')} AS overdue, t.return_count AS "returnCount", c.responsible_unit_id AS "responsibleUnitId",
                c.note, c.cited_by AS "citedBy", c.cited_at AS "citedAt"
         FROM investigation_task_citation c JOIN committee_task t ON t.id = c.task_id
         WHERE c.investigation_id = ANY($1::uuid[]) ORDER BY c.cited_at, c.task_id`,
        [ids, this.clock.today()],
      )) as CitationRow[];
      return rows;
    }, (r) => r.investigationId);
  }

  /** COM-6: the investigation cites tasks not implemented and the units responsible; all or nothing. */
  async cite(ctx: RequestContext, input: { investigationId: string; citations: { taskId: string; responsibleUnitId?: string | null; note: string }[] }): Promise<InvestigationCase> {
    const investigation = await this.openInvestigation(ctx, input.investigationId, 'input.investigationId');
    const today = this.clock.today();
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    const planned: { taskId: string; responsibleUnitId: string; note: string }[] = [];
    for (const [i, c] of input.citations.entries()) {
      const field = `input.citations[${i}]`;
      const task = await this.task(ctx, c.taskId, `${field}.taskId`, today);
      if (seen.has(task.id)) problems.push({ field: `${field}.taskId`, reason: `任务“${task.title}”重复` });
      seen.add(task.id);
      if (!task.overdue && task.returnCount === 0) {
        problems.push({ field: `${field}.taskId`, reason: `COM-6：任务“${task.title}”${task.status === 'ACCEPTED' ? '已验收办结' : `未到期限（${task.deadline}）`}且未被退回过，不属于工作不落实，不能引用` });
      }
      const responsibleUnitId = c.responsibleUnitId ? (await this.organization(ctx, c.responsibleUnitId, `${field}.responsibleUnitId`)).id : task.assigneeId;
      planned.push({ taskId: task.id, responsibleUnitId, note: c.note.trim() });
    }
    if (problems.length) throw new BadUserInputError(problems);
    await this.tx.run(async (m) => {
      // the investigation's row lock: two citing offices count and insert one after the other
      const [current] = (await m.query(`SELECT status FROM investigation_case WHERE id = $1 FOR UPDATE`, [investigation.id])) as { status: string }[];
      if (current.status !== 'OPEN') throw new ConflictError('COM-6：延伸调查已结案，不能再引用任务');
      const existing = (await m.query(`SELECT task_id FROM investigation_task_citation WHERE investigation_id = $1`, [investigation.id])) as { task_id: string }[];
      const again = planned.findIndex((p) => existing.some((e) => e.task_id === p.taskId));
      if (again >= 0) throw BadUserInputError.field(`input.citations[${again}].taskId`, 'COM-6：该任务已被本次调查引用');
      if (existing.length + planned.length > MAX_CITATIONS) throw BadUserInputError.field('input.citations', `COM-6：一次调查最多引用 ${MAX_CITATIONS} 个任务（已引用 ${existing.length} 个）`);
      for (const p of planned) {
        await m.query(`INSERT INTO investigation_task_citation (investigation_id, task_id, responsible_unit_id, note, cited_by) VALUES ($1, $2, $3, $4, $5)`,
          [investigation.id, p.taskId, p.responsibleUnitId, p.note, ctx.actor.label]);
      }
    });
    ctx.auditTarget('Investigation', investigation.id, { after: { citedTasks: planned.map((p) => p.taskId) } });
    return this.dataSource.getRepository(InvestigationCase).findOneByOrFail({ id: investigation.id });
  }

  /** COM-6: a case against a member unit, with its reason, the investigation and the tasks cited (each overdue or returned). */
  async openMemberUnitCase(ctx: RequestContext, input: { memberUnitId: string; reason: string; investigationId?: string | null; taskIds?: string[] | null }): Promise<AccountabilityCase> {
    const unit = await this.organization(ctx, input.memberUnitId, 'input.memberUnitId');
    if (unit.kind !== OrganizationKind.MEMBER_UNIT) throw BadUserInputError.field('input.memberUnitId', `COM-6：“${unit.name}”不是消防救援委员会成员单位`);
    const investigation = input.investigationId ? await this.reachableInvestigation(ctx, input.investigationId, 'input.investigationId') : null;
    const today = this.clock.today();
    const problems: FieldProblem[] = [];
    const taskIds: string[] = [];
    for (const [i, globalId] of (input.taskIds ?? []).entries()) {
      const field = `input.taskIds[${i}]`;
      const task = await this.task(ctx, globalId, field, today);
      if (taskIds.includes(task.id)) continue;
      if (!task.overdue && task.returnCount === 0) problems.push({ field, reason: `COM-6：任务“${task.title}”既未逾期也未被退回过，不能作为问责依据` });
      const responsible = task.assigneeId === unit.id || (investigation !== null && (await this.dataSource.query(
        `SELECT 1 FROM investigation_task_citation WHERE investigation_id = $1 AND task_id = $2 AND responsible_unit_id = $3`, [investigation.id, task.id, unit.id],
      )).length > 0);
      if (!responsible) problems.push({ field, reason: `COM-6：任务“${task.title}”的承办单位不是“${unit.name}”，调查也未认定其负责` });
      taskIds.push(task.id);
    }
    if (problems.length) throw new BadUserInputError(problems);
    const department = await this.department(ctx);
    return this.tx.run((m: EntityManager) => this.evaluations.openMemberUnitCase(m, ctx, {
      organizationId: unit.id, unitName: unit.name, regionId: unit.regionId, year: Number(today.slice(0, 4)), reason: input.reason.trim(),
      investigationId: investigation?.id ?? null, taskIds, assessingDepartment: department,
    }));
  }

  // ---------- helpers ----------

  private async reachableInvestigation(ctx: RequestContext, globalId: string, field: string): Promise<{ id: string; status: string }> {
    const [row] = (await this.dataSource.query(
      `SELECT c.id, c.status, r.path FROM investigation_case c JOIN region r ON r.id = c.region_id WHERE c.id = $1`,
      [fromGlobalId(globalId, 'Investigation', field)],
    )) as { id: string; status: string; path: string }[];
    if (!row) throw new NotFoundError('延伸调查');
    assertReaches(ctx, row.path, { what: '延伸调查' });
    return row;
  }

  private async openInvestigation(ctx: RequestContext, globalId: string, field: string): Promise<{ id: string; status: string }> {
    const row = await this.reachableInvestigation(ctx, globalId, field);
    if (row.status !== 'OPEN') throw new ConflictError('COM-6：延伸调查已结案，不能再引用任务');
    return row;
  }

  /** A task the actor reaches (else a field problem, the id does not leak), with what COM-6 asks of it. */
  private async task(ctx: RequestContext, globalId: string, field: string, today: string): Promise<TaskFacts> {
    const [row] = (await this.dataSource.query(
      `SELECT t.id, t.title, t.status, to_char(t.deadline, 'YYYY-MM-DD') AS deadline, t.return_count AS "returnCount", t.assignee_id AS "assigneeId",
              r.path AS "regionPath", ${taskOverdueSql('t', '$2::date')} AS overdue
       FROM committee_task t JOIN region r ON r.id = t.region_id WHERE t.id = $1`,
      [fromGlobalId(globalId, 'Task', field), today],
    )) as TaskFacts[];
    if (!row || !reaches(ctx.actor, row.regionPath)) throw BadUserInputError.field(field, '交办任务不存在或无权访问');
    return row;
  }

  private async organization(ctx: RequestContext, globalId: string, field: string): Promise<Organization> {
    const org = await this.organizations.organizationById(ctx).load(fromGlobalId(globalId, 'Organization', field));
    if (!org) throw new NotFoundError('单位');
    const region = (await this.organizations.regionById(ctx).load(org.regionId))!;
    assertReaches(ctx, region.path, { what: '单位' });
    return org;
  }

  /** The office that opens the case: the actor's organization, else its role's body in its region (county office, center). */
  private async department(ctx: RequestContext): Promise<string> {
    if (ctx.actor.organizationId) {
      const own = await this.organizations.organizationById(ctx).load(ctx.actor.organizationId);
      if (own) return own.name;
    }
    const kind = ctx.actor.role === Role.CENTER ? OrganizationKind.GUIDANCE_CENTER : ctx.actor.role === Role.COMMITTEE_OFFICE ? OrganizationKind.COUNTY_COMMITTEE_OFFICE : null;
    const body = kind && ctx.actor.regionId ? await this.organizations.organizationInRegion(ctx, kind).load(ctx.actor.regionId) : undefined;
    return body?.name ?? ctx.actor.label;
  }
}
