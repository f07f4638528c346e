import { allowedSteps, isCheckedLate, isOrderedLate, isOrderOverdue, isOverdue, nextStatus, HazardStep } from './hazard-lifecycle';
import { HazardStatus as S } from './inspections.enums';

describe('hazard lifecycle (INS-2)', () => {
  const ALL: HazardStep[] = ['ORDER', 'REPORT_RECTIFICATION', 'RECHECK_PASS', 'RECHECK_FAIL'];
  const EXPECTED: Record<S, Partial<Record<HazardStep, S>>> = {
    [S.REPORTED]: { ORDER: S.RECTIFYING },
    [S.RECTIFYING]: { REPORT_RECTIFICATION: S.PENDING_RECHECK, RECHECK_PASS: S.CLOSED, RECHECK_FAIL: S.RECTIFYING },
    [S.PENDING_RECHECK]: { RECHECK_PASS: S.CLOSED, RECHECK_FAIL: S.RECTIFYING },
    [S.CLOSED]: {},
  };

  for (const from of Object.values(S)) {
    for (const step of ALL) {
      const to = EXPECTED[from][step] ?? null;
      it(`INS-2: ${step} from ${from} ${to ? `moves to ${to}` : 'is refused'}`, () => {
        expect(nextStatus(from, step)).toBe(to);
      });
    }
  }

  it('INS-2: only a passed re-check reaches CLOSED', () => {
    for (const from of Object.values(S)) {
      for (const step of ALL) {
        if (nextStatus(from, step) === S.CLOSED) expect(step).toBe('RECHECK_PASS');
      }
    }
    expect(allowedSteps(S.CLOSED)).toEqual([]);
  });

  it('INS-2: overdue from the day after the deadline (Asia/Shanghai dates), only while rectifying', () => {
    expect(isOverdue(S.RECTIFYING, '2026-11-29', '2026-11-29')).toBe(false);
    expect(isOverdue(S.RECTIFYING, '2026-11-29', '2026-11-30')).toBe(true);
    expect(isOverdue(S.PENDING_RECHECK, '2026-11-29', '2026-11-30')).toBe(false);
    expect(isOverdue(S.CLOSED, '2026-11-29', '2026-12-30')).toBe(false);
    expect(isOverdue(S.RECTIFYING, null, '2026-11-30')).toBe(false);
    expect(isOrderOverdue(S.REPORTED, '2026-11-27', '2026-11-28')).toBe(true);
    expect(isOrderOverdue(S.RECTIFYING, '2026-11-27', '2026-11-28')).toBe(false);
  });

  it('INS-2: an order is late only when given after its order date (the due day itself is in time)', () => {
    expect(isOrderedLate('2027-03-15', '2027-03-16')).toBe(true);
    expect(isOrderedLate('2027-03-15', '2027-03-15')).toBe(false);
    expect(isOrderedLate('2027-03-15', '2027-03-10')).toBe(false);
    expect(isOrderedLate('2027-03-15', null)).toBe(false);
  });

  describe('isCheckedLate (INS-1)', () => {
    const due = new Date('2027-03-11T01:30:00Z');
    const at = (ms: number) => new Date(due.getTime() + ms);
    it('INS-1: checked at the clock is on time, a millisecond after it late', () => {
      expect(isCheckedLate(due, due, at(3_600_000))).toBe(false);
      expect(isCheckedLate(due, at(1), at(1))).toBe(true);
    });
    it('INS-1: checked in time stays on time whatever now is', () => {
      expect(isCheckedLate(due, at(-60_000), at(86_400_000))).toBe(false);
    });
    it('INS-1: unchecked is late once the clock has passed, not before', () => {
      expect(isCheckedLate(due, null, due)).toBe(false);
      expect(isCheckedLate(due, null, at(1))).toBe(true);
    });
  });
});
