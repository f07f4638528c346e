import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { CalendarDayKind } from './inspections.enums';
import { sqlList } from '../organization/organization.enums';

/** A year of the working-day calendar as loaded by the committee office (replaced whole, versioned). */
@Entity('calendar_year')
@Check('ck_calendar_year_range', `year BETWEEN 2000 AND 2100`)
export class CalendarYear {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_calendar_year' }) year: number;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text', nullable: true }) source: string | null;
  @Column({ type: 'text' }) loadedBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) loadedAt: Date;
}

/** A statutory holiday (off though a weekday) or a make-up workday (调休, worked though a weekend). */
@Entity('calendar_day')
@Index('ix_calendar_day_year', ['year'])
@Check('ck_calendar_day_kind', `kind IN (${sqlList(Object.values(CalendarDayKind))})`)
@Check('ck_calendar_day_year', `extract(year FROM day) = year`)
export class CalendarDay {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_calendar_day' }) day: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'text' }) kind: CalendarDayKind;
  @Column({ type: 'text', nullable: true }) name: string | null;
}
