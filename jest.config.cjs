/**
 * Jest on NestJS 12 (ESM packages): ts-jest in ESM mode, see ../shared/stack-notes.md. tsconfig.json sets
 * isolatedModules, so ts-jest transpiles file by file without type-checking (`npm run typecheck` does that).
 */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // the outage spec stops the PostgreSQL server: it runs alone (test/support/server-exclusive.ts)
  setupFilesAfterEnv: ['<rootDir>/test/support/setup-server-claim.ts'],
  testTimeout: 60000,
  // Two workers (this machine has two cores; the specs wait on PostgreSQL, LibreOffice and child processes much of
  // the time, and each spec has its own database), each restarted after every test file: in one process Jest gives
  // each file new globals (Boolean, String ...) while Nest's ESM packages stay loaded from the first file, and
  // @nestjs/graphql then fails to recognise `Boolean` ("Cannot determine a GraphQL output type"). A fresh worker
  // per file avoids it. `npm test -- -i` runs in band.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1KB',
};
