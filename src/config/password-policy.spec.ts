import { passwordProblems } from './password-policy';

describe('password rules (GB/T 22239-2019 8.1.4.1 a)', () => {
  it('accepts 8 characters of 3 classes', () => {
    expect(passwordProblems('Abcdefg1', 'zhang')).toEqual([]);
    expect(passwordProblems('abcdef1!', 'zhang')).toEqual([]);
  });
  it('refuses fewer than 8 characters', () => {
    expect(passwordProblems('Abcde1!', 'zhang')).toEqual(['至少 8 个字符']);
  });
  it('refuses only 2 classes', () => {
    expect(passwordProblems('abcdefgh1', 'zhang')).toEqual(['须包含大写字母、小写字母、数字、符号中的至少 3 类']);
    expect(passwordProblems('ABCDEFGH!', 'zhang')).toHaveLength(1);
  });
  it('refuses the username, in any case, also inside the password', () => {
    expect(passwordProblems('Zhang123!', 'zhang')).toEqual(['不能包含用户名']);
    expect(passwordProblems('xxZHANGxx1', 'Zhang')).toEqual(['不能包含用户名']);
  });
});
