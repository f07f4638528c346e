import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { Clock, isCalendarDate } from '../common/clock';
import * as time from '../common/time-rules';
import { TransactionRunner } from '../database/transaction';
import { BadUserInputError, NotFoundError } from '../kernel/errors';
import type { RequestContext } from '../kernel/request-context';
import { CalendarDay, CalendarYear } from './calendar.entity';
import { CalendarDayKind } from './inspections.enums';
import { InspectionPolicy } from './policy.entity';
import { WorkingCalendar } from '../common/working-days';

export interface CalendarDayInput {
  day: string;
  kind: CalendarDayKind;
  name?: string | null;
}

/**
 * Runs in the transaction of a calendar load: recomputes the open clocks counted on that year and answers how many
 * it changed (the hazards register theirs; this service does not know them).
 */
export type CalendarHook = (m: EntityManager, ctx: RequestContext, year: number, version: number) => Promise<number>;

/** The inspections policy in force on a date, and the working-day calendar (domain defaults, as data). */
@Injectable()
export class InspectionPolicyService {
  private readonly calendarHooks: CalendarHook[] = [];
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Per request: the policy in force on each date asked for (one query per date, not per row). */
  onLoader(ctx: RequestContext): DataLoader<string, InspectionPolicy> {
    return ctx.loader('ins.policyOn', () => new DataLoader<string, InspectionPolicy>((dates) => Promise.all(dates.map((d) => this.on(d)))));
  }

  /** Modules whose clocks count working days recompute them here when a year is loaded. */
  addCalendarHook(hook: CalendarHook): void {
    this.calendarHooks.push(hook);
  }

  async on(date: string, m: EntityManager = this.dataSource.manager): Promise<InspectionPolicy> {
    const policy = await m.getRepository(InspectionPolicy).findOne({ where: { effectiveFrom: LessThanOrEqual(date) }, order: { version: 'DESC' } });
    if (!policy) throw new NotFoundError(`${date} 生效的检查政策`);
    return policy;
  }

  /**
   * The calendar around `from` (that year and the next: a deadline may cross New Year). A year the office has
   * not loaded counts Monday to Friday only; `loaded` says whether both years were loaded.
   */
  async calendar(from: string, m: EntityManager = this.dataSource.manager): Promise<WorkingCalendar & { loaded: boolean }> {
    const year = Number(from.slice(0, 4));
    const days = await m.getRepository(CalendarDay).createQueryBuilder('d').where('d.year IN (:...years)', { years: [year, year + 1] }).getMany();
    const loadedYears = await m.getRepository(CalendarYear).createQueryBuilder('y').where('y.year IN (:...years)', { years: [year, year + 1] }).getCount();
    return {
      holidays: new Set(days.filter((d) => d.kind === CalendarDayKind.HOLIDAY).map((d) => d.day)),
      workdays: new Set(days.filter((d) => d.kind === CalendarDayKind.WORKDAY).map((d) => d.day)),
      loaded: loadedYears === 2,
    };
  }

  async year(year: number): Promise<{ year: CalendarYear | null; days: CalendarDay[] }> {
    return {
      year: await this.dataSource.getRepository(CalendarYear).findOneBy({ year }),
      days: await this.dataSource.getRepository(CalendarDay).find({ where: { year }, order: { day: 'ASC' } }),
    };
  }

  /**
   * Loads (or replaces) a year's holidays and make-up workdays; each load is a new version of that year. In the same
   * transaction the open clocks it changes are recomputed (`recomputedClocks`: how many).
   */
  async loadYear(ctx: RequestContext, input: { year: number; source?: string | null; days: CalendarDayInput[] }): Promise<{ year: CalendarYear; recomputedClocks: number }> {
    time.assertTimeRules([time.calendarYear(input.year, this.clock.today())]);
    const seen = new Set<string>();
    input.days.forEach((d, i) => {
      if (!isCalendarDate(d.day) || Number(d.day.slice(0, 4)) !== input.year) throw BadUserInputError.field(`input.days.${i}.day`, `须为 ${input.year} 年的有效日期`);
      if (seen.has(d.day)) throw BadUserInputError.field(`input.days.${i}.day`, '日期重复');
      seen.add(d.day);
      const weekday = new Date(`${d.day}T00:00:00Z`).getUTCDay();
      if (d.kind === CalendarDayKind.WORKDAY && weekday !== 0 && weekday !== 6) throw BadUserInputError.field(`input.days.${i}.kind`, '调休上班日须为周六或周日');
    });
    const saved = await this.tx.run(async (m) => {
      const previous = await m.getRepository(CalendarYear).createQueryBuilder('y').setLock('pessimistic_write').where('y.year = :year', { year: input.year }).getOne();
      await m.getRepository(CalendarDay).delete({ year: input.year });
      if (input.days.length) {
        await m.getRepository(CalendarDay).insert(input.days.map((d) => ({ day: d.day, year: input.year, kind: d.kind, name: d.name?.trim() || null })));
      }
      const row = { year: input.year, version: (previous?.version ?? 0) + 1, source: input.source?.trim() || null, loadedBy: ctx.actor.label };
      if (previous) await m.getRepository(CalendarYear).update({ year: input.year }, { ...row, loadedAt: this.clock.now() });
      else await m.getRepository(CalendarYear).insert({ ...row, loadedAt: this.clock.now() });
      let recomputedClocks = 0;
      for (const hook of this.calendarHooks) recomputedClocks += await hook(m, ctx, input.year, row.version);
      return { year: await m.getRepository(CalendarYear).findOneByOrFail({ year: input.year }), recomputedClocks };
    });
    ctx.auditTarget('CalendarYear', String(input.year), { after: { version: saved.year.version, days: input.days.length, recomputedClocks: saved.recomputedClocks } });
    return saved;
  }
}
