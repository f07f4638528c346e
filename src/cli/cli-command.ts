import { CommandRunner, Option } from 'nest-commander';
import { CommonOptions, EXIT_OK, FieldLabels, isVerbose, printFailure } from './cli-support';

/**
 * The base of every command: `--verbose`, and one way to end. `execute` does the work and prints what the
 * person needs; a thrown error is printed by printFailure (zh-CN, no stack unless verbose) and the exit code is 1.
 * main.ts exits with the code once the CLI's Nest context is closed.
 */
export abstract class CliCommand<O extends CommonOptions = CommonOptions> extends CommandRunner {
  /** How the API's input fields are named in this command's messages (`input.username` → `--username`). */
  protected labels(_options: O): FieldLabels {
    return {};
  }

  @Option({ flags: '--verbose', description: '显示应用日志；失败时显示堆栈（也可 LOG_LEVEL=debug）' })
  parseVerbose(): boolean {
    return true;
  }

  async run(params: string[], options: O = {} as O): Promise<void> {
    try {
      await this.execute(params, options);
      process.exitCode = EXIT_OK;
    } catch (error) {
      process.exitCode = printFailure(error, { verbose: isVerbose(options), labels: this.labels(options) });
    }
  }

  protected abstract execute(params: string[], options: O): Promise<void>;
}
