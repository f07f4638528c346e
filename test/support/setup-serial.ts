import { claimExclusive, claimSerial, claimShared, EXCLUSIVE_WAIT_MS, releaseExclusive, releaseSerial, releaseShared } from './server-exclusive';

// the serial project (jest.config.cjs): one of its specs at a time; the outage spec stops the PostgreSQL server, so
// it also waits until no other spec runs (test/support/server-exclusive.ts)
const outage = /reliability[\\/]outage\.e2e-spec\.ts$/.test(expect.getState().testPath ?? '');
beforeAll(async () => {
  await claimSerial();
  await (outage ? claimExclusive() : claimShared());
}, 2 * EXCLUSIVE_WAIT_MS);
afterAll(() => {
  if (outage) releaseExclusive();
  else releaseShared();
  releaseSerial();
});
