import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type DataLoader from 'dataloader';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AttachmentChoice } from '../../attachments/attachment.service';
import { AttachmentService } from '../../attachments/attachment.service';
import { assertReaches, reaches } from '../../kernel/jurisdiction';
import { Role } from '../../kernel/permissions';
import { regionalList } from '../../auth/work-scope';
import { text } from '../../kernel/text';
import { Clock } from '../../common/clock';
import * as time from '../../common/time-rules';
import { changedFields, CorrectionService, correctionReason } from '../../corrections/correction.service';
import { CorrectedRecord } from '../../corrections/record-correction.entity';
import { TransactionRunner, updateVersioned } from '../../database/transaction';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../../graphql/connection';
import { BadUserInputError, ConflictError, FieldProblem, NotFoundError } from '../../kernel/errors';
import { fromGlobalId, toGlobalId } from '../../graphql/global-id';
import { groupLoader, rowLoader } from '../../graphql/loaders';
import type { RequestContext } from '../../kernel/request-context';
import { Organization } from '../../organization/organization.entity';
import { OrganizationService } from '../../organization/organization.service';
import { Region } from '../../organization/region.entity';
import { Meeting, MeetingDecision } from '../committee.entity';
import { MeetingKind, MeetingStatus } from '../committees.enums';
import { committeeOf } from '../committee-of';
import { editRefusal, isMemberUnitOf, meetingReadableBy, publishProblems } from './meeting-rules';

const ORDER: OrderKey<Meeting>[] = [
  { expr: 'mt.held_on', type: 'text', value: (m) => m.heldOn },
  { expr: 'mt.id', type: 'uuid', value: (m) => m.id },
];

/** What a meeting says (recordMeeting; updateMeeting and correctMeeting change some of it). */
export interface MeetingContent {
  kind: MeetingKind;
  title: string;
  heldOn: string;
  convener: string;
  attendingUnitIds?: string[] | null;
  attendees?: string[] | null;
  topics: string[];
  minutes?: string | null;
  attachments?: AttachmentChoice[] | null;
  decisions?: string[] | null;
}

const trimList = (list: readonly string[] | null | undefined): string[] => (list ?? []).map((s) => s.trim()).filter(Boolean);

