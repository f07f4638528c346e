import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { SelectQueryBuilder } from 'typeorm';
import { reaches } from '../../kernel/jurisdiction';
import { Permission, Role } from '../../kernel/permissions';
import { can } from '../../kernel/can';
import { Clock } from '../../common/clock';
import * as time from '../../common/time-rules';
import { TransactionRunner } from '../../database/transaction';
import { DEFAULT_PAGE_SIZE, keysetAfter, paginate, readPage } from '../../graphql/connection';
import type { ConnectionValue, OrderKey, PageArgs } from '../../graphql/connection';
import { BadUserInputError, NotFoundError } from '../../kernel/errors';
import { fromGlobalId } from '../../graphql/global-id';
import type { RequestContext } from '../../kernel/request-context';
import { PremisesKind } from '../../inspections/inspections.enums';
import { OrganizationKind, RegionLevel } from '../../organization/organization.enums';
import { Organization } from '../../organization/organization.entity';
import { OrganizationService } from '../../organization/organization.service';
import { Region } from '../../organization/region.entity';
import { Campaign } from '../committee.entity';
import { campaignAsOf, CampaignCounts, CampaignFigures, campaignFigures, targetsMet, TargetsVerdict, ZERO_COUNTS } from './campaign-figures';
import { committeeOf } from '../committee-of';
import { HAZARD_DEADLINE_MISSED } from '../../inspections/index';
import { taskOverdueSql } from '../tasks/task-lifecycle';

const ORDER: OrderKey<Campaign>[] = [
  { expr: 'c.period_start', type: 'text', value: (c) => c.periodStart },
  { expr: 'c.id', type: 'uuid', value: (c) => c.id },
];

/** The committees that deploy campaigns (COM-3). */

export interface DeployCampaignInput {
  committeeId?: string | null;
  title: string;
  description: string;
  periodStart: string;
  periodEnd: string;
  scopeRegionIds?: string[] | null;
  premisesKinds?: PremisesKind[] | null;
  hazardItemCodes?: string[] | null;
  targetInspections?: number | null;
  targetRectificationPercent?: number | null;
  decisionId?: string | null;
}

/** A campaign's task counts (COM-2 tasks with `campaign_id`): overdue as COM-2 defines it. */
export interface CampaignTaskCounts {
  total: number;
  accepted: number;
  open: number;
  overdue: number;
}

export interface CampaignProgress {
  campaign: Campaign;
  committee: Organization;
  /** Today: overdue hazards and tasks are judged on it; rectifications count up to `rectifiedBy`. */
  asOf: string;
  rectifiedBy: string;
  totals: CampaignFigures;
  verdict: TargetsVerdict;
  /**
   * The scope regions counted: null when the actor reaches the campaign's region (the whole scope); else those its
   * jurisdiction reaches (a township account reading its county's campaign): every figure below is limited to them.
   */
  countedRegions: Region[] | null;
  /** Every township in scope (zero rows too), by the townships' order; the county's own premises last. */
  byTownship: { region: Region; figures: CampaignFigures }[];
  /** Every member unit of the committee supervising premises in scope (a member unit reads only its own row). */
  byMemberUnit: { unit: Organization; figures: CampaignFigures }[];
  tasks: CampaignTaskCounts;
}

/**
 * COM-3: special rectification campaigns (消防安全专项整治). A committee deploys one for a period, a scope (regions,
 * premises kinds, checklist items) and targets; inspections and hazards count towards it by scope and period (never
 * by tagging), with the fire situation's definitions (INS-4); progress per township and per member unit.
 */
