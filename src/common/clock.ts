import { Global, Injectable, Module } from '@nestjs/common';

export const TIME_ZONE = 'Asia/Shanghai';

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai: every day boundary is Beijing time. */
export function shanghaiDate(instant: Date): string {
  return DAY.format(instant);
}

const MINUTE = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** An instant as Beijing wall-clock time to the minute, `YYYY-MM-DD HH:mm` (for text; never a UTC ISO string). */
export function shanghaiDateTime(instant: Date): string {
  const part = Object.fromEntries(MINUTE.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** An instant for a reader: 「2027-03-11 10:00（北京时间）」. */
export function beijingTime(instant: Date): string {
  return `${shanghaiDateTime(instant)}（北京时间）`;
}

/** The first instant of a calendar day (YYYY-MM-DD) in Asia/Shanghai (00:00+08:00; China keeps no daylight saving). */
export function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** Whether a YYYY-MM-DD string is a real calendar date (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The one source of "now"; rules take the values it gives, never `new Date()` themselves. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
  today(): string {
    return shanghaiDate(this.now());
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
