import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { printCommittedSchema } from '../graphql/schema-printer';

/**
 * `npm run schema:print`: writes the served schema to schema.gql and the authorization table to
 * docs/authorization.md (both are contracts; tests compare them with the running application). It boots the application on an in-memory
 * embedded database (no seed) so it needs no server and touches no data.
 */
async function main(): Promise<void> {
  process.env.DATABASE_URL = '';
  process.env.DATA_DIR = 'memory://';
  process.env.SEED_ON_START = 'false';
  process.env.LOG_LEVEL = 'warn';
  // imported only now, after the environment above is set: the configuration is read when the module loads
  const { AppModule } = await import('../app.module.js');
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  await app.init();
  const file = path.resolve('schema.gql');
  fs.writeFileSync(file, printCommittedSchema(app.get(GraphQLSchemaHost).schema));
  const { collectOperations, renderAuthorizationDoc } = await import('../auth/access-matrix.js');
  const doc = path.resolve('docs/authorization.md');
  fs.writeFileSync(doc, renderAuthorizationDoc(collectOperations(app)));
  await app.close();
  process.stdout.write(`wrote ${file} and ${doc}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
