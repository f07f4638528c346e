import 'reflect-metadata';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { APP_CONFIG, loadAppConfig } from '../../src/config/app-config';
import type { AppConfig, DatabaseConfig } from '../../src/config/app-config';
import { freshDatabase } from './database';

export interface GqlResponse<T = any> {
  status: number;
  body: { data?: T; errors?: Array<{ message: string; path?: string[]; extensions: Record<string, any> }> };
  headers: Record<string, string>;
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  dataSource: DataSource;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment variables for this app (validated like the real ones). */
  env?: Record<string, string>;
  /** Use this database instead of a fresh copy of the seeded template. */
  database?: DatabaseConfig;
  /** Listen on a loopback port (for clients that need a URL: the browser, the graphql-http audit). */
  listen?: boolean;
}

/** The one factory every e2e spec builds its application with: the real modules on a real PostgreSQL. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp & { url?: string }> {
  const fresh = options.database ? { config: options.database, drop: async () => undefined } : await freshDatabase();
  const config: AppConfig = {
    ...loadAppConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env }),
    database: fresh.config,
  };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  configureApp(app);
  let url: string | undefined;
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  } else {
    await app.init();
  }
  const http = app.getHttpServer();
  return {
    app,
    config,
    url,
    dataSource: app.get(DataSource),
    async gql(query, variables, headers = {}) {
      const res = await request(http)
        .post('/graphql')
        .set({ 'content-type': 'application/json', ...headers })
        .send({ query, variables });
      return { status: res.status, body: res.body, headers: res.headers as Record<string, string> };
    },
    async close() {
      await app.close();
      await fresh.drop();
    },
  };
}

/** The data of a response that must have succeeded; fails the test with the errors otherwise. */
export function data<T = any>(res: GqlResponse<T>): T {
  if (res.body.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(res.body.errors, null, 2)}`);
  return res.body.data as T;
}

/** The single error of a response that must have failed. */
export function error(res: GqlResponse): { message: string; extensions: Record<string, any> } {
  if (!res.body.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.body)}`);
  return res.body.errors[0];
}
