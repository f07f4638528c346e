/**
 * Jest on NestJS 12 (ESM packages): ts-jest in ESM mode, see ../shared/stack-notes.md. tsconfig.json sets
 * isolatedModules, so ts-jest transpiles file by file without type-checking (`npm run typecheck` does that).
 *
 * Two projects in one run (one summary):
 * - `serial`: the specs that touch state of the whole machine — they stop the PostgreSQL server (outage), restart
 *   embedded clusters, run the built server or CLI as child processes, back up and restore. They run one at a time
 *   (a lock in files, test/support/server-exclusive.ts); the outage spec alone, with nothing else running.
 * - `parallel`: every other spec, each on its own copy of the seeded database, as many at once as there are workers.
 * The build those child processes need is made once, in the global setup (test/support/global-setup.ts).
 */
const SERIAL = [
  '<rootDir>/test/reliability/outage.e2e-spec.ts',
  '<rootDir>/test/embedded/**/*.e2e-spec.ts',
  '<rootDir>/test/cli/**/*.e2e-spec.ts',
  '<rootDir>/test/backup.e2e-spec.ts',
  '<rootDir>/test/config.e2e-spec.ts',
  '<rootDir>/test/auth/crypto-suite.e2e-spec.ts',
  '<rootDir>/test/integration/webhook-restart.e2e-spec.ts',
];

const common = {
  testEnvironment: 'node',
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'parallel',
      roots: ['<rootDir>/src', '<rootDir>/test'],
      testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...SERIAL.map((p) => p.replace('<rootDir>/', '/').replace('**/*.e2e-spec.ts', ''))],
      // a shared claim on the PostgreSQL server: waits while the outage spec holds it
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-parallel.ts'],
    },
    {
      ...common,
      displayName: 'serial',
      roots: ['<rootDir>/test'],
      testMatch: SERIAL,
      // one serial spec at a time; the outage spec also waits until nothing else runs
      setupFilesAfterEnv: ['<rootDir>/test/support/setup-serial.ts'],
    },
  ],
  testSequencer: '<rootDir>/test/support/sequencer.cjs',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  // Two workers (this machine has two cores; FCP_TEST_WORKERS sets another count), each restarted after every test
  // file. Why a memory limit at all: with one, Jest never runs in band; in band it copies the main process's globals,
  // where the global setup loaded the application (@nestjs/graphql's and TypeORM's metadata stores), into every test
  // file, and @nestjs/graphql then meets the first file's `Boolean` ("Cannot determine a GraphQL output type"). Why
  // 1 KB rather than keeping workers across files: keeping them saved a quarter of the CPU on 18 files but nothing
  // on the whole suite (the same commit on the server: 601 s either way; embedded: no gain either).
  maxWorkers: Number(process.env.FCP_TEST_WORKERS) || 2,
  workerIdleMemoryLimit: '1KB',
};
