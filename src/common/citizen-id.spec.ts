import { citizenIdFacts, citizenIdProblem, maskCitizenId, maskPhone, phoneProblem } from './citizen-id';

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
  // GB 11643-1999 §4.2.3: the sequence code's last digit (the 17th) is odd for men, even for women. The standard's
  // example 11010519491231002X has 2 there: a woman, although it has been cited as a man's (the standard wins).
  it("reads the standard's example: born 1949-12-31, sex digit 2 (female); refuses a 31 February and an unknown province", () => {
    expect(citizenIdFacts('11010519491231002X')).toEqual({ birthDate: '1949-12-31', male: false });
    expect(citizenIdFacts('110105194912310011').male).toBe(true);
    expect(citizenIdFacts('22062219900101108X').male).toBe(false);
    expect(citizenIdProblem('110105194912310011')).toBeNull();
    expect(citizenIdProblem('110105194902310028')).toBe('出生日期无效');
    expect(citizenIdProblem('990105194912310021')).toMatch(/行政区划代码/);
  });
  it('masks all but the place code and the last four', () => {
    expect(maskCitizenId('22062219900101108X')).toBe('220622********108X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(phoneProblem('1381234567')).not.toBeNull();
  });
});
