import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertReaches } from '../auth/jurisdiction';
import { Clock } from '../common/clock';
import { addDays } from '../common/working-days';
import type { RequestContext } from '../graphql/request-context';
import { OrganizationService } from '../organization/organization.service';
import { RegionLevel } from '../organization/organization.enums';
import { HazardStatus, MajorHazardStatus } from './inspections.enums';

/** A hazard as it stood at a moment (its status, deadline and major status then), with its place and township. */
export interface StandingHazard {
  id: string;
  description: string;
  foundOn: string;
  status: HazardStatus;
  deadline: string | null;
  responsibleParty: string | null;
  majorStatus: MajorHazardStatus;
  majorCatalogueEdition: string | null;
  majorItemCodes: string[] | null;
  premisesName: string | null;
  regionName: string;
  /** The hazard's township (its region, or its village's township); null above any township (县直). */
  townshipId: string | null;
  /** Days from the deadline to the reference day (positive: overdue), null without a deadline. */
  daysOverdue: number | null;
}

/** The two lists of the briefing as they stood, and what moment they stand for. */
export interface HazardStanding {
  /** The reference day: a hazard is overdue when its deadline is before it (the deadline day is over). */
  day: string;
  /** The moment the states are read at: now, or the start of `day` in Asia/Shanghai (the end of the day before). */
  at: Date;
  /** RECTIFYING with a deadline before `day`, most days overdue first (then found earliest). */
  overdue: StandingHazard[];
  /** Suspected, reported or confirmed major hazards not closed: confirmed, then reported, then suspected; oldest found first. */
  major: StandingHazard[];
}

/** The major statuses that make a hazard listed as major, worst first. */
const MAJOR_ORDER: MajorHazardStatus[] = [MajorHazardStatus.CONFIRMED, MajorHazardStatus.REPORTED, MajorHazardStatus.SUSPECTED];

/**
 * INS-2, INS-4: the overdue and the major hazards of a region as they stood at the end of a day, reconstructed from
 * the hazards' history (hazard_event, append-only): the status is the `to_status` of the last step before the
 * moment; the deadline the one the last order (ORDERED.deadline), extension (DEADLINE_EXTENDED.to) or failed re-check
 * with a new deadline (RECHECK_FAILED.newDeadline) before it set; the major status the last major step's
 * (MAJOR_SUSPECTED / _REPORTED / _CONFIRMED / _REJECTED), or the hazard's own when its history has no major step. A history whose steps carry no deadline (loaded in bulk)
 * gives the deadline before the first change after the moment (DEADLINE_EXTENDED.from, RECHECK_FAILED.previousDeadline),
 * else the hazard's own. A hazard whose first step came after the moment did not
 * exist yet, whatever its found-on day. A hazard without any history (rows loaded in bulk, outside the API) is read
 * from its own dates: closed when closed_at is before the moment, pending re-check when rectified before the day,
 * rectifying when ordered before the day, with its current deadline and major status.
 */
