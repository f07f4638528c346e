import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleCron, unscheduleCron } from '../common/cron';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Role } from '../kernel/permissions';
import { Clock } from '../common/clock';
import { Period, PeriodKind, periodRange } from '../common/period';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { ADVISORY_LOCKS } from '../database/data-source';
import { TransactionRunner } from '../database/transaction';
import { finalizedFor } from './evaluation-inputs.service';
import { ReminderKind, ScoringSide } from './evaluation.enums';
import { AppraisalBallot } from './appraisal.entity';
import { DutyReport, DutyReportScore } from './duty-report.entity';
import { EvaluationPeriod } from './evaluation.entity';
import { EvaluationReminder } from './evaluation-reminder.entity';
import { EvaluationRoster, Subject, subjectKey } from './roster';

const JOB = 'evaluation';

export interface JobRun {
  ran: boolean;
  opened: Period[];
  reminders: number;
}

/** Who is to act on each kind of reminder. */
const AUDIENCE: Record<ReminderKind, Role> = {
  REPORT_MISSING: Role.STATION, CENTER_SCORE_MISSING: Role.CENTER, TOWNSHIP_SCORE_MISSING: Role.TOWNSHIP_GOVERNMENT, APPRAISAL_MISSING: Role.CENTER,
};

/**
 * EVA-1, EVA-2: opens each month's and quarter's evaluation at its start, and rewrites the reminders of every
 * open period: reports not submitted and rounds without a ballot (once the period has ended), reports a side has
 * not scored (EVA-5). Runs on EVALUATION_JOB_CRON in Asia/Shanghai; any instance may run it, one at a time
 * (a transaction-scoped advisory lock: a second run meanwhile does nothing).
 */
@Injectable()
export class EvaluationJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Evaluation');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly roster: EvaluationRoster,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.evaluationJobCron) return;
    scheduleCron(this.scheduler, JOB, this.config.evaluationJobCron, () => this.tick());
  }

  onApplicationShutdown(): void {
    unscheduleCron(this.scheduler, JOB);
  }

  private async tick(): Promise<void> {
    try {
      const r = await this.run();
      if (!r.ran) this.logger.debug('evaluation job: another instance is running it; skipped');
      else this.logger.log(`evaluation job: ${r.opened.length} period(s) opened, ${r.reminders} reminder(s)`);
    } catch (error) {
      this.logger.error(`evaluation job failed: ${(error as Error).message}`);
    }
  }

  async run(): Promise<JobRun> {
    return this.tx.run(async (m) => {
      const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [ADVISORY_LOCKS.evaluationJob])) as { locked: boolean }[];
      if (!locked) return { ran: false, opened: [], reminders: 0 };
      const today = this.clock.today();
      const year = Number(today.slice(0, 4));
      const month = Number(today.slice(5, 7));
      const current: Period[] = [{ kind: PeriodKind.MONTH, year, number: month }, { kind: PeriodKind.QUARTER, year, number: Math.ceil(month / 3) }];
      const opened: Period[] = [];
      for (const p of current) {
        const rows: unknown[] = await m.query(
          `INSERT INTO evaluation_period (period_kind, year, number, opened_at, opened_by) VALUES ($1, $2, $3, $4, 'system:evaluation') ON CONFLICT DO NOTHING RETURNING year`,
          [p.kind, p.year, p.number, this.clock.now()],
        );
        if (rows.length) opened.push(p);
      }
      const periods = await m.getRepository(EvaluationPeriod).find({ order: { year: 'ASC', number: 'ASC' } });
      const stations = await this.roster.stationsUnder('', m);
      const reminders: Omit<EvaluationReminder, 'station' | 'region'>[] = [];
      for (const row of periods) {
        const period: Period = { kind: row.periodKind, year: row.year, number: row.number };
        const { start, end } = periodRange(period);
        const ended = end < today;
        const all = await this.roster.on(stations, start, m);
        const done = await finalizedFor(m, all, period);
        const open = all.filter((s) => !done.has(subjectKey(s)));
        if (open.length === 0) continue;
        const add = (kind: ReminderKind, subjects: Subject[]) => {
          for (const stationId of [...new Set(subjects.map((s) => s.station.id))]) {
            const here = subjects.filter((s) => s.station.id === stationId);
            reminders.push({
              id: randomUUID(), stationId, regionId: here[0].station.regionId, periodKind: period.kind, year: period.year, number: period.number, kind,
              audience: AUDIENCE[kind], subjects: here.map((s) => s.name), remindedAt: this.clock.now(),
            });
          }
        };
        if (period.kind === PeriodKind.MONTH) {
          const reports = await m.getRepository(DutyReport).findBy({ year: period.year, month: period.number, subjectId: In(open.map((s) => s.id)) });
          const scores = reports.length ? await m.getRepository(DutyReportScore).findBy({ reportId: In(reports.map((r) => r.id)) }) : [];
          const reportOf = (s: Subject) => reports.find((r) => r.subjectKind === s.kind && r.subjectId === s.id);
          if (ended) add(ReminderKind.REPORT_MISSING, open.filter((s) => !reportOf(s)));
          const unscored = (side: ScoringSide) => open.filter((s) => {
            const r = reportOf(s);
            return r && !scores.some((x) => x.reportId === r.id && x.side === side);
          });
          add(ReminderKind.CENTER_SCORE_MISSING, unscored(ScoringSide.CENTER));
          add(ReminderKind.TOWNSHIP_SCORE_MISSING, unscored(ScoringSide.TOWNSHIP));
        }
        if (ended) {
          const voted = new Set((await m.getRepository(AppraisalBallot).findBy({ periodKind: period.kind, year: period.year, number: period.number, valid: true })).map((b) => b.stationId));
          add(ReminderKind.APPRAISAL_MISSING, open.filter((s) => !voted.has(s.station.id)));
        }
      }
      await m.createQueryBuilder().delete().from(EvaluationReminder).execute();
      if (reminders.length) await m.getRepository(EvaluationReminder).insert(reminders);
      return { ran: true, opened, reminders: reminders.length };
    });
  }
}
