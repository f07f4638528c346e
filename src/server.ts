import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppLogger } from './logging.module';
import { AppModule } from './app.module';
import { closeOnSignals, configureApp } from './bootstrap';

/** Creates the application, listens, and closes it gracefully on SIGTERM/SIGINT. */
export async function serve(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, abortOnError: false });
  const config = configureApp(app);
  const logger = app.get(AppLogger);
  closeOnSignals(app, config, (msg) => logger.log(msg, 'Shutdown'));
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${(app.getHttpServer().address() as { port: number }).port}`;
  logger.log(`GraphQL API at ${url}/graphql${config.graphql.console ? `; console at ${url}/graphiql` : ''}`, 'Bootstrap');
}