@Injectable()
export class HazardStandingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationService,
    private readonly clock: Clock,
  ) {}

  /**
   * The lists at the end of `lastDay` (Asia/Shanghai), or as of now when `lastDay` is today or later. The region is
   * a global id within the actor's jurisdiction (FORBIDDEN otherwise, as `hazards(regionId:)`).
   */
  async standing(ctx: RequestContext, regionId: string, lastDay: string): Promise<HazardStanding> {
    const region = await this.organizations.region(ctx, regionId, 'regionId');
    assertReaches(ctx, region.path);
    const today = this.clock.today();
    const current = lastDay >= today;
    const day = current ? today : addDays(lastDay, 1);
    // the moment is exclusive: for the current month, every step recorded up to now (inclusive) counts
    const at = current ? new Date(this.clock.now().getTime() + 1) : new Date(`${day}T00:00:00+08:00`);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH scope AS (
         SELECT id, name, CASE level WHEN $4::text THEN id WHEN $5::text THEN parent_id END AS township FROM region WHERE path LIKE $1),
       h AS (SELECT h.*, s.name AS region_name, s.township FROM scope s JOIN hazard h ON h.region_id = s.id WHERE h.found_on <= $6::date),
       ev AS (SELECT e.* FROM h JOIN hazard_event e ON e.hazard_id = h.id),
       first_step AS (SELECT hazard_id, min(at) AS at FROM ev GROUP BY hazard_id),
       st AS (SELECT DISTINCT ON (hazard_id) hazard_id, to_status FROM ev WHERE at < $2::timestamptz ORDER BY hazard_id, seq DESC),
       dl AS (SELECT DISTINCT ON (hazard_id) hazard_id,
                CASE action WHEN 'ORDERED' THEN details ->> 'deadline' WHEN 'DEADLINE_EXTENDED' THEN details ->> 'to' ELSE details ->> 'newDeadline' END AS deadline
              FROM ev WHERE at < $2::timestamptz AND (action IN ('ORDERED', 'DEADLINE_EXTENDED') OR action = 'RECHECK_FAILED' AND details ->> 'newDeadline' IS NOT NULL)
                AND coalesce(details ->> 'deadline', details ->> 'to', details ->> 'newDeadline') IS NOT NULL
              ORDER BY hazard_id, seq DESC),
       -- a step without the deadline in its details (rows loaded in bulk with their history): the deadline before the
       -- first change after the moment, else the hazard's own
       dl_after AS (SELECT DISTINCT ON (hazard_id) hazard_id, coalesce(details ->> 'from', details ->> 'previousDeadline') AS deadline
              FROM ev WHERE at >= $2::timestamptz AND (action = 'DEADLINE_EXTENDED' OR action = 'RECHECK_FAILED' AND details ->> 'newDeadline' IS NOT NULL)
              ORDER BY hazard_id, seq),
       mj AS (SELECT DISTINCT ON (hazard_id) hazard_id,
                CASE action WHEN 'MAJOR_SUSPECTED' THEN 'SUSPECTED' WHEN 'MAJOR_REPORTED' THEN 'REPORTED' WHEN 'MAJOR_CONFIRMED' THEN 'CONFIRMED' ELSE 'REJECTED' END AS major_status
              FROM ev WHERE at < $2::timestamptz AND action IN ('MAJOR_SUSPECTED', 'MAJOR_REPORTED', 'MAJOR_CONFIRMED', 'MAJOR_REJECTED')
              ORDER BY hazard_id, seq DESC),
       -- hazards with any major step: without one (rows loaded in bulk with their history), the hazard's own major status
       mj_any AS (SELECT DISTINCT hazard_id FROM ev WHERE action IN ('MAJOR_SUSPECTED', 'MAJOR_REPORTED', 'MAJOR_CONFIRMED', 'MAJOR_REJECTED')),
       stood AS (
         SELECT h.id, h.description, h.found_on, h.responsible_party, h.major_catalogue_edition, h.major_item_codes, h.region_name, h.township,
                p.name AS premises_name,
                CASE WHEN f.hazard_id IS NOT NULL THEN st.to_status
                     WHEN h.closed_at IS NOT NULL AND h.closed_at < $2::timestamptz THEN 'CLOSED'
                     WHEN h.rectified_on IS NOT NULL AND h.rectified_on < $3::date THEN 'PENDING_RECHECK'
                     WHEN h.ordered_on IS NOT NULL AND h.ordered_on < $3::date THEN 'RECTIFYING'
                     ELSE 'REPORTED' END AS status,
                CASE WHEN f.hazard_id IS NOT NULL THEN coalesce(dl.deadline::date, da.deadline::date, h.deadline) ELSE h.deadline END AS deadline,
                CASE WHEN ma.hazard_id IS NOT NULL THEN coalesce(mj.major_status, 'NONE') ELSE h.major_status END AS major_status
         FROM h LEFT JOIN first_step f ON f.hazard_id = h.id LEFT JOIN st ON st.hazard_id = h.id LEFT JOIN dl ON dl.hazard_id = h.id LEFT JOIN dl_after da ON da.hazard_id = h.id
              LEFT JOIN mj ON mj.hazard_id = h.id LEFT JOIN mj_any ma ON ma.hazard_id = h.id LEFT JOIN premises p ON p.id = h.premises_id
         WHERE f.hazard_id IS NULL OR f.at < $2::timestamptz)
       SELECT *, to_char(found_on, 'YYYY-MM-DD') AS found, to_char(deadline, 'YYYY-MM-DD') AS due, ($3::date - deadline) AS days
       FROM stood
       WHERE (status = 'RECTIFYING' AND deadline < $3::date) OR (status <> 'CLOSED' AND major_status IN ('SUSPECTED', 'REPORTED', 'CONFIRMED'))`,
      [`${region.path}%`, at, day, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE, current ? today : lastDay],
    );
    const all = rows.map((r): StandingHazard => ({
      id: r.id as string, description: r.description as string, foundOn: r.found as string, status: r.status as HazardStatus,
      deadline: (r.due as string | null) ?? null, responsibleParty: (r.responsible_party as string | null) ?? null,
      majorStatus: r.major_status as MajorHazardStatus, majorCatalogueEdition: (r.major_catalogue_edition as string | null) ?? null,
      majorItemCodes: (r.major_item_codes as string[] | null) ?? null, premisesName: (r.premises_name as string | null) ?? null,
      regionName: r.region_name as string, townshipId: (r.township as string | null) ?? null, daysOverdue: r.days === null ? null : Number(r.days),
    }));
    return {
      day, at,
      overdue: sortOverdue(all.filter((h) => h.status === HazardStatus.RECTIFYING && h.deadline !== null && h.deadline < day)),
      major: sortMajor(all.filter((h) => h.status !== HazardStatus.CLOSED && MAJOR_ORDER.includes(h.majorStatus))),
    };
  }
}

/** Worst first: most days overdue (earliest deadline), then found earliest, then id (a stable order). */
export function sortOverdue<T extends { deadline: string | null; foundOn: string; id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? '') || a.foundOn.localeCompare(b.foundOn) || a.id.localeCompare(b.id));
}

/** Worst first: confirmed (挂牌督办), then reported to the brigade, then suspected; within each, found earliest. */
export function sortMajor<T extends { majorStatus: MajorHazardStatus; foundOn: string; id: string }>(rows: T[]): T[] {
  const rank = (s: MajorHazardStatus) => { const k = MAJOR_ORDER.indexOf(s); return k < 0 ? MAJOR_ORDER.length : k; };
  return [...rows].sort((a, b) => rank(a.majorStatus) - rank(b.majorStatus) || a.foundOn.localeCompare(b.foundOn) || a.id.localeCompare(b.id));
}
