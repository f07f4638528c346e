import { Public } from '../kernel/access.decorators';
import { Controller, Get, Logger } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

/** GET /health/live: the process answers. GET /health/ready: and the database answers (within 3 s). */
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database()]);
  }

  private async database() {
    const check = this.indicator.check('database');
    const started = Date.now();
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout after 3000 ms')), 3000).unref()),
      ]);
      return check.up({ responseTimeMs: Date.now() - started });
    } catch (error) {
      // the detail (hosts, credentials errors) goes to the log, not to whoever asks
      this.logger.warn(`readiness: database not reachable: ${error instanceof Error ? error.message : String(error)}`);
      return check.down({ message: '数据库不可用 (database unreachable)' });
    }
  }
}
