import { Inject, Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { FIELD_CIPHER, PersonalDataCipher } from '../auth/personal-data';
import { Permission } from '../kernel/permissions';
import { maskPhone, phoneProblem } from '../common/citizen-id';
import * as time from '../common/time-rules';
import { beijingTime, Clock, shanghaiDate } from '../common/clock';
import { TransactionRunner, updateBumpingVersion, updateVersioned } from '../database/transaction';
import { changedFields, CorrectionService, correctionReason } from '../corrections/correction.service';
import { CorrectedRecord } from '../corrections/record-correction.entity';
import { childPages } from '../graphql/child-pages';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../kernel/errors';
import { fromGlobalId, toGlobalId } from '../graphql/global-id';
import { groupLoader, rowLoader } from '../graphql/loaders';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { allowedSteps, HAZARD_STEPS, HazardStep, isOverdue, nextStatus } from './hazard-lifecycle';
import { HAZARD_OVERDUE } from './overdue';
import { labelOf, labelsOf } from '../common/labels';
import { Complaint } from './complaint.entity';
import { Hazard, HazardEvent } from './hazard.entity';
import { MajorHazardCatalogueItem, MajorHazardThreshold } from './major-hazard.entity';
import type { Attachment } from '../attachments/attachment.entity';
import type { AttachmentChoice, CheckedAttachments } from '../attachments/attachment.service';
import { AttachmentService } from '../attachments/attachment.service';
import {
  CatalogueItemKind, ComplaintCategory, ComplaintOutcome, HandOverState, HazardAction, HazardClosure, HazardSource, HazardStatus, MajorHazardStatus,
  OPEN_HAND_OVER_STATES, PremisesEventKind, PremisesKind,
} from './inspections.enums';
import { InspectionPolicyService } from './policy.service';
import { PremisesService } from './premises.service';
import { outsideAsMissing } from '../kernel/jurisdiction';
import { assertRegionReaches, regionalList, regionalPage, workRegion } from '../auth/work-scope';
import { can } from '../kernel/can';
import { text } from '../kernel/text';
import { RegionLevel } from '../organization/organization.enums';
import { Region } from '../organization/region.entity';
import { addDays, addWorkingDays, workingDaysBetween } from '../common/working-days';
import { InspectionPolicy } from './policy.entity';
import { whereUpdatedSince } from '../graphql/updated-since';
import { EventOutbox } from '../integration/event-outbox';
import { globalRef } from '../integration/event-payloads';

export interface NewHazard {
  regionId: string;
  premisesId: string | null;
  premisesKind: PremisesKind | null;
  source: HazardSource;
  inspectionId?: string | null;
  complaintId?: string | null;
  checklistItemCode?: string | null;
  description: string;
  foundOn: string;
  majorItemCodes?: string[] | null;
  attachments?: CheckedAttachments;
}

/** Related rows a hazards page reads with its rows (what the query selects on each node). */
export interface HazardIncludes {
  premises?: boolean;
  region?: boolean;
  latestEvent?: boolean;
  /** The township of each hazard's place (Hazard.township): joined through its region, no statement per row. */
  township?: boolean;
  /** The client asked for totalCount: counted in the page's statement */
  totalCount?: boolean;
}

/** A hazard of a list page: its premises and region joined when asked for, and its latest step (`latestEvent`). */
export type ListedHazard = Hazard & { latestEvent?: HazardEvent | null; township?: Region | null };

export interface HazardFilter {
  regionId?: string;
  status?: HazardStatus;
  /** INS-2: any of these statuses (with `status` too: both must hold, i.e. the intersection). */
  statuses?: HazardStatus[];
  overdue?: boolean;
  major?: boolean;
  premisesId?: string;
  /** Ever handed over to the brigade (true) or never (false). */
  handedOver?: boolean;
  /** INS-1: the hazard(s) a complaint's on-site check recorded (a Complaint global id, inside the jurisdiction). */
  complaintId?: string;
  foundFrom?: string;
  foundTo?: string;
  /** Changed at or after (`updated_at`, T-INT-1). */
  updatedSince?: Date;
}

const HAZARD_ORDER: OrderKey<Hazard>[] = [
  { expr: 'h.found_on', type: 'text', value: (h) => h.foundOn },
  { expr: 'h.id', type: 'uuid', value: (h) => h.id },
];
const HAZARD_EVENT_ORDER: OrderKey<HazardEvent>[] = [{ expr: 'e.seq', type: 'bigint', value: (e) => e.seq }];
const COMPLAINT_ORDER: OrderKey<Complaint>[] = [
  { expr: 'c.received_at', type: 'timestamp' },
  { expr: 'c.id', type: 'uuid', value: (c) => c.id },
];
const URGENT: ComplaintCategory[] = [ComplaintCategory.BLOCKED_EXITS, ComplaintCategory.FACILITIES_OFF];
/** A log entry's word on the files its step carried. */
const filesNote = (files: readonly Attachment[]): string => (files.length ? `；附件 ${files.length} 个：${files.map((f) => f.name).join('、')}` : '');
const MAJOR_STATES = [MajorHazardStatus.SUSPECTED, MajorHazardStatus.REPORTED, MajorHazardStatus.CONFIRMED];

/** The hazard closed loop (INS-2), major hazards through the brigade, hand-overs, complaints. */
@Injectable()
export class HazardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly policies: InspectionPolicyService,
    private readonly premises: PremisesService,
    private readonly attachments: AttachmentService,
    @Inject(FIELD_CIPHER) private readonly cipher: PersonalDataCipher,
    private readonly corrections: CorrectionService,
    private readonly outbox: EventOutbox,
  ) {
    policies.addCalendarHook((m, ctx, year, version) => this.recomputeClocks(m, ctx, year, version));
  }

  // ---------- reads ----------

  hazardById(ctx: RequestContext): DataLoader<string, Hazard | undefined> {
    return rowLoader(ctx, 'ins.hazardById', (ids) => this.dataSource.getRepository(Hazard).findBy({ id: In(ids) }), (h) => h.id);
  }

  /** The newest history entry of each hazard, one query per batch (DISTINCT ON over ix_hazard_event_hazard). */
  latestEventOf(ctx: RequestContext): DataLoader<string, HazardEvent | undefined> {
    return rowLoader(ctx, 'ins.hazardLatestEvent', (ids) =>
      this.dataSource.getRepository(HazardEvent).createQueryBuilder('e')
        .distinctOn(['e.hazard_id'])
        .where('e.hazard_id IN (:...ids)', { ids })
        .orderBy('e.hazard_id')
        .addOrderBy('e.seq', 'DESC')
        .getMany(), (e) => e.hazardId);
  }

  /** Hazard.history, a page per hazard (INS-2: failed re-checks and extensions repeat, so a history has no fixed bound). */
  historyOf(ctx: RequestContext, page: PageArgs): DataLoader<string, ConnectionValue<HazardEvent>> {
    return childPages(ctx, this.dataSource, {
      name: 'ins.hazardHistory', entity: HazardEvent, alias: 'e', parent: 'e.hazard_id', parentOf: (e) => e.hazardId,
      order: HAZARD_EVENT_ORDER,
    }, page);
  }

  /**
   * The township a hazard's place belongs to, whatever level it was recorded at: a township itself, a village's
   * parent; null for a county-level record. Through the per-request region loader (one query per batch).
   */
  async townshipOf(ctx: RequestContext, regionId: string): Promise<Region | null> {
    const region = await this.organizations.regionById(ctx).load(regionId);
    if (region?.level === RegionLevel.TOWNSHIP) return region;
    if (region?.level === RegionLevel.VILLAGE && region.parentId) return (await this.organizations.regionById(ctx).load(region.parentId)) ?? null;
    return null;
  }

  hazardsOfInspection(ctx: RequestContext): DataLoader<string, Hazard[]> {
    return groupLoader(ctx, 'ins.hazardsOfInspection', (ids) => this.dataSource.getRepository(Hazard).find({ where: { inspectionId: In(ids) }, order: { checklistItemCode: 'ASC' } }), (h) => h.inspectionId!);
  }

  /** A hazard inside the jurisdiction, else NOT_FOUND. */
  async hazard(ctx: RequestContext, globalId: string, field: string): Promise<Hazard> {
    const h = await this.hazardById(ctx).load(fromGlobalId(globalId, 'Hazard', field));
    if (!h) throw new NotFoundError('隐患');
    await assertRegionReaches(ctx, this.organizations, h.regionId, '隐患');
    return h;
  }

  /**
   * `include` names the related rows the client asked of each hazard: they are joined into the page's query, so a
   * page costs the same statements whatever its size (docs/performance.md). The resolver hands them to the hazards'
   * fields (graphql/preloaded.ts); premises and regions also prime their loaders, which other fields of the same
   * request read (a premises' region, an inspection's premises).
   */
  async list(ctx: RequestContext, page: PageArgs, filter: HazardFilter, include: HazardIncludes = {}): Promise<ConnectionValue<ListedHazard>> {
    const today = this.clock.today();
    const now = this.clock.now();
    const premisesId = filter.premisesId ? (await outsideAsMissing(this.premises.premises(ctx, filter.premisesId, 'premisesId'))).id : undefined;
    const complaintId = filter.complaintId ? (await outsideAsMissing(this.complaint(ctx, filter.complaintId, 'complaintId'))).id : undefined;
    const filters = (qb: SelectQueryBuilder<Hazard>) => {
      if (filter.status) qb.andWhere('h.status = :status', { status: filter.status });
      if (filter.statuses) qb.andWhere('h.status IN (:...statuses)', { statuses: filter.statuses });
      // INS-2: overdue = ordered, not reported rectified, the deadline day over in Asia/Shanghai
      if (filter.overdue === true) qb.andWhere(HAZARD_OVERDUE.sql('h', ':today'), { today });
      if (filter.overdue === false) qb.andWhere(`NOT ${HAZARD_OVERDUE.sql('h', ':today')}`, { today });
      if (filter.major === true) qb.andWhere('h.major_status IN (:...major)', { major: MAJOR_STATES });
      if (filter.major === false) qb.andWhere('h.major_status NOT IN (:...major)', { major: MAJOR_STATES });
      if (premisesId) qb.andWhere('h.premises_id = :premisesId', { premisesId });
      if (filter.handedOver === true) qb.andWhere('h.handed_over_at IS NOT NULL');
      if (filter.handedOver === false) qb.andWhere('h.handed_over_at IS NULL');
      if (complaintId) qb.andWhere('h.complaint_id = :complaintId', { complaintId });
      if (filter.foundFrom) qb.andWhere('h.found_on >= :foundFrom', { foundFrom: filter.foundFrom });
      if (filter.foundTo) qb.andWhere('h.found_on <= :foundTo', { foundTo: filter.foundTo });
      return whereUpdatedSince(qb, 'h.updated_at', filter.updatedSince, now);
    };
    // Province scale: a county's page reads its regions' (region_id, status, found_on, id) index, not the province's
    const withPage = (qb: SelectQueryBuilder<Hazard>) => {
      if (include.premises) qb.leftJoinAndSelect('h.premises', 'pm');
      if (include.region) qb.leftJoinAndSelect('h.region', 'rg');
      else if (include.township) qb.leftJoin('h.region', 'rg');
      // a township's own record, a village's parent; none for a county-level record
      if (include.township) qb.leftJoinAndMapOne('h.township', Region, 'tw', `tw.id = CASE rg.level WHEN 'TOWNSHIP' THEN rg.id WHEN 'VILLAGE' THEN rg.parent_id END`);
      if (include.latestEvent) {
        qb.leftJoinAndMapOne('h.latestEvent', HazardEvent, 'ev', 'ev.hazard_id = h.id AND ev.seq = (SELECT max(e2.seq) FROM hazard_event e2 WHERE e2.hazard_id = h.id)');
      }
      return qb;
    };
    const result = (await regionalPage(this.dataSource.getRepository(Hazard), 'h', ctx, this.organizations, filter.regionId, filters, page, HAZARD_ORDER, { descending: true, withPage, withCount: include.totalCount })) as ConnectionValue<ListedHazard>;
    for (const { node: h } of result.edges) {
      if (include.premises && h.premises) this.premises.premisesById(ctx).prime(h.premises.id, h.premises);
      if (include.region && h.region) this.organizations.regionById(ctx).prime(h.region.id, h.region);
      if (include.township && h.township) this.organizations.regionById(ctx).prime(h.township.id, h.township);
    }
    return result;
  }

  async catalogue(date: string): Promise<{ items: MajorHazardCatalogueItem[]; thresholds: MajorHazardThreshold[] }> {
    const items = await this.dataSource.getRepository(MajorHazardCatalogueItem).createQueryBuilder('i')
      .where('i.valid_from <= :date AND (i.valid_to IS NULL OR i.valid_to >= :date)', { date }).orderBy('i.code').getMany();
    const editions = [...new Set(items.map((i) => i.edition))];
    const thresholds = editions.length ? await this.dataSource.getRepository(MajorHazardThreshold).findBy({ edition: In(editions) }) : [];
    return { items, thresholds };
  }

  // ---------- writes ----------
  /**
   * Publishes an edition of the major hazard catalogue (the committee office loads the standard's text): a new
   * edition takes effect on its date and closes the one before it the day before; republishing an edition replaces
   * its items and thresholds, but never drops an item a recorded hazard cites.
   */
  async publishCatalogue(ctx: RequestContext, input: {
    edition: string; validFrom: string; items: { code: string; kind: CatalogueItemKind; text: string }[]; thresholds: { premisesKind: PremisesKind; compositeCount: number }[];
  }): Promise<{ items: MajorHazardCatalogueItem[]; thresholds: MajorHazardThreshold[] }> {
    const edition = input.edition.trim();
    const codes = new Set<string>();
    input.items.forEach((item, i) => {
      if (codes.has(item.code.trim())) throw BadUserInputError.field(`input.items.${i}.code`, '判定项编号重复');
      codes.add(item.code.trim());
    });
    const kinds = new Set(input.thresholds.map((x) => x.premisesKind));
    if (kinds.size !== input.thresholds.length) throw BadUserInputError.field('input.thresholds', '场所类别重复');
    const missing = Object.values(PremisesKind).filter((k) => !kinds.has(k));
    if (missing.length) throw BadUserInputError.field('input.thresholds', `缺少场所类别 ${missing.join('、')} 的综合判定阈值`);
    const saved = await this.tx.run(async (m) => {
      await m.query(`LOCK TABLE major_hazard_catalogue_item IN EXCLUSIVE MODE`);
      const repo = m.getRepository(MajorHazardCatalogueItem);
      const existing = await repo.findBy({ edition });
      let validTo: string | null = null;
      if (existing.length) {
        if (existing[0].validFrom !== input.validFrom) throw BadUserInputError.field('input.validFrom', `${edition} 的生效日期为 ${existing[0].validFrom}，不能更改`);
        validTo = existing[0].validTo;
        const cited: { code: string }[] = await m.query(
          `SELECT DISTINCT unnest(major_item_codes) AS code FROM hazard WHERE major_catalogue_edition = $1`, [edition]);
        const dropped = cited.map((c) => c.code).filter((c) => !codes.has(c));
        if (dropped.length) throw new ConflictError(`已有隐患引用判定项 ${dropped.join('、')}，不能删除`, { cited: dropped });
        await repo.delete({ edition });
      } else {
        const latest = await repo.createQueryBuilder('i').orderBy('i.valid_from', 'DESC').getOne();
        time.assertTimeRules([time.catalogueEditionDate(input.validFrom, latest, this.clock.today())]);
        // the edition in force until now ends the day before
        if (latest) await repo.update({ edition: latest.edition }, { validTo: addDays(input.validFrom, -1) });
      }
      await repo.insert(input.items.map((i) => ({ id: randomUUID(), edition, validFrom: input.validFrom, validTo, code: i.code.trim(), kind: i.kind, text: i.text.trim() })));
      await m.getRepository(MajorHazardThreshold).delete({ edition });
      await m.getRepository(MajorHazardThreshold).insert(input.thresholds.map((x) => ({ edition, premisesKind: x.premisesKind, compositeCount: x.compositeCount })));
      return { items: await repo.find({ where: { edition }, order: { code: 'ASC' } }), thresholds: await m.getRepository(MajorHazardThreshold).findBy({ edition }) };
    });
    ctx.auditTarget('MajorHazardCatalogue', edition, { after: { validFrom: input.validFrom, items: saved.items.length } });
    return saved;
  }


  async report(ctx: RequestContext, input: { regionId?: string | null; premisesId?: string | null; description: string; foundOn: string; majorItemCodes?: string[] | null; attachments?: AttachmentChoice[] | null }): Promise<Hazard> {
    time.assertTimeRules([time.hazardFoundDate(input.foundOn, this.clock.today(), await this.policies.on(this.clock.today()))]);
    const { regionId, premisesId, premisesKind } = await this.premises.placeOf(ctx, input);
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    const hazard = await this.tx.run((m) => this.create(m, ctx, {
      regionId, premisesId, premisesKind, source: HazardSource.OTHER, description: input.description, foundOn: input.foundOn,
      majorItemCodes: input.majorItemCodes, attachments: files,
    }, 'input.majorItemCodes'));
    ctx.auditTarget('Hazard', hazard.id, { after: { status: hazard.status, majorStatus: hazard.majorStatus } });
    return hazard;
  }

  /**
   * A calendar load (in its transaction): the open clocks counted on that year move with it. A REPORTED hazard's
   * order date (found + N working days, its policy version) and a PENDING_RECHECK hazard's re-check date (reported
   * rectified + N working days) are recomputed when their start falls in the year before or the year loaded (a
   * clock reads the calendar of its start's year and the next); each one that changes is updated (its version
   * moves: a client holding the old one gets CONFLICT) and says so in its history (CLOCK_RECOMPUTED). Closed
   * steps keep the dates they were judged by.
   */
  async recomputeClocks(m: EntityManager, ctx: RequestContext, year: number, version: number): Promise<number> {
    const from = `${year - 1}-01-01`;
    const to = `${year}-12-31`;
    const open = await m.getRepository(Hazard).createQueryBuilder('h').setLock('pessimistic_write')
      .where(`(h.status = :reported AND h.found_on BETWEEN :from AND :to) OR (h.status = :pending AND h.rectified_on BETWEEN :from AND :to)`, {
        reported: HazardStatus.REPORTED, pending: HazardStatus.PENDING_RECHECK, from, to,
      })
      .orderBy('h.id').getMany();
    const policies = new Map<number, InspectionPolicy>();
    let changed = 0;
    for (const h of open) {
      const reported = h.status === HazardStatus.REPORTED;
      const start = reported ? h.foundOn : h.rectifiedOn!;
      const policy = reported
        ? policies.get(h.policyVersion) ?? (await m.getRepository(InspectionPolicy).findOneByOrFail({ version: h.policyVersion }))
        : await this.policies.on(start, m);
      policies.set(policy.version, policy);
      const calendar = await this.policies.calendar(start, m);
      const clock = reported ? 'orderDueBy' : 'recheckDueBy';
      const before = reported ? h.orderDueBy : h.recheckDueBy;
      const after = addWorkingDays(start, reported ? policy.orderWithinWorkingDays : policy.recheckWithinWorkingDays, calendar);
      if (after === before) continue;
      const row = await this.guardedUpdate(m, h, h.version, reported ? { orderDueBy: after } : { recheckDueBy: after });
      await this.event(m, ctx, row, HazardAction.CLOCK_RECOMPUTED, h.status, { clock, before, after, calendarYear: year, calendarVersion: version, calendarLoaded: calendar.loaded });
      changed++;
    }
    return changed;
  }

  /**
   * Corrects a hazard's description or place, in any state (the closed loop, INS-2, goes on as it was): a guarded
   * update of the version read, each changed field kept with the reason (record_correction). A premises and a region
   * that disagree are refused (as on report). A hazard found in an inspection stays at the inspected premises.
   */
  async correct(ctx: RequestContext, input: { hazardId: string; expectedVersion: number; reason: string; description?: string | null; premisesId?: string | null; regionId?: string | null }): Promise<Hazard> {
    const reason = correctionReason(input.reason);
    const found = await this.hazard(ctx, input.hazardId, 'input.hazardId');
    if (input.description !== undefined && input.description !== null && !input.description.trim()) throw BadUserInputError.field('input.description', '不能为空');
    let place: { regionId: string; premisesId: string | null } | undefined;
    if (input.premisesId || input.regionId) {
      if (found.inspectionId && input.premisesId) throw BadUserInputError.field('input.premisesId', '检查中发现的隐患，场所以检查记录为准，不能在此更正');
      const premisesId = input.premisesId ?? found.premisesId;
      if (premisesId) {
        const p = await this.premises.premises(ctx, input.premisesId ?? toGlobalId('Premises', premisesId), 'input.premisesId');
        if (input.regionId) await this.premises.assertPlaceAgrees(ctx, p, input.regionId);
        place = { regionId: p.regionId, premisesId: p.id };
      } else {
        place = { regionId: (await workRegion(ctx, this.organizations, input.regionId!, 'input.regionId')).id, premisesId: null };
      }
    }
    ctx.auditTarget('Hazard', found.id, { before: { version: found.version } });
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Hazard).findOneByOrFail({ id: found.id });
      const changes = changedFields(current as unknown as Record<string, unknown>, {
        description: input.description?.trim() ?? undefined, premisesId: place?.premisesId, regionId: place?.regionId,
      }, { premisesId: (v) => (v ? toGlobalId('Premises', v as string) : null), regionId: (v) => (v ? toGlobalId('Region', v as string) : null) });
      const raw = { description: input.description?.trim(), premisesId: place?.premisesId, regionId: place?.regionId } as Record<string, unknown>;
      if (changes.length === 0) throw BadUserInputError.field('input', '没有要更正的内容（所填各项与现有记录相同）');
      const row = await updateVersioned(m, Hazard, current, input.expectedVersion, Object.fromEntries(changes.map((c) => [c.field, raw[c.field]])) as Partial<Hazard>, { status: current.status });
      await this.corrections.record(m, ctx, CorrectedRecord.HAZARD, row.id, changes, reason);
      // a hand-over case is read where its hazard is (the brigade county-wide, the station in its township)
      if (row.regionId !== current.regionId) {
        await m.query(`UPDATE hand_over SET region_id = $1, updated_at = now(), version = version + 1 WHERE hazard_id = $2`, [row.regionId, row.id]);
        // and their active warnings with them: the old township no longer reads the hazard, the new one must be told
        await m.query(
          `UPDATE warning SET region_id = $1, version = version + 1 WHERE status = 'ACTIVE'
             AND ((subject_type = 'HAZARD' AND subject_id = $2) OR (subject_type = 'HAND_OVER' AND subject_id IN (SELECT id FROM hand_over WHERE hazard_id = $2)))`,
          [row.regionId, row.id]);
      }
      // the hazard's readers follow it by region: a move to another township is told on both sides (old and new)
      const payload = {
        premisesId: globalRef('Premises', row.premisesId), changedFields: changes.map((c) => c.field),
        previousRegionId: globalRef('Region', current.regionId)!, previousPremisesId: globalRef('Premises', current.premisesId),
      };
      for (const regionId of new Set([current.regionId, row.regionId])) await this.outbox.emit(m, { type: 'hazard.corrected', regionId, subjectId: row.id, payload });
      return row;
    });
    ctx.auditTarget('Hazard', saved.id, { before: { version: found.version }, after: { version: saved.version, reason } });
    return saved;
  }

  /** Creates a REPORTED hazard inside the caller's transaction (reportHazard, a failed checklist item, a confirmed complaint). */
  async create(m: EntityManager, ctx: RequestContext, h: NewHazard, majorField = 'majorItemCodes'): Promise<Hazard> {
    const policy = await this.policies.on(h.foundOn, m);
    const calendar = await this.policies.calendar(h.foundOn, m);
    const major = h.majorItemCodes?.length ? await this.majorDetermination(m, h.majorItemCodes, h.foundOn, h.premisesKind, majorField) : null;
    const repo = m.getRepository(Hazard);
    const hazard = await repo.save(repo.create({
      id: randomUUID(), regionId: h.regionId, premisesId: h.premisesId, source: h.source, inspectionId: h.inspectionId ?? null,
      complaintId: h.complaintId ?? null, checklistItemCode: h.checklistItemCode ?? null, description: h.description.trim(), foundOn: h.foundOn,
      status: HazardStatus.REPORTED, orderDueBy: addWorkingDays(h.foundOn, policy.orderWithinWorkingDays, calendar), deadline: null,
      responsibleParty: null, measures: null, orderedOn: null, recheckDueBy: null, rectificationReportedById: null, rectifiedOn: null, closedAt: null,
      majorStatus: major ? MajorHazardStatus.SUSPECTED : MajorHazardStatus.NONE, majorCatalogueEdition: major?.edition ?? null,
      majorItemCodes: major?.codes ?? null, majorReportDueBy: major ? addDays(h.foundOn, policy.majorReportDays) : null,
      supervisionClosedAt: null, handedOverAt: null, policyVersion: policy.version, reportedBy: ctx.actor.label,
    }));
    const files = await this.event(m, ctx, hazard, HazardAction.REPORTED, null, { orderDueBy: hazard.orderDueBy, policyVersion: policy.version, calendarLoaded: calendar.loaded }, null, h.attachments);
    if (major) await this.event(m, ctx, hazard, HazardAction.MAJOR_SUSPECTED, null, { edition: major.edition, items: major.codes, reportDueBy: hazard.majorReportDueBy });
    await this.outbox.emit(m, {
      type: 'hazard.reported', regionId: hazard.regionId, subjectId: hazard.id, payload: {
        premisesId: globalRef('Premises', hazard.premisesId), source: hazard.source, inspectionId: globalRef('Inspection', hazard.inspectionId),
        complaintId: globalRef('Complaint', hazard.complaintId), checklistItemCode: hazard.checklistItemCode, foundOn: hazard.foundOn,
        orderDueBy: hazard.orderDueBy, majorStatus: hazard.majorStatus,
      },
    });
    if (hazard.premisesId) {
      await this.premises.logEvent(m, ctx, hazard.premisesId, 'HAZARD_REPORTED', `发现隐患：${hazard.description}${major ? '（疑似重大火灾隐患）' : ''}${filesNote(files)}`,
        { type: 'Hazard', id: hazard.id }, this.premises.dayMoment(hazard.foundOn), files);
    }
    return hazard;
  }

  /** A suspected major hazard cites the catalogue edition in force on the day found: one direct item, or enough composite elements. */
  private async majorDetermination(m: EntityManager, codes: string[], foundOn: string, kind: PremisesKind | null, field: string): Promise<{ edition: string; codes: string[] }> {
    const unique = [...new Set(codes.map((c) => c.trim()))];
    const items = await m.getRepository(MajorHazardCatalogueItem).createQueryBuilder('i')
      .where('i.valid_from <= :d AND (i.valid_to IS NULL OR i.valid_to >= :d)', { d: foundOn }).getMany();
    if (items.length === 0) throw BadUserInputError.field(field, `${foundOn} 没有生效的重大火灾隐患判定标准`);
    const edition = items[0].edition;
    const unknown = unique.filter((c) => !items.some((i) => i.code === c));
    if (unknown.length) throw BadUserInputError.field(field, `${edition} 中没有判定项 ${unknown.join('、')}`);
    const cited = items.filter((i) => unique.includes(i.code));
    if (!cited.some((i) => i.kind === CatalogueItemKind.DIRECT)) {
      const threshold = await m.getRepository(MajorHazardThreshold).findOneBy({ edition, premisesKind: kind ?? PremisesKind.OTHER });
      const need = threshold?.compositeCount ?? Number.POSITIVE_INFINITY;
      if (cited.length < need) throw BadUserInputError.field(field, `未引用直接判定要素时，综合判定要素须达到 ${need} 项（现 ${cited.length} 项）`);
    }
    return { edition, codes: unique.sort() };
  }

  /** REPORTED > RECTIFYING: the order with its deadline (default: the policy's days after the order), responsible party, measures. */
  async order(ctx: RequestContext, input: { hazardId: string; expectedVersion?: number | null; deadline?: string | null; responsibleParty: string; measures: string }): Promise<Hazard> {
    const today = this.clock.today();
    return this.step(ctx, input, 'ORDER', HazardAction.ORDERED, async (m, h) => {
      const policy = await this.policies.on(today, m);
      // T-INS-3: an ordinary deadline within the policy's maximum; longer only by an extension (extendDeadline)
      if (input.deadline) time.assertTimeRules([time.ordinaryDeadline(input.deadline, today, policy, 'input.deadline', h.majorStatus === MajorHazardStatus.CONFIRMED)]);
      const deadline = input.deadline ?? addDays(today, policy.defaultDeadlineDays);
      // INS-2: an order after its window says by how many working days (the calendar as loaded today)
      const late = today > h.orderDueBy;
      const lateDays = late ? workingDaysBetween(h.orderDueBy, today, await this.policies.calendar(h.orderDueBy, m)) : null;
      return {
        changes: { deadline, responsibleParty: input.responsibleParty.trim(), measures: input.measures.trim(), orderedOn: today, orderLateWorkingDays: lateDays },
        details: { deadline, responsibleParty: input.responsibleParty.trim(), measures: input.measures.trim(), late, lateWorkingDays: lateDays, policyVersion: policy.version },
      };
    });
  }

  /** RECTIFYING > PENDING_RECHECK: the rectification reported with evidence; the re-check is due within N working days. */
  async reportRectification(ctx: RequestContext, input: { hazardId: string; expectedVersion?: number | null; note: string; evidence: AttachmentChoice[] }): Promise<Hazard> {
    if (input.evidence.length === 0) throw BadUserInputError.field('input.evidence', '须附整改证明材料');
    await this.hazard(ctx, input.hazardId, 'input.hazardId');
    const evidence = await this.attachments.check(ctx, input.evidence, 'input.evidence');
    const today = this.clock.today();
    return this.step(ctx, input, 'REPORT_RECTIFICATION', HazardAction.RECTIFICATION_REPORTED, async (m) => {
      const policy = await this.policies.on(today, m);
      const recheckDueBy = addWorkingDays(today, policy.recheckWithinWorkingDays, await this.policies.calendar(today, m));
      return {
        changes: { rectificationReportedById: ctx.actor.kind === 'ACCOUNT' ? ctx.actor.id : null, rectifiedOn: today, recheckDueBy },
        details: { recheckDueBy, reportedByKind: ctx.actor.kind },
      };
    }, input.note, evidence);
  }

  /**
   * The re-check (INS-2): passed > CLOSED, failed > RECTIFYING with the reason. Never by the account that reported
   * the rectification; from RECTIFYING only once the deadline passed; a confirmed major hazard is closed by the
   * brigade (销案).
   */
  async recheck(ctx: RequestContext, input: { hazardId: string; expectedVersion?: number | null; passed: boolean; note?: string | null; newDeadline?: string | null; attachments?: AttachmentChoice[] | null }): Promise<Hazard> {
    const today = this.clock.today();
    await this.hazard(ctx, input.hazardId, 'input.hazardId');
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    if (!input.passed && !text(input.note)) throw BadUserInputError.field('input.note', '复查不合格须写明原因');
    if (input.newDeadline) {
      if (input.passed) throw BadUserInputError.field('input.newDeadline', '复查合格时不设新期限');
    }
    return this.step(ctx, input, input.passed ? 'RECHECK_PASS' : 'RECHECK_FAIL', input.passed ? HazardAction.RECHECK_PASSED : HazardAction.RECHECK_FAILED, async (m, h) => {
      if (input.newDeadline) {
        time.assertTimeRules([time.ordinaryDeadline(input.newDeadline, today, await this.policies.on(today, m), 'input.newDeadline', h.majorStatus === MajorHazardStatus.CONFIRMED)]);
      }
      // INS-2: the last reporter of a rectification never re-checks it, also after a failed re-check sent it back
      if (h.rectificationReportedById !== null && ctx.actor.kind === 'ACCOUNT' && h.rectificationReportedById === ctx.actor.id) {
        throw new ForbiddenError('INS-2：复查须由报告整改完成者以外的人员进行');
      }
      if (input.passed && (h.majorStatus === MajorHazardStatus.SUSPECTED || h.majorStatus === MajorHazardStatus.REPORTED)) {
        throw new ConflictError('疑似重大火灾隐患须先报县消防救援大队判定，判定前不能销号', { majorStatus: h.majorStatus });
      }
      if (h.status === HazardStatus.RECTIFYING && !isOverdue(h.status, h.deadline, today)) {
        throw new ConflictError(`整改期限 ${h.deadline} 未到且未报告整改完成，不能复查`, { deadline: h.deadline });
      }
      if (input.passed && h.majorStatus === MajorHazardStatus.CONFIRMED && !can(ctx, Permission.MAJOR_HAZARD_DECIDE)) {
        throw new ForbiddenError('挂牌督办的重大火灾隐患须由县消防救援大队复查销案');
      }
      const changes: Partial<Hazard> = input.passed
        ? { closedAt: this.clock.now(), ...(h.majorStatus === MajorHazardStatus.CONFIRMED ? { supervisionClosedAt: this.clock.now() } : {}) }
        // the reporter stays recorded: the one whose rectification failed may not pass it later without a new report by someone else
        : { rectifiedOn: null, recheckDueBy: null, ...(input.newDeadline ? { deadline: input.newDeadline } : {}) };
      return { changes, details: { passed: input.passed, ...(input.newDeadline ? { newDeadline: input.newDeadline, previousDeadline: h.deadline } : {}) } };
    }, input.note, files);
  }

  /** A deadline extension, approved by the actor (center or township government), with its reason (INS-2). */
  async extendDeadline(ctx: RequestContext, input: { hazardId: string; expectedVersion?: number | null; newDeadline: string; reason: string }): Promise<Hazard> {
    time.assertTimeRules([time.extendedDeadline(input.newDeadline, null, this.clock.today())]);
    return this.change(ctx, input, HazardAction.DEADLINE_EXTENDED, [HazardStatus.RECTIFYING], (h) => {
      time.assertTimeRules([time.extendedDeadline(input.newDeadline, h.deadline, this.clock.today())]);
      return { changes: { deadline: input.newDeadline }, details: { from: h.deadline, to: input.newDeadline, approvedBy: ctx.actor.label } };
    }, input.reason);
  }

  /** INS-2, major hazards: SUSPECTED > REPORTED: the station reports a suspected major hazard to the county brigade (due within 2 days). */
  async reportMajor(ctx: RequestContext, input: { hazardId: string; expectedVersion?: number | null; note?: string | null }): Promise<Hazard> {
    const today = this.clock.today();
    return this.change(ctx, input, HazardAction.MAJOR_REPORTED, [HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.PENDING_RECHECK], (h) => {
      if (h.majorStatus !== MajorHazardStatus.SUSPECTED) throw new ConflictError('只有疑似重大火灾隐患可以报告大队', { majorStatus: h.majorStatus });
      return { changes: { majorStatus: MajorHazardStatus.REPORTED }, details: { dueBy: h.majorReportDueBy, late: h.majorReportDueBy !== null && today > h.majorReportDueBy } };
    }, input.note);
  }

  /** INS-2, major hazards: REPORTED > CONFIRMED (挂牌督办) or REJECTED: the county brigade decides. */
  async decideMajor(ctx: RequestContext, input: { hazardId: string; expectedVersion?: number | null; confirm: boolean; note: string }): Promise<Hazard> {
    return this.change(ctx, input, input.confirm ? HazardAction.MAJOR_CONFIRMED : HazardAction.MAJOR_REJECTED, null, (h) => {
      if (h.majorStatus !== MajorHazardStatus.REPORTED) throw new ConflictError('只有已报大队的疑似重大火灾隐患可以判定', { majorStatus: h.majorStatus });
      if (h.status === HazardStatus.CLOSED) throw new ConflictError('隐患已销号');
      return { changes: { majorStatus: input.confirm ? MajorHazardStatus.CONFIRMED : MajorHazardStatus.REJECTED }, details: { confirm: input.confirm } };
    }, input.note);
  }

  // ---------- complaints ----------

  complaintById(ctx: RequestContext): DataLoader<string, Complaint | undefined> {
    return rowLoader(ctx, 'ins.complaintById', (ids) => this.dataSource.getRepository(Complaint).findBy({ id: In(ids) }), (c) => c.id);
  }

  /**
   * INS-1: the hazard a complaint's on-site check recorded when it confirmed the complaint (source COMPLAINT), by
   * complaint id, one query per batch (ix_hazard_complaint). A complaint is checked once, so it has at most one.
   */
  hazardOfComplaint(ctx: RequestContext): DataLoader<string, Hazard | undefined> {
    return rowLoader(ctx, 'ins.hazardOfComplaint', (ids) =>
      this.dataSource.getRepository(Hazard).findBy({ complaintId: In(ids), source: HazardSource.COMPLAINT }), (h) => h.complaintId!);
  }

  /** A complaint inside the jurisdiction, else NOT_FOUND (an unknown one and one out of sight answer alike). */
  async complaint(ctx: RequestContext, globalId: string, field: string): Promise<Complaint> {
    const c = await this.complaintById(ctx).load(fromGlobalId(globalId, 'Complaint', field));
    if (!c) throw new NotFoundError('举报投诉');
    await assertRegionReaches(ctx, this.organizations, c.regionId, '举报投诉');
    return c;
  }

  async complaints(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; open?: boolean; checkedLate?: boolean }): Promise<ConnectionValue<Complaint>> {
    const qb = await regionalList(this.dataSource.getRepository(Complaint).createQueryBuilder('c'), ctx, this.organizations, filter.regionId);
    if (filter.open === true) qb.andWhere('c.checked_at IS NULL');
    if (filter.open === false) qb.andWhere('c.checked_at IS NOT NULL');
    // INS-1: the SQL form of isCheckedLate (checked after the clock; unchecked and past it now)
    if (filter.checkedLate !== undefined && filter.checkedLate !== null) {
      qb.andWhere(`${filter.checkedLate ? '' : 'NOT '}(COALESCE(c.checked_at, :lateNow) > c.check_due_at)`, { lateNow: this.clock.now() });
    }
    return paginate(qb, page, COMPLAINT_ORDER, { descending: true });
  }

  /** INS-1, INS-2: a complaint, a source of hazards: blocked exits or switched-off facilities are checked within 24 hours, others within 3 working days. */
  async fileComplaint(ctx: RequestContext, input: { regionId?: string | null; premisesId?: string | null; receivedAt: Date; channel: string; category: ComplaintCategory; content: string; reporterPhone?: string | null }): Promise<Complaint> {
    const now = this.clock.now();
    time.assertTimeRules([time.complaintTime(input.receivedAt, now, await this.policies.on(shanghaiDate(now)))]);
    const { regionId, premisesId } = await this.premises.placeOf(ctx, input);
    const phone = text(input.reporterPhone);
    if (phone && phoneProblem(phone)) throw BadUserInputError.field('input.reporterPhone', phoneProblem(phone)!);
    const received = shanghaiDate(input.receivedAt);
    const saved = await this.tx.run(async (m) => {
      const policy = await this.policies.on(received, m);
      const checkDueAt = URGENT.includes(input.category)
        ? new Date(input.receivedAt.getTime() + policy.complaintUrgentHours * 3_600_000)
        // the end of the Nth working day, Beijing time
        : new Date(Date.parse(`${addDays(addWorkingDays(received, policy.complaintOtherWorkingDays, await this.policies.calendar(received, m)), 1)}T00:00:00+08:00`) - 1);
      const repo = m.getRepository(Complaint);
      const row = await repo.save(repo.create({
        id: randomUUID(), regionId, premisesId, receivedAt: input.receivedAt, channel: input.channel.trim(), category: input.category, content: input.content.trim(),
        reporterPhoneEnc: phone ? this.cipher.encryptPhone(phone) : null, reporterPhoneMasked: phone ? maskPhone(phone) : null, checkDueAt,
        checkedAt: null, outcome: null, checkNote: null, checkedBy: null, policyVersion: policy.version, recordedBy: ctx.actor.label,
      }));
      if (premisesId) await this.premises.logEvent(m, ctx, premisesId, 'COMPLAINT', `受理举报投诉（${row.channel}），核查时限 ${beijingTime(checkDueAt)}`, { type: 'Complaint', id: row.id }, input.receivedAt);
      return row;
    });
    ctx.auditTarget('Complaint', saved.id, { after: { category: saved.category, checkDueAt: saved.checkDueAt } });
    return saved;
  }

  /** The on-site check: CONFIRMED records a hazard (source COMPLAINT) in the same transaction. */
  async checkComplaint(ctx: RequestContext, input: { complaintId: string; outcome: ComplaintOutcome; note: string; hazardDescription?: string | null }): Promise<{ complaint: Complaint; hazard: Hazard | null }> {
    const c = await this.complaint(ctx, input.complaintId, 'input.complaintId');
    if (input.outcome === ComplaintOutcome.CONFIRMED && !text(input.hazardDescription)) throw BadUserInputError.field('input.hazardDescription', 'INS-2：举报属实须描述隐患（登记为隐患）');
    // INS-2: only a confirmed complaint records a hazard; a description given with UNFOUNDED would be dropped unseen
    if (input.outcome === ComplaintOutcome.UNFOUNDED && text(input.hazardDescription)) {
      throw BadUserInputError.field('input.hazardDescription', 'INS-2：核查不属实的举报投诉不登记隐患，不能填写隐患描述（属实时才填写）');
    }
    const premises = c.premisesId ? await this.premises.premisesById(ctx).load(c.premisesId) : undefined;
    const result = await this.tx.run(async (m) => {
      const now = this.clock.now();
      const updated = await updateBumpingVersion(m, Complaint, 'id = :id AND checked_at IS NULL',
        { checkedAt: now, outcome: input.outcome, checkNote: input.note.trim(), checkedBy: ctx.actor.label }, { id: c.id });
      if (updated !== 1) throw new ConflictError('该举报投诉已核查');
      if (c.premisesId) {
        const outcome = input.outcome === ComplaintOutcome.CONFIRMED ? `属实（${input.note.trim()}），登记隐患：${input.hazardDescription!.trim()}` : `不属实（${input.note.trim()}）`;
        const late = now > c.checkDueAt ? `；超过核查时限 ${beijingTime(c.checkDueAt)}` : '';
        await this.premises.logEvent(m, ctx, c.premisesId, 'COMPLAINT_CHECKED', `举报投诉现场核查：${outcome}${late}`, { type: 'Complaint', id: c.id }, now);
      }
      const hazard = input.outcome === ComplaintOutcome.CONFIRMED
        ? await this.create(m, ctx, { regionId: c.regionId, premisesId: c.premisesId, premisesKind: premises?.kind ?? null, source: HazardSource.COMPLAINT, complaintId: c.id, description: input.hazardDescription!, foundOn: shanghaiDate(now) })
        : null;
      return { complaint: await m.getRepository(Complaint).findOneByOrFail({ id: c.id }), hazard };
    });
    // the complaint changed (checked): nested fields of the answer (Hazard.complaint) must not see the copy loaded before
    this.complaintById(ctx).clear(c.id).prime(c.id, result.complaint);
    if (result.hazard) this.hazardOfComplaint(ctx).clear(c.id).prime(c.id, result.hazard);
    ctx.auditTarget('Complaint', c.id, { before: { checked: false }, after: { outcome: input.outcome, hazardId: result.hazard?.id ?? null, late: result.complaint.checkedAt! > c.checkDueAt } });
    return result;
  }

  // ---------- helpers ----------

  /** A lifecycle step: the pure machine says whether, the guard adds the data rules; `WHERE id, status, version`. */
  private async step(
    ctx: RequestContext,
    input: { hazardId: string; expectedVersion?: number | null },
    step: HazardStep,
    action: HazardAction,
    guard: (m: EntityManager, h: Hazard) => Promise<{ changes: Partial<Hazard>; details: Record<string, unknown> }>,
    note?: string | null,
    attachments?: CheckedAttachments,
  ): Promise<Hazard> {
    const found = await this.hazard(ctx, input.hazardId, 'input.hazardId');
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Hazard).findOneByOrFail({ id: found.id });
      await this.assertNotWithBrigade(m, current, labelOf(HAZARD_STEPS, step));
      const to = nextStatus(current.status, step);
      if (!to) {
        const allowed = allowedSteps(current.status);
        throw new ConflictError(`INS-2：隐患状态为“${labelOf(HazardStatus, current.status)}”，不能${labelOf(HAZARD_STEPS, step)}；允许的操作：${labelsOf(HAZARD_STEPS, allowed, '无（已销号）')}`, { status: current.status, allowedSteps: allowed });
      }
      const { changes, details } = await guard(m, current);
      const row = await this.guardedUpdate(m, current, input.expectedVersion, { ...changes, status: to, ...(to === HazardStatus.CLOSED ? { closedThrough: HazardClosure.RECHECK } : {}) });
      const files = await this.event(m, ctx, row, action, current.status, details, note ?? null, attachments);
      await this.announceStep(m, step, current, row);
      await this.logStep(m, ctx, action, current, row, note ?? null, files);
      if (row.supervisionClosedAt && !current.supervisionClosedAt) await this.event(m, ctx, row, HazardAction.SUPERVISION_CLOSED, to, {}, null);
      return row;
    });
    ctx.auditTarget('Hazard', saved.id, { before: { status: found.status, version: found.version }, after: { status: saved.status, action } });
    return saved;
  }

  /**
   * A step of a hand-over case on its hazard (handing over, the brigade accepting, returning, its outcome), in the
   * caller's transaction: the guarded update of the version read, and the step in the hazard's history.
   */
  async handOverStep(m: EntityManager, ctx: RequestContext, current: Hazard, expectedVersion: number | null | undefined, action: HazardAction, changes: Partial<Hazard>, details: Record<string, unknown>, note: string | null, files?: CheckedAttachments): Promise<Hazard> {
    const row = await this.guardedUpdate(m, current, expectedVersion, changes);
    await this.event(m, ctx, row, action, current.status, details, note, files);
    return row;
  }

  /** An entry of the hazard's history without a change of the hazard (the supervision closing with an outcome). */
  async historyEntry(m: EntityManager, ctx: RequestContext, h: Hazard, action: HazardAction, from: HazardStatus | null, details: Record<string, unknown>, note: string | null): Promise<void> {
    await this.event(m, ctx, h, action, from, details, note);
  }

  /** INS-2 (hand-over): while a case is with the brigade (PENDING or ACCEPTED) nobody moves the hazard's own loop. */
  private async assertNotWithBrigade(m: EntityManager, h: Hazard, what: string): Promise<void> {
    const open: { state: HandOverState; accept_due_by: string }[] = await m.query(
      `SELECT state, to_char(accept_due_by, 'YYYY-MM-DD') AS accept_due_by FROM hand_over WHERE hazard_id = $1 AND state = ANY($2)`, [h.id, OPEN_HAND_OVER_STATES]);
    if (open.length) {
      throw new ConflictError(
        `INS-2（移交）：隐患已移交县消防救援大队，大队登记处理结果或退回前不能${what}；案件状态：${labelOf(HandOverState, open[0].state)}`,
        { status: h.status, handOverState: open[0].state },
      );
    }
  }

  /** A change that keeps the status (extension, major hazard steps), recorded in the history. */
  private async change(
    ctx: RequestContext,
    input: { hazardId: string; expectedVersion?: number | null },
    action: HazardAction,
    statuses: HazardStatus[] | null,
    guard: (h: Hazard) => { changes: Partial<Hazard>; details: Record<string, unknown> },
    note?: string | null,
  ): Promise<Hazard> {
    const found = await this.hazard(ctx, input.hazardId, 'input.hazardId');
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Hazard).findOneByOrFail({ id: found.id });
      if (statuses && !statuses.includes(current.status)) throw new ConflictError(`隐患状态为“${labelOf(HazardStatus, current.status)}”，不能执行此操作`, { status: current.status });
      if (action === HazardAction.DEADLINE_EXTENDED) await this.assertNotWithBrigade(m, current, '延期');
      const { changes, details } = guard(current);
      const row = await this.guardedUpdate(m, current, input.expectedVersion, changes);
      await this.event(m, ctx, row, action, current.status, details, text(note));
      await this.logStep(m, ctx, action, current, row, text(note), []);
      if (action === HazardAction.MAJOR_CONFIRMED || action === HazardAction.MAJOR_REJECTED) {
        await this.outbox.emit(m, {
          type: 'major_hazard.decided', regionId: row.regionId, subjectId: row.id, payload: {
            premisesId: globalRef('Premises', row.premisesId), confirmed: action === HazardAction.MAJOR_CONFIRMED, majorStatus: row.majorStatus,
            catalogueEdition: row.majorCatalogueEdition, itemCodes: row.majorItemCodes ?? [],
          },
        });
      }
      if (action === HazardAction.DEADLINE_EXTENDED) {
        await this.outbox.emit(m, { type: 'hazard.deadline_extended', regionId: row.regionId, subjectId: row.id, payload: { premisesId: globalRef('Premises', row.premisesId), deadline: row.deadline!, previousDeadline: current.deadline } });
      }
      if (row.premisesId && action === HazardAction.MAJOR_CONFIRMED) {
        await this.premises.logEvent(m, ctx, row.premisesId, action, `重大火灾隐患挂牌督办：${row.description}`, { type: 'Hazard', id: row.id });
      }
      return row;
    });
    ctx.auditTarget('Hazard', saved.id, { before: { majorStatus: found.majorStatus, deadline: found.deadline }, after: { action, majorStatus: saved.majorStatus, deadline: saved.deadline } });
    return saved;
  }

  /** The integration event of a lifecycle step (docs/events.md), in the step's transaction. */
  private async announceStep(m: EntityManager, step: HazardStep, before: Hazard, row: Hazard): Promise<void> {
    const premisesId = globalRef('Premises', row.premisesId);
    const base = { regionId: row.regionId, subjectId: row.id };
    switch (step) {
      case 'ORDER':
        return void (await this.outbox.emit(m, { ...base, type: 'hazard.rectification_ordered', payload: { premisesId, orderedOn: row.orderedOn!, deadline: row.deadline!, late: row.orderLateWorkingDays !== null, majorStatus: row.majorStatus } }));
      case 'REPORT_RECTIFICATION':
        return void (await this.outbox.emit(m, { ...base, type: 'hazard.rectification_reported', payload: { premisesId, rectifiedOn: row.rectifiedOn!, recheckDueBy: row.recheckDueBy!, deadline: row.deadline } }));
      case 'RECHECK_PASS':
        return void (await this.outbox.emit(m, { ...base, type: 'hazard.closed', payload: { premisesId, closedAt: row.closedAt!.toISOString(), majorStatus: row.majorStatus, closedThrough: HazardClosure.RECHECK } }));
      case 'RECHECK_FAIL':
        return void (await this.outbox.emit(m, { ...base, type: 'hazard.reopened', payload: { premisesId, status: row.status, deadline: row.deadline, previousDeadline: before.deadline } }));
    }
  }

  private async guardedUpdate(m: EntityManager, current: Hazard, expectedVersion: number | null | undefined, changes: Partial<Hazard>): Promise<Hazard> {
    return updateVersioned(m, Hazard, current, expectedVersion, changes, { status: current.status }, '隐患');
  }

  /** A step of the hazard's history; returns the files it carried, linked to the hazard. */
  private async event(m: EntityManager, ctx: RequestContext, h: Hazard, action: HazardAction, from: HazardStatus | null, details: Record<string, unknown>, note: string | null = null, files?: CheckedAttachments): Promise<Attachment[]> {
    // the files become readable to whoever can read the hazard (its events are the hazard's history)
    const attachments = files ? await this.attachments.link(m, ctx, { kind: 'Hazard', id: h.id }, files) : [];
    await m.getRepository(HazardEvent).insert({
      id: randomUUID(), hazardId: h.id, action, fromStatus: from, toStatus: h.status, at: this.clock.now(),
      actorId: ctx.actor.kind === 'ACCOUNT' ? ctx.actor.id : null, actor: ctx.actor.label, note: text(note), details, attachments,
    } as never);
    return attachments;
  }

  /**
   * A step of the closed loop (INS-2) in the premises' log, in the step's transaction: what was decided (deadline,
   * reason, new deadline), when (the step's moment) and the files it carried. Major hazard confirmation and the
   * hand-over are logged by `change` itself.
   */
  private async logStep(m: EntityManager, ctx: RequestContext, action: HazardAction, before: Hazard, row: Hazard, note: string | null, files: Attachment[]): Promise<void> {
    if (!row.premisesId) return;
    const why = text(note);
    const summary = ((): [PremisesEventKind, string] | null => {
      switch (action) {
        case HazardAction.ORDERED:
          return [PremisesEventKind.ORDERED, `下达整改：${row.description}；整改期限 ${row.deadline}，责任人 ${row.responsibleParty}，措施：${row.measures}`];
        case HazardAction.RECTIFICATION_REPORTED:
          return [PremisesEventKind.RECTIFICATION_REPORTED, `报告整改完成：${row.description}${why ? `（${why}）` : ''}；复查期限 ${row.recheckDueBy}`];
        case HazardAction.RECHECK_PASSED:
          return [PremisesEventKind.HAZARD_CLOSED, `隐患复查合格销号：${row.description}${row.supervisionClosedAt && !before.supervisionClosedAt ? '（重大火灾隐患督办销案）' : ''}`];
        case HazardAction.RECHECK_FAILED:
          return [PremisesEventKind.RECHECK_FAILED, `复查不合格：${row.description}；原因：${why}；${row.deadline !== before.deadline ? `新整改期限 ${row.deadline}（原 ${before.deadline}）` : `整改期限仍为 ${row.deadline}`}`];
        case HazardAction.DEADLINE_EXTENDED:
          return [PremisesEventKind.DEADLINE_EXTENDED, `整改延期：${row.description}；期限由 ${before.deadline} 延至 ${row.deadline}（${why}）`];
        case HazardAction.MAJOR_REPORTED:
          return [PremisesEventKind.MAJOR_REPORTED, `疑似重大火灾隐患报县消防救援大队判定：${row.description}`];
        case HazardAction.MAJOR_REJECTED:
          return [PremisesEventKind.MAJOR_REJECTED, `县消防救援大队判定不构成重大火灾隐患：${row.description}${why ? `（${why}）` : ''}`];
        default:
          return null;
      }
    })();
    if (!summary) return;
    await this.premises.logEvent(m, ctx, row.premisesId, summary[0], `${summary[1]}${filesNote(files)}`, { type: 'Hazard', id: row.id }, undefined, files);
  }
}
