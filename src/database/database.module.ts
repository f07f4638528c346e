import { DynamicModule, Global, Injectable, Logger, MiddlewareConsumer, Module, NestModule, OnApplicationShutdown, RequestMethod } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { openDataSource, runMigrations } from './data-source';
import { StatementCountMiddleware } from './statement-count';
import { TransactionRunner } from './transaction';

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  constructor(private readonly dataSource: DataSource) {}

  /** Runs last, after the HTTP server stopped taking requests and in-flight ones finished. */
  async onApplicationShutdown(): Promise<void> {
    await this.dataSource.destroy();
    this.logger.log('database closed');
  }
}

/**
 * The one DataSource of the process: a PostgreSQL server (DATABASE_URL) or the embedded PGlite. Pending
 * migrations run before anything else starts; synchronize is never on. The entities come from the application root
 * (`DatabaseModule.forRoot(ENTITIES)`, src/entities.ts): the database wiring imports no domain.
 */
@Global()
@Module({})
export class DatabaseModule implements NestModule {
  static forRoot(entities: Function[]): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const logger = new Logger('Database');
            const dataSource = await openDataSource(config.database, entities);
            try {
              const applied = await runMigrations(dataSource);
              logger.log(
                `${config.database.kind === 'embedded' ? `embedded PostgreSQL (PGlite) at ${config.database.dataDir}` : 'PostgreSQL server'}; ` +
                  `migrations applied now: ${applied.length ? applied.join(', ') : 'none'}`,
              );
              return dataSource;
            } catch (error) {
              await dataSource.destroy();
              throw error;
            }
          },
        },
        DatabaseLifecycle,
        TransactionRunner,
      ],
      exports: [DataSource, TransactionRunner],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(StatementCountMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
