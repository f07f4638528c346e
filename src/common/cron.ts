import type { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { TIME_ZONE } from './clock';

/**
 * The scheduled jobs' one way to run on a cron: in Asia/Shanghai (every day boundary is Beijing's), registered with
 * Nest's scheduler under `name`, one run at a time (a tick while the last run goes on waits for it).
 */
export function scheduleCron(scheduler: SchedulerRegistry, name: string, cronTime: string, onTick: () => Promise<void>): void {
  const job = CronJob.from({ cronTime, timeZone: TIME_ZONE, onTick, start: true, waitForCompletion: true });
  scheduler.addCronJob(name, job as never);
}

/** Stops and forgets the job at shutdown (a job never scheduled, its cron off, is nothing to stop). */
export function unscheduleCron(scheduler: SchedulerRegistry, name: string): void {
  if (scheduler.doesExist('cron', name)) scheduler.deleteCronJob(name);
}
