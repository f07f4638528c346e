import { claimShared, EXCLUSIVE_WAIT_MS, releaseShared } from './server-exclusive';

// a spec of the parallel project shares the PostgreSQL server with the others (test/support/server-exclusive.ts)
beforeAll(() => claimShared(), EXCLUSIVE_WAIT_MS);
afterAll(() => releaseShared());
