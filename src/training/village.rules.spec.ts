import { TeamKind } from './training.enums';
import { coverage, MICRO_STATION_MIN_TRAINED_MEMBERS, teamShortfalls } from './village.rules';

const people = (trained: number, untrained = 0) => [
  ...Array.from({ length: trained }, (_v, i) => ({ name: `t${i}`, trained: true })),
  ...Array.from({ length: untrained }, (_v, i) => ({ name: `u${i}`, trained: false })),
];

describe('village guidance rules (ORG-6)', () => {
  it('ORG-6: a micro fire station needs a head and at least 5 trained members; untrained members do not count', () => {
    expect(MICRO_STATION_MIN_TRAINED_MEMBERS).toBe(5);
    expect(teamShortfalls({ teamKind: TeamKind.MICRO_STATION, teamHead: '站长', members: people(5) })).toEqual([]);
    expect(teamShortfalls({ teamKind: TeamKind.MICRO_STATION, teamHead: '站长', members: people(4, 10) })).toEqual(['经培训的队员 4 人，少于 5 人']);
    expect(teamShortfalls({ teamKind: TeamKind.MICRO_STATION, teamHead: null, members: people(0) })).toEqual(['队伍没有队员', '微型消防站未明确站长', '经培训的队员 0 人，少于 5 人']);
    expect(teamShortfalls({ teamKind: TeamKind.VOLUNTEER_TEAM, teamHead: null, members: people(1) })).toEqual([]);
    expect(teamShortfalls({ teamKind: TeamKind.NONE, teamHead: null, members: [] })).toEqual([]);
  });

  it('ORG-6: coverage counts each element and lists who lacks it; the parts add up to the whole', () => {
    const f = (hasManager: boolean, hasPledge: boolean, teamKind: TeamKind, trained = 0, head: string | null = '头') => ({ hasManager, hasPledge, teamKind, teamHead: head, members: people(trained) });
    const c = coverage([
      { village: 'a', facts: f(true, true, TeamKind.MICRO_STATION, 6) },
      { village: 'b', facts: f(true, false, TeamKind.MICRO_STATION, 2) },
      { village: 'c', facts: f(false, true, TeamKind.VOLUNTEER_TEAM, 1) },
      { village: 'd', facts: f(false, false, TeamKind.NONE) },
    ]);
    expect(c).toEqual({
      villages: 4, withManager: 2, withPledge: 2, withTeam: 3, volunteerTeams: 1, microStations: 2,
      lackingManager: ['c', 'd'], lackingPledge: ['b', 'd'], lackingTeam: ['d'], shortTeams: [{ village: 'b', problems: ['经培训的队员 2 人，少于 5 人'] }],
    });
    expect(c.withManager + c.lackingManager.length).toBe(c.villages);
    expect(c.withTeam + c.lackingTeam.length).toBe(c.villages);
    expect(coverage([])).toMatchObject({ villages: 0, withManager: 0, lackingManager: [] });
  });
});
