import { handOverOverdue, measuresProblem } from './hand-over-rules';
import { HandOverState, LegalMeasure as M } from './inspections.enums';

/** The hand-over rules (domain defaults: hand-over to the brigade; INS-2), pure. */
describe('hand-over rules (INS-2, hand-over default)', () => {
  describe('overdue, by the Beijing day', () => {
    const c = (state: HandOverState, outcomeDueBy: string | null = null) => ({ state, acceptDueBy: '2027-03-15', outcomeDueBy });
    it('a PENDING case is on time through its accept day, overdue from the next', () => {
      expect(handOverOverdue(c(HandOverState.PENDING), '2027-03-15')).toBeNull();
      expect(handOverOverdue(c(HandOverState.PENDING), '2027-03-16')).toBe('ACCEPT');
    });
    it('an ACCEPTED case is judged by its outcome day, not its accept day', () => {
      expect(handOverOverdue(c(HandOverState.ACCEPTED, '2027-06-08'), '2027-04-01')).toBeNull();
      expect(handOverOverdue(c(HandOverState.ACCEPTED, '2027-06-08'), '2027-06-08')).toBeNull();
      expect(handOverOverdue(c(HandOverState.ACCEPTED, '2027-06-08'), '2027-06-09')).toBe('OUTCOME');
    });
    it('returned and concluded cases are never overdue', () => {
      expect(handOverOverdue(c(HandOverState.RETURNED), '2030-01-01')).toBeNull();
      expect(handOverOverdue(c(HandOverState.CONCLUDED, '2027-06-08'), '2030-01-01')).toBeNull();
    });
  });

  describe('the measures of an outcome', () => {
    const m = (...measures: M[]) => measures.map((measure) => ({ measure, amountYuan: measure === M.FINE ? 5000 : null }));
    it('a filed case lists 立案, possibly with correction, fine, seal and transfer', () => {
      expect(measuresProblem(m(M.CASE_FILED, M.ORDER_CORRECTION, M.FINE, M.TEMPORARY_SEAL, M.POLICE_TRANSFER), true)).toBeNull();
      expect(measuresProblem(m(M.ORDER_CORRECTION), true)).toEqual(['measures', expect.stringContaining('须包含“立案”')]);
      expect(measuresProblem(m(M.CASE_FILED, M.NOT_FILED), true)).toEqual(['measures', expect.stringContaining('不能登记“不予立案”')]);
    });
    it('a case not filed lists 不予立案, never 立案 or a fine', () => {
      expect(measuresProblem(m(M.NOT_FILED, M.ORDER_CORRECTION), false)).toBeNull();
      expect(measuresProblem(m(M.ORDER_CORRECTION), false)).toEqual(['measures', expect.stringContaining('须包含“不予立案”')]);
      expect(measuresProblem(m(M.NOT_FILED, M.CASE_FILED), false)).toEqual(['measures', expect.stringContaining('不能登记“立案”')]);
      expect(measuresProblem(m(M.NOT_FILED, M.FINE), false)).toEqual(['measures', expect.stringContaining('不能登记罚款')]);
    });
    it('at least one measure, each once; a fine has its amount and only a fine has one', () => {
      expect(measuresProblem([], true)).toEqual(['measures', expect.stringContaining('至少')]);
      expect(measuresProblem(m(M.CASE_FILED, M.CASE_FILED), true)).toEqual(['measures.1.measure', expect.stringContaining('重复')]);
      expect(measuresProblem([{ measure: M.CASE_FILED }, { measure: M.FINE }], true)).toEqual(['measures.1.amountYuan', expect.stringContaining('金额')]);
      expect(measuresProblem([{ measure: M.CASE_FILED }, { measure: M.FINE, amountYuan: 0 }], true)).toEqual(['measures.1.amountYuan', expect.stringContaining('金额')]);
      expect(measuresProblem([{ measure: M.CASE_FILED, amountYuan: 100 }], true)).toEqual(['measures.0.amountYuan', expect.stringContaining('只有罚款')]);
    });
  });
});
