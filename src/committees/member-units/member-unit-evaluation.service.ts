import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { regionalList } from '../../auth/work-scope';
import { text } from '../../kernel/text';
import { Clock } from '../../common/clock';
import { assertTimeRules, memberUnitEvaluationYear, memberUnitScoreYear } from '../../common/time-rules';
import { TransactionRunner, updateVersioned } from '../../database/transaction';
import { ConnectionValue, mapConnection, OrderKey, PageArgs, paginate } from '../../graphql/connection';
import { BadUserInputError, ConflictError } from '../../kernel/errors';
import type { RequestContext } from '../../kernel/request-context';
import { OrganizationKind } from '../../organization/organization.enums';
import { Organization } from '../../organization/organization.entity';
import { OrganizationService } from '../../organization/organization.service';
import { MemberUnitEvaluation } from '../committee.entity';
import { MemberUnitEvaluationStatus, TaskStatus } from '../committees.enums';
import {
  EvaluationCampaignInput, EvaluationPointItem, EvaluationTaskInput, EvaluationVisitInput, evaluateMemberUnit, MemberUnitEvaluationPolicy, yearRange,
} from './member-unit-evaluation.rules';
import type { MemberUnitEvaluationValue } from './member-unit-evaluation.types';
import { MemberUnitPlace, MemberUnitsService, ownUnitOnly } from './member-units.service';
import { EventOutbox } from '../../integration/event-outbox';
import { globalRef } from '../../integration/event-payloads';
import { CommitteePolicyService } from '../committee-policy.service';

const NO_ID = '00000000-0000-0000-0000-000000000000';
const UNIT_ORDER: OrderKey<Organization>[] = [
  { expr: 'o.name', type: 'text', value: (o) => o.name },
  { expr: 'o.id', type: 'uuid', value: (o) => o.id },
];

interface UnitInputs {
  tasks: EvaluationTaskInput[];
  campaigns: EvaluationCampaignInput[];
  visits: EvaluationVisitInput[];
}

/**
 * COM-4: member units' annual evaluations. A FINAL row is answered as stored (its policy version, score, grade and
 * breakdown never change); every other unit's evaluation is computed now from its tasks, campaigns and supervision
 * visits, with the committees' policy in force on the year's last day.
 */
