import { beijingTime, shanghaiDate, shanghaiDateTime, shanghaiDayStart } from './clock';

describe('Beijing time in text (Asia/Shanghai)', () => {
  it('writes an instant as Beijing wall-clock time, whatever its offset', () => {
    expect(shanghaiDateTime(new Date('2027-03-11T01:30:00.000Z'))).toBe('2027-03-11 09:30');
    expect(shanghaiDateTime(new Date('2027-03-11T16:00:00Z'))).toBe('2027-03-12 00:00');
    expect(beijingTime(new Date('2027-03-15T15:59:59.999Z'))).toBe('2027-03-15 23:59（北京时间）');
  });

  it('starts a Beijing day at 16:00 UTC the day before', () => {
    expect(shanghaiDayStart('2027-03-09').toISOString()).toBe('2027-03-08T16:00:00.000Z');
    expect(shanghaiDate(shanghaiDayStart('2027-03-09'))).toBe('2027-03-09');
  });
});
