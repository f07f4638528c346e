// Failed sign-ins must not tell an unknown username from a wrong password or a locked account by their timing.
// Run by hand after `npm run build`: `node bench/login-timing.mjs`. Starts the built server on a temporary
// embedded database and prints the latency of each kind of failed sign-in (median, p90, max, in ms).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, stats } from './server.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-bench-'));
const { url, stop } = await startServer({
  DATABASE_URL: '', DATA_DIR: dir, ADMIN_PASSWORD: 'Bench-Passw0rd!', LOGIN_RATE_LIMIT_PER_MINUTE: '10000', LOGIN_MAX_FAILURES: '10',
});

async function attempt(username, password) {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', variables: { i: { username, password } } }),
  });
  const body = await res.json();
  if (!body.errors) throw new Error('expected a failure');
  return performance.now() - started;
}

try {
  await attempt('warm-up', 'x');
  const wrong = [];
  for (let k = 0; k < 9; k++) wrong.push(await attempt('admin', `Wrong-${k}`));
  const unknown = [];
  for (let k = 0; k < 30; k++) unknown.push(await attempt(`nobody-${k}`, 'Wrong-x'));
  await attempt('admin', 'Wrong-9'); // the 10th failure locks the account
  const locked = [];
  for (let k = 0; k < 30; k++) locked.push(await attempt('admin', 'Bench-Passw0rd!'));
  console.log(`unknown username:       ${stats(unknown)}`);
  console.log(`known, wrong password:  ${stats(wrong)}`);
  console.log(`locked, right password: ${stats(locked)}`);
} finally {
  await stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
