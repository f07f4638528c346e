import 'reflect-metadata';
import type { Config } from '@jest/types';
import { buildForRun, runNeedsBuild } from './build';
import { prepareTemplate } from './database';

/**
 * Once for the whole run: migrate and seed the template database (each spec then starts from a copy) and, when the
 * run selects a spec that runs the built server or CLI, build dist/ at the same time.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const started = Date.now();
  const patterns = (globalConfig as unknown as { testPathPatterns?: { patterns?: string[] } }).testPathPatterns?.patterns ?? [];
  const build = runNeedsBuild(patterns) ? buildForRun() : Promise.resolve();
  await Promise.all([prepareTemplate(), build]);
  process.stdout.write(`\n[test setup] ${process.env.DATABASE_URL ? 'PostgreSQL server (template database)' : 'embedded PGlite (snapshot)'} ready in ${Date.now() - started} ms\n`);
}
