import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { AttachmentChoice } from '../attachments/attachment.service';
import { AttachmentService } from '../attachments/attachment.service';
import { withinJurisdiction } from '../kernel/jurisdiction';
import { regionalPage, statisticsScope, workRegion } from '../auth/work-scope';
import { text } from '../kernel/text';
import { Clock } from '../common/clock';
import * as time from '../common/time-rules';
import { Period, periodProblem, periodRange } from '../common/period';
import { TransactionRunner } from '../database/transaction';
import { ConnectionValue, OrderKey, PageArgs } from '../graphql/connection';
import { BadUserInputError, FieldProblem } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { RegionLevel } from '../organization/organization.enums';
import { OrganizationService } from '../organization/organization.service';
import { Region } from '../organization/region.entity';
import { townshipsOf } from '../organization/townships';
import { Activity } from './activity.entity';
import { EventOutbox } from '../integration/event-outbox';
import { ActivityKind, Audience } from './training.enums';
import { whereUpdatedSince } from '../graphql/updated-since';

const ORDER: OrderKey<Activity>[] = [
  { expr: 'a.held_on', type: 'text', value: (a) => a.heldOn },
  { expr: 'a.id', type: 'uuid', value: (a) => a.id },
];

export interface RecordActivityInput {
  kind: ActivityKind;
  title: string;
  heldOn: string;
  regionId: string;
  organizer: string;
  audiences: Audience[];
  participantCount: number;
  content: string;
  attachments?: AttachmentChoice[] | null;
  scenario?: string | null;
  durationMinutes?: number | null;
  assessment?: string | null;
}

export interface ActivityCountRow {
  region: Region;
  byKind: Record<ActivityKind, number>;
  activities: number;
  participants: number;
}

const zeroKinds = (): Record<ActivityKind, number> => ({ PUBLICITY: 0, EDUCATION: 0, TRAINING: 0, DRILL: 0 });

/** TRN-1: publicity, education, training and drills, and their count per township and period. */
@Injectable()
export class ActivityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
    private readonly attachments: AttachmentService,
    private readonly outbox: EventOutbox,
  ) {}

  async list(ctx: RequestContext, page: PageArgs, filter: { regionId?: string; kind?: ActivityKind; from?: string; to?: string; updatedSince?: Date }): Promise<ConnectionValue<Activity>> {
    const now = this.clock.now();
    const filters = (qb: SelectQueryBuilder<Activity>) => {
      if (filter.kind) qb.andWhere('a.kind = :kind', { kind: filter.kind });
      if (filter.from) qb.andWhere('a.held_on >= :from', { from: filter.from });
      if (filter.to) qb.andWhere('a.held_on <= :to', { to: filter.to });
      return whereUpdatedSince(qb, 'a.updated_at', filter.updatedSince, now);
    };
    // Province scale: a county's page reads its regions' (region_id, held_on) index, not the province's
    return regionalPage(this.dataSource.getRepository(Activity), 'a', ctx, this.organizations, filter.regionId, filters, page, ORDER, { descending: true });
  }

  /** TRN-1: records an activity; a drill must carry its scenario, duration and written assessment. */
  async record(ctx: RequestContext, input: RecordActivityInput): Promise<Activity> {
    const region = await workRegion(ctx, this.organizations, input.regionId, 'input.regionId');
    time.assertTimeRules([time.activityDate(input.heldOn, this.clock.today())]);
    const problems: FieldProblem[] = [];
    if (new Set(input.audiences).size !== input.audiences.length) problems.push({ field: 'input.audiences', reason: '有重复的对象' });
    const drill = input.kind === ActivityKind.DRILL;
    const drillFields = { scenario: text(input.scenario), durationMinutes: input.durationMinutes ?? null, assessment: text(input.assessment) };
    for (const [field, value] of Object.entries(drillFields)) {
      if (drill && value === null) problems.push({ field: `input.${field}`, reason: '演练须填写（演练情景、时长和评估）' });
      if (!drill && value !== null) problems.push({ field: `input.${field}`, reason: '只有演练填写此项' });
    }
    if (problems.length > 0) throw new BadUserInputError(problems);
    const files = await this.attachments.check(ctx, input.attachments, 'input.attachments');
    const id = randomUUID();
    const saved = await this.tx.run(async (m) => {
      const attachments = await this.attachments.link(m, ctx, { kind: 'Activity', id }, files);
      const repo = m.getRepository(Activity);
      const row = await repo.save(repo.create({
        id, kind: input.kind, title: input.title.trim(), heldOn: input.heldOn, regionId: region.id, organizer: input.organizer.trim(),
        audiences: input.audiences, participantCount: input.participantCount, content: input.content.trim(), attachments, ...drillFields,
        recordedBy: ctx.actor.label,
      }));
      await this.outbox.emit(m, {
        type: 'activity.recorded', regionId: row.regionId, subjectId: row.id,
        payload: { kind: row.kind, heldOn: row.heldOn, audiences: [...row.audiences], participantCount: row.participantCount },
      });
      return row;
    });
    ctx.auditTarget('Activity', saved.id, { after: { kind: saved.kind, heldOn: saved.heldOn, participantCount: saved.participantCount } });
    return saved;
  }

  /**
   * TRN-1: activities and participants per township in a period (every township in scope, none left out for
   * having nothing), and a row for the county itself when activities were seated there. Grouped in SQL.
   */
  async counts(ctx: RequestContext, period: Period, regionId?: string): Promise<ActivityCountRow[]> {
    const problem = periodProblem(period);
    if (problem) throw BadUserInputError.field('period', problem);
    const scope = await statisticsScope(ctx, this.organizations, regionId);
    if (!scope) return [];
    const { start, end } = periodRange(period);
    const townships = await withinJurisdiction(this.dataSource.getRepository(Region).createQueryBuilder('t')
      .where('t.level = :level AND t.path LIKE :scope', { level: RegionLevel.TOWNSHIP, scope: `${scope.path}%` }), ctx, 't.path')
      .orderBy('t.sort_order', 'ASC').addOrderBy('t.id', 'ASC').getMany();
    const grouped: { region_id: string; kind: ActivityKind; n: string; people: string }[] = await this.dataSource.query(
      `SELECT a.region_id, a.kind, count(*) AS n, sum(a.participant_count) AS people
         FROM training_activity a JOIN region r ON r.id = a.region_id
        WHERE r.path LIKE $1 AND a.held_on BETWEEN $2 AND $3
        GROUP BY a.region_id, a.kind`,
      [`${scope.path}%`, start, end],
    );
    const township = await townshipsOf(this.dataSource, grouped.map((g) => g.region_id));
    const rows = new Map<string, ActivityCountRow>(townships.map((t) => [t.id, { region: t, byKind: zeroKinds(), activities: 0, participants: 0 }]));
    for (const g of grouped) {
      const key = township.get(g.region_id) ?? g.region_id;
      let row = rows.get(key);
      if (!row) {
        // seated above any township: the county (or the scope itself) gets its own row
        const region = await this.organizations.regionById(ctx).load(key);
        if (!region) continue;
        row = { region, byKind: zeroKinds(), activities: 0, participants: 0 };
        rows.set(key, row);
      }
      row.byKind[g.kind] += Number(g.n);
      row.activities += Number(g.n);
      row.participants += Number(g.people);
    }
    return [...rows.values()];
  }
}
