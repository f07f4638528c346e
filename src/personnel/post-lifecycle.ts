import { PostState } from './personnel.enums';

/**
 * The onboarding lifecycle (PER-1, PER-7, PER-9): CANDIDATE > SELECTED > IN_TRAINING > EXAM_PASSED | EXAM_FAILED
 * (a failed person may be trained again) > ON_DUTY > LEFT. Anyone may leave at any stage before LEFT.
 */
export const NEXT_STATES: Readonly<Record<PostState, readonly PostState[]>> = {
  [PostState.CANDIDATE]: [PostState.SELECTED, PostState.LEFT],
  [PostState.SELECTED]: [PostState.IN_TRAINING, PostState.LEFT],
  [PostState.IN_TRAINING]: [PostState.EXAM_PASSED, PostState.EXAM_FAILED, PostState.LEFT],
  [PostState.EXAM_FAILED]: [PostState.IN_TRAINING, PostState.LEFT],
  [PostState.EXAM_PASSED]: [PostState.ON_DUTY, PostState.LEFT],
  [PostState.ON_DUTY]: [PostState.LEFT],
  [PostState.LEFT]: [],
};

export function canMove(from: PostState, to: PostState): boolean {
  return NEXT_STATES[from].includes(to);
}

export function canMoveTargets(from: PostState): PostState[] {
  return [...NEXT_STATES[from]];
}

/** A spell on duty: from its first day; `leftOn` (the day of leaving) is no longer on duty, null while on duty. */
export interface DutySpell {
  onDutyFrom: string;
  leftOn: string | null;
}

/**
 * PER-9 by date: the most people of `others` on duty on any one day from `from` on. A late record of an earlier
 * start must fit the quota on every day since, not only today; the count can only grow on a day someone starts,
 * so `from` and the later starts are the days to look at. Dates are YYYY-MM-DD (they compare as text).
 */
export function mostOnDutyFrom(from: string, others: readonly DutySpell[], until: string | null = null): number {
  const onDuty = (day: string) => others.filter((s) => s.onDutyFrom <= day && (s.leftOn === null || s.leftOn > day)).length;
  // `until` (a spell's leftOn): its first day off duty, so only the days before it count
  const days = [from, ...others.map((s) => s.onDutyFrom).filter((d) => d > from && (until === null || d < until))];
  return Math.max(...days.map(onDuty));
}

/** Whether two spells on duty share a day (`leftOn` is the first day off duty; null: still on duty). */
export function spellsOverlap(a: DutySpell, b: DutySpell): boolean {
  return (b.leftOn === null || a.onDutyFrom < b.leftOn) && (a.leftOn === null || b.onDutyFrom < a.leftOn);
}
