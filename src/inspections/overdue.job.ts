import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleCron, unscheduleCron } from '../common/cron';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { OverdueAnnouncer } from './overdue.announcer';

const JOB = 'overdue-announcement';
/** A few seconds after midnight, Asia/Shanghai: the deadline days that just ended. */
export const OVERDUE_JOB_CRON = '5 0 0 * * *';

/**
 * Writes hazard.overdue and task.overdue when a deadline day ends. On with the warning job (WARNING_JOB_CRON=off
 * turns both off: the CLI, tests); a catch-up at start and every warning evaluation write what a stopped process
 * or a missed midnight left out (the announcer is idempotent).
 */
@Injectable()
export class OverdueJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Overdue');

  constructor(
    private readonly announcer: OverdueAnnouncer,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.warningJobCron) return;
    scheduleCron(this.scheduler, JOB, OVERDUE_JOB_CRON, () => this.run());
    void this.run();
  }

  onApplicationShutdown(): void {
    unscheduleCron(this.scheduler, JOB);
  }

  async run(): Promise<void> {
    try {
      const r = await this.announcer.run();
      if (r.hazards + r.tasks > 0) this.logger.log(`overdue announced: ${r.hazards} hazard(s), ${r.tasks} task(s)`);
    } catch (error) {
      this.logger.error(`overdue announcement failed: ${(error as Error).message}`);
    }
  }
}
