import { ConsoleLogger, LogLevel, Type } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as readline from 'node:readline';
import { Writable } from 'node:stream';
import { AuditService } from '../auth/audit.service';
import { OutsideJurisdictionError } from '../kernel/outside-jurisdiction';
import { ConfigValidationError } from '../config/environment';
import { DataDirInUseError } from '../database/embedded-postgres';
import { AppError, BadUserInputError, ErrorCode } from '../kernel/errors';
import { AppValidationPipe } from '../graphql/validation.pipe';
import { AuditEvent, AuditNote, RequestContext } from '../kernel/request-context';

/**
 * What every command shares: exit codes, the system request context, the audit entry of a command, how a
 * failure is printed, the logger, reading a secret from standard input. Output for the person goes to stdout
 * (zh-CN), failures and logs to stderr.
 */

export const EXIT_OK = 0;
/** The command was refused (a domain error: taken username, weak password, database in use) or failed. */
export const EXIT_FAILED = 1;
/** Bad usage: unknown command or option, missing option value (commander's own errors). */
export const EXIT_USAGE = 2;

/** Options every command takes. */
export interface CommonOptions {
  verbose?: boolean;
}

/** Writes lines for the person running the command. */
export function say(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Verbose: `--verbose` or LOG_LEVEL=debug/trace (stack traces, the application's log lines). */
export function isVerbose(options: CommonOptions = {}): boolean {
  return Boolean(options.verbose) || ['debug', 'trace'].includes((process.env.LOG_LEVEL ?? '').trim().toLowerCase());
}

/**
 * The actor of a command: the system, labelled `system:cli` in history rows and the audit trail (it reaches
 * every region, like the seed and the jobs). One request id per run, so a run's entries can be found together.
 */
export function cliContext(): RequestContext {
  return new RequestContext(`cli-${randomUUID()}`, RequestContext.system('cli').actor);
}

/** Who ran the command on which machine: kept in the audit entry (the actor is the system). */
function invoker(): { osUser: string; host: string } {
  let osUser = 'unknown';
  try {
    osUser = os.userInfo().username;
  } catch {
    /* no passwd entry (a container's arbitrary uid) */
  }
  return { osUser, host: os.hostname() };
}

/**
 * Runs one operation as the Apollo audit plugin does for a root mutation field (which does not run here): the
 * services describe their target through `ctx.auditTarget(...)`, and one entry is written afterwards with
 * SUCCESS or FAILURE and the error code, never a secret (the services never put one in). The error is rethrown.
 */
export async function audited<T>(audit: AuditService, ctx: RequestContext, operation: string, work: () => Promise<T>): Promise<T> {
  const note: AuditNote = { operation, targetType: null, targetId: null, before: null, after: null, actor: null, scopePath: null };
  ctx.auditNote = note;
  let failure: unknown;
  let failed = false;
  try {
    return await work();
  } catch (error) {
    failed = true;
    failure = error;
    throw error;
  } finally {
    ctx.auditNote = null;
    const code = !failed ? null : failure instanceof AppError ? failure.code : ErrorCode.INTERNAL_SERVER_ERROR;
    const event: AuditEvent = {
      ...note,
      actor: note.actor ?? ctx.actor,
      after: { ...(note.after ?? {}), cli: invoker() },
      outcome: code ? 'FAILURE' : 'SUCCESS',
      errorCode: code,
    };
    const events = [event, ...ctx.auditEvents.splice(0)];
    try {
      await audit.record(ctx, events);
    } catch (error) {
      process.stderr.write(`警告：审计记录写入失败（${(error as Error).message}）\n`);
    }
  }
}

/**
 * An API input type checked as the API checks it (its class-validator rules through the same pipe, control
 * characters refused), so a command accepts nothing the GraphQL mutation would refuse. Field paths: `input.x`.
 */
export async function validInput<T extends object>(type: Type<T>, value: Record<string, unknown>): Promise<T> {
  return (await new AppValidationPipe().transform(value, { type: 'body', metatype: type, data: 'input' })) as T;
}

/** Labels of input fields in messages: the option a person typed rather than the API's field path. */
export type FieldLabels = Record<string, string>;

/**
 * Prints a failure to stderr in zh-CN: a domain error's message and each field problem; the database in use;
 * a configuration error. No stack trace unless verbose. Returns the exit code (1).
 */
export function printFailure(error: unknown, options: { verbose?: boolean; labels?: FieldLabels } = {}): number {
  const lines: string[] = [];
  if (error instanceof BadUserInputError) {
    lines.push(`错误：输入有误（${error.code}）`);
    for (const f of error.fields) lines.push(`  - ${options.labels?.[f.field] ?? f.field}：${f.reason}`);
  } else if (error instanceof AppError) {
    lines.push(`错误：${error.message}（${error.code}）`);
  } else if (error instanceof OutsideJurisdictionError) {
    // what an operation answers by default (kernel/jurisdiction.ts); the command line's own actor reaches everything
    lines.push(`错误：${error.message}（FORBIDDEN）`);
  } else if (error instanceof DataDirInUseError) {
    lines.push(
      '错误：嵌入式数据库正被另一个进程使用（服务器在运行？），命令未执行。',
      '请先停止服务器再运行此命令，或在服务器运行时改用 GraphQL 接口操作；',
      '使用 PostgreSQL 服务器（DATABASE_URL）时，命令行可与服务器同时运行。',
      `(${error.message})`,
    );
  } else if (error instanceof ConfigValidationError) {
    lines.push(error.message);
  } else {
    lines.push(`错误：命令执行失败：${error instanceof Error ? error.message : String(error)}`);
  }
  if (options.verbose && error instanceof Error && error.stack) lines.push('', error.stack);
  process.stderr.write(`${lines.join('\n')}\n`);
  return EXIT_FAILED;
}

/**
 * The log levels of a run: warnings and errors by default (no info lines: what the person needs is printed by
 * the command), everything when verbose, nothing with LOG_LEVEL=silent.
 */
export function logLevels(options: CommonOptions = {}): LogLevel[] {
  const level = (process.env.LOG_LEVEL ?? '').trim().toLowerCase();
  if (isVerbose(options)) return ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  if (level === 'silent') return [];
  if (level === 'fatal') return ['fatal'];
  if (level === 'error') return ['fatal', 'error'];
  return ['fatal', 'error', 'warn'];
}

/**
 * Nest's console logger, on stderr only: stdout carries what the command prints for the person. Nest's own
 * report of an error thrown while the application starts (with its stack) is left out unless verbose: the
 * command prints that error itself, in zh-CN.
 */
export class CliLogger extends ConsoleLogger {
  constructor(private readonly levels: LogLevel[]) {
    super('cli', { logLevels: levels, colors: Boolean(process.stderr.isTTY) });
  }

  protected override printMessages(
    messages: unknown[], context?: string, logLevel?: LogLevel, _stream?: 'stdout' | 'stderr', errorStack?: unknown, params?: Record<string, any>,
  ): void {
    if (context === 'ExceptionHandler' && !this.levels.includes('debug')) return;
    super.printMessages(messages, context, logLevel, 'stderr', errorStack, params);
  }
}

/**
 * One line from standard input (a secret: never an argument, which process lists show). A terminal gets a
 * prompt on stderr and no echo; a pipe is read up to its first line break. EOF before any line: BAD_USER_INPUT.
 */
export async function readSecretLine(prompt: string, field: string): Promise<string> {
  const stdin = process.stdin;
  const tty = Boolean(stdin.isTTY);
  if (tty) process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = readline.createInterface({ input: stdin, output: tty ? muted : undefined, terminal: tty });
  const line = await new Promise<string | null>((resolve) => {
    rl.once('line', (value) => resolve(value));
    rl.once('close', () => resolve(null));
  });
  rl.close();
  stdin.pause();
  if (tty) process.stderr.write('\n');
  if (line === null || line.length === 0) throw BadUserInputError.field(field, '标准输入没有读到密码（--password-stdin 读取一行）');
  return line;
}
