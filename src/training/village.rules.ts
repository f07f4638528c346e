import { TeamKind } from './training.enums';

/**
 * ORG-6. A micro fire station needs a head and at least this many trained members (the national guideline for
 * community micro fire stations, 《社区微型消防站建设标准（试行）》: 站长 and 队员 trained in fire fighting).
 */
export const MICRO_STATION_MIN_TRAINED_MEMBERS = 5;

export interface TeamMember {
  name: string;
  trained: boolean;
}

export interface VillageFacts {
  hasManager: boolean;
  hasPledge: boolean;
  teamKind: TeamKind;
  teamHead: string | null;
  members: TeamMember[];
}

/** What a village's team lacks, in zh-CN; empty when nothing. Only a micro fire station has a minimum. */
export function teamShortfalls(f: Pick<VillageFacts, 'teamKind' | 'teamHead' | 'members'>): string[] {
  const out: string[] = [];
  if (f.teamKind === TeamKind.NONE) return out;
  if (f.members.length === 0) out.push('队伍没有队员');
  if (f.teamKind !== TeamKind.MICRO_STATION) return out;
  if (!f.teamHead) out.push('微型消防站未明确站长');
  const trained = f.members.filter((m) => m.trained).length;
  if (trained < MICRO_STATION_MIN_TRAINED_MEMBERS) out.push(`经培训的队员 ${trained} 人，少于 ${MICRO_STATION_MIN_TRAINED_MEMBERS} 人`);
  return out;
}

export interface TownshipCoverage<V> {
  villages: number;
  withManager: number;
  withPledge: number;
  withTeam: number;
  volunteerTeams: number;
  microStations: number;
  lackingManager: V[];
  lackingPledge: V[];
  lackingTeam: V[];
  shortTeams: { village: V; problems: string[] }[];
}

/** ORG-6 coverage of one township's villages: how many have each element and which lack them. Pure. */
export function coverage<V>(villages: { village: V; facts: VillageFacts }[]): TownshipCoverage<V> {
  const out: TownshipCoverage<V> = {
    villages: villages.length, withManager: 0, withPledge: 0, withTeam: 0, volunteerTeams: 0, microStations: 0,
    lackingManager: [], lackingPledge: [], lackingTeam: [], shortTeams: [],
  };
  for (const { village, facts } of villages) {
    if (facts.hasManager) out.withManager++;
    else out.lackingManager.push(village);
    if (facts.hasPledge) out.withPledge++;
    else out.lackingPledge.push(village);
    if (facts.teamKind === TeamKind.NONE) out.lackingTeam.push(village);
    else {
      out.withTeam++;
      if (facts.teamKind === TeamKind.MICRO_STATION) out.microStations++;
      else out.volunteerTeams++;
    }
    const problems = teamShortfalls(facts);
    if (problems.length > 0) out.shortTeams.push({ village, problems });
  }
  return out;
}
