// Upload and download of attachments. Run by hand after `npm run build`: `node bench/attachments.mjs`.
// Starts the built server on a temporary embedded database and prints latencies (ms) and throughput of photo-sized
// (200 KB) and limit-sized (20 MB) uploads, a repeated upload (same content: stored once), and downloads.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer, stats } from './server.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcp-bench-'));
const { url, stop } = await startServer({ DATABASE_URL: '', DATA_DIR: dir, ADMIN_PASSWORD: 'Bench-Passw0rd!', MFA_REQUIRED_ROLES: 'none' });
const login = await (await fetch(`${url}/graphql`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', variables: { i: { username: 'admin', password: 'Bench-Passw0rd!' } } }),
})).json();
// the first administrator's password was set by configuration: change it once, as a person would
const changed = await (await fetch(`${url}/graphql`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.login.accessToken}` },
  body: JSON.stringify({ query: 'mutation($i: ChangePasswordInput!) { changePassword(input: $i) { username } }', variables: { i: { currentPassword: 'Bench-Passw0rd!', newPassword: 'Bench-Changed-Passw0rd!' } } }),
})).json();
if (changed.errors) throw new Error(JSON.stringify(changed.errors));
const again = await (await fetch(`${url}/graphql`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', variables: { i: { username: 'admin', password: 'Bench-Changed-Passw0rd!' } } }),
})).json();
const auth = { authorization: `Bearer ${again.data.login.accessToken}` };
const JFIF = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
const photo = (size) => Buffer.concat([JFIF, randomBytes(size - JFIF.length)]);

async function upload(content) {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'application/octet-stream' }), 'photo.jpg');
  const started = performance.now();
  const res = await fetch(`${url}/attachments`, { method: 'POST', headers: auth, body: form });
  const body = await res.json();
  if (res.status !== 201) throw new Error(JSON.stringify(body));
  return { ms: performance.now() - started, sha256: body.sha256 };
}
async function download(sha256) {
  const started = performance.now();
  const res = await fetch(`${url}/attachments/${sha256}`, { headers: auth });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(String(res.status));
  return performance.now() - started;
}

try {
  await upload(photo(1000));
  const small = [];
  const digests = [];
  for (let k = 0; k < 50; k++) {
    const r = await upload(photo(200 * 1024));
    small.push(r.ms);
    digests.push(r.sha256);
  }
  const large = [];
  let largeContent;
  for (let k = 0; k < 5; k++) {
    largeContent = photo(20 * 1024 * 1024);
    large.push((await upload(largeContent)).ms);
  }
  const repeated = [];
  for (let k = 0; k < 5; k++) repeated.push((await upload(largeContent)).ms);
  const reads = [];
  for (const d of digests) reads.push(await download(d));
  console.log(`upload 200 KB:            ${stats(small)}`);
  const median = [...large].sort((a, b) => a - b)[2];
  console.log(`upload 20 MB:             ${stats(large)}  (${(20 / (median / 1000)).toFixed(0)} MB/s at the median)`);
  console.log(`upload 20 MB, same again: ${stats(repeated)}`);
  console.log(`download 200 KB:          ${stats(reads)}`);
} finally {
  await stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
