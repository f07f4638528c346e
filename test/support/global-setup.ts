import 'reflect-metadata';
import { prepareTemplate } from './database';

/** Migrate and seed once for the whole run; each spec then starts from a copy. */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  await prepareTemplate();
  process.stdout.write(`\n[test setup] ${process.env.DATABASE_URL ? 'PostgreSQL server (template database)' : 'embedded PGlite (snapshot)'} ready in ${Date.now() - started} ms\n`);
}
