import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { closeOnSignals, configureApp } from './bootstrap';
import { ConfigValidationError } from './config/environment';
import { DataDirInUseError } from './database/embedded-postgres';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, abortOnError: false });
  const config = configureApp(app);
  const logger = app.get(Logger);
  closeOnSignals(app, config, (msg) => logger.log(msg, 'Shutdown'));
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${(app.getHttpServer().address() as { port: number }).port}`;
  logger.log(`GraphQL API at ${url}/graphql${config.graphql.console ? `; console at ${url}/graphiql` : ''}`, 'Bootstrap');
}

main().catch((error: unknown) => {
  // a configuration or start-up problem: one clear message, no stack trace
  if (error instanceof ConfigValidationError || error instanceof DataDirInUseError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`启动失败 (failed to start): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
