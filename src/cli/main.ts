import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule, CliProgram, Program } from './cli.module';
import { CliLogger, EXIT_OK, EXIT_USAGE, isVerbose, logLevels, printFailure } from './cli-support';

const HELP_AFTER = `
退出码：0 成功；1 命令被拒绝或失败（原因见标准错误输出）；2 用法错误（未知命令或选项、缺少选项值）。
运行：npm run cli -- <命令> [选项]，或构建后 node dist/src/cli/main.js <命令> [选项]；说明见 docs/cli.md。
数据库与服务器相同（DATABASE_URL，否则 DATA_DIR 中的嵌入式数据库：服务器运行时不能使用）。`;

/** commander's own errors (usage, help, version): thrown by exitOverride, so the Nest context closes first. */
interface CommanderError {
  code: string;
  exitCode: number;
}
const isCommanderError = (e: unknown): e is CommanderError => typeof (e as CommanderError)?.code === 'string' && (e as CommanderError).code.startsWith('commander.');

/** Help texts in zh-CN on every command; commander's exits become thrown errors (subcommands do not inherit them). */
function configure(program: Program): void {
  program
    .name('cli')
    .description('消防救援委员会实体化运行平台：命令行管理工具')
    .addHelpCommand('help [command]', '显示命令的帮助')
    .addHelpText('after', HELP_AFTER);
  const each = (command: Program) => {
    command.helpOption('-h, --help', '显示帮助');
    command.showHelpAfterError('（用 --help 查看用法）');
    command.exitOverride((error) => {
      throw error;
    });
    command.commands.forEach(each);
  };
  each(program);
}

/**
 * The CLI: `node dist/src/cli/main.js <command>` (`npm run cli -- <command>`). Exit codes: 0 success, 1 refused or
 * failed, 2 bad usage. Logs go to stderr (warnings and errors; everything with --verbose or LOG_LEVEL=debug).
 */
async function main(): Promise<number> {
  // a command never runs the server's scheduled jobs (read when a command opens the application)
  process.env.WARNING_JOB_CRON = 'off';
  process.env.EVALUATION_JOB_CRON = 'off';
  process.env.SIGN_IN_PURGE_CRON = 'off';
  // nor delivers webhooks: the server's instances do
  process.env.WEBHOOK_WORKER_ENABLED = 'false';
  let exitCode: number | undefined;
  const app = await CommandFactory.createWithoutRunning(CliModule, {
    logger: new CliLogger(logLevels({ verbose })),
    abortOnError: false,
    // what escapes a command's own handling: commander's exits, or a bug
    serviceErrorHandler: (error: Error) => {
      exitCode = isCommanderError(error) ? (error.exitCode === 0 ? EXIT_OK : EXIT_USAGE) : printFailure(error, { verbose: isVerbose({ verbose }) });
    },
  });
  try {
    configure(app.get(CliProgram).program);
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
  return exitCode ?? Number(process.exitCode ?? EXIT_OK);
}

const verbose = process.argv.includes('--verbose');

// everything is closed by now (the process would end by itself); exit explicitly all the same, so a handle left
// open by a library (a log transport's worker) can never keep a finished command waiting
main().then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(printFailure(error, { verbose: isVerbose({ verbose }) })),
);