@Injectable()
export class MemberUnitEvaluationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly units: MemberUnitsService,
    private readonly policies: CommitteePolicyService,
    private readonly outbox: EventOutbox,
  ) {}

  /** The committees' policy version in force on the year's last day (table committee_policy, versioned by effective day). */
  async policyFor(year: number, m: EntityManager = this.dataSource.manager): Promise<MemberUnitEvaluationPolicy> {
    const day = yearRange(year).end;
    const p = await this.policies.on(day, m).catch(() => null);
    if (!p) throw new BadUserInputError([{ field: 'year', reason: `${year}年没有有效的委员会工作政策` }], `COM-4：${year}年没有有效的委员会工作政策`);
    return {
      version: p.version, evaluationTaskWeight: p.evaluationTaskWeight, evaluationCampaignWeight: p.evaluationCampaignWeight,
      evaluationSupervisionWeight: p.evaluationSupervisionWeight, evaluationScoredWeight: p.evaluationScoredWeight,
      findingDeduction: p.findingDeduction, excellentMin: p.excellentMin, goodMin: p.goodMin, competentMin: p.competentMin,
    };
  }

  /** The inputs of the units' evaluations of a year: one statement per source for the whole page. */
  async inputs(units: readonly Organization[], year: number, m: EntityManager = this.dataSource.manager): Promise<Map<string, UnitInputs>> {
    const ids = units.map((u) => u.id);
    const out = new Map<string, UnitInputs>(ids.map((id) => [id, { tasks: [], campaigns: [], visits: [] }]));
    if (!ids.length) return out;
    const { start, end } = yearRange(year);
    const tasks = (await m.query(
      `SELECT id, assignee_id, to_char(deadline, 'YYYY-MM-DD') AS deadline, status, completed_on_time, return_count
         FROM committee_task WHERE assignee_id = ANY($1) AND deadline BETWEEN $2 AND $3 ORDER BY deadline, id`, [ids, start, end])) as
      { id: string; assignee_id: string; deadline: string; status: TaskStatus; completed_on_time: boolean | null; return_count: number }[];
    for (const t of tasks) {
      out.get(t.assignee_id)!.tasks.push({ id: t.id, deadline: t.deadline, status: t.status, completedOnTime: t.completed_on_time, returnCount: Number(t.return_count) });
    }
    const visits = (await m.query(
      `SELECT v.id, v.member_unit_id, to_char(v.visited_on, 'YYYY-MM-DD') AS visited_on,
              COUNT(f.id) FILTER (WHERE f.severity = 'GENERAL')::int AS general, COUNT(f.id) FILTER (WHERE f.severity = 'SERIOUS')::int AS serious
         FROM supervision_visit v LEFT JOIN supervision_finding f ON f.visit_id = v.id
        WHERE v.member_unit_id = ANY($1) AND v.visited_on BETWEEN $2 AND $3
        GROUP BY v.id, v.member_unit_id, v.visited_on ORDER BY v.visited_on, v.id`, [ids, start, end])) as
      { id: string; member_unit_id: string; visited_on: string; general: number; serious: number }[];
    for (const v of visits) {
      out.get(v.member_unit_id)!.visits.push({ id: v.id, visitedOn: v.visited_on, generalFindings: Number(v.general), seriousFindings: Number(v.serious) });
    }
    // COM-3 counting by scope and period: hazards found in the campaign's period on premises in its scope (regions,
    // premises kinds, checklist items) whose sector unit is the unit; rectified = closed by the period's end (or today
    // while it runs), as campaignProgress counts it
    const committees = [...new Set(units.map((u) => u.parentId).filter((c): c is string => c !== null))];
    if (!committees.length) return out;
    const campaigns = (await m.query(
      `SELECT id, committee_id, title, target_rectification_percent FROM campaign
        WHERE committee_id = ANY($1) AND period_start <= $3 AND period_end >= $2 ORDER BY period_start, id`, [committees, start, end])) as
      { id: string; committee_id: string; title: string; target_rectification_percent: number | null }[];
    if (!campaigns.length) return out;
    const counts = (await m.query(
      `SELECT c.id AS campaign_id, p.sector_unit_id AS unit_id, COUNT(h.id)::int AS found, COUNT(h.id) FILTER (WHERE h.closed_at IS NOT NULL
                AND (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= LEAST(c.period_end, $3::date))::int AS rectified
         FROM campaign c
         JOIN hazard h ON h.found_on BETWEEN c.period_start AND c.period_end
              AND (cardinality(c.hazard_item_codes) = 0 OR h.checklist_item_code = ANY(c.hazard_item_codes))
         JOIN premises p ON p.id = h.premises_id AND (cardinality(c.premises_kinds) = 0 OR p.kind = ANY(c.premises_kinds))
         JOIN region pr ON pr.id = p.region_id
        WHERE c.id = ANY($1) AND p.sector_unit_id = ANY($2)
          AND EXISTS (SELECT 1 FROM region s WHERE s.id = ANY(c.scope_region_ids) AND pr.path LIKE s.path || '%')
        GROUP BY c.id, p.sector_unit_id`, [campaigns.map((c) => c.id), ids, this.clock.today()])) as { campaign_id: string; unit_id: string; found: number; rectified: number }[];
    const countOf = new Map(counts.map((c) => [`${c.campaign_id}/${c.unit_id}`, c]));
    for (const u of units) {
      for (const c of campaigns.filter((x) => x.committee_id === u.parentId)) {
        const n = countOf.get(`${c.id}/${u.id}`);
        out.get(u.id)!.campaigns.push({
          id: c.id, title: c.title, targetRectificationPercent: c.target_rectification_percent === null ? null : Number(c.target_rectification_percent),
          hazardsFound: Number(n?.found ?? 0), hazardsRectified: Number(n?.rectified ?? 0),
        });
      }
    }
    return out;
  }

  private valueOf(unitId: string, year: number, row: MemberUnitEvaluation | null, policy: MemberUnitEvaluationPolicy, inputs: UnitInputs | undefined): MemberUnitEvaluationValue {
    if (row?.status === MemberUnitEvaluationStatus.FINAL) {
      return {
        memberUnitId: unitId, year, row, status: row.status, policyVersion: row.policyVersion, score: row.score!, grade: row.grade, scoredPart: row.scoredPart,
        scoredComment: row.scoredComment, items: ((row.breakdown as { items?: EvaluationPointItem[] } | null)?.items ?? []), finalizedAt: row.finalizedAt, finalizedBy: row.finalizedBy,
      };
    }
    const result = evaluateMemberUnit({ year, today: this.clock.today(), ...(inputs ?? { tasks: [], campaigns: [], visits: [] }), scoredPart: row?.scoredPart ?? null }, policy);
    return {
      memberUnitId: unitId, year, row, status: MemberUnitEvaluationStatus.DRAFT, policyVersion: policy.version, score: result.score, grade: result.grade,
      scoredPart: row?.scoredPart ?? null, scoredComment: row?.scoredComment ?? null, items: result.items, finalizedAt: null, finalizedBy: null,
    };
  }

  /** COM-4: every member unit in reach for the year (a member unit's account: its own only, COM-5). */
  async list(ctx: RequestContext, page: PageArgs, filter: { year: number; regionId?: string; memberUnitId?: string }): Promise<ConnectionValue<MemberUnitEvaluationValue>> {
    const unitId = await this.units.unitFilter(ctx, filter.memberUnitId);
    const qb = await regionalList(this.dataSource.getRepository(Organization).createQueryBuilder('o'), ctx, this.organizations, filter.regionId);
    qb.andWhere('o.kind = :kind', { kind: OrganizationKind.MEMBER_UNIT });
    if (unitId !== undefined) qb.andWhere('o.id = :unit', { unit: unitId ?? NO_ID });
    const conn = await paginate(ownUnitOnly(qb, ctx, 'o.id'), page, UNIT_ORDER);
    const units = conn.edges.map((e) => e.node);
    const values = await this.values(units, filter.year);
    return mapConnection(conn, (u) => values.get(u.id)!);
  }

  private async values(units: Organization[], year: number, m: EntityManager = this.dataSource.manager): Promise<Map<string, MemberUnitEvaluationValue>> {
    const rows = units.length ? await m.getRepository(MemberUnitEvaluation).findBy({ memberUnitId: In(units.map((u) => u.id)), year }) : [];
    const rowOf = new Map(rows.map((r) => [r.memberUnitId, r]));
    const live = units.filter((u) => rowOf.get(u.id)?.status !== MemberUnitEvaluationStatus.FINAL);
    const policy = await this.policyFor(year, m);
    const inputs = await this.inputs(live, year, m);
    return new Map(units.map((u) => [u.id, this.valueOf(u.id, year, rowOf.get(u.id) ?? null, policy, inputs.get(u.id))]));
  }

  private async place(ctx: RequestContext, memberUnitId: string): Promise<MemberUnitPlace> {
    const place = await this.units.memberUnit(ctx, memberUnitId, 'input.memberUnitId');
    this.units.assertLooksAfter(ctx, place, 'EVALUATION');
    return place;
  }

  /** COM-4: the office's score of the scored part (a DRAFT; a FINAL evaluation is never scored again). */
  async score(ctx: RequestContext, input: { memberUnitId: string; year: number; scoredPart: number; comment?: string | null }): Promise<MemberUnitEvaluationValue> {
    const { unit } = await this.place(ctx, input.memberUnitId);
    assertTimeRules([memberUnitScoreYear(input.year, this.clock.today())]);
    const policy = await this.policyFor(input.year);
    const value = await this.tx.run(async (m) => {
      await m.query(`SELECT id FROM organization WHERE id = $1 FOR UPDATE`, [unit.id]);
      const repo = m.getRepository(MemberUnitEvaluation);
      const current = await repo.findOneBy({ memberUnitId: unit.id, year: input.year });
      if (current?.status === MemberUnitEvaluationStatus.FINAL) throw new ConflictError(`COM-4：${unit.name} ${input.year}年度考评已定稿，不能再评分`);
      const changes = { scoredPart: input.scoredPart, scoredComment: text(input.comment), scoredBy: ctx.actor.label, policyVersion: policy.version };
      if (current) await updateVersioned(m, MemberUnitEvaluation, current, undefined, changes);
      else {
        await repo.insert({
          id: randomUUID(), memberUnitId: unit.id, regionId: unit.regionId, year: input.year, status: MemberUnitEvaluationStatus.DRAFT, ...changes,
          score: null, grade: null, breakdown: null, finalizedAt: null, finalizedBy: null,
        });
      }
      return (await this.values([unit], input.year, m)).get(unit.id)!;
    });
    ctx.auditTarget('MemberUnitEvaluation', value.row!.id, { after: { memberUnitId: unit.id, year: input.year, scoredPart: input.scoredPart } });
    return value;
  }

  /** COM-4, T-COM-6: finalized once the year is over and the scored part is scored; stored with its policy version. */
  async finalize(ctx: RequestContext, input: { memberUnitId: string; year: number }): Promise<MemberUnitEvaluationValue> {
    const { unit } = await this.place(ctx, input.memberUnitId);
    assertTimeRules([memberUnitEvaluationYear(input.year, this.clock.today())]);
    const value = await this.tx.run(async (m) => {
      await m.query(`SELECT id FROM organization WHERE id = $1 FOR UPDATE`, [unit.id]);
      const current = await m.getRepository(MemberUnitEvaluation).findOneBy({ memberUnitId: unit.id, year: input.year });
      if (current?.status === MemberUnitEvaluationStatus.FINAL) throw new ConflictError(`COM-4：${unit.name} ${input.year}年度考评已定稿`);
      if (!current || current.scoredPart === null) {
        throw BadUserInputError.field('input.memberUnitId', `COM-4：${unit.name} ${input.year}年度考评的评分部分尚未评分，评分后方可定稿`);
      }
      const computed = (await this.values([unit], input.year, m)).get(unit.id)!;
      const final = await updateVersioned(m, MemberUnitEvaluation, current, undefined, {
        status: MemberUnitEvaluationStatus.FINAL, policyVersion: computed.policyVersion, score: computed.score, grade: computed.grade,
        breakdown: { items: computed.items } as never, finalizedAt: this.clock.now(), finalizedBy: ctx.actor.label,
      });
      await this.outbox.emit(m, {
        type: 'evaluation.finalized', regionId: final.regionId, subjectId: final.id, subjectKind: 'MemberUnitEvaluation', payload: {
          subjectKind: 'MEMBER_UNIT', evaluatedId: globalRef('Organization', unit.id)!, stationId: null, periodKind: 'YEAR', year: final.year, number: null,
          version: 1, score: computed.score, grade: computed.grade!, policyVersion: computed.policyVersion, correction: false,
        },
      });
      return (await this.values([unit], input.year, m)).get(unit.id)!;
    });
    ctx.auditTarget('MemberUnitEvaluation', value.row!.id, { before: { status: MemberUnitEvaluationStatus.DRAFT }, after: { status: value.status, score: value.score, grade: value.grade, policyVersion: value.policyVersion } });
    return value;
  }
}
