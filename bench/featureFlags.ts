/**
 * Feature flag evaluation (issue 7, "Numbers"): the feature flags backend
 * (plugins/feature-flags-backend, startTestBackend) on a fresh PostgreSQL
 * database, 100 flags of one Component in `production` (booleans with
 * email-domain targeting, string variants with `fractional` 10/90 rollouts,
 * booleans with a `$ref` to the shared `internal-staff` evaluator), one API
 * key, and OFREP over keep-alive HTTP on loopback from this same process
 * (node:http Agent; the load generator shares the machine's cores with the
 * server and PostgreSQL). Prints:
 *
 * 1. setup: flags created, wall time;
 * 2. OFREP single evaluation, closed loop, 32 in flight for 10 s: req/s,
 *    p50/p99 — then the same load from a separate process, so this
 *    process's CPU is the server's alone (evaluations/s per core of server,
 *    the figure to hold against flagd's ~20k req/s on one CPU) — and one at a time (unloaded), with what a cache miss costs
 *    (API key query, flag set query, flag set SHA-256) timed alone: the
 *    plugin keeps flag sets and keys in memory, invalidated by LISTEN/NOTIFY,
 *    so these run only after a change;
 * 3. open loop at a fixed 2,000 req/s for 10 s (latency from the scheduled
 *    time): p50/p99/max, errors;
 * 4. OFREP bulk evaluation of the 100 flags, 500 requests one at a time:
 *    p50/p99;
 * 5. propagation, 50 times: PUT a changed definition on one replica, poll
 *    OFREP on a second replica (same database) every 5 ms
 *    until the new value is served: p50/p95/max from the PUT's response;
 * 6. the in-process ceiling: `@openfeature/flagd-core` with the same flag
 *    set, evaluations/s of resolveBooleanEvaluation/resolveStringEvaluation
 *    in a tight loop for 3 s (one core).
 *
 * With each phase: CPU time of this process (server and load generator
 * together) and of the machine's PostgreSQL processes.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/featureFlags.ts
 *
 * BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432;
 * BENCH_KEEP_DATABASES=1 keeps the database.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import featureFlagsPlugin from '@internal/plugin-feature-flags-backend';
import { FlagdCore } from '@openfeature/flagd-core';
import knexFactory, { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';

const FLAGS = 100;
const CONCURRENCY = 32;
const THROUGHPUT_MS = 10_000;
const RATE = 2000;
const RATE_MS = 10_000;
const UNLOADED_SAMPLES = 2000;
const BULK_SAMPLES = 500;
const PROPAGATION_SAMPLES = 50;
const POLL_MS = 5;
const CEILING_MS = 3000;
const WARMUP = 500;
const ENVIRONMENT = 'production';
const COMPONENT = 'checkout-service';
const STAFF_DOMAIN = '@lumen-retail.example';
const AUTH = mockCredentials.user.header();

const EVALUATORS = {
  'internal-staff': { ends_with: [{ var: 'email' }, STAFF_DOMAIN] },
};

type Definition = Record<string, unknown>;
type Flag = { key: string; type: 'boolean' | 'string'; definition: Definition };

/** Email-domain targeting; `swapped` serves the opposite variants. */
const emailTargeted = (swapped = false): Definition => ({
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
  targeting: {
    if: [
      { ends_with: [{ var: 'email' }, STAFF_DOMAIN] },
      swapped ? 'off' : 'on',
      swapped ? 'on' : 'off',
    ],
  },
});

/** 40 email-targeted booleans, 40 string 10/90 rollouts, 20 `$ref` booleans. */
function flagSet(): Flag[] {
  return Array.from({ length: FLAGS }, (_, i): Flag => {
    const key = `flag-${String(i).padStart(3, '0')}`;
    switch (i % 5) {
      case 0:
      case 1:
        return { key, type: 'boolean', definition: emailTargeted() };
      case 2:
      case 3:
        return {
          key,
          type: 'string',
          definition: {
            state: 'ENABLED',
            variants: { control: 'control', treatment: 'treatment' },
            defaultVariant: 'control',
            targeting: {
              fractional: [
                ['treatment', 10],
                ['control', 90],
              ],
            },
          },
        };
      default:
        return {
          key,
          type: 'boolean',
          definition: {
            state: 'ENABLED',
            variants: { on: true, off: false },
            defaultVariant: 'off',
            targeting: { if: [{ $ref: 'internal-staff' }, 'on', 'off'] },
          },
        };
    }
  });
}

