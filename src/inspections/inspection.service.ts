import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import * as time from '../common/time-rules';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction';
import { childPages } from '../graphql/child-pages';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, NotFoundError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import { rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { Region } from '../organization/region.entity';
import { Hazard } from './hazard.entity';
import { HazardService } from './hazard.service';
import type { AttachmentChoice } from '../attachments/attachment.service';
import { AttachmentService } from '../attachments/attachment.service';
import { Inspection, InspectionPlan, InspectionPlanTarget } from './inspection.entity';
import { HazardSource, ItemResult, RiskLevel } from './inspections.enums';
import { InspectionPolicy } from './policy.entity';
import { InspectionPolicyService } from './policy.service';
import { Premises } from './premises.entity';
import { PremisesService } from './premises.service';
import { outsideAsMissing } from '../kernel/jurisdiction';
import { assertRegionReaches, regionalList, regionalPage, workRegion } from '../auth/work-scope';
import { text } from '../kernel/text';
import { EventOutbox } from '../integration/event-outbox';
import { globalRef } from '../integration/event-payloads';
import { addDays } from '../common/working-days';
import { whereUpdatedSince } from '../graphql/updated-since';

export interface ItemResultInput {
  code: string;
  result: ItemResult;
  note?: string | null;
  /** For a failed item: the hazard's description (default: the item's text and the note). */
  hazardDescription?: string | null;
}
export interface RecordInspectionInput {
  premisesId: string;
  planId?: string | null;
  inspectedOn: string;
  inspectors: string[];
  /** The checklist version to use (default: the current one for the premises kind). */
  templateId?: string | null;
  results: ItemResultInput[];
  attachments?: AttachmentChoice[] | null;
  summary?: string | null;
}

const INSPECTION_ORDER: OrderKey<Inspection>[] = [
  { expr: 'i.inspected_on', type: 'text', value: (i) => i.inspectedOn },
  { expr: 'i.id', type: 'uuid', value: (i) => i.id },
];
const PLAN_ORDER: OrderKey<InspectionPlan>[] = [
  { expr: 'pl.period_start', type: 'text', value: (p) => p.periodStart },
  { expr: 'pl.id', type: 'uuid', value: (p) => p.id },
];
const TARGET_ORDER: OrderKey<InspectionPlanTarget>[] = [
  { expr: 'pm.name', type: 'text', value: (t) => t.premises!.name },
  { expr: 'pm.id', type: 'uuid', value: (t) => t.premisesId },
];

/** The days between inspections of a premises: by risk level, and at most the key-unit interval for key units. */
export function inspectionInterval(p: Pick<Premises, 'riskLevel' | 'keyUnit'>, policy: Pick<InspectionPolicy, 'inspectionIntervalDays' | 'keyUnitIntervalDays'>): number {
  const byLevel = policy.inspectionIntervalDays[p.riskLevel] ?? policy.inspectionIntervalDays[RiskLevel.LOW];
  return p.keyUnit ? Math.min(byLevel, policy.keyUnitIntervalDays) : byLevel;
}

/** Inspection plans and inspections (INS-1); failed checklist items become hazards in the same transaction. */
@Injectable()
export class InspectionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly policies: InspectionPolicyService,
    private readonly premises: PremisesService,
    private readonly hazards: HazardService,
    private readonly attachments: AttachmentService,
    private readonly outbox: EventOutbox,
  ) {}

  inspectionById(ctx: RequestContext): DataLoader<string, Inspection | undefined> {
    return rowLoader(ctx, 'ins.inspectionById', (ids) => this.dataSource.getRepository(Inspection).findBy({ id: In(ids) }), (i) => i.id);
  }

  /**
   * InspectionPlan.targets, a page per plan by premises name (includeDue can put every due premises of a county in
   * one plan); each target row carries its premises, joined in the same statement.
   */
  targetsOf(ctx: RequestContext, page: PageArgs): DataLoader<string, ConnectionValue<InspectionPlanTarget & { premises: Premises }>> {
    return childPages(ctx, this.dataSource, {
      name: 'ins.planTargets', entity: InspectionPlanTarget, alias: 't', parent: 't.plan_id', parentOf: (t) => t.planId,
      join: (qb) => qb.innerJoinAndSelect('t.premises', 'pm'), order: TARGET_ORDER,
    }, page) as DataLoader<string, ConnectionValue<InspectionPlanTarget & { premises: Premises }>>;
  }

  /** Per plan: how many of its targets were inspected within its period (one query per batch). */
  progressOfPlan(ctx: RequestContext): DataLoader<string, { planId: string; targets: number; inspected: number }> {
    return rowLoader(ctx, 'ins.planProgress', async (ids) => {
      const rows: { plan_id: string; targets: number; inspected: number }[] = await this.dataSource.query(
        `SELECT pl.id AS plan_id, count(t.premises_id)::int AS targets,
           count(t.premises_id) FILTER (WHERE EXISTS (SELECT 1 FROM inspection i WHERE i.premises_id = t.premises_id
             AND i.inspected_on BETWEEN pl.period_start AND pl.period_end))::int AS inspected
         FROM inspection_plan pl LEFT JOIN inspection_plan_target t ON t.plan_id = pl.id WHERE pl.id = ANY($1) GROUP BY pl.id`,
        [ids],
      );
      return rows.map((r) => ({ planId: r.plan_id, targets: r.targets, inspected: r.inspected }));
    }, (r) => r.planId) as DataLoader<string, { planId: string; targets: number; inspected: number }>;
  }

  async inspection(ctx: RequestContext, globalId: string, field: string): Promise<Inspection> {
    const i = await this.inspectionById(ctx).load(fromGlobalId(globalId, 'Inspection', field));
    if (!i) throw new NotFoundError('检查记录');
    await assertRegionReaches(ctx, this.organizations, i.regionId, '检查记录');
    return i;
  }

  async list(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; premisesId?: string; from?: string; to?: string; updatedSince?: Date }): Promise<ConnectionValue<Inspection>> {
    const premisesId = filter.premisesId ? (await outsideAsMissing(this.premises.premises(ctx, filter.premisesId, 'premisesId'))).id : undefined;
    const now = this.clock.now();
    const filters = (qb: SelectQueryBuilder<Inspection>) => {
      if (premisesId) qb.andWhere('i.premises_id = :premisesId', { premisesId });
      if (filter.from) qb.andWhere('i.inspected_on >= :from', { from: filter.from });
      if (filter.to) qb.andWhere('i.inspected_on <= :to', { to: filter.to });
      return whereUpdatedSince(qb, 'i.updated_at', filter.updatedSince, now);
    };
    // Province scale: a county's page reads its regions' (region_id, inspected_on) index, not the province's
    return regionalPage(this.dataSource.getRepository(Inspection), 'i', ctx, this.organizations, filter.regionId, filters, page, INSPECTION_ORDER, { descending: true });
  }

  async plans(ctx: RequestContext, page: PageArgs, regionId?: string): Promise<ConnectionValue<InspectionPlan>> {
    const qb = await regionalList(this.dataSource.getRepository(InspectionPlan).createQueryBuilder('pl'), ctx, this.organizations, regionId);
    return paginate(qb, page, PLAN_ORDER, { descending: true });
  }

  /** When a premises is next due: its last inspection plus the interval for its risk level (key units at least yearly). */
  async nextDue(p: Premises): Promise<string | null> {
    if (!p.lastInspectedOn) return null;
    const policy = await this.policies.on(this.clock.today());
    return addDays(p.lastInspectedOn, inspectionInterval(p, policy));
  }

  /**
   * A plan for a period and region: the listed targets, plus (includeDue) every premises in the region that is due
   * within the period by the frequency policy or never inspected.
   */
  async createPlan(ctx: RequestContext, input: { regionId: string; title: string; periodStart: string; periodEnd: string; assignees: string[]; premisesIds?: string[] | null; includeDue?: boolean | null }): Promise<InspectionPlan> {
    time.assertTimeRules([time.inspectionPlanPeriod(input.periodStart, input.periodEnd, this.clock.today())]);
    const region = await workRegion(ctx, this.organizations, input.regionId, 'input.regionId');
    const targets = new Set<string>();
    for (const [i, id] of (input.premisesIds ?? []).entries()) {
      const p = await outsideAsMissing(this.premises.premises(ctx, id, `input.premisesIds.${i}`));
      const path = p.path;
      if (!path.startsWith(region.path)) throw BadUserInputError.field(`input.premisesIds.${i}`, '场所不在计划的区划内');
      targets.add(p.id);
    }
    if (input.includeDue) {
      const policy = await this.policies.on(input.periodStart);
      const candidates = await this.dataSource.getRepository(Premises).createQueryBuilder('p').innerJoin(Region, 'r', 'r.id = p.region_id')
        .select(['p.id', 'p.riskLevel', 'p.keyUnit', 'p.lastInspectedOn']).where('r.path LIKE :prefix', { prefix: `${region.path}%` }).getMany();
      for (const p of candidates) {
        if (!p.lastInspectedOn || addDays(p.lastInspectedOn, inspectionInterval(p, policy)) <= input.periodEnd) targets.add(p.id);
      }
    }
    if (targets.size === 0) throw BadUserInputError.field('input.premisesIds', '计划至少包含一个检查对象');
    const plan = await this.tx.run(async (m) => {
      const repo = m.getRepository(InspectionPlan);
      const row = await repo.save(repo.create({
        id: randomUUID(), regionId: region.id, title: input.title.trim(), periodStart: input.periodStart, periodEnd: input.periodEnd,
        assignees: input.assignees.map((a) => a.trim()), createdBy: ctx.actor.label,
      }));
      await m.getRepository(InspectionPlanTarget).insert([...targets].map((premisesId) => ({ planId: row.id, premisesId })));
      return row;
    });
    ctx.auditTarget('InspectionPlan', plan.id, { after: { title: plan.title, targets: targets.size } });
    return plan;
  }

  /**
   * INS-1: an inspection with at least the policy's number of inspectors, every item of the checklist version
   * answered once; each FAIL becomes a REPORTED hazard in the same transaction.
   */
  async record(ctx: RequestContext, input: RecordInspectionInput): Promise<{ inspection: Inspection; hazards: Hazard[] }> {
    time.assertTimeRules([time.inspectionDate(input.inspectedOn, this.clock.today(), await this.policies.on(this.clock.today()))]);
    const premises = await this.premises.premises(ctx, input.premisesId, 'input.premisesId');
    const policy = await this.policies.on(input.inspectedOn);
    const inspectors = [...new Set(input.inspectors.map((n) => n.trim()).filter(Boolean))];
    if (inspectors.length < policy.minInspectors) {
      throw BadUserInputError.field('input.inspectors', `检查人员不少于 ${policy.minInspectors} 人（不同的人，检查政策版本 ${policy.version}）`);
    }
    const template = input.templateId
      ? await this.premises.templateById(ctx).load(fromGlobalId(input.templateId, 'ChecklistTemplate', 'input.templateId'))
      : await this.premises.currentTemplate(premises.kind);
    if (!template) throw new NotFoundError('检查表');
    if (template.premisesKind !== premises.kind) throw BadUserInputError.field('input.templateId', '检查表与场所类别不符');
    const byCode = new Map(input.results.map((r, i) => [r.code, { ...r, index: i }]));
    if (byCode.size !== input.results.length) throw BadUserInputError.field('input.results', '检查项重复');
    const missing = template.items.filter((item) => !byCode.has(item.code)).map((i) => i.code);
    const unknown = input.results.filter((r) => !template.items.some((i) => i.code === r.code)).map((r) => r.code);
    if (missing.length) throw BadUserInputError.field('input.results', `缺少检查项 ${missing.join('、')}（检查表第 ${template.version} 版）`);
    if (unknown.length) throw BadUserInputError.field('input.results', `检查表第 ${template.version} 版没有检查项 ${unknown.join('、')}`);
    let plan: InspectionPlan | null = null;
    if (input.planId) {
      plan = await this.dataSource.getRepository(InspectionPlan).findOneBy({ id: fromGlobalId(input.planId, 'InspectionPlan', 'input.planId') });
      if (!plan || !(await this.dataSource.getRepository(InspectionPlanTarget).existsBy({ planId: plan.id, premisesId: premises.id }))) {
        throw BadUserInputError.field('input.planId', '该场所不是此计划的检查对象');
      }
    }
    const results = template.items.map((item) => {
      const r = byCode.get(item.code)!;
      return { code: item.code, text: item.text, result: r.result, note: text(r.note) };
    });
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    const id = randomUUID();
    const saved = await this.tx.run(async (m) => {
      const repo = m.getRepository(Inspection);
      const attachments = await this.attachments.link(m, ctx, { kind: 'Inspection', id }, files);
      const inspection = await repo.save(repo.create({
        id, premisesId: premises.id, regionId: premises.regionId, planId: plan?.id ?? null, templateId: template.id,
        inspectedOn: input.inspectedOn, inspectors, results, attachments, summary: text(input.summary),
        policyVersion: policy.version, recordedBy: ctx.actor.label,
      }));
      // the inspection comes before the hazards it found in the premises' log (same day: written first)
      const failed = results.filter((x) => x.result === ItemResult.FAIL).length;
      await this.premises.logEvent(m, ctx, premises.id, 'INSPECTED',
        `检查（${inspectors.join('、')}），${failed} 项不合格${attachments.length ? `；附件 ${attachments.length} 个：${attachments.map((a) => a.name).join('、')}` : ''}`,
        { type: 'Inspection', id: inspection.id }, this.premises.dayMoment(input.inspectedOn), attachments);
      const hazards: Hazard[] = [];
      for (const r of results.filter((x) => x.result === ItemResult.FAIL)) {
        const given = byCode.get(r.code)!;
        hazards.push(await this.hazards.create(m, ctx, {
          regionId: premises.regionId, premisesId: premises.id, premisesKind: premises.kind, source: HazardSource.INSPECTION,
          inspectionId: inspection.id, checklistItemCode: r.code, foundOn: input.inspectedOn,
          description: text(given.hazardDescription) ?? `${r.text}：不合格${r.note ? `（${r.note}）` : ''}`,
        }));
      }
      // the latest inspection date only moves forward (a late record of an older inspection does not move it back)
      // updated_at moves with it (a list's `updatedSince` sees the premises changed), only when the date does change
      await m.query(`UPDATE premises SET last_inspected_on = $2::date, updated_at = now() WHERE id = $1 AND (last_inspected_on IS NULL OR last_inspected_on < $2::date)`, [premises.id, input.inspectedOn]);
      await this.outbox.emit(m, {
        type: 'inspection.recorded', regionId: inspection.regionId, subjectId: inspection.id, payload: {
          premisesId: globalRef('Premises', premises.id)!, planId: globalRef('InspectionPlan', inspection.planId), inspectedOn: input.inspectedOn,
          items: results.length, failedItems: results.filter((x) => x.result === ItemResult.FAIL).length, hazardIds: hazards.map((h) => globalRef('Hazard', h.id)!),
        },
      });
      return { inspection, hazards };
    });
    // the premises row changed (last inspected): nested fields of the answer must not see the copy loaded before
    this.premises.premisesById(ctx).clear(premises.id);
    ctx.auditTarget('Inspection', saved.inspection.id, { after: { premisesId: premises.id, inspectedOn: input.inspectedOn, hazards: saved.hazards.map((h) => h.id) } });
    return saved;
  }

}
