import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_CONFIG, loadAppConfig } from './app-config';
import { validateEnvironment } from './environment';

/**
 * @nestjs/config validates the environment when the application module loads (a bad value stops the process
 * with a message naming the variable); APP_CONFIG is the typed view every other module injects, built from the
 * same validated variables (never raw strings: `GRAPHIQL_ENABLED=false` is the boolean false).
 */
@Global()
@Module({
  // configuration comes from the environment only (no .env file): what main.ts validated is what runs
  imports: [ConfigModule.forRoot({ validate: validateEnvironment, cache: true, ignoreEnvFile: true })],
  providers: [{ provide: APP_CONFIG, useFactory: () => loadAppConfig(process.env) }],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}
