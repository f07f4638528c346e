import { citizenIdProblem, maskCitizenId, maskPhone, phoneProblem } from './citizen-id';

describe('citizen ID numbers (GB 11643-1999)', () => {
  it("accepts the standard's own example and a lower-case x", () => {
    expect(citizenIdProblem('11010519491231002X')).toBeNull();
    expect(citizenIdProblem('11010519491231002x')).toBeNull();
  });
  it('refuses a wrong check digit, a bad length and an impossible birth date', () => {
    expect(citizenIdProblem('110105194912310021')).toBe('校验码不正确');
    expect(citizenIdProblem('1101051949123100')).toMatch(/18 位/);
    expect(citizenIdProblem('110105194902300021')).toBe('出生日期无效');
  });
  it('masks all but the place code and the last four', () => {
    expect(maskCitizenId('22062219900101108X')).toBe('220622********108X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(phoneProblem('1381234567')).not.toBeNull();
  });
});
