import { PracticeAction, PracticeStatus } from './training.enums';

/**
 * TRN-3: a township or station submits; the center returns it with comments (revised and submitted again) or
 * accepts it, then publishes it county-wide. Published is final. Pure.
 */
export const PRACTICE_MOVES: Record<PracticeAction, { from: PracticeStatus[]; to: PracticeStatus }> = {
  SUBMIT: { from: [], to: PracticeStatus.SUBMITTED },
  REVISE: { from: [PracticeStatus.RETURNED], to: PracticeStatus.SUBMITTED },
  RETURN: { from: [PracticeStatus.SUBMITTED, PracticeStatus.ACCEPTED], to: PracticeStatus.RETURNED },
  ACCEPT: { from: [PracticeStatus.SUBMITTED], to: PracticeStatus.ACCEPTED },
  PUBLISH: { from: [PracticeStatus.ACCEPTED], to: PracticeStatus.PUBLISHED },
};

export function practiceStepsFrom(status: PracticeStatus): PracticeAction[] {
  return (Object.keys(PRACTICE_MOVES) as PracticeAction[]).filter((a) => PRACTICE_MOVES[a].from.includes(status));
}

export function practiceMove(status: PracticeStatus, action: PracticeAction): PracticeStatus | null {
  return PRACTICE_MOVES[action].from.includes(status) ? PRACTICE_MOVES[action].to : null;
}
