import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import { scheduleCron, unscheduleCron } from '../common/cron';
import { ADVISORY_LOCKS } from '../database/data-source';
import { TransactionRunner } from '../database/transaction';
import { SecurityPolicyService } from './security-policy.service';

const JOB = 'sign-in-failure-purge';
const DAY_MS = 86_400_000;

export interface SignInFailurePurge {
  /** false: another instance was purging (a transaction-scoped advisory lock), nothing was done. */
  ran: boolean;
  purged: number;
}

/**
 * The failed sign-in counts are transient (GB/T 22239-2019 8.1.4.1 b)): daily at 03:45 Asia/Shanghai, the rows of
 * `sign_in_failure` that hold no live failure (none, or the last one `lockMinutes` ago, and no pause in force) and
 * no complete sign-in within the policy's `knownAddressDays` (the address is no longer known) are deleted, under
 * the policy in force. Any instance may run it, one at a time (a transaction-scoped advisory lock).
 */
@Injectable()
export class SignInFailurePurgeJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SignInFailurePurge');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly policies: SecurityPolicyService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.signInPurgeCron) return;
    scheduleCron(this.scheduler, JOB, this.config.signInPurgeCron, () => this.tick());
  }

  onApplicationShutdown(): void {
    unscheduleCron(this.scheduler, JOB);
  }

  private async tick(): Promise<void> {
    try {
      const r = await this.run();
      if (r.purged > 0) this.logger.log(`purged ${r.purged} sign-in failure counts`);
    } catch (error) {
      this.logger.error(`sign-in failure purge failed: ${(error as Error).message}`);
    }
  }

  async run(): Promise<SignInFailurePurge> {
    const policy = await this.policies.on();
    const now = this.clock.now();
    const forgetBefore = new Date(now.getTime() - policy.lockMinutes * 60_000);
    const knownSince = new Date(now.getTime() - policy.knownAddressDays * DAY_MS);
    return this.tx.run(async (m) => {
      const [{ locked }] = (await m.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [ADVISORY_LOCKS.signInFailurePurge])) as { locked: boolean }[];
      if (!locked) return { ran: false, purged: 0 };
      const result = (await m.query(
        `DELETE FROM sign_in_failure
          WHERE (failures = 0 OR last_failure_at IS NULL OR last_failure_at <= $2)
            AND (locked_until IS NULL OR locked_until <= $1)
            AND (last_success_at IS NULL OR last_success_at <= $3)
          RETURNING address`,
        [now, forgetBefore, knownSince],
      )) as unknown;
      // TypeORM answers a DELETE … RETURNING as [rows, count]
      const rows = Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) ? (result[0] as unknown[]) : (result as unknown[]);
      return { ran: true, purged: rows.length };
    });
  }
}
