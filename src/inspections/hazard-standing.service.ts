import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertReaches } from '../kernel/jurisdiction';
import { Clock } from '../common/clock';
import { addDays } from '../common/working-days';
import type { RequestContext } from '../kernel/request-context';
import { OrganizationService } from '../organization/organization.service';
import { RegionLevel } from '../organization/organization.enums';
import { HazardStatus, MajorHazardStatus } from './inspections.enums';
import { HAZARD_OVERDUE } from './overdue';

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
  /** Overdue on `day` (HAZARD_OVERDUE: RECTIFYING, the deadline before it), most days overdue first (then found earliest). */
  overdue: StandingHazard[];
  /** Suspected, reported or confirmed major hazards not closed: confirmed, then reported, then suspected; oldest found first. */
  major: StandingHazard[];
}

/** The major statuses that make a hazard listed as major, worst first. */
const MAJOR_ORDER: MajorHazardStatus[] = [MajorHazardStatus.CONFIRMED, MajorHazardStatus.REPORTED, MajorHazardStatus.SUSPECTED];

/**
 * INS-2, INS-4: the overdue and the major hazards of a region as they stood at the end of a day. For today (the
 * current month) they are the hazards as they are. For a past day they are rebuilt from the hazards' history
 * (hazard_event, append-only), hazard by hazard through its index, leaving out those closed before the moment
 * (CLOSED is final):
 * - the status is the `to_status` of the last step before the moment; with steps only after it, the status the first
 *   of them started from (`from_status`), unless that step is the report itself (the hazard did not exist yet,
 *   whatever its found-on day); with no steps at all (rows loaded in bulk, outside the API), from its own dates:
 *   closed when closed_at is before the moment, pending re-check when rectified before the day, rectifying when
 *   ordered before the day;
 * - the deadline is the one the last order (ORDERED.deadline), extension (DEADLINE_EXTENDED.to) or failed re-check
 *   with a new deadline (RECHECK_FAILED.newDeadline) before the moment set; for steps that carry no deadline, the
 *   one before the first change after the moment (DEADLINE_EXTENDED.from, RECHECK_FAILED.previousDeadline); else
 *   the hazard's own;
 * - the major status is the last major step's (MAJOR_SUSPECTED / _REPORTED / _CONFIRMED / _REJECTED); with major
 *   steps only after the moment, the one the first of them requires (reporting needs SUSPECTED, a decision needs
 *   REPORTED, a suspicion starts from none); with none at all, the hazard's own.
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
    const rows: Record<string, unknown>[] = current
      ? await this.dataSource.query(
        // today: the hazards as they are (the lists equal hazards(overdue: true) and hazards(major: true) less the closed)
        `WITH scope AS (
           SELECT id, name, CASE level WHEN $2::text THEN id WHEN $3::text THEN parent_id END AS township FROM region WHERE path LIKE $1)
         SELECT h.id, h.description, h.responsible_party, h.major_catalogue_edition, h.major_item_codes, s.name AS region_name, s.township,
                p.name AS premises_name, h.status, h.major_status, to_char(h.found_on, 'YYYY-MM-DD') AS found,
                to_char(h.deadline, 'YYYY-MM-DD') AS due, ($4::date - h.deadline) AS days
         FROM scope s JOIN hazard h ON h.region_id = s.id LEFT JOIN premises p ON p.id = h.premises_id
         WHERE ${HAZARD_OVERDUE.sql('h', '$4::date')} OR (h.status <> 'CLOSED' AND h.major_status IN ('SUSPECTED', 'REPORTED', 'CONFIRMED'))`,
        [`${region.path}%`, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE, day],
      )
      : await this.dataSource.query(
        // a hazard closed before the moment stood closed (CLOSED is final, ck_hazard_closed): only the others are
        // rebuilt, each from its own steps through ix_hazard_event_hazard (hazard_id, seq)
        `WITH scope AS (
           SELECT id, name, CASE level WHEN $4::text THEN id WHEN $5::text THEN parent_id END AS township FROM region WHERE path LIKE $1),
         stood AS (
           SELECT h.id, h.description, h.found_on, h.responsible_party, h.major_catalogue_edition, h.major_item_codes, s.name AS region_name, s.township,
                  p.name AS premises_name,
                  CASE WHEN st.to_status IS NOT NULL THEN st.to_status
                       -- steps only after the moment: the state the first of them started from; none at all: the own dates
                       WHEN fa.action IS NOT NULL THEN fa.from_status
                       WHEN h.closed_at IS NOT NULL AND h.closed_at < $2::timestamptz THEN 'CLOSED'
                       WHEN h.rectified_on IS NOT NULL AND h.rectified_on < $3::date THEN 'PENDING_RECHECK'
                       WHEN h.ordered_on IS NOT NULL AND h.ordered_on < $3::date THEN 'RECTIFYING'
                       ELSE 'REPORTED' END AS status,
                  coalesce(dl.deadline::date, da.deadline::date, h.deadline) AS deadline,
                  CASE WHEN mj.major_status IS NOT NULL THEN mj.major_status
                       -- the first major step after the moment tells what it was before (MAJOR_REPORTED needs SUSPECTED,
                       -- a decision needs REPORTED); a history without any major step: the hazard's own
                       WHEN ma.action = 'MAJOR_SUSPECTED' THEN 'NONE' WHEN ma.action = 'MAJOR_REPORTED' THEN 'SUSPECTED'
                       WHEN ma.action IS NOT NULL THEN 'REPORTED'
                       ELSE h.major_status::text END AS major_status,
                  fa.action AS first_after
           FROM scope s JOIN hazard h ON h.region_id = s.id AND h.found_on <= $6::date AND (h.closed_at IS NULL OR h.closed_at >= $2::timestamptz)
           LEFT JOIN premises p ON p.id = h.premises_id
           LEFT JOIN LATERAL (SELECT e.to_status FROM hazard_event e WHERE e.hazard_id = h.id AND e.at < $2::timestamptz ORDER BY e.seq DESC LIMIT 1) st ON true
           LEFT JOIN LATERAL (SELECT e.action, e.from_status FROM hazard_event e WHERE e.hazard_id = h.id AND e.at >= $2::timestamptz ORDER BY e.seq LIMIT 1) fa ON st.to_status IS NULL
           LEFT JOIN LATERAL (SELECT CASE e.action WHEN 'ORDERED' THEN e.details ->> 'deadline' WHEN 'DEADLINE_EXTENDED' THEN e.details ->> 'to' ELSE e.details ->> 'newDeadline' END AS deadline
                FROM hazard_event e WHERE e.hazard_id = h.id AND e.at < $2::timestamptz
                  AND (e.action IN ('ORDERED', 'DEADLINE_EXTENDED') OR e.action = 'RECHECK_FAILED' AND e.details ->> 'newDeadline' IS NOT NULL)
                  AND coalesce(e.details ->> 'deadline', e.details ->> 'to', e.details ->> 'newDeadline') IS NOT NULL
                ORDER BY e.seq DESC LIMIT 1) dl ON true
           -- a step without the deadline in its details (rows loaded in bulk with their history): the deadline before
           -- the first change after the moment, else the hazard's own
           LEFT JOIN LATERAL (SELECT coalesce(e.details ->> 'from', e.details ->> 'previousDeadline') AS deadline
                FROM hazard_event e WHERE e.hazard_id = h.id AND e.at >= $2::timestamptz
                  AND (e.action = 'DEADLINE_EXTENDED' OR e.action = 'RECHECK_FAILED' AND e.details ->> 'newDeadline' IS NOT NULL)
                ORDER BY e.seq LIMIT 1) da ON dl.deadline IS NULL
           LEFT JOIN LATERAL (SELECT CASE e.action WHEN 'MAJOR_SUSPECTED' THEN 'SUSPECTED' WHEN 'MAJOR_REPORTED' THEN 'REPORTED' WHEN 'MAJOR_CONFIRMED' THEN 'CONFIRMED' ELSE 'REJECTED' END AS major_status
                FROM hazard_event e WHERE e.hazard_id = h.id AND e.at < $2::timestamptz AND e.action IN ('MAJOR_SUSPECTED', 'MAJOR_REPORTED', 'MAJOR_CONFIRMED', 'MAJOR_REJECTED')
                ORDER BY e.seq DESC LIMIT 1) mj ON true
           LEFT JOIN LATERAL (SELECT e.action FROM hazard_event e WHERE e.hazard_id = h.id AND e.at >= $2::timestamptz
                  AND e.action IN ('MAJOR_SUSPECTED', 'MAJOR_REPORTED', 'MAJOR_CONFIRMED', 'MAJOR_REJECTED')
                ORDER BY e.seq LIMIT 1) ma ON mj.major_status IS NULL)
         SELECT *, to_char(found_on, 'YYYY-MM-DD') AS found, to_char(deadline, 'YYYY-MM-DD') AS due, ($3::date - deadline) AS days
         FROM stood
         -- first recorded (REPORTED) after the moment: it did not exist yet, whatever its found-on day
         WHERE first_after IS DISTINCT FROM 'REPORTED'
           AND (${HAZARD_OVERDUE.sql('', '$3::date')} OR (status <> 'CLOSED' AND major_status IN ('SUSPECTED', 'REPORTED', 'CONFIRMED')))`,
        [`${region.path}%`, at, day, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE, lastDay],
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
      overdue: sortOverdue(all.filter((h) => HAZARD_OVERDUE.holds(h, day))),
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
