import { practiceMove, practiceStepsFrom, PRACTICE_MOVES } from './practice-lifecycle';
import { PracticeAction, PracticeStatus } from './training.enums';

describe('good practice lifecycle (TRN-3)', () => {
  it('TRN-3: submitted > returned > submitted again > accepted > published', () => {
    let s = PRACTICE_MOVES.SUBMIT.to;
    for (const a of [PracticeAction.RETURN, PracticeAction.REVISE, PracticeAction.ACCEPT, PracticeAction.PUBLISH]) s = practiceMove(s, a)!;
    expect(s).toBe(PracticeStatus.PUBLISHED);
  });

  it('TRN-3: every step from every state: published is final, only an accepted practice is published, a returned one is only revised', () => {
    const table = Object.fromEntries(Object.values(PracticeStatus).map((s) => [s, practiceStepsFrom(s)]));
    expect(table).toEqual({
      SUBMITTED: [PracticeAction.RETURN, PracticeAction.ACCEPT],
      RETURNED: [PracticeAction.REVISE],
      ACCEPTED: [PracticeAction.RETURN, PracticeAction.PUBLISH],
      PUBLISHED: [],
    });
    for (const s of Object.values(PracticeStatus)) {
      for (const a of Object.values(PracticeAction)) expect(practiceMove(s, a) !== null).toBe(table[s].includes(a));
    }
  });
});
