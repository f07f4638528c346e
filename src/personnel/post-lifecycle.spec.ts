import { canMove, NEXT_STATES } from './post-lifecycle';
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
