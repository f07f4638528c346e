import { Injectable, INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CliLogger, CommonOptions, logLevels } from './cli-support';

/**
 * The server's modules (AppModule) as an application context, opened by a command when it runs: the same
 * configuration and database (DATABASE_URL, else the embedded PGlite in DATA_DIR, whose lock refuses a second
 * process), migrations at open, the seed and first administrator as at a server's start; no HTTP adapter, so
 * nothing listens (GraphQL builds its schema but Apollo does not start). Opened on demand, not when the CLI
 * starts: `--help` and usage errors never touch the database, and input (a password on stdin) is read before
 * the embedded database is locked. main.ts turns the scheduled jobs off (WARNING_JOB_CRON, EVALUATION_JOB_CRON).
 */
@Injectable()
export class CliApplication {
  async run<T>(options: CommonOptions, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
    // loaded here: `--help` does not pay for loading every domain
    const { AppModule } = await import('../app.module.js');
    const app = await NestFactory.createApplicationContext(AppModule, { logger: new CliLogger(logLevels(options)), abortOnError: false });
    try {
      stopScheduledJobs(app);
      return await work(app);
    } finally {
      // closes the DataSource (and the embedded PGlite server with its lock): otherwise the process would not end
      await app.close();
    }
  }
}

/** A job that ignores its `off` switch must still not run during a command. */
function stopScheduledJobs(app: INestApplicationContext): void {
  const scheduler = app.get(SchedulerRegistry);
  for (const [name, job] of scheduler.getCronJobs()) {
    void job.stop();
    scheduler.deleteCronJob(name);
    new Logger('Cli').warn(`scheduled job "${name}" stopped: commands run no jobs`);
  }
}
