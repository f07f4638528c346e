import { spellsOverlap, canMove, mostOnDutyFrom, NEXT_STATES } from './post-lifecycle';
import { PostState } from './personnel.enums';

describe('post lifecycle (PER-7, PER-9)', () => {
  it('follows CANDIDATE > SELECTED > IN_TRAINING > EXAM_PASSED > ON_DUTY > LEFT, with re-training after a failed exam', () => {
    const path = [PostState.CANDIDATE, PostState.SELECTED, PostState.IN_TRAINING, PostState.EXAM_FAILED, PostState.IN_TRAINING, PostState.EXAM_PASSED, PostState.ON_DUTY, PostState.LEFT];
    for (let i = 1; i < path.length; i++) expect(canMove(path[i - 1], path[i])).toBe(true);
  });
  it('PER-7: nobody goes on duty without passing the exam; nothing leaves LEFT', () => {
    for (const s of Object.values(PostState)) {
      expect(canMove(s, PostState.ON_DUTY)).toBe(s === PostState.EXAM_PASSED);
    }
    expect(NEXT_STATES[PostState.LEFT]).toEqual([]);
    expect(canMove(PostState.CANDIDATE, PostState.IN_TRAINING)).toBe(false);
    expect(canMove(PostState.EXAM_PASSED, PostState.IN_TRAINING)).toBe(false);
  });
});

describe('PER-9: the most people on duty on any day from a date on (mostOnDutyFrom)', () => {
  const spell = (onDutyFrom: string, leftOn: string | null = null) => ({ onDutyFrom, leftOn });
  it('counts who is on duty on the day itself', () => {
    expect(mostOnDutyFrom('2027-02-01', [spell('2027-01-01'), spell('2027-01-15')])).toBe(2);
    expect(mostOnDutyFrom('2027-02-01', [])).toBe(0);
  });
  it('someone who left on or before the day is not counted; the day of leaving is off duty', () => {
    expect(mostOnDutyFrom('2027-02-01', [spell('2027-01-01', '2027-02-01'), spell('2027-01-01', '2027-01-20')])).toBe(0);
    expect(mostOnDutyFrom('2027-02-01', [spell('2027-01-01', '2027-02-02')])).toBe(1);
  });
  it('a later start counts on its own day: A left on 03-01, B started on 03-10, so never two at once from 02-01', () => {
    expect(mostOnDutyFrom('2027-02-01', [spell('2027-01-01', '2027-03-01'), spell('2027-03-10')])).toBe(1);
  });
  it('overlapping later spells add up', () => {
    expect(mostOnDutyFrom('2027-02-01', [spell('2027-01-01'), spell('2027-03-10'), spell('2027-04-01', '2027-05-01')])).toBe(3);
    expect(mostOnDutyFrom('2027-02-01', [spell('2027-01-01', '2027-03-10'), spell('2027-03-10'), spell('2027-04-01')])).toBe(2);
  });
  it('PER-9: a past spell (prior service) counts only the days before it ended: a start on its leaving day does not add up', () => {
    expect(mostOnDutyFrom('2020-01-01', [spell('2019-06-01'), spell('2022-01-01')], '2022-01-01')).toBe(1);
    expect(mostOnDutyFrom('2020-01-01', [spell('2019-06-01'), spell('2021-12-31')], '2022-01-01')).toBe(2);
  });
  it('spells overlap when they share a day; the day of leaving is not shared', () => {
    expect(spellsOverlap(spell('2020-01-01', '2021-01-01'), spell('2021-01-01'))).toBe(false);
    expect(spellsOverlap(spell('2020-01-01', '2021-01-02'), spell('2021-01-01'))).toBe(true);
    expect(spellsOverlap(spell('2020-01-01'), spell('2019-01-01', '2020-01-01'))).toBe(false);
    expect(spellsOverlap(spell('2020-01-01'), spell('2025-01-01', '2025-02-01'))).toBe(true);
  });
});
