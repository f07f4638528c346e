import { Injectable } from '@nestjs/common';
import { labelOf, labelsOf } from '../common/labels';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import type { AttachmentChoice } from '../attachments/attachment.service';
import { AttachmentService } from '../attachments/attachment.service';
import { reaches } from '../kernel/jurisdiction';
import { Permission } from '../kernel/permissions';
import { text } from '../kernel/text';
import { Clock } from '../common/clock';
import { TransactionRunner, updateVersioned } from '../database/transaction';
import { ChildList, childPages } from '../graphql/child-pages';
import { ConnectionValue, OrderKey, PageArgs, paginate } from '../graphql/connection';
import { BadUserInputError, ConflictError, NotFoundError } from '../kernel/errors';
import { fromGlobalId } from '../graphql/global-id';
import type { Actor, RequestContext } from '../kernel/request-context';
import { assertReaches } from '../kernel/jurisdiction';
import { RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { Region } from '../organization/region.entity';
import { countyOf } from '../organization/townships';
import { practiceMove, practiceStepsFrom } from './practice-lifecycle';
import { GoodPractice, GoodPracticeEvent } from './practice.entity';
import { PracticeAction, PracticeStatus } from './training.enums';

const ORDER: OrderKey<GoodPractice>[] = [
  { expr: 'p.submitted_at', type: 'timestamp' },
  { expr: 'p.id', type: 'uuid', value: (p) => p.id },
];

const EVENTS: ChildList<GoodPracticeEvent> = {
  name: 'training.practiceEvents', entity: GoodPracticeEvent, alias: 'ev', parent: 'ev.practice_id', parentOf: (e) => e.practiceId,
  order: [{ expr: 'ev.at', type: 'timestamp' }, { expr: 'ev.id', type: 'uuid', value: (e) => e.id }],
};

export interface PracticeContent {
  title: string;
  problem: string;
  actions: string;
  results: string;
  attachments?: AttachmentChoice[] | null;
}

/**
 * TRN-3: who may read a practice. Published: every account (and key) of its county, wherever in the county it
 * sits. Before that: holders of TRAINING_READ whose jurisdiction reaches the practice's region.
 */
export function practiceReadable(actor: Actor, p: { status: PracticeStatus; countyPath: string }, regionPath: string): boolean {
  if (actor.kind === 'SYSTEM') return true;
  if (p.status === PracticeStatus.PUBLISHED && actor.regionPath !== null && (actor.regionPath.startsWith(p.countyPath) || p.countyPath.startsWith(actor.regionPath))) return true;
  return actor.permissions.has(Permission.TRAINING_READ) && reaches(actor, regionPath);
}

/** TRN-3: good practices, submitted by a township or station, reviewed and published county-wide by the center. */
@Injectable()
export class PracticeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly attachments: AttachmentService,
  ) {}

  /** TRN-3: a practice's history, oldest first (ix_good_practice_event_practice); a return and revision can repeat. */
  events(ctx: RequestContext, practiceId: string, page: PageArgs): Promise<ConnectionValue<GoodPracticeEvent>> {
    return childPages(ctx, this.dataSource, EVENTS, page).load(practiceId);
  }

  /** The practices the actor may read (node(id:) and attachments use it too): null where it may not. */
  async visible(ctx: RequestContext, ids: readonly string[]): Promise<(GoodPractice | null)[]> {
    const rows = await this.dataSource.getRepository(GoodPractice).findBy({ id: In([...ids]) });
    const regions = await this.organizations.regionById(ctx).loadMany(rows.map((r) => r.regionId));
    const byId = new Map(rows.filter((r, i) => {
      const region = regions[i];
      return region && !(region instanceof Error) && practiceReadable(ctx.actor, r, region.path);
    }).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async list(ctx: RequestContext, page: PageArgs, filter: { status?: PracticeStatus; regionId?: string }): Promise<ConnectionValue<GoodPractice>> {
    const qb = this.dataSource.getRepository(GoodPractice).createQueryBuilder('p').innerJoin(Region, 'r', 'r.id = p.region_id');
    const actor = ctx.actor;
    if (actor.kind !== 'SYSTEM') {
      if (actor.regionPath === null) qb.andWhere('false');
      else {
        qb.andWhere(new Brackets((w) => {
          w.where(`p.status = 'PUBLISHED' AND (:practiceActorPath LIKE p.county_path || '%' OR p.county_path LIKE :practiceActorPrefix)`, { practiceActorPath: actor.regionPath, practiceActorPrefix: `${actor.regionPath}%` });
          if (actor.permissions.has(Permission.TRAINING_READ)) w.orWhere('r.path LIKE :practiceScope', { practiceScope: `${actor.regionPath}%` });
        }));
      }
    }
    if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
    if (filter.regionId) {
      const region = await this.organizations.region(ctx, filter.regionId, 'regionId');
      qb.andWhere('r.path LIKE :practiceRegion', { practiceRegion: `${region.path}%` });
    }
    return paginate(qb, page, ORDER, { descending: true });
  }

  /** A township government or station submits a practice of its township. */
  async submit(ctx: RequestContext, input: PracticeContent & { regionId: string }): Promise<GoodPractice> {
    const region = await this.organizations.region(ctx, input.regionId, 'input.regionId');
    assertReaches(ctx, region.path);
    if (region.level !== RegionLevel.TOWNSHIP) throw BadUserInputError.field('input.regionId', '须为乡镇（好的做法由乡镇或其工作站报送）');
    const county = await countyOf(this.dataSource, region.id);
    if (!county) throw BadUserInputError.field('input.regionId', '该乡镇不属于任何县');
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    const id = randomUUID();
    const now = this.clock.now();
    const saved = await this.tx.run(async (m) => {
      const attachments = await this.attachments.link(m, ctx, { kind: 'GoodPractice', id }, files);
      const repo = m.getRepository(GoodPractice);
      const row = await repo.save(repo.create({
        id, regionId: region.id, countyPath: county.path, title: input.title.trim(), problem: input.problem.trim(), actions: input.actions.trim(),
        results: input.results.trim(), attachments, status: PracticeStatus.SUBMITTED, reviewComment: null, submittedBy: ctx.actor.label, submittedAt: now, publishedAt: null,
      }));
      await this.event(m, ctx, row.id, PracticeAction.SUBMIT, null, PracticeStatus.SUBMITTED, null);
      return row;
    });
    ctx.auditTarget('GoodPractice', saved.id, { after: { status: saved.status, title: saved.title } });
    return saved;
  }

  /** A returned practice, revised by its township, goes back to the center. */
  async revise(ctx: RequestContext, input: Partial<PracticeContent> & { practiceId: string; expectedVersion?: number | null; note?: string | null }): Promise<GoodPractice> {
    const found = await this.writable(ctx, input.practiceId);
    const files = input.attachments ? await this.attachments.check(ctx, input.attachments, 'input.attachments') : null;
    return this.step(ctx, found, PracticeAction.REVISE, input.expectedVersion, text(input.note), async (m) => ({
      ...(input.title ? { title: input.title.trim() } : {}),
      ...(input.problem ? { problem: input.problem.trim() } : {}),
      ...(input.actions ? { actions: input.actions.trim() } : {}),
      ...(input.results ? { results: input.results.trim() } : {}),
      ...(files ? { attachments: await this.attachments.link(m, ctx, { kind: 'GoodPractice', id: found.id }, files, { replace: true }) } : {}),
      submittedBy: ctx.actor.label, submittedAt: this.clock.now(),
    }));
  }

  /** The center returns a practice with comments (required) or accepts it. */
  async review(ctx: RequestContext, input: { practiceId: string; decision: PracticeAction.RETURN | PracticeAction.ACCEPT; comment?: string | null; expectedVersion?: number | null }): Promise<GoodPractice> {
    const found = await this.writable(ctx, input.practiceId);
    const comment = text(input.comment);
    if (input.decision === PracticeAction.RETURN && !comment) throw BadUserInputError.field('input.comment', '退回须写明修改意见');
    return this.step(ctx, found, input.decision, input.expectedVersion, comment, async () => ({ reviewComment: comment }));
  }

  /** The center publishes an accepted practice: from now on every account of the county reads it. */
  async publish(ctx: RequestContext, input: { practiceId: string; expectedVersion?: number | null }): Promise<GoodPractice> {
    const found = await this.writable(ctx, input.practiceId);
    return this.step(ctx, found, PracticeAction.PUBLISH, input.expectedVersion, null, async () => ({ publishedAt: this.clock.now() }));
  }

  private async writable(ctx: RequestContext, globalId: string): Promise<GoodPractice> {
    const found = await this.dataSource.getRepository(GoodPractice).findOneBy({ id: fromGlobalId(globalId, 'GoodPractice', 'input.practiceId') });
    if (!found) throw new NotFoundError('好的做法');
    const region = await this.organizations.regionById(ctx).load(found.regionId);
    // outside the jurisdiction nobody acts on a practice, whoever may read it (NOT_FOUND, as the operations declare)
    assertReaches(ctx, region!.path, { what: '好的做法' });
    return found;
  }

  /** TRN-3: one step of the lifecycle, guarded by state and version, recorded as an event. */
  private async step(ctx: RequestContext, found: GoodPractice, action: PracticeAction, expectedVersion: number | null | undefined, note: string | null, changes: (m: EntityManager) => Promise<Partial<GoodPractice>>): Promise<GoodPractice> {
    const saved = await this.tx.run(async (m) => {
      const current = await m.getRepository(GoodPractice).findOneByOrFail({ id: found.id });
      const to = practiceMove(current.status, action);
      if (!to) {
        const allowed = practiceStepsFrom(current.status);
        throw new ConflictError(`TRN-3：状态为“${labelOf(PracticeStatus, current.status)}”，不能${labelOf(PracticeAction, action)}；允许的操作：${labelsOf(PracticeAction, allowed)}`, { status: current.status, allowedSteps: allowed });
      }
      const row = await updateVersioned(m, GoodPractice, current, expectedVersion, { ...(await changes(m)), status: to }, { status: current.status });
      await this.event(m, ctx, current.id, action, current.status, to, note);
      return row;
    });
    ctx.auditTarget('GoodPractice', saved.id, { before: { status: found.status }, after: { status: saved.status } });
    return saved;
  }

  private async event(m: EntityManager, ctx: RequestContext, practiceId: string, action: PracticeAction, from: PracticeStatus | null, to: PracticeStatus, note: string | null): Promise<void> {
    await m.getRepository(GoodPracticeEvent).insert({ id: randomUUID(), practiceId, action, fromStatus: from, toStatus: to, note, actor: ctx.actor.label, at: this.clock.now() });
  }
}

