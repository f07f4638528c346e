import { FIRE_LEVEL_RANK, FireLevel, InvestigationReason } from './inspections.enums';

/** The lower bound of each level above GENERAL: reaching any one of the three puts the fire in that level. */
export interface FireLevelThreshold {
  deaths: number;
  seriousInjuries: number;
  lossYuan: number;
}
export type FireLevelThresholds = Record<Exclude<FireLevel, FireLevel.GENERAL>, FireLevelThreshold>;

/** Domain default (2007 classification): 较大 3 deaths / 10 serious injuries / ¥10 m, 重大 10 / 50 / ¥50 m, 特别重大 30 / 100 / ¥100 m. */
export const DEFAULT_FIRE_LEVEL_THRESHOLDS: FireLevelThresholds = {
  LARGER: { deaths: 3, seriousInjuries: 10, lossYuan: 10_000_000 },
  MAJOR: { deaths: 10, seriousInjuries: 50, lossYuan: 50_000_000 },
  EXTRAORDINARY: { deaths: 30, seriousInjuries: 100, lossYuan: 100_000_000 },
};

export interface FireFacts {
  deaths: number;
  seriousInjuries: number;
  directLossYuan: number;
}

/** The fire's level: the highest whose lower bound one of deaths, serious injuries or loss reaches. */
export function fireLevel(facts: FireFacts, thresholds: FireLevelThresholds): FireLevel {
  for (const level of [FireLevel.EXTRAORDINARY, FireLevel.MAJOR, FireLevel.LARGER] as const) {
    const t = thresholds[level];
    if (facts.deaths >= t.deaths || facts.seriousInjuries >= t.seriousInjuries || facts.directLossYuan >= t.lossYuan) return level;
  }
  return FireLevel.GENERAL;
}

export interface InvestigationPolicy {
  minDeaths: number;
  minLevel: FireLevel;
}

/** INS-6: any death, or a level of 较大 or higher (domain defaults), opens an extended investigation. */
export function investigationReasons(deaths: number, level: FireLevel, policy: InvestigationPolicy): InvestigationReason[] {
  const reasons: InvestigationReason[] = [];
  if (deaths >= policy.minDeaths) reasons.push(InvestigationReason.DEATHS);
  if (FIRE_LEVEL_RANK[level] >= FIRE_LEVEL_RANK[policy.minLevel]) reasons.push(InvestigationReason.LEVEL);
  return reasons;
}