/** COM-1: committee meetings, their decisions, publishing (印发) and corrections with history. */
@Injectable()
export class MeetingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly attachments: AttachmentService,
    private readonly corrections: CorrectionService,
  ) {}

  // ---------- reads ----------

  /** Meetings the actor may read (node(id:) and attachments): its jurisdiction; a member unit its published, attended ones. */
  async visible(ctx: RequestContext, ids: readonly string[]): Promise<(Meeting | null)[]> {
    const rows = await this.dataSource.getRepository(Meeting).findBy({ id: In([...ids]) });
    const regions = await this.organizations.regionById(ctx).loadMany(rows.map((r) => r.regionId));
    const byId = new Map(rows.filter((r, i) => {
      const region = regions[i];
      return region && !(region instanceof Error) && reaches(ctx.actor, region.path) && meetingReadableBy(ctx.actor, r);
    }).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async list(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; committeeId?: string; kind?: MeetingKind; status?: MeetingStatus }): Promise<ConnectionValue<Meeting>> {
    const qb = await regionalList(this.dataSource.getRepository(Meeting).createQueryBuilder('mt'), ctx, this.organizations, filter.regionId);
    if (filter.committeeId) qb.andWhere('mt.committee_id = :committeeId', { committeeId: fromGlobalId(filter.committeeId, 'Organization', 'committeeId') });
    if (filter.kind) qb.andWhere('mt.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('mt.status = :status', { status: filter.status });
    // COM-5: a member unit lists only the published meetings its unit attended (it filters, never refuses)
    if (ctx.actor.role === Role.MEMBER_UNIT) {
      qb.andWhere(`mt.status = 'PUBLISHED' AND :memberUnit = ANY(mt.attending_unit_ids)`, { memberUnit: ctx.actor.organizationId ?? '00000000-0000-0000-0000-000000000000' });
    }
    return paginate(qb, page, ORDER, { descending: true });
  }

  /** Decisions the actor may read (node(id:)): those of a meeting it may read. */
  async visibleDecisions(ctx: RequestContext, ids: readonly string[]): Promise<(MeetingDecision | null)[]> {
    const rows = await this.dataSource.getRepository(MeetingDecision).findBy({ id: In([...ids]) });
    const meetings = await this.visible(ctx, [...new Set(rows.map((r) => r.meetingId))]);
    const readable = new Set(meetings.filter((m) => m !== null).map((m) => m!.id));
    const byId = new Map(rows.filter((r) => readable.has(r.meetingId)).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Each meeting's decisions in the order of the minutes (≤ 100 each: the inputs' bound). */
  decisionsOf(ctx: RequestContext): DataLoader<string, MeetingDecision[]> {
    return groupLoader(ctx, 'com.meetingDecisions', (ids) => this.dataSource.getRepository(MeetingDecision).find({ where: { meetingId: In(ids) }, order: { seq: 'ASC' } }), (d) => d.meetingId);
  }

  meetingById(ctx: RequestContext): DataLoader<string, Meeting | undefined> {
    return rowLoader(ctx, 'com.meetingById', (ids) => this.dataSource.getRepository(Meeting).findBy({ id: In(ids) }), (m) => m.id);
  }

  // ---------- writes ----------

  /** COM-1: records a meeting as a draft, with its decisions (议定事项) in order. */
  async record(ctx: RequestContext, input: MeetingContent & { committeeId?: string | null }): Promise<Meeting> {
    const { committee } = await committeeOf(ctx, this.organizations, input.committeeId, 'COM-1');
    const today = this.clock.today();
    time.assertTimeRules([time.meetingDate(input.heldOn, today)]);
    const units = await this.attendingUnits(committee, input.attendingUnitIds, 'input.attendingUnitIds');
    const decisions = trimList(input.decisions);
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    const id = randomUUID();
    const saved = await this.tx.run(async (m) => {
      const attachments = await this.attachments.link(m, ctx, { kind: 'Meeting', id }, files);
      const repo = m.getRepository(Meeting);
      const row = await repo.save(repo.create({
        id, committeeId: committee.id, regionId: committee.regionId, kind: input.kind, title: input.title.trim(), heldOn: input.heldOn,
        convener: input.convener.trim(), attendingUnitIds: units, attendees: trimList(input.attendees), topics: trimList(input.topics),
        minutes: text(input.minutes), attachments, status: MeetingStatus.DRAFT, publishedAt: null, publishedBy: null, createdBy: ctx.actor.label,
      }));
      if (decisions.length) await m.getRepository(MeetingDecision).insert(decisions.map((content, i) => ({ id: randomUUID(), meetingId: id, seq: i + 1, content })));
      return row;
    });
    ctx.auditTarget('Meeting', saved.id, { after: { status: saved.status, title: saved.title, heldOn: saved.heldOn, decisions: decisions.length } });
    return saved;
  }

  /** COM-1: edits a draft (its version guarded); `decisions` given replaces the list (a decision already made a task stays). */
  async update(ctx: RequestContext, input: Partial<MeetingContent> & { meetingId: string; expectedVersion: number }): Promise<Meeting> {
    const found = await this.writable(ctx, input.meetingId);
    const refusal = editRefusal(found.status, 'update');
    if (refusal) throw new ConflictError(refusal, { status: found.status });
    if (input.heldOn) time.assertTimeRules([time.meetingDate(input.heldOn, this.clock.today())]);
    const committee = (await this.organizations.organizationById(ctx).load(found.committeeId))!;
    const units = input.attendingUnitIds ? await this.attendingUnits(committee, input.attendingUnitIds, 'input.attendingUnitIds') : undefined;
    const files = input.attachments ? await this.attachments.check(ctx, input.attachments, 'input.attachments') : null;
    this.notBlank(input, ['title', 'convener']);
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Meeting).findOneByOrFail({ id: found.id });
      const again = editRefusal(current.status, 'update');
      if (again) throw new ConflictError(again, { status: current.status });
      if (input.decisions) await this.replaceDecisions(m, current.id, trimList(input.decisions));
      return updateVersioned(m, Meeting, current, input.expectedVersion, {
        ...(input.kind ? { kind: input.kind } : {}),
        ...(input.title ? { title: input.title.trim() } : {}),
        ...(input.heldOn ? { heldOn: input.heldOn } : {}),
        ...(input.convener ? { convener: input.convener.trim() } : {}),
        ...(units ? { attendingUnitIds: units } : {}),
        ...(input.attendees ? { attendees: trimList(input.attendees) } : {}),
        ...(input.topics ? { topics: trimList(input.topics) } : {}),
        ...(input.minutes !== undefined ? { minutes: text(input.minutes) } : {}),
        ...(files ? { attachments: await this.attachments.link(m, ctx, { kind: 'Meeting', id: current.id }, files, { replace: true }) } : {}),
      }, { status: MeetingStatus.DRAFT });
    });
    ctx.auditTarget('Meeting', saved.id, { before: { version: found.version }, after: { version: saved.version } });
    return saved;
  }

  /** COM-1: publishes (印发) a draft: it needs its minutes and a topic; from now on it changes only by correction. */
  async publish(ctx: RequestContext, input: { meetingId: string; expectedVersion: number }): Promise<Meeting> {
    const found = await this.writable(ctx, input.meetingId);
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Meeting).findOneByOrFail({ id: found.id });
      const refusal = editRefusal(current.status, 'publish');
      if (refusal) throw new ConflictError(refusal, { status: current.status });
      const problems = publishProblems(current);
      if (problems.length) throw new BadUserInputError(problems.map((p) => ({ field: `input.meetingId`, reason: p.reason })));
      return updateVersioned(m, Meeting, current, input.expectedVersion, { status: MeetingStatus.PUBLISHED, publishedAt: this.clock.now(), publishedBy: ctx.actor.label }, { status: MeetingStatus.DRAFT });
    });
    ctx.auditTarget('Meeting', saved.id, { before: { status: found.status }, after: { status: saved.status } });
    return saved;
  }

  /**
   * COM-1: corrects a published meeting: a guarded update of the version read, each changed field (and each decision
   * reworded) kept with the reason in record_correction, in the same transaction.
   */
  async correct(ctx: RequestContext, input: {
    meetingId: string; expectedVersion: number; reason: string; title?: string | null; heldOn?: string | null; convener?: string | null;
    attendees?: string[] | null; topics?: string[] | null; minutes?: string | null; attendingUnitIds?: string[] | null;
    decisionCorrections?: { decisionId: string; content: string }[] | null;
  }): Promise<Meeting> {
    const reason = correctionReason(input.reason);
    const found = await this.writable(ctx, input.meetingId);
    const refusal = editRefusal(found.status, 'correct');
    if (refusal) throw new ConflictError(refusal, { status: found.status });
    if (input.heldOn) time.assertTimeRules([time.meetingDate(input.heldOn, this.clock.today())]);
    this.notBlank(input, ['title', 'convener', 'minutes']);
    if (input.topics && trimList(input.topics).length === 0) throw BadUserInputError.field('input.topics', 'COM-1：已印发的会议须至少有一项议题');
    const committee = (await this.organizations.organizationById(ctx).load(found.committeeId))!;
    const units = input.attendingUnitIds ? await this.attendingUnits(committee, input.attendingUnitIds, 'input.attendingUnitIds') : undefined;
    const decisions = (input.decisionCorrections ?? []).map((d, i) => {
      const content = d.content.trim();
      if (!content) throw BadUserInputError.field(`input.decisionCorrections[${i}].content`, '不能为空');
      return { id: fromGlobalId(d.decisionId, 'MeetingDecision', `input.decisionCorrections[${i}].decisionId`), content, i };
    });
    const repeated = decisions.find((d, k) => decisions.findIndex((e) => e.id === d.id) < k);
    if (repeated) throw BadUserInputError.field(`input.decisionCorrections[${repeated.i}].decisionId`, 'COM-1：同一议定事项只能更正一次（请合并为一条）');
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(Meeting).findOneByOrFail({ id: found.id });
      const again = editRefusal(current.status, 'correct');
      if (again) throw new ConflictError(again, { status: current.status });
      const unitId = (v: unknown) => (v as string[]).map((u) => toGlobalId('Organization', u));
      const changes = changedFields(current as unknown as Record<string, unknown>, {
        title: input.title?.trim() ?? undefined, heldOn: input.heldOn ?? undefined, convener: input.convener?.trim() ?? undefined,
        attendees: input.attendees ? trimList(input.attendees) : undefined, topics: input.topics ? trimList(input.topics) : undefined,
        minutes: input.minutes?.trim() ?? undefined, attendingUnitIds: units,
      }, { attendingUnitIds: unitId });
      const raw: Record<string, unknown> = {
        title: input.title?.trim(), heldOn: input.heldOn, convener: input.convener?.trim(), attendees: input.attendees ? trimList(input.attendees) : undefined,
        topics: input.topics ? trimList(input.topics) : undefined, minutes: input.minutes?.trim(), attendingUnitIds: units,
      };
      const own = decisions.length ? await m.getRepository(MeetingDecision).findBy({ id: In(decisions.map((d) => d.id)) }) : [];
      const decisionChanges = [];
      for (const d of decisions) {
        const row = own.find((o) => o.id === d.id);
        if (!row || row.meetingId !== current.id) throw BadUserInputError.field(`input.decisionCorrections[${d.i}].decisionId`, 'COM-1：不是本次会议的议定事项');
        if (row.content !== d.content) decisionChanges.push({ row, content: d.content });
      }
      if (changes.length === 0 && decisionChanges.length === 0) throw BadUserInputError.field('input', '没有要更正的内容（所填各项与现有记录相同）');
      const row = await updateVersioned(m, Meeting, current, input.expectedVersion, Object.fromEntries(changes.map((c) => [c.field, raw[c.field]])) as Partial<Meeting>, { status: MeetingStatus.PUBLISHED });
      for (const d of decisionChanges) await m.getRepository(MeetingDecision).update({ id: d.row.id }, { content: d.content });
      await this.corrections.record(m, ctx, CorrectedRecord.MEETING, row.id, [
        ...changes,
        ...decisionChanges.map((d) => ({ field: `decisions[${d.row.seq}].content`, oldValue: d.row.content, newValue: d.content })),
      ], reason);
      return row;
    });
    ctx.auditTarget('Meeting', saved.id, { before: { version: found.version }, after: { version: saved.version, reason } });
    return saved;
  }

  // ---------- helpers ----------

  /**
   * COM-1: the committee a meeting is recorded for: the one named (a county or township committee the actor
   * reaches), else the actor's own (a county actor's county committee, a township actor's township committee).
   */
  /** COM-1: the attending units, each a member unit of this committee (its parent), without repeats. */
  private async attendingUnits(committee: Organization, globalIds: readonly string[] | null | undefined, field: string): Promise<string[]> {
    const ids = [...new Set((globalIds ?? []).map((g, i) => fromGlobalId(g, 'Organization', `${field}[${i}]`)))];
    if (ids.length === 0) return [];
    const units = await this.dataSource.getRepository(Organization).findBy({ id: In(ids) });
    const problems: FieldProblem[] = [];
    ids.forEach((id, i) => {
      const unit = units.find((u) => u.id === id);
      if (!unit || !isMemberUnitOf(unit, committee.id)) {
        problems.push({ field: `${field}[${i}]`, reason: `COM-1：${unit ? `“${unit.name}”` : '该单位'}不是${committee.name}的成员单位，不能列为参会单位` });
      }
    });
    if (problems.length) throw new BadUserInputError(problems);
    return ids;
  }

  private notBlank(input: Record<string, unknown>, fields: string[]): void {
    for (const f of fields) {
      const v = input[f];
      if (typeof v === 'string' && !v.trim()) throw BadUserInputError.field(`input.${f}`, '不能为空');
    }
  }

  /** Decisions by their order: the first ones reworded in place, extra ones added, missing ones removed unless a task or campaign cites them. */
  private async replaceDecisions(m: EntityManager, meetingId: string, contents: string[]): Promise<void> {
    const repo = m.getRepository(MeetingDecision);
    const existing = await repo.find({ where: { meetingId }, order: { seq: 'ASC' } });
    const removed = existing.filter((d) => d.seq > contents.length);
    if (removed.length) {
      const [cited] = (await m.query(
        `SELECT d.seq FROM meeting_decision d WHERE d.id = ANY($1::uuid[])
           AND (EXISTS (SELECT 1 FROM committee_task t WHERE t.decision_id = d.id) OR EXISTS (SELECT 1 FROM campaign c WHERE c.decision_id = d.id))
         ORDER BY d.seq LIMIT 1`,
        [removed.map((d) => d.id)],
      )) as { seq: number }[];
      if (cited) throw BadUserInputError.field('input.decisions', `COM-1：第 ${cited.seq} 项议定事项已交办任务或部署专项整治，不能删除`);
      await repo.delete({ id: In(removed.map((d) => d.id)) });
    }
    for (const [i, content] of contents.entries()) {
      const row = existing[i];
      if (row) {
        if (row.content !== content) await repo.update({ id: row.id }, { content });
      } else {
        await repo.insert({ id: randomUUID(), meetingId, seq: i + 1, content });
      }
    }
  }

  /** A meeting the actor may change: inside its jurisdiction (else NOT_FOUND, the id does not leak). */
  private async writable(ctx: RequestContext, globalId: string): Promise<Meeting> {
    const found = await this.dataSource.getRepository(Meeting).findOneBy({ id: fromGlobalId(globalId, 'Meeting', 'input.meetingId') });
    if (!found) throw new NotFoundError('会议记录');
    const region = (await this.organizations.regionById(ctx).load(found.regionId)) as Region;
    assertReaches(ctx, region.path, { what: '会议记录' });
    return found;
  }
}
