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
