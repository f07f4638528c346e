#!/usr/bin/env node
// The GraphQL doors under a huge document: an anonymous POST of ~950 KB holding ~52,000 unique aliases
// (`{ a0: __typename a1: __typename … }`), timed to its refusal (HTTP status, extensions.code), and the latency
// of a `{ __typename }` sent while it is processed, against the same `{ __typename }` alone. Run it against a
// started server, once as configured (GRAPHQL_MAX_TOKENS default 5000: refused while parsing) and once with
// GRAPHQL_MAX_TOKENS=0 (the early limit off: parsed, validated, refused by the cost estimate):
//   node bench/doors.mjs [--url http://localhost:3000/graphql] [--runs 7] [--aliases 52000] [--padded]
// Plain node:http, no dependency. Prints one JSON object (medians, min, max in milliseconds).
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const URL_ = arg('url', process.env.GRAPHQL_URL ?? 'http://localhost:3000/graphql');
const RUNS = Number(arg('runs', 7));
const ALIASES = Number(arg('aliases', 52000));
// while the big document is in flight, a probe every PROBE_EVERY_MS; the worst of them is the delay reported
const PROBE_EVERY_MS = Number(arg('probe-every', 20));

const parts = [];
for (let i = 0; i < ALIASES; i++) parts.push(`a${i}: __typename`);
const aliased = `{ ${parts.join(' ')} }`;
// --padded: a control of the same length, `{ __typename }` then spaces (3 tokens): what the body's size alone costs
const PADDED = process.argv.includes('--padded');
const selection = PADDED ? `{ __typename }${' '.repeat(aliased.length - 14)}` : aliased;
// Apollo keeps parsed and validated documents in an LRU keyed by the query's hash: each big document is made
// unique by its operation name (same length every time), so every request pays for parsing and validation
let sent = 0;
const bigBody = () => JSON.stringify({ query: `query Q${String(sent++).padStart(6, '0')}${process.pid} ${selection}` });
const smallBody = JSON.stringify({ query: '{ __typename }' });
const headers = { 'content-type': 'application/json' };

// one connection per request (no keep-alive): a socket kept idle while the server's event loop is held would be
// closed under a reused request (ECONNRESET); the probe alone pays for the same connection set-up
function post(body) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(URL_, { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - t0;
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ ms, status: res.statusCode, json, text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const r = (x) => Math.round(x * 10) / 10;
  return { median: r(m), min: r(s[0]), max: r(s[s.length - 1]), n: s.length, all: xs.map(r) };
};

async function main() {
  // warm-up: the first requests pay for JIT and connection set-up
  for (let i = 0; i < 3; i++) await post(smallBody);
  await post(bigBody());

  const alone = [];
  for (let i = 0; i < RUNS * 3; i++) {
    const r = await post(smallBody);
    if (r.status !== 200 || r.json?.data?.__typename !== 'Query') throw new Error(`probe failed: ${r.status} ${r.text.slice(0, 200)}`);
    alone.push(r.ms);
  }

  const refusal = [];
  const worstProbe = [];
  const firstProbe = [];
  let outcome = null;
  for (let i = 0; i < RUNS; i++) {
    const probes = [];
    let done = false;
    const big = post(bigBody()).then((r) => { done = true; return r; });
    // first probe right after the big request is on its way, then every PROBE_EVERY_MS until it is answered
    await new Promise((resolve) => setTimeout(resolve, 2));
    while (!done) {
      probes.push(post(smallBody));
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
    const r = await big;
    const p = await Promise.all(probes);
    for (const x of p) if (x.status !== 200) throw new Error(`concurrent probe failed: ${x.status} ${x.text.slice(0, 200)}`);
    refusal.push(r.ms);
    if (p.length) {
      firstProbe.push(p[0].ms);
      worstProbe.push(Math.max(...p.map((x) => x.ms)));
    }
    const e = r.json?.errors?.[0];
    outcome = { status: r.status, code: e?.extensions?.code ?? null, message: e?.message?.slice(0, 120) ?? r.text.slice(0, 120), extensions: e?.extensions };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(JSON.stringify({
    url: URL_, shape: PADDED ? 'padded' : 'aliases', aliases: ALIASES, bodyBytes: Buffer.byteLength(bigBody()), runs: RUNS,
    outcome,
    bigRequestMs: stats(refusal),
    concurrentProbeWorstMs: worstProbe.length ? stats(worstProbe) : null,
    concurrentProbeFirstMs: firstProbe.length ? stats(firstProbe) : null,
    probeAloneMs: stats(alone),
  }, null, 2));
}

main().catch((e) => { console.error(e); process.exit(1); });
