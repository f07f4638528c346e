import { Injectable, Module } from '@nestjs/common';
import { CommandRunner, InjectCommander } from 'nest-commander';
import { CliApplication } from './cli-application';
import { BriefingCommand } from './commands/briefing.command';
import { CreateAdminCommand } from './commands/create-admin.command';
import { ExportCommand } from './commands/export.command';
import { ImportCommand } from './commands/import.command';
import { MigrateCommand } from './commands/migrate.command';
import { ResetPasswordCommand } from './commands/reset-password.command';
import { RotateKeysCommand } from './commands/rotate-keys.command';

/** The commander program nest-commander builds from the commands; main.ts sets its help texts and exits. */
export type Program = Parameters<CommandRunner['setCommand']>[0];

@Injectable()
export class CliProgram {
  constructor(@InjectCommander() readonly program: Program) {}
}

/** Every command: one file in commands/, one entry here. */
const COMMANDS = [CreateAdminCommand, ResetPasswordCommand, MigrateCommand, ImportCommand, ExportCommand, BriefingCommand, RotateKeysCommand];

/**
 * The CLI's own module: the commands and what they share. It does not import the server's modules: a command
 * that needs them opens AppModule through CliApplication when it runs (the database is not opened for `--help`
 * or a usage error, nor by `migrate`, which migrates without starting the application).
 */
@Module({ providers: [CliApplication, CliProgram, ...COMMANDS] })
export class CliModule {}
