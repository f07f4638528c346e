/**
 * COM-3: a campaign's phase and the arithmetic of its figures (pure: "today" comes from the caller). The counts
 * themselves come from SQL (campaign.service.ts); the definitions are the fire situation's (INS-4,
 * FireService.situation): hazards found in the period, rectified = of those, closed by the period's end (or today
 * while it runs), overdue = deadline in the period and passed, not rectified by it.
 */

export enum CampaignPhase {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
export const CAMPAIGN_PHASE_LABELS: Record<CampaignPhase, string> = { PLANNED: '未开始', ACTIVE: '进行中', ENDED: '已结束' };

/** COM-3: before its first day PLANNED, through its last day ACTIVE, after it ENDED (days of Asia/Shanghai). */
export function campaignPhase(period: { periodStart: string; periodEnd: string }, today: string): CampaignPhase {
  if (today < period.periodStart) return CampaignPhase.PLANNED;
  return today <= period.periodEnd ? CampaignPhase.ACTIVE : CampaignPhase.ENDED;
}

/** The last day the figures count rectifications up to: the period's end, or today while it runs. */
export function campaignAsOf(period: { periodEnd: string }, today: string): string {
  return period.periodEnd < today ? period.periodEnd : today;
}

/** The counts of one row (the totals, a township, a member unit), as SQL gives them. */
export interface CampaignCounts {
  premisesInScope: number;
  premisesInspected: number;
  inspections: number;
  hazardsFound: number;
  hazardsRectified: number;
  hazardsOverdue: number;
}
export const ZERO_COUNTS: CampaignCounts = { premisesInScope: 0, premisesInspected: 0, inspections: 0, hazardsFound: 0, hazardsRectified: 0, hazardsOverdue: 0 };

export interface CampaignFigures extends CampaignCounts {
  /** Rectified / found, in percent to 2 decimals (null when none found): the fire situation's rate. */
  rectificationRate: number | null;
  /** Inspections / the target, in percent to 2 decimals (null without a target). */
  inspectionTargetPercent: number | null;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export function campaignFigures(c: CampaignCounts, targets: { targetInspections: number | null }): CampaignFigures {
  return {
    ...c,
    rectificationRate: c.hazardsFound === 0 ? null : round2((c.hazardsRectified / c.hazardsFound) * 100),
    inspectionTargetPercent: targets.targetInspections ? round2((c.inspections / targets.targetInspections) * 100) : null,
  };
}

/** Whether the targets are met: each target given is reached (null: the campaign set none). */
export interface TargetsVerdict {
  inspectionsMet: boolean | null;
  rectificationMet: boolean | null;
  /** Every target set is met (null: no target set). */
  met: boolean | null;
}

export function targetsMet(f: CampaignFigures, targets: { targetInspections: number | null; targetRectificationPercent: number | null }): TargetsVerdict {
  const inspectionsMet = targets.targetInspections === null ? null : f.inspections >= targets.targetInspections;
  // no hazard found: nothing was left to rectify, so the rate target stands met
  const rectificationMet = targets.targetRectificationPercent === null ? null : (f.rectificationRate ?? 100) >= targets.targetRectificationPercent;
  const given = [inspectionsMet, rectificationMet].filter((v): v is boolean => v !== null);
  return { inspectionsMet, rectificationMet, met: given.length ? given.every(Boolean) : null };
}

/** Sums rows of counts (the totals are computed by SQL too; this is for tests and documents). */
export function sumCounts(rows: readonly CampaignCounts[]): CampaignCounts {
  const total = { ...ZERO_COUNTS };
  for (const r of rows) for (const k of Object.keys(ZERO_COUNTS) as (keyof CampaignCounts)[]) total[k] += r[k];
  return total;
}