/** 1,000 evaluation contexts: a quarter are staff. */
const CONTEXTS = Array.from({ length: 1000 }, (_, i) => ({
  targetingKey: `user-${i}`,
  email: i % 4 === 0 ? `u${i}${STAFF_DOMAIN}` : `u${i}@example.com`,
}));
const BODIES = CONTEXTS.map(context => JSON.stringify({ context }));

// ---------------------------------------------------------------- measuring

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

function summary(latencies: number[], ps: [string, number][]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return ps
    .map(([label, p]) =>
      label === 'max'
        ? `max ${ms(sorted[sorted.length - 1])}`
        : `${label} ${ms(percentile(sorted, p))}`,
    )
    .join(', ');
}

/** CPU time (user + system) of the machine's PostgreSQL processes, in ms. */
function postgresCpuMs(): number {
  const tick = 1000 / 100; // USER_HZ
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) {
        continue;
      }
      const fields = stat.slice(close + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // the process ended
    }
  }
  return total;
}

/** Measures a phase's wall time and CPU (this process, PostgreSQL). */
function cpuMeter() {
  const wall = performance.now();
  const own = process.cpuUsage();
  const pg = postgresCpuMs();
  return (requests?: number) => {
    const wallMs = performance.now() - wall;
    const usage = process.cpuUsage(own);
    const ownMs = (usage.user + usage.system) / 1000;
    const pgMs = postgresCpuMs() - pg;
    const per = (cpu: number) =>
      requests ? `, ${((cpu * 1000) / requests).toFixed(0)} µs/request` : '';
    return `CPU: this process (server + load generator) ${ownMs.toFixed(
      0,
    )} ms = ${(ownMs / wallMs).toFixed(2)} cores${per(
      ownMs,
    )}; PostgreSQL ${pgMs.toFixed(0)} ms = ${(pgMs / wallMs).toFixed(
      2,
    )} cores${per(pgMs)}`;
  };
}

// ---------------------------------------------------------------- HTTP

/**
 * A closed loop from a separate Node process, so this process's CPU time is
 * the server's alone: how many evaluations one core of server serves.
 */
const EXTERNAL_LOAD = `
const http = require('node:http');
const [port, secret, concurrency, durationMs] = process.argv.slice(1);
const { keys, bodies } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
let next = 0, done = 0, errors = 0;
const end = Date.now() + Number(durationMs);
const one = i => new Promise(resolve => {
  const body = bodies[i % bodies.length];
  const req = http.request({ agent, host: '127.0.0.1', port: Number(port), method: 'POST',
    path: '/api/feature-flags/ofrep/v1/evaluate/flags/' + keys[i % keys.length],
    headers: { authorization: 'Bearer ' + secret, 'content-type': 'application/json',
      'content-length': Buffer.byteLength(body) } }, res => {
    res.resume();
    res.on('end', () => { if (res.statusCode !== 200) errors++; resolve(); });
  });
  req.on('error', () => { errors++; resolve(); });
  req.end(body);
});
Promise.all(Array.from({ length: Number(concurrency) }, async () => {
  while (Date.now() < end) { await one(next++); done++; }
})).then(() => { process.stdout.write(JSON.stringify({ done, errors })); agent.destroy(); });
`;

function externalClosedLoop(
  port: number,
  secret: string,
  keys: string[],
  concurrency: number,
  durationMs: number,
): Promise<{ done: number; errors: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        EXTERNAL_LOAD,
        String(port),
        secret,
        String(concurrency),
        String(durationMs),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', chunk => (out += chunk));
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolve(JSON.parse(out))
        : reject(new Error(`load generator exited ${code}`)),
    );
    child.stdin.end(JSON.stringify({ keys, bodies: BODIES }));
  });
}

type Reply = { status: number; body: string };

function client(port: number, secret: string, maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const post = (path: string, body: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/feature-flags/ofrep/v1${path}`,
          headers: {
            authorization: `Bearer ${secret}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    agent,
    evaluate: (key: string, body: string) =>
      post(`/evaluate/flags/${key}`, body),
    evaluateAll: (body: string) => post('/evaluate/flags', body),
  };
}

/** `concurrency` workers sending back to back for `durationMs`. */
async function closedLoop(
  concurrency: number,
  durationMs: number,
  send: (i: number) => Promise<boolean>,
) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const ok = await send(next++).catch(() => false);
        latencies.push(performance.now() - t);
        if (!ok) errors++;
      }
    }),
  );
  return { latencies, errors, wallMs: performance.now() - start };
}

