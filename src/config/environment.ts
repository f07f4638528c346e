import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** Raised when the environment cannot start the service; the message names every bad variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误 (invalid configuration):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const v = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value; // left as is: IsBoolean rejects it with the variable's name
};
const toInt = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  return /^-?\d+$/.test(String(value).trim()) ? Number(value) : value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The environment variables the service reads. README.md documents each one. */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'test', 'production'])
  @Transform(emptyToUndefined)
  NODE_ENV?: 'development' | 'test' | 'production';

  @IsOptional() @IsInt() @Min(0) @Max(65535) @Transform(toInt)
  PORT?: number;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  HOST?: string;

  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' })
  @Transform(emptyToUndefined)
  DATABASE_URL?: string;

  @IsOptional() @IsInt() @Min(1) @Max(200) @Transform(toInt)
  DATABASE_POOL_SIZE?: number;

  @IsOptional() @IsInt() @Min(100) @Max(600000) @Transform(toInt)
  DATABASE_CONNECT_TIMEOUT_MS?: number;

  @IsOptional() @IsInt() @Min(100) @Max(3600000) @Transform(toInt)
  DATABASE_STATEMENT_TIMEOUT_MS?: number;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  DATA_DIR?: string;

  @IsOptional() @IsBoolean() @Transform(toBool)
  GRAPHIQL_ENABLED?: boolean;

  @IsOptional() @IsBoolean() @Transform(toBool)
  GRAPHQL_INTROSPECTION?: boolean;

  @IsOptional() @IsBoolean() @Transform(toBool)
  GRAPHQL_STACKTRACES?: boolean;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  @Transform(emptyToUndefined)
  LOG_LEVEL?: string;

  @IsOptional() @IsIn(['json', 'pretty']) @Transform(emptyToUndefined)
  LOG_FORMAT?: 'json' | 'pretty';

  @IsOptional() @IsInt() @Min(0) @Max(120000) @Transform(toInt)
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional() @IsBoolean() @Transform(toBool)
  SEED_ON_START?: boolean;
}

/** Validates the raw environment; throws ConfigValidationError naming each bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { excludeExtraneousValues: false });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const problems = errors.map((e) => {
    const value = e.property === 'DATABASE_URL' ? '(hidden)' : JSON.stringify(e.value);
    return `${e.property}=${value}: ${Object.values(e.constraints ?? {}).join('; ')}`;
  });
  if (env.NODE_ENV === 'production' && env.GRAPHQL_STACKTRACES === true) {
    problems.push('GRAPHQL_STACKTRACES=true: stack traces are never sent to clients when NODE_ENV=production');
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}

/** Every variable EnvironmentVariables declares (kept in one place for the typed view). */
export const ENV_KEYS = [
  'NODE_ENV', 'PORT', 'HOST', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_STATEMENT_TIMEOUT_MS', 'DATA_DIR', 'GRAPHIQL_ENABLED', 'GRAPHQL_INTROSPECTION', 'GRAPHQL_STACKTRACES',
  'LOG_LEVEL', 'LOG_FORMAT', 'SHUTDOWN_TIMEOUT_MS', 'SEED_ON_START',
] as const satisfies readonly (keyof EnvironmentVariables)[];
