// Starts the built server (`dist/src/main.js`) with extra environment and resolves with its base URL once it
// prints where the GraphQL API is. Shared by the benchmarks.
import { spawn } from 'node:child_process';

/** The generated data's sign-in password, and its accounts (bench/seed.mjs creates them). */
export const BENCH_PASSWORD = 'Bench-Passw0rd!';
export const BENCH_USERS = { province: 'bench-province', county: 'bench-county' };

/**
 * How the benchmarks run the server: fixed keys (the generator encrypts personal data with the same key), no second
 * factor, no scheduled jobs, no sign-in rate limit from the one load-generating address, production mode.
 */
export const BENCH_ENV = {
  NODE_ENV: 'production',
  ADMIN_PASSWORD: BENCH_PASSWORD,
  MFA_REQUIRED_ROLES: 'none',
  WARNING_JOB_CRON: 'off',
  EVALUATION_JOB_CRON: 'off',
  LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
  AUTH_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef0123',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
};

/** The database of the generator and `npm run bench`: DATABASE_URL, else the embedded one in DATA_DIR (default ./data-bench). */
export function targetEnv() {
  return process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { DATA_DIR: process.env.DATA_DIR ?? './data-bench' };
}

export async function startServer(env) {
  const child = spawn(process.execPath, ['--max-semi-space-size=64', 'dist/src/main.js'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 120_000);
    const onData = (chunk) => {
      const m = /GraphQL API at (http:\/\/[^/]+)\/graphql/.exec(chunk.toString());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  return { url, child, stop: () => { child.kill('SIGTERM'); return new Promise((r) => child.once('exit', r)); } };
}

/** Latencies in ms as `n= median= p90= max=`. */
export const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(1);
  return `n=${s.length} median=${q(0.5)} p90=${q(0.9)} max=${s.at(-1).toFixed(1)}`;
};

/** A scratch database on the PostgreSQL server at `base` (a DATABASE_URL): its URL, and `drop` to remove it. */
export async function scratchDatabase(base) {
  const { default: pg } = await import('pg');
  const db = `fcp_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  const url = new URL(base);
  url.pathname = `/${db}`;
  return { url: url.toString(), drop: async () => { await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`); await admin.end(); } };
}

/** GraphQL against a started server: the data, or an Error carrying the errors. */
export const graphql = (api) => async (query, variables, token) => {
  const res = await fetch(`${api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
};