/**
 * Requests on a fixed schedule (open loop): the i-th is due at
 * start + i / rate and its latency runs from then, so timer lag and queueing
 * in the client count against the server, never in its favour.
 */
async function openLoop(
  rate: number,
  durationMs: number,
  send: (i: number) => Promise<boolean>,
) {
  const interval = 1000 / rate;
  const total = Math.round((rate * durationMs) / 1000);
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  let issued = 0;
  let lastIssue = 0;
  const start = performance.now() + 5;
  await new Promise<void>(resolve => {
    const tick = () => {
      const now = performance.now();
      while (issued < total && start + issued * interval <= now) {
        const scheduled = start + issued * interval;
        lastIssue = now;
        pending.push(
          send(issued++)
            .catch(() => false)
            .then(ok => {
              latencies.push(performance.now() - scheduled);
              if (!ok) errors++;
            }),
        );
      }
      if (issued < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  return {
    latencies,
    errors,
    total,
    achievedRate: total / ((lastIssue - start) / 1000),
    wallMs: performance.now() - start,
  };
}

const sleep = (millis: number) =>
  new Promise(resolve => setTimeout(resolve, millis));

// ---------------------------------------------------------------- main

/** Drops the database, also when a step failed. */
let cleanup: (() => Promise<void>) | undefined;

async function main() {
  const connection =
    process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const keep = process.env.BENCH_KEEP_DATABASES === '1';
  const database = `paved_bench_ff_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw('CREATE DATABASE ??', [database]);
  const knex: Knex = knexFactory({
    client: 'pg',
    connection: `${connection.replace(/\/+$/, '')}/${database}`,
    pool: { min: 0, max: 20 },
  });
  cleanup = async () => {
    await knex.destroy();
    if (keep) {
      console.log(`Kept database ${database}`);
    } else {
      await admin.raw('DROP DATABASE ?? WITH (FORCE)', [database]);
    }
    await admin.destroy();
  };

  const component: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: COMPONENT, namespace: 'default' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/checkout-squad',
    },
  };
  const replicas: Array<{ stop(): Promise<void> }> = [];
  /** A backend replica on the bench database, listening on a loopback port. */
  const startReplica = async () => {
    const replica = await startTestBackend({
      features: [
        featureFlagsPlugin,
        catalogServiceMock.factory({ entities: [component] }),
        mockServices.database.factory({ knex }),
        mockServices.rootLogger.factory({ level: 'warn' }),
        mockServices.rootConfig.factory({
          data: { featureFlags: { evaluators: EVALUATORS } },
        }),
      ],
    });
    replicas.push(replica);
    const listening = replica.server.listening
      ? replica.server
      : await new Promise<typeof replica.server>(resolve =>
          replica.server.listen(0, '127.0.0.1', () => resolve(replica.server)),
        );
    return (listening.address() as AddressInfo).port;
  };
  const port = await startReplica();
  // A second replica, for propagation: changes go to the first, and the
  // second must hear of them (LISTEN/NOTIFY).
  const otherPort = await startReplica();
  const base = `http://127.0.0.1:${port}/api/feature-flags/entities/default/${COMPONENT}`;
  const rest = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) {
      throw new Error(
        `${method} ${path}: ${response.status} ${JSON.stringify(json)}`,
      );
    }
    return json;
  };

  console.log(
    `Feature flags: Node ${process.version}, ${os.cpus().length} CPUs (${os
      .cpus()[0]
      ?.model.trim()}), PostgreSQL at ${connection.replace(
      /\/\/[^@]*@/,
      '//',
    )}, database ${database}`,
  );
  console.log(
    'Load generator, backend and PostgreSQL all run on the same machine and share its cores; the load generator is this same Node process (one event loop with the server).',
  );

  // 1. setup
  const flags = flagSet();
  let t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < flags.length) {
        const flag = flags[next++];
        await rest('POST', '/flags', {
          key: flag.key,
          kind: flag.type === 'string' ? 'experiment' : 'release',
          description: `bench flag ${flag.key}`,
          definition: flag.definition,
        });
      }
    }),
  );
  const created: { secret: string } = await rest('POST', '/api-keys', {
    environment: ENVIRONMENT,
    name: 'bench',
  });
  const counts = {
    email: flags.filter(
      f => (f.definition.targeting as any)?.if?.[0]?.ends_with,
    ).length,
    fractional: flags.filter(f => f.type === 'string').length,
    ref: flags.filter(f => (f.definition.targeting as any)?.if?.[0]?.$ref)
      .length,
  };
  console.log(
    `\n1. Setup: ${flags.length} flags on component:default/${COMPONENT} (${
      counts.email
    } booleans with email-domain targeting, ${
      counts.fractional
    } string variants with fractional 10/90, ${
      counts.ref
    } booleans with $ref to the shared evaluator "internal-staff"; every flag defined in development, staging and production) and one ${ENVIRONMENT} API key via the REST API in ${(
      performance.now() - t0
    ).toFixed(0)} ms`,
  );

  const ofrep = client(port, created.secret, CONCURRENCY);
  const single = (i: number) =>
    ofrep
      .evaluate(flags[i % FLAGS].key, BODIES[i % BODIES.length])
      .then(r => r.status === 200);

  // Correctness check and warm-up.
  const probe = await ofrep.evaluate(flags[0].key, BODIES[0]);
  const probeBody = JSON.parse(probe.body);
  if (probe.status !== 200 || probeBody.value !== true) {
    throw new Error(`Unexpected evaluation: ${probe.status} ${probe.body}`);
  }
  await closedLoop(CONCURRENCY, 1000, single);
  for (let i = 0; i < WARMUP; i++) await single(i);

  // 2. closed loop
  let cpu = cpuMeter();
  const closed = await closedLoop(CONCURRENCY, THROUGHPUT_MS, single);
  const closedCount = closed.latencies.length;
  console.log(
    `\n2. OFREP single evaluation (POST /ofrep/v1/evaluate/flags/{key}), closed loop, ${CONCURRENCY} in flight over keep-alive HTTP for ${(
      closed.wallMs / 1000
    ).toFixed(1)} s: ${closedCount} requests, ${(
      closedCount /
      (closed.wallMs / 1000)
    ).toFixed(0)} req/s, ${summary(closed.latencies, [
      ['p50', 0.5],
      ['p99', 0.99],
      ['max', 1],
    ])}, errors ${closed.errors}`,
  );
  console.log(`   ${cpu(closedCount)}`);

  // The same load from another process: this process's CPU is the server's.
  const serverCpuStart = process.cpuUsage();
  const externalStart = performance.now();
  const external = await externalClosedLoop(
    port,
    created.secret,
    flags.map(f => f.key),
    CONCURRENCY,
    THROUGHPUT_MS,
  );
  const externalWallMs = performance.now() - externalStart;
  const serverCpu = process.cpuUsage(serverCpuStart);
  const serverMs = (serverCpu.user + serverCpu.system) / 1000;
  const serverUsPerRequest = (serverMs * 1000) / external.done;
  console.log(
    `   Load generator in its own process (same closed loop, ${CONCURRENCY} in flight, ${(
      externalWallMs / 1000
    ).toFixed(1)} s): ${external.done} requests, ${(
      external.done /
      (externalWallMs / 1000)
    ).toFixed(0)} req/s, errors ${
      external.errors
    }; server CPU ${serverMs.toFixed(0)} ms = ${(
      serverMs / externalWallMs
    ).toFixed(2)} cores, ${serverUsPerRequest.toFixed(0)} µs/request = ${(
      1e6 / serverUsPerRequest
    ).toFixed(0)} evaluations/s per core of server`,
  );

  cpu = cpuMeter();
  const unloaded: number[] = [];
  for (let i = 0; i < UNLOADED_SAMPLES; i++) {
    const t = performance.now();
    await single(i);
    unloaded.push(performance.now() - t);
  }
  console.log(
    `   Unloaded, one at a time (${UNLOADED_SAMPLES} requests): ${summary(
      unloaded,
      [
        ['p50', 0.5],
        ['p99', 0.99],
        ['max', 1],
      ],
    )}`,
  );
  console.log(`   ${cpu(UNLOADED_SAMPLES)}`);

  // What a cache miss (after a change) costs besides evaluating, timed alone.
  const keyHash = createHash('sha256')
    .update(created.secret, 'utf8')
    .digest('hex');
  const entityRef = `component:default/${COMPONENT}`;
  const parts: Record<string, number[]> = {
    keyQuery: [],
    setQuery: [],
    hash: [],
  };
  let definitions: Record<string, unknown> = {};
  for (let i = 0; i < UNLOADED_SAMPLES; i++) {
    let t = performance.now();
    await knex('feature_flag_api_keys')
      .where({ key_hash: keyHash })
      .whereNull('revoked_at')
      .first();
    parts.keyQuery.push(performance.now() - t);
    t = performance.now();
    const rows: { key: string; definition: unknown }[] = await knex(
      'feature_flags as f',
    )
      .join('feature_flag_definitions as d', 'd.flag_id', 'f.id')
      .where({ 'f.entity_ref': entityRef, 'd.environment': ENVIRONMENT })
      .orderBy('f.key')
      .select('f.key', 'd.definition');
    parts.setQuery.push(performance.now() - t);
    definitions = Object.fromEntries(rows.map(r => [r.key, r.definition]));
    t = performance.now();
    createHash('sha256')
      .update(JSON.stringify({ flags: definitions, $evaluators: EVALUATORS }))
      .digest('hex');
    parts.hash.push(performance.now() - t);
  }
  const p50p99: [string, number][] = [
    ['p50', 0.5],
    ['p99', 0.99],
  ];
  console.log(
    `   Cache-miss work (after a change; before the in-memory cache every request did it), timed alone (${UNLOADED_SAMPLES} each, knex on the same database): API key query ${summary(
      parts.keyQuery,
      p50p99,
    )}; flag set query (${
      Object.keys(definitions).length
    } definitions) ${summary(
      parts.setQuery,
      p50p99,
    )}; JSON.stringify + SHA-256 of the flag set (${(
      JSON.stringify({ flags: definitions, $evaluators: EVALUATORS }).length /
      1024
    ).toFixed(1)} KB) ${summary(parts.hash, p50p99)}`,
  );

  // 3. open loop at a fixed rate
  const rateClient = client(port, created.secret, 256);
  cpu = cpuMeter();
  const open = await openLoop(RATE, RATE_MS, i =>
    rateClient
      .evaluate(flags[i % FLAGS].key, BODIES[i % BODIES.length])
      .then(r => r.status === 200),
  );
  console.log(
    `\n3. OFREP single evaluation at a fixed ${RATE} req/s for ${(
      RATE_MS / 1000
    ).toFixed(0)} s (open loop, 1 ms timer, latency from the scheduled time): ${
      open.total
    } requests (issued at ${open.achievedRate.toFixed(0)} req/s), ${summary(
      open.latencies,
      [
        ['p50', 0.5],
        ['p99', 0.99],
        ['max', 1],
      ],
    )}, errors ${open.errors}, ${
      open.latencies.filter(l => l >= 5).length
    } requests ≥ 5 ms`,
  );
  console.log(`   ${cpu(open.total)}`);

  // 4. bulk
  cpu = cpuMeter();
  const bulk: number[] = [];
  let bulkFlags = 0;
  for (let i = 0; i < BULK_SAMPLES; i++) {
    const t = performance.now();
    const reply = await ofrep.evaluateAll(BODIES[i % BODIES.length]);
    bulk.push(performance.now() - t);
    if (reply.status !== 200) {
      throw new Error(`Bulk evaluation: ${reply.status} ${reply.body}`);
    }
    if (i === 0) bulkFlags = JSON.parse(reply.body).flags.length;
  }
  console.log(
    `\n4. OFREP bulk evaluation (POST /ofrep/v1/evaluate/flags, ${bulkFlags} flags per response), ${BULK_SAMPLES} requests one at a time: ${summary(
      bulk,
      [
        ['p50', 0.5],
        ['p99', 0.99],
        ['max', 1],
      ],
    )}`,
  );
  console.log(`   ${cpu(BULK_SAMPLES)}`);

  // 5. propagation
  const target = flags[0];
  const staffBody = BODIES[0]; // a staff email: `on` until swapped
  const list = await (
    await fetch(`${base}/flags`, { headers: { authorization: AUTH } })
  ).json();
  let version: number = list.flags.find((f: any) => f.key === target.key)
    .environments[ENVIRONMENT].version;
  const otherReplica = client(otherPort, created.secret, 4);
  await otherReplica.evaluate(target.key, staffBody);
  cpu = cpuMeter();
  const propagation: number[] = [];
  const putLatency: number[] = [];
  let polls = 0;
  for (let i = 0; i < PROPAGATION_SAMPLES; i++) {
    const swapped = i % 2 === 0;
    const expected = !swapped;
    const t = performance.now();
    const saved = await rest(
      'PUT',
      `/flags/${target.key}/environments/${ENVIRONMENT}`,
      {
        definition: emailTargeted(swapped),
        version,
        reason: `bench propagation ${i}`,
      },
    );
    const visibleFrom = performance.now();
    putLatency.push(visibleFrom - t);
    version = saved.version;
    for (;;) {
      const pollStart = performance.now();
      polls++;
      const reply = await otherReplica.evaluate(target.key, staffBody);
      if (JSON.parse(reply.body).value === expected) {
        propagation.push(performance.now() - visibleFrom);
        break;
      }
      if (performance.now() - visibleFrom > 10_000) {
        throw new Error(`Change ${i} not visible after 10 s`);
      }
      await sleep(Math.max(0, POLL_MS - (performance.now() - pollStart)));
    }
  }
  console.log(
    `\n5. Propagation to another replica (PUT a changed definition through one backend's REST API, then poll OFREP single evaluation on a second backend on the same database every ${POLL_MS} ms until it serves the new value), ${PROPAGATION_SAMPLES} changes: from the PUT's response to the first new value ${summary(
      propagation,
      [
        ['p50', 0.5],
        ['p95', 0.95],
        ['max', 1],
      ],
    )}; ${polls} polls (${(polls / PROPAGATION_SAMPLES).toFixed(
      2,
    )} per change); the PUT itself ${summary(putLatency, [
      ['p50', 0.5],
      ['p95', 0.95],
      ['max', 1],
    ])}`,
  );
  console.log(`   ${cpu(PROPAGATION_SAMPLES)}`);

  ofrep.agent.destroy();
  rateClient.agent.destroy();
  otherReplica.agent.destroy();
  for (const replica of replicas) await replica.stop();
  await cleanup();
  cleanup = undefined;

  // 6. in-process ceiling
  const silent = {
    error: () => {},
    warn: () => {},
    info: () => {},
    debug: () => {},
  };
  const config = JSON.stringify({
    flags: Object.fromEntries(flags.map(f => [f.key, f.definition])),
    $evaluators: EVALUATORS,
  });
  // What a changed flag set costs the first evaluation after it.
  const compile: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    new FlagdCore(undefined, silent).setConfigurations(config);
    compile.push(performance.now() - t);
  }
  const core = new FlagdCore(undefined, silent);
  core.setConfigurations(config);
  const check = core.resolveBooleanEvaluation(
    flags[0].key,
    false,
    CONTEXTS[0],
    silent,
  );
  if (check.value !== true) {
    throw new Error(`flagd-core: unexpected ${JSON.stringify(check)}`);
  }
  const keys = flags.map(f => f.key);
  const isString = flags.map(f => f.type === 'string');
  const runCore = (durationMs: number) => {
    let evaluations = 0;
    let sink = 0;
    const start = performance.now();
    const end = start + durationMs;
    while (performance.now() < end) {
      for (let j = 0; j < 1000; j++, evaluations++) {
        const k = evaluations % FLAGS;
        const context = CONTEXTS[evaluations % CONTEXTS.length];
        if (isString[k]) {
          sink += core.resolveStringEvaluation(
            keys[k],
            'control',
            context,
            silent,
          ).value.length;
        } else if (
          core.resolveBooleanEvaluation(keys[k], false, context, silent).value
        ) {
          sink++;
        }
      }
    }
    return { evaluations, wallMs: performance.now() - start, sink };
  };
  runCore(500);
  cpu = cpuMeter();
  const ceiling = runCore(CEILING_MS);
  console.log(
    `\n6. In-process ceiling: @openfeature/flagd-core FlagdCore with the same ${FLAGS} flags, resolveBooleanEvaluation/resolveStringEvaluation round-robin over the flags and 1,000 contexts in a tight loop for ${(
      ceiling.wallMs / 1000
    ).toFixed(1)} s on one thread: ${ceiling.evaluations} evaluations, ${(
      ceiling.evaluations /
      (ceiling.wallMs / 1000)
    ).toFixed(0)} evaluations/s (${(
      (ceiling.wallMs * 1000) /
      ceiling.evaluations
    ).toFixed(2)} µs each)`,
  );
  console.log(`   ${cpu(ceiling.evaluations)}`);
  console.log(
    `   Loading the ${FLAGS}-flag set into a new FlagdCore (setConfigurations, as after every change): ${summary(
      compile,
      [
        ['p50', 0.5],
        ['max', 1],
      ],
    )}`,
  );
}

main().then(
  () => process.exit(0),
  async error => {
    console.error(error);
    await cleanup?.().catch(e => console.error(e));
    process.exit(1);
  },
);
