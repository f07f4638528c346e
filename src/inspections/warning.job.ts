import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleCron, unscheduleCron } from '../common/cron';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { WarningService } from './warning.service';

const JOB = 'early-warning';

/**
 * INS-3: evaluates the warning rules on a cron schedule in Asia/Shanghai (WARNING_JOB_CRON, default every 15
 * minutes). Every instance may schedule it; the advisory lock inside `evaluate` lets one run at a time.
 */
@Injectable()
export class WarningJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Warnings');

  constructor(
    private readonly warnings: WarningService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.warningJobCron) return;
    scheduleCron(this.scheduler, JOB, this.config.warningJobCron, () => this.run());
  }

  onApplicationShutdown(): void {
    unscheduleCron(this.scheduler, JOB);
  }

  async run(): Promise<void> {
    try {
      const r = await this.warnings.evaluate();
      const line = `warnings evaluated: ${r.raised} raised, ${r.escalated} escalated, ${r.lowered} lowered, ${r.resolved} resolved, ${r.active} active`;
      if (!r.ran) this.logger.debug('warnings: another instance is evaluating; skipped');
      else if (r.raised + r.escalated + r.lowered + r.resolved > 0) this.logger.log(line);
      else this.logger.debug(line);
    } catch (error) {
      this.logger.error(`warning evaluation failed: ${(error as Error).message}`);
    }
  }
}