@Injectable()
export class CampaignService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly organizations: OrganizationService,
  ) {}

  /** COM-3, T-COM-3: validates everything, then writes the campaign in one statement. */
  async deploy(ctx: RequestContext, input: DeployCampaignInput): Promise<Campaign> {
    const today = this.clock.today();
    time.assertTimeRules([time.campaignPeriod(input.periodStart, input.periodEnd, today)]);
    const { committee, region } = await committeeOf(ctx, this.organizations, input.committeeId, 'COM-3');
    // scope: the committee's region (default) or townships and villages below it
    const scope: Region[] = [];
    const given = (input.scopeRegionIds ?? []).map((id, i) => fromGlobalId(id, 'Region', `input.scopeRegionIds.${i}`));
    const loaded = await this.organizations.regionById(ctx).loadMany(given);
    for (const [i, r] of loaded.entries()) {
      if (!r || r instanceof Error) throw new NotFoundError('行政区划');
      if (!r.path.startsWith(region.path)) throw BadUserInputError.field(`input.scopeRegionIds.${i}`, 'COM-3：整治范围须在本委员会辖区内');
      if (r.id !== region.id && r.level !== RegionLevel.TOWNSHIP && r.level !== RegionLevel.VILLAGE) throw BadUserInputError.field(`input.scopeRegionIds.${i}`, 'COM-3：整治范围须为本委员会辖区或其下的乡镇、村（社区）');
      if (!scope.some((s) => s.id === r.id)) scope.push(r);
    }
    if (!scope.length) scope.push(region);
    const kinds = [...new Set(input.premisesKinds ?? [])];
    const codes = [...new Set((input.hazardItemCodes ?? []).map((c) => c.trim()))];
    if (codes.length) {
      // the codes of the checklists' items (of the kinds in scope, when kinds are named)
      const known = new Set(((await this.dataSource.query(
        `SELECT DISTINCT item->>'code' AS code FROM checklist_template t CROSS JOIN LATERAL jsonb_array_elements(t.items) item
          WHERE cardinality($1::text[]) = 0 OR t.premises_kind = ANY($1::text[])`, [kinds],
      )) as { code: string }[]).map((r) => r.code));
      const unknown = codes.filter((c) => !known.has(c));
      if (unknown.length) throw BadUserInputError.field('input.hazardItemCodes', `COM-3：检查表中没有这些检查项：${unknown.join('、')}`);
    }
    let decisionId: string | null = null;
    if (input.decisionId) {
      decisionId = fromGlobalId(input.decisionId, 'MeetingDecision', 'input.decisionId');
      const [found] = (await this.dataSource.query(
        `SELECT d.id FROM meeting_decision d JOIN committee_meeting m ON m.id = d.meeting_id WHERE d.id = $1 AND m.committee_id = $2 AND m.status = 'PUBLISHED'`,
        [decisionId, committee.id],
      )) as { id: string }[];
      if (!found) throw BadUserInputError.field('input.decisionId', 'COM-3：部署依据须为本委员会已印发会议的议定事项');
    }
    const saved = await this.tx.run(async (m) => {
      const repo = m.getRepository(Campaign);
      return repo.save(repo.create({
        id: randomUUID(), committeeId: committee.id, regionId: region.id, decisionId, title: input.title.trim(), description: input.description.trim(),
        periodStart: input.periodStart, periodEnd: input.periodEnd, scopeRegionIds: scope.map((s) => s.id), premisesKinds: kinds, hazardItemCodes: codes,
        targetInspections: input.targetInspections ?? null, targetRectificationPercent: input.targetRectificationPercent ?? null, createdBy: ctx.actor.label,
      }));
    });
    ctx.auditTarget('Campaign', saved.id, { after: { title: saved.title, committeeId: committee.id, periodStart: saved.periodStart, periodEnd: saved.periodEnd, scopeRegionIds: saved.scopeRegionIds } });
    return saved;
  }

  /** COM-5: the committee a member-unit actor belongs to (its organization's parent); undefined for other actors. */
  private async memberUnitCommittee(ctx: RequestContext): Promise<string | null | undefined> {
    if (ctx.actor.role !== Role.MEMBER_UNIT) return undefined;
    if (!ctx.actor.organizationId) return null;
    return (await this.organizations.organizationById(ctx).load(ctx.actor.organizationId))?.parentId ?? null;
  }

  /**
   * Campaigns the actor may read (COM-3): its jurisdiction reaches the campaign's region (the committee's) or one of
   * its scope regions, or lies inside one (a township or village of the scope inside it, or a county-wide scope
   * around it: the township and its station carry out what the county deploys there); a member unit only its own
   * committee's (COM-5). Null where not.
   */
  async visible(ctx: RequestContext, ids: readonly string[]): Promise<(Campaign | null)[]> {
    if (!can(ctx, Permission.COMMITTEE_READ)) return ids.map(() => null);
    const rows = await this.dataSource.getRepository(Campaign).findBy({ id: In([...ids]) });
    const loader = this.organizations.regionById(ctx);
    const [regions, scopes] = await Promise.all([loader.loadMany(rows.map((r) => r.regionId)), loader.loadMany(rows.flatMap((r) => r.scopeRegionIds))]);
    const pathOf = new Map(scopes.filter((s): s is Region => !!s && !(s instanceof Error)).map((s) => [s.id, s.path]));
    const unitCommittee = await this.memberUnitCommittee(ctx);
    const byId = new Map(rows.filter((r, i) => {
      const g = regions[i];
      if (!g || g instanceof Error) return false;
      const reached = reaches(ctx.actor, g.path) || r.scopeRegionIds.some((id) => pathOf.has(id) && scopeReaches(ctx.actor.regionPath, pathOf.get(id)!));
      return reached && (unitCommittee === undefined || unitCommittee === r.committeeId);
    }).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * COM-3: campaigns the actor may read (see `visible`), the latest start first; `regionId`: the campaigns of that
   * region — seated in its subtree or with a scope region in it; `active`: running today (or not).
   *
   * As `regionalPage` (one statement for the page, the count only when asked): from a county down, the page is read
   * region by region through (region_id, period_start, id). The regions walked are the list's scope (the
   * jurisdiction, narrowed by `regionId`) and the few above it, whose campaigns count only with a scope region in
   * that scope (a committee's scope lies inside its own region: no campaign seated sideways can reach it).
   */
  async list(ctx: RequestContext, page: PageArgs, filter: { regionId?: string | null; active?: boolean | null }): Promise<ConnectionValue<Campaign>> {
    const today = this.clock.today();
    const unitCommittee = await this.memberUnitCommittee(ctx);
    const filters = (qb: SelectQueryBuilder<Campaign>) => {
      if (filter.active === true) qb.andWhere('c.period_start <= :campaignToday AND c.period_end >= :campaignToday', { campaignToday: today });
      if (filter.active === false) qb.andWhere('NOT (c.period_start <= :campaignToday AND c.period_end >= :campaignToday)', { campaignToday: today });
      // COM-5: a member unit sees the campaigns of its own committee
      if (unitCommittee === null) qb.andWhere('false');
      else if (unitCommittee) qb.andWhere('c.committee_id = :campaignCommittee', { campaignCommittee: unitCommittee });
      return qb;
    };
    const repo = this.dataSource.getRepository(Campaign);
    const options = { descending: true };
    // the list's scope: the jurisdiction, narrowed by `regionId` (FORBIDDEN out of sight); null: nothing
    const named = filter.regionId ? (await this.organizations.region(ctx, filter.regionId, 'regionId')).path : null;
    const jurisdiction = ctx.actor.kind === 'SYSTEM' ? '' : ctx.actor.regionPath;
    const scope = jurisdiction === null ? null
      : named === null ? jurisdiction
        : named.startsWith(jurisdiction) ? named
          : jurisdiction.startsWith(named) ? jurisdiction : null;
    const levels = scope ? scope.split('/').filter(Boolean) : [];
    const above = levels.slice(0, -1);
    const params = { campaignScope: `${scope ?? ''}%`, campaignScopeBase: scope ?? '', campaignAbove: above };
    const reached = `(r.path LIKE :campaignScope${above.length ? ` OR (r.id IN (:...campaignAbove) AND ${SCOPE_REACHED})` : ''})`;
    const listed = filters(repo.createQueryBuilder('c').innerJoin(Region, 'r', 'r.id = c.region_id').where(scope === null ? 'false' : reached, params));
    // province 1, city 2, county 3, township 4: above a county most regions hold rows and the order index finds a page at once
    if (scope === null || levels.length < 3) return paginate(listed, page, ORDER, options);

    const first = page.first ?? DEFAULT_PAGE_SIZE;
    // the keys of the first `first + 1` campaigns of one region `r` (same alias: the subquery's scope shadows the page's)
    const perRegion = filters(repo.createQueryBuilder('c').select('c.period_start', 'k0').addSelect('c.id', 'k1')
      .where(`c.region_id = r.id AND (r.path LIKE :campaignScope OR ${SCOPE_REACHED})`));
    const after = keysetAfter(page.after, ORDER, options);
    if (after) perRegion.andWhere(after.sql, after.params);
    perRegion.orderBy('c.period_start', 'DESC').addOrderBy('c.id', 'DESC').limit(first + 1);
    const walked = `r.path LIKE :campaignScope${above.length ? ' OR r.id IN (:...campaignAbove)' : ''}`;
    const pageQuery = repo.createQueryBuilder('c')
      .where(`c.id IN (SELECT p.k1 FROM region r CROSS JOIN LATERAL (${perRegion.getQuery()}) p WHERE ${walked} ORDER BY p.k0 DESC, p.k1 DESC LIMIT ${first + 1})`)
      .setParameters({ ...perRegion.getParameters(), ...params })
      .orderBy('c.period_start', 'DESC').addOrderBy('c.id', 'DESC');
    return readPage(pageQuery, listed, page, ORDER, options);
  }

  /** A campaign the actor may read, else NOT_FOUND (out of reach or another committee's, for a member unit). */
  async readable(ctx: RequestContext, globalId: string, field = 'campaignId'): Promise<Campaign> {
    const [found] = await this.visible(ctx, [fromGlobalId(globalId, 'Campaign', field)]);
    if (!found) throw new NotFoundError('专项整治');
    return found;
  }

  /**
   * COM-3: the campaign's figures by scope and period, with the fire situation's definitions (INS-4): hazards found
   * in the period (of the checklist items named, if any), rectified = of those, closed by the period's end or today,
   * overdue = deadline in the period and passed, not rectified by it; inspections done in the period. One grouped
   * statement per figure set gives the totals, the townships' and the member units' rows at once. An actor reading
   * the campaign through one of its scope regions only (a township account, a county campaign) gets the figures of
   * the part of the scope its jurisdiction reaches: its townships' rows, totals and units' rows over that part, and
   * the tasks whose assignee sits there; the county office, everything.
   */
  async progress(ctx: RequestContext, campaignId: string): Promise<CampaignProgress> {
    const campaign = await this.readable(ctx, campaignId);
    const today = this.clock.today();
    const rectifiedBy = campaignAsOf(campaign, today);
    // COM-3: an actor that reads the campaign through a scope region only (a township account, a county campaign)
    // counts what its jurisdiction reaches: its part of the scope, its townships, its tasks
    const seat = (await this.organizations.regionById(ctx).load(campaign.regionId))!;
    const within = reaches(ctx.actor, seat.path) ? null : ctx.actor.regionPath!;
    const scopes = (await this.organizations.regionById(ctx).loadMany(campaign.scopeRegionIds)).filter((r): r is Region => !!r && !(r instanceof Error));
    // the scope regions inside the actor's area; else (a county-wide scope around a township account) its own region
    const inside = within === null ? [] : scopes.filter((r) => r.path.startsWith(within));
    const own = within !== null && inside.length === 0 && ctx.actor.regionId ? await this.organizations.regionById(ctx).load(ctx.actor.regionId) : undefined;
    const countedRegions = within === null ? null : own ? [own] : inside;
    const params = [campaign.id, today, rectifiedBy, within];
    const head = `WITH c AS (SELECT * FROM campaign WHERE id = $1::uuid), t AS (SELECT $2::date AS today, $3::date AS as_of),
      sc AS (SELECT r.id, CASE r.level WHEN 'TOWNSHIP' THEN r.id WHEN 'VILLAGE' THEN r.parent_id END AS township FROM region r
             WHERE EXISTS (SELECT 1 FROM c JOIN region s ON s.id = ANY(c.scope_region_ids) WHERE r.path LIKE s.path || '%')
               AND ($4::text IS NULL OR r.path LIKE $4::text || '%')),
      p AS (SELECT p.id, p.sector_unit_id, sc.township FROM premises p JOIN sc ON sc.id = p.region_id CROSS JOIN c
            WHERE cardinality(c.premises_kinds) = 0 OR p.kind = ANY(c.premises_kinds))`;
    const itemCodes = `(cardinality(c.hazard_item_codes) = 0 OR h.checklist_item_code = ANY(c.hazard_item_codes))`;
    /** One figure set, grouped by township, by sector unit and in total (GROUPING SETS: one statement). */
    const grouped = (select: string, from: string) => this.dataSource.query(
      `${head} SELECT p.township, p.sector_unit_id AS unit, GROUPING(p.township)::int AS gt, GROUPING(p.sector_unit_id)::int AS gu, ${select}
        FROM ${from} GROUP BY GROUPING SETS ((p.township), (p.sector_unit_id), ())`, params,
    ) as Promise<Record<string, unknown>[]>;
    const [premises, inspections, found, overdue, townships, tasks] = await Promise.all([
      grouped(`count(*)::int AS "premisesInScope"`, `p CROSS JOIN t`),
      grouped(`count(*)::int AS inspections, count(DISTINCT p.id)::int AS "premisesInspected"`,
        `p JOIN inspection i ON i.premises_id = p.id CROSS JOIN c CROSS JOIN t WHERE i.inspected_on BETWEEN c.period_start AND c.period_end`),
      grouped(`count(*)::int AS "hazardsFound",
          count(*) FILTER (WHERE h.closed_at IS NOT NULL AND (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= t.as_of)::int AS "hazardsRectified"`,
        `p JOIN hazard h ON h.premises_id = p.id CROSS JOIN c CROSS JOIN t WHERE h.found_on BETWEEN c.period_start AND c.period_end AND ${itemCodes}`),
      grouped(`count(*)::int AS "hazardsOverdue"`,
        `p JOIN hazard h ON h.premises_id = p.id CROSS JOIN c CROSS JOIN t WHERE h.deadline BETWEEN c.period_start AND c.period_end
          AND ${HAZARD_DEADLINE_MISSED.sql('h', 't.today')} AND ${itemCodes}`),
      this.dataSource.query(`${head} SELECT DISTINCT r.id, r.sort_order, r.name, (SELECT as_of FROM t) AS as_of FROM sc JOIN region r ON r.id = sc.township ORDER BY r.sort_order, r.name`, params) as Promise<{ id: string }[]>,
      this.taskCounts(ctx, campaign.id, today, within),
    ]);
    const totals = { ...ZERO_COUNTS };
    const perTownship = new Map<string | null, CampaignCounts>();
    const perUnit = new Map<string, CampaignCounts>();
    for (const row of [...premises, ...inspections, ...found, ...overdue]) {
      const target = row.gt === 1 && row.gu === 1 ? totals
        : row.gu === 1 ? mapGet(perTownship, (row.township as string | null) ?? null)
          : row.unit ? mapGet(perUnit, row.unit as string) : null;
      if (!target) continue;
      for (const k of Object.keys(ZERO_COUNTS) as (keyof CampaignCounts)[]) if (row[k] !== undefined) target[k] += Number(row[k]);
    }
    const fig = (c: CampaignCounts | undefined) => campaignFigures(c ?? ZERO_COUNTS, campaign);
    const regionRows = await this.organizations.regionById(ctx).loadMany(townships.map((r) => r.id));
    const byTownship = regionRows.map((r, i) => ({ region: r as Region, figures: fig(perTownship.get(townships[i].id)) }));
    // premises seated at the county itself (county-level units): their own row, after the townships
    const countyLevel = perTownship.get(null);
    if (countyLevel && Object.values(countyLevel).some((v) => v > 0)) byTownship.push({ region: seat, figures: fig(countyLevel) });
    // COM-3: the committee's member units supervising premises in scope; COM-5: a member unit reads its own row only
    const unitIds = [...perUnit.keys()].filter((id) => ctx.actor.role !== Role.MEMBER_UNIT || id === ctx.actor.organizationId);
    const units = (await this.dataSource.getRepository(Organization).findBy({ id: In(unitIds.length ? unitIds : [NO_ID]), kind: OrganizationKind.MEMBER_UNIT, parentId: campaign.committeeId }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
    const totalFigures = fig(totals);
    return {
      campaign, committee: (await this.organizations.organizationById(ctx).load(campaign.committeeId))!, asOf: today, rectifiedBy, totals: totalFigures,
      verdict: targetsMet(totalFigures, campaign), countedRegions, byTownship, byMemberUnit: units.map((unit) => ({ unit, figures: fig(perUnit.get(unit.id)) })), tasks,
    };
  }

  /**
   * COM-2's tasks of the campaign (overdue: open and the deadline passed); a member unit counts its own tasks only;
   * `within` (a path): only the tasks whose region (the assignee's) it reaches.
   */
  private async taskCounts(ctx: RequestContext, campaignId: string, today: string, within: string | null): Promise<CampaignTaskCounts> {
    const unit = ctx.actor.role === Role.MEMBER_UNIT ? ctx.actor.organizationId ?? NO_ID : null;
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE k.status = 'ACCEPTED')::int AS accepted, count(*) FILTER (WHERE k.status <> 'ACCEPTED')::int AS open,
              count(*) FILTER (WHERE ${taskOverdueSql('k', '$2::date')})::int AS overdue
         FROM committee_task k JOIN region r ON r.id = k.region_id
        WHERE k.campaign_id = $1::uuid AND ($3::uuid IS NULL OR k.assignee_id = $3::uuid) AND ($4::text IS NULL OR r.path LIKE $4::text || '%')`,
      [campaignId, today, unit, within],
    )) as CampaignTaskCounts[];
    return row;
  }
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * A campaign `c` with a scope region inside the list's scope (`:campaignScope`, a path prefix) or around it
 * (`:campaignScopeBase`, the scope's path: a county-wide campaign read by a township).
 */
const SCOPE_REACHED = `EXISTS (SELECT 1 FROM region s WHERE s.id = ANY(c.scope_region_ids)
  AND (s.path LIKE :campaignScope OR :campaignScopeBase LIKE s.path || '%'))`;

/** A scope region `path` the actor's jurisdiction (`regionPath`) reaches, or lies inside. */
function scopeReaches(regionPath: string | null, path: string): boolean {
  return regionPath !== null && (path.startsWith(regionPath) || regionPath.startsWith(path));
}

function mapGet<K>(m: Map<K, CampaignCounts>, key: K): CampaignCounts {
  let v = m.get(key);
  if (!v) m.set(key, (v = { ...ZERO_COUNTS }));
  return v;
}
