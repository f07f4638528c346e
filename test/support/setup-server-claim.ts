import { claimShared, EXCLUSIVE_WAIT_MS, releaseShared } from './server-exclusive';

// every spec file but the outage spec shares the PostgreSQL server (test/support/server-exclusive.ts)
const exclusive = /reliability[\\/]outage\.e2e-spec\.ts$/.test(expect.getState().testPath ?? '');
if (!exclusive) {
  beforeAll(() => claimShared(), EXCLUSIVE_WAIT_MS);
  afterAll(() => releaseShared());
}
