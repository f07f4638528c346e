import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_CONFIG, buildAppConfig } from './app-config';
import { ENV_KEYS, EnvironmentVariables, validateEnvironment } from './environment';

/**
 * @nestjs/config validates the environment at start (a bad value stops the process with a message
 * naming the variable); APP_CONFIG is the typed view every other module injects.
 */
@Global()
@Module({
  // configuration comes from the environment only (no .env file): what main.ts validated is what runs
  imports: [ConfigModule.forRoot({ validate: validateEnvironment, cache: true, ignoreEnvFile: true })],
  providers: [
    {
      provide: APP_CONFIG,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const env: Record<string, unknown> = {};
        for (const key of ENV_KEYS) env[key] = config.get(key);
        return buildAppConfig(env as EnvironmentVariables);
      },
    },
  ],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}

