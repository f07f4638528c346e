import { DEFAULT_FIRE_LEVEL_THRESHOLDS as T, fireLevel, investigationReasons } from './fire-level';
import { FireLevel } from './inspections.enums';

const facts = (deaths: number, seriousInjuries: number, directLossYuan: number) => ({ deaths, seriousInjuries, directLossYuan });
const POLICY = { minDeaths: 1, minLevel: FireLevel.LARGER };

describe('fire level (domain default, 2007 classification) and INS-6', () => {
  it.each([
    [facts(0, 0, 0), FireLevel.GENERAL],
    [facts(2, 9, 9_999_999.99), FireLevel.GENERAL],
    [facts(3, 0, 0), FireLevel.LARGER],
    [facts(0, 10, 0), FireLevel.LARGER],
    [facts(0, 0, 10_000_000), FireLevel.LARGER],
    [facts(9, 49, 49_999_999), FireLevel.LARGER],
    [facts(10, 0, 0), FireLevel.MAJOR],
    [facts(0, 50, 0), FireLevel.MAJOR],
    [facts(0, 0, 50_000_000), FireLevel.MAJOR],
    [facts(29, 99, 99_999_999), FireLevel.MAJOR],
    [facts(30, 0, 0), FireLevel.EXTRAORDINARY],
    [facts(0, 100, 0), FireLevel.EXTRAORDINARY],
    [facts(0, 0, 100_000_000), FireLevel.EXTRAORDINARY],
    [facts(1, 60, 1000), FireLevel.MAJOR],
  ])('%o is %s', (f, level) => {
    expect(fireLevel(f, T)).toBe(level);
  });

  it('INS-6: a single death opens an investigation though the fire is 一般', () => {
    expect(investigationReasons(1, FireLevel.GENERAL, POLICY)).toEqual(['DEATHS']);
  });
  it('INS-6: a 较大 fire without deaths opens one; a 一般 fire without deaths does not', () => {
    expect(investigationReasons(0, FireLevel.LARGER, POLICY)).toEqual(['LEVEL']);
    expect(investigationReasons(0, FireLevel.GENERAL, POLICY)).toEqual([]);
    expect(investigationReasons(5, FireLevel.LARGER, POLICY)).toEqual(['DEATHS', 'LEVEL']);
  });
});
