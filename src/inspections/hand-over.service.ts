import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AttachmentChoice, CheckedAttachments } from '../attachments/attachment.service';
import { AttachmentService } from '../attachments/attachment.service';
import { outsideAsMissing } from '../kernel/jurisdiction';
import { assertRegionReaches, regionalList } from '../auth/work-scope';
import { text } from '../kernel/text';
import { Clock, shanghaiDate } from '../common/clock';
import { labelOf } from '../common/labels';
import * as time from '../common/time-rules';
import { addWorkingDays } from '../common/working-days';
import { TransactionRunner, updateBumpingVersion, updateVersioned } from '../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError } from '../kernel/errors';
import { fromGlobalId, toGlobalId } from '../graphql/global-id';
import { groupLoader, rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { EventOutbox } from '../integration/event-outbox';
import { globalRef } from '../integration/event-payloads';
import { OrganizationService } from '../organization/organization.service';
import { HandOver, MeasureTaken } from './hand-over.entity';
import { handOverOverdueSql, measuresProblem } from './hand-over-rules';
import { Hazard } from './hazard.entity';
import { HazardService } from './hazard.service';
import {
  HAND_OVER_STATE_LABELS, HandOverState, HazardAction, HazardClosure, HazardStatus, LEGAL_MEASURE_LABELS, LegalMeasure, MajorHazardStatus,
} from './inspections.enums';
import { InspectionPolicy } from './policy.entity';
import { InspectionPolicyService } from './policy.service';
import { PremisesService } from './premises.service';
import { WarningService } from './warning.service';

export interface HandOverFilter {
  regionId?: string;
  states?: HandOverState[];
  /** Past its accept day (PENDING) or its outcome day (ACCEPTED), Asia/Shanghai. */
  overdue?: boolean;
  /** The cases of one hazard (a Hazard global id, inside the jurisdiction). */
  hazardId?: string;
}

export interface OutcomeInput {
  handOverId: string;
  expectedVersion?: number | null;
  measures: { measure: LegalMeasure; takenOn: string; documentNumber?: string | null; amountYuan?: number | null }[];
  documentNumber: string;
  decidedOn: string;
  hazardEliminated: boolean;
  note?: string | null;
  attachments?: AttachmentChoice[] | null;
}

// the brigade's inbox: the oldest hand-over first (worked in the order received)
const HAND_OVER_ORDER: OrderKey<HandOver>[] = [
  { expr: 'ho.handed_over_at', type: 'timestamp' },
  { expr: 'ho.id', type: 'uuid', value: (h) => h.id },
];
const OPEN_STATUSES = [HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.PENDING_RECHECK];

/**
 * Hand-overs to the county brigade as cases with two sides (domain defaults: stations have no enforcement power; a
 * case needing legal measures is handed over and tracked; INS-2). A station or the center hands over; the brigade
 * accepts (立案 or not) or returns it, and records the outcome of its legal measures, which closes the hazard or
 * sends it back to the ordinary re-check. Each step changes the case and its hazard (whose loop pauses meanwhile)
 * in one transaction, with the hazard's history, the premises log, the integration event and the warning.
 */
@Injectable()
export class HandOverService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly policies: InspectionPolicyService,
    private readonly hazards: HazardService,
    private readonly premises: PremisesService,
    private readonly attachments: AttachmentService,
    private readonly warnings: WarningService,
    private readonly outbox: EventOutbox,
  ) {
    policies.addCalendarHook((m, ctx, year, version) => this.recomputeClocks(m, ctx, year, version));
  }

  /**
   * A calendar load (in its transaction) moves the open cases' clocks counted on that year, as it moves the hazards'
   * (HazardService.recomputeClocks): a PENDING case's accept day from the Beijing day it was handed over, an ACCEPTED
   * one's outcome day from the day it was accepted, when that start is in the year loaded or the one before; with
   * the case's own policy version. Each case moved gets a new version and a CLOCK_RECOMPUTED step in its hazard's
   * history.
   */
  async recomputeClocks(m: EntityManager, ctx: RequestContext, year: number, version: number): Promise<number> {
    const open = await m.getRepository(HandOver).createQueryBuilder('ho').setLock('pessimistic_write')
      .where(`ho.state IN ('PENDING', 'ACCEPTED')`).orderBy('ho.id').getMany();
    let changed = 0;
    for (const c of open) {
      const pending = c.state === HandOverState.PENDING;
      const start = shanghaiDate(pending ? c.handedOverAt : c.acceptedAt!);
      if (Number(start.slice(0, 4)) < year - 1 || Number(start.slice(0, 4)) > year) continue;
      const policy = await m.getRepository(InspectionPolicy).findOneByOrFail({ version: c.policyVersion });
      const calendar = await this.policies.calendar(start, m);
      const before = pending ? c.acceptDueBy : c.outcomeDueBy!;
      const after = addWorkingDays(start, pending ? policy.handOverAcceptWorkingDays : policy.handOverOutcomeWorkingDays, calendar);
      if (after === before) continue;
      await updateBumpingVersion(m, HandOver, { id: c.id }, pending ? { acceptDueBy: after } : { outcomeDueBy: after });
      const hazard = await m.getRepository(Hazard).findOneByOrFail({ id: c.hazardId });
      await this.hazards.historyEntry(m, ctx, hazard, HazardAction.CLOCK_RECOMPUTED, hazard.status, {
        clock: pending ? 'handOver.acceptDueBy' : 'handOver.outcomeDueBy', handOverId: toGlobalId('HandOver', c.id), before, after,
        calendarYear: year, calendarVersion: version, calendarLoaded: calendar.loaded,
      }, null);
      changed++;
    }
    return changed;
  }

  // ---------- reads ----------

  handOverById(ctx: RequestContext): DataLoader<string, HandOver | undefined> {
    return rowLoader(ctx, 'ins.handOverById', (ids) => this.dataSource.getRepository(HandOver).findBy({ id: In(ids) }), (h) => h.id);
  }

  /**
   * Every hand-over of each hazard, the newest first (Hazard.handOver is the first; a hazard has a handful at most):
   * by the hand-over's time, then by when the row was written (two within one clock tick keep their order).
   */
  handOversOfHazard(ctx: RequestContext): DataLoader<string, HandOver[]> {
    return groupLoader(ctx, 'ins.handOversOfHazard', (ids) =>
      this.dataSource.getRepository(HandOver).find({ where: { hazardId: In(ids) }, order: { handedOverAt: 'DESC', createdAt: 'DESC', id: 'DESC' } }), (h) => h.hazardId);
  }

  /** A case inside the jurisdiction, else NOT_FOUND. */
  async handOver(ctx: RequestContext, globalId: string, field: string): Promise<HandOver> {
    const h = await this.handOverById(ctx).load(fromGlobalId(globalId, 'HandOver', field));
    if (!h) throw new NotFoundError('移交案件');
    await assertRegionReaches(ctx, this.organizations, h.regionId, '移交案件');
    return h;
  }

  /** The brigade's inbox (county-wide) or a station's cases (its township): oldest first. */
  async list(ctx: RequestContext, page: PageArgs, filter: HandOverFilter): Promise<ConnectionValue<HandOver>> {
    const hazardId = filter.hazardId ? (await outsideAsMissing(this.hazards.hazard(ctx, filter.hazardId, 'hazardId'))).id : undefined;
    const qb = await regionalList(this.dataSource.getRepository(HandOver).createQueryBuilder('ho'), ctx, this.organizations, filter.regionId);
    if (hazardId) qb.andWhere('ho.hazard_id = :hazardId', { hazardId });
    if (filter.states?.length) qb.andWhere('ho.state IN (:...states)', { states: filter.states });
    const today = this.clock.today();
    if (filter.overdue === true) qb.andWhere(handOverOverdueSql('ho', ':today'), { today });
    if (filter.overdue === false) qb.andWhere(`NOT ${handOverOverdueSql('ho', ':today')}`, { today });
    return paginate(qb, page, HAND_OVER_ORDER);
  }

  // ---------- the station's side ----------

  /**
   * 移交 (INS-2, hand-over): a hazard needing legal measures goes to the brigade as a case; its loop pauses. Only a
   * station or the center hands over (the permission); an open case is never handed over again.
   */
  async handOverHazard(ctx: RequestContext, input: { hazardId: string; expectedVersion?: number | null; reason: string }): Promise<Hazard> {
    const found = await this.hazards.hazard(ctx, input.hazardId, 'input.hazardId');
    const reason = input.reason.trim();
    if (!reason) throw BadUserInputError.field('input.reason', 'INS-2（移交）：须写明移交原因');
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Hazard).findOneByOrFail({ id: found.id });
      if (!OPEN_STATUSES.includes(current.status)) throw new ConflictError(`INS-2：隐患状态为“${labelOf(HazardStatus, current.status)}”，不能移交`, { status: current.status });
      const open = await m.getRepository(HandOver).findOneBy({ hazardId: current.id, state: In([HandOverState.PENDING, HandOverState.ACCEPTED]) });
      if (open) throw new ConflictError(`INS-2（移交）：该隐患已移交县消防救援大队，不能重复移交；案件状态：${HAND_OVER_STATE_LABELS[open.state]}`, { handOverState: open.state });
      const now = this.clock.now();
      const today = shanghaiDate(now);
      const policy = await this.policies.on(today, m);
      const acceptDueBy = addWorkingDays(today, policy.handOverAcceptWorkingDays, await this.policies.calendar(today, m));
      const id = randomUUID();
      const row = await this.hazards.handOverStep(m, ctx, current, input.expectedVersion, HazardAction.HANDED_OVER, { handedOverAt: now },
        { handOverId: toGlobalId('HandOver', id), acceptDueBy, policyVersion: policy.version }, reason);
      await m.getRepository(HandOver).insert({
        id, hazardId: row.id, regionId: row.regionId, state: HandOverState.PENDING, handedOverAt: now,
        handedOverById: ctx.actor.kind === 'ACCOUNT' ? ctx.actor.id : null, handedOverBy: ctx.actor.label, reason, acceptDueBy, policyVersion: policy.version,
        measures: [], attachments: [],
      } as never);
      if (row.premisesId) await this.premises.logEvent(m, ctx, row.premisesId, HazardAction.HANDED_OVER, `隐患移交县消防救援大队：${row.description}（${reason}；接收时限 ${acceptDueBy}，当日内有效）`, { type: 'Hazard', id: row.id });
      await this.outbox.emit(m, { type: 'hand_over.created', regionId: row.regionId, subjectId: id, payload: { premisesId: globalRef('Premises', row.premisesId), hazardId: toGlobalId('Hazard', row.id), acceptDueBy, hazardStatus: row.status } });
      // the brigade is warned at once (the periodic evaluation keeps it while the case waits)
      await this.warnings.raiseOnEvent(m, {
        ruleCode: 'handOver.pending', subjectType: 'HAND_OVER', subjectId: id, regionId: row.regionId,
        message: `隐患“${row.description}”已移交县消防救援大队，待接收（接收或退回时限 ${acceptDueBy}，当日内有效）`,
      });
      return row;
    });
    ctx.auditTarget('Hazard', saved.id, { before: { handedOverAt: found.handedOverAt }, after: { handedOverAt: saved.handedOverAt } });
    return saved;
  }

  // ---------- the brigade's side ----------

  /** The brigade accepts a PENDING case: 立案 or not (a reason for not); the outcome is due within M working days. */
  async accept(ctx: RequestContext, input: { handOverId: string; expectedVersion?: number | null; caseFiled: boolean; note?: string | null }): Promise<HandOver> {
    const note = text(input.note);
    if (!input.caseFiled && !note) throw BadUserInputError.field('input.note', 'INS-2（移交）：不予立案须写明理由');
    return this.brigadeStep(ctx, input, HandOverState.PENDING, async (m, c, h) => {
      const now = this.clock.now();
      const today = shanghaiDate(now);
      const policy = await m.getRepository(InspectionPolicy).findOneByOrFail({ version: c.policyVersion });
      const outcomeDueBy = addWorkingDays(today, policy.handOverOutcomeWorkingDays, await this.policies.calendar(today, m));
      const late = today > c.acceptDueBy;
      return {
        changes: { state: HandOverState.ACCEPTED, acceptedAt: now, acceptedBy: ctx.actor.label, caseFiled: input.caseFiled, acceptNote: note, outcomeDueBy },
        action: HazardAction.HAND_OVER_ACCEPTED, hazardChanges: {}, details: { caseFiled: input.caseFiled, outcomeDueBy, late }, note,
        log: `县消防救援大队接收移交（${input.caseFiled ? '立案' : '不予立案'}${note ? `：${note}` : ''}）：${h.description}`,
        announce: (m2, base) => this.outbox.emit(m2, { type: 'hand_over.accepted', regionId: h.regionId, subjectId: c.id, payload: { ...base, caseFiled: input.caseFiled, outcomeDueBy, late } }),
      };
    });
  }

  /** The brigade returns a PENDING case to the station with its reason: the hazard's loop goes on. */
  async return(ctx: RequestContext, input: { handOverId: string; expectedVersion?: number | null; reason: string }): Promise<HandOver> {
    const reason = input.reason.trim();
    if (!reason) throw BadUserInputError.field('input.reason', 'INS-2（移交）：须写明退回原因');
    return this.brigadeStep(ctx, input, HandOverState.PENDING, async (_m, c, h) => {
      const now = this.clock.now();
      const late = shanghaiDate(now) > c.acceptDueBy;
      return {
        changes: { state: HandOverState.RETURNED, returnedAt: now, returnedBy: ctx.actor.label, returnReason: reason },
        action: HazardAction.HAND_OVER_RETURNED, hazardChanges: {}, details: { late }, note: reason,
        log: `县消防救援大队退回移交（${reason}）：${h.description}`,
        announce: (m2, base) => this.outbox.emit(m2, { type: 'hand_over.returned', regionId: h.regionId, subjectId: c.id, payload: { ...base, late } }),
      };
    });
  }

  /**
   * The outcome of an ACCEPTED case: the legal measures (a closed list, each with its day and document), the
   * decision's day and document number, whether the hazard is eliminated. Eliminated: the hazard closes through it
   * (a suspected major hazard must be decided first; a confirmed one's supervision closes with it); otherwise it
   * goes back to the station's ordinary re-check.
   */
  async recordOutcome(ctx: RequestContext, input: OutcomeInput): Promise<HandOver> {
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    const measures: MeasureTaken[] = input.measures.map((x) => ({ measure: x.measure, takenOn: x.takenOn, documentNumber: text(x.documentNumber), amountYuan: x.amountYuan ?? null }));
    const documentNumber = input.documentNumber.trim();
    const note = text(input.note);
    return this.brigadeStep(ctx, input, HandOverState.ACCEPTED, async (m, c, h) => {
      // judged on the case as it is in this transaction (accepted, 立案 or not, when): never on an earlier read
      const problem = measuresProblem(input.measures, c.caseFiled!);
      if (problem) throw BadUserInputError.field(`input.${problem[0]}`, `INS-2（移交）：${problem[1]}`);
      time.assertTimeRules([time.handOverOutcomeDates(input, c.handedOverAt, c.acceptedAt!, this.clock.today())]);
      if (input.hazardEliminated && (h.majorStatus === MajorHazardStatus.SUSPECTED || h.majorStatus === MajorHazardStatus.REPORTED)) {
        throw new ConflictError('INS-2：疑似重大火灾隐患须先判定（decideMajorHazard），判定前不能销号', { majorStatus: h.majorStatus });
      }
      const now = this.clock.now();
      const late = shanghaiDate(now) > c.outcomeDueBy!;
      const attachments = await this.attachments.link(m, ctx, { kind: 'Hazard', id: h.id }, files);
      const closes: Partial<Hazard> = input.hazardEliminated
        ? { status: HazardStatus.CLOSED, closedAt: now, closedThrough: HazardClosure.HAND_OVER_OUTCOME, ...(h.majorStatus === MajorHazardStatus.CONFIRMED ? { supervisionClosedAt: now } : {}) }
        : {};
      const labels = measures.map((x) => `${LEGAL_MEASURE_LABELS[x.measure]}${x.amountYuan !== null ? ` ${x.amountYuan} 元` : ''}`).join('、');
      return {
        changes: { state: HandOverState.CONCLUDED, concludedAt: now, concludedBy: ctx.actor.label, measures, documentNumber, decidedOn: input.decidedOn, hazardEliminated: input.hazardEliminated, outcomeNote: note, attachments },
        action: HazardAction.HAND_OVER_OUTCOME, hazardChanges: closes,
        details: { measures: measures.map((x) => x.measure), fineYuan: measures.find((x) => x.measure === LegalMeasure.FINE)?.amountYuan ?? null, documentNumber, decidedOn: input.decidedOn, hazardEliminated: input.hazardEliminated, late },
        note, attachments: { items: attachments },
        log: `县消防救援大队办结移交（${labels}；${documentNumber}；${input.hazardEliminated ? '隐患已消除，销号' : '隐患未消除，回到工作站复查'}）：${h.description}`,
        announce: (m2, base) => this.outbox.emit(m2, {
          type: 'hand_over.concluded', regionId: h.regionId, subjectId: c.id,
          payload: { ...base, measures: measures.map((x) => x.measure), decidedOn: input.decidedOn, hazardEliminated: input.hazardEliminated, late },
        }),
      };
    });
  }

  // ---------- helpers ----------

  /**
   * A step of the brigade on a case in state `from`: `WHERE id, state, version` on the case, the guarded update of
   * its hazard with the step in its history, the premises log, the event, and the case's warning resolved (the
   * periodic evaluation raises the overdue one again if the new clock passes).
   */
  private async brigadeStep(
    ctx: RequestContext,
    input: { handOverId: string; expectedVersion?: number | null },
    from: HandOverState,
    guard: (m: EntityManager, c: HandOver, h: Hazard) => Promise<{
      changes: Partial<HandOver>; action: HazardAction; hazardChanges: Partial<Hazard>; details: Record<string, unknown>; note: string | null;
      attachments?: CheckedAttachments; log: string;
      /** The step's integration event, in its transaction (`base`: the hazard and its premises). */
      announce: (m: EntityManager, base: { premisesId: string | null; hazardId: string }) => Promise<unknown>;
    }>,
  ): Promise<HandOver> {
    const found = await this.handOver(ctx, input.handOverId, 'input.handOverId');
    const saved = await this.tx.run(async (m) => {
      // the hazard's row first, then the case: the order a correction of the hazard takes them in (no deadlock)
      await m.getRepository(Hazard).findOneOrFail({ where: { id: found.hazardId }, lock: { mode: 'pessimistic_write' } });
      const current = await m.getRepository(HandOver).findOneByOrFail({ id: found.id });
      if (current.state !== from) {
        throw new ConflictError(`INS-2（移交）：移交案件状态为“${HAND_OVER_STATE_LABELS[current.state]}”，只有“${HAND_OVER_STATE_LABELS[from]}”的案件可以办理此步`, { state: current.state });
      }
      const hazard = await m.getRepository(Hazard).findOneByOrFail({ id: current.hazardId });
      const step = await guard(m, current, hazard);
      await updateVersioned(m, HandOver, current, input.expectedVersion, step.changes, { state: from }, '移交案件');
      const row = await this.hazards.handOverStep(m, ctx, hazard, hazard.version, step.action, step.hazardChanges,
        { handOverId: toGlobalId('HandOver', current.id), ...step.details }, step.note, step.attachments);
      const kind = { HAND_OVER_ACCEPTED: 'HAND_OVER_ACCEPTED', HAND_OVER_RETURNED: 'HAND_OVER_RETURNED', HAND_OVER_OUTCOME: 'HAND_OVER_OUTCOME' }[step.action as 'HAND_OVER_OUTCOME'];
      // the outcome's documents are listed with its entry (readable where the hazard is)
      if (row.premisesId) await this.premises.logEvent(m, ctx, row.premisesId, kind, step.log, { type: 'Hazard', id: row.id }, undefined, step.attachments?.items ?? []);
      const base = { premisesId: globalRef('Premises', row.premisesId), hazardId: toGlobalId('Hazard', row.id) };
      await step.announce(m, base);
      if (row.status === HazardStatus.CLOSED && hazard.status !== HazardStatus.CLOSED) {
        await this.outbox.emit(m, { type: 'hazard.closed', regionId: row.regionId, subjectId: row.id, payload: { premisesId: base.premisesId, closedAt: row.closedAt!.toISOString(), majorStatus: row.majorStatus, closedThrough: HazardClosure.HAND_OVER_OUTCOME } });
        if (row.premisesId) await this.premises.logEvent(m, ctx, row.premisesId, 'HAZARD_CLOSED', `隐患经县消防救援大队依法处理已消除，销号：${row.description}`, { type: 'Hazard', id: row.id });
        if (row.supervisionClosedAt && !hazard.supervisionClosedAt) {
          await this.hazards.historyEntry(m, ctx, row, HazardAction.SUPERVISION_CLOSED, row.status, {}, null);
        }
      }
      await this.warnings.resolveOnEvent(m, 'HAND_OVER', current.id);
      return m.getRepository(HandOver).findOneByOrFail({ id: current.id });
    });
    ctx.auditTarget('HandOver', saved.id, { before: { state: found.state, version: found.version }, after: { state: saved.state, version: saved.version } });
    return saved;
  }
}
