/**
 * DORA records in and metrics out, through the real API: a catalog and the
 * dora backend (startTestBackend) on the local PostgreSQL, a synthetic
 * organisation of S services in G squads, a year of deployments, merged pull
 * requests and incidents POSTed to /api/dora the way a CD tool, the GitHub
 * backfill or a webhook would — the same DoraService.record* path — in
 * batches of 500 and, for comparison, one record per request (each record
 * is identified against the catalog, as in production). Prints the
 * ingestion rate per record kind and the p50/p95 latency of the org page
 * query (GET /squads), of one squad and of one service's tab (GET /metrics).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/doraApi.ts [services] [deploymentsPerService]
 *
 * Defaults — the scale: 1,000 services in 50 squads, 500
 * deployments each (500k), 0.8 merged pull requests per deployment (400k;
 * each PR's ~5 commits reduce to its first commit time, as ingestion
 * does), an incident every 50th deployment (10k). BENCH_POSTGRES_URL,
 * default postgresql://postgres@127.0.0.1:5432; BENCH_KEEP_DATABASES=1 keeps
 * the databases (to EXPLAIN a query; drop them after).
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import doraPlugin from '@internal/plugin-dora-backend';
import knexFactory, { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SERVICES_PER_SQUAD = 20;
const CONCURRENCY = 8;
const BATCH = 500;
/** Records also POSTed one per request, to compare with batches. */
const SINGLE_SAMPLE = 2000;
const QUERY_SAMPLES = 20;
const DAY_MS = 24 * 3600 * 1000;
const END = Date.parse('2026-11-01T00:00:00Z');

/** A realistic commit SHA: uniformly distributed, like git's. */
const commitSha = (seed: string) =>
  createHash('sha1').update(seed).digest('hex');

function catalogFile(services: number, squads: number): string {
  const docs: object[] = [];
  for (let g = 0; g < squads; g++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `squad-${g}` },
      spec: { type: 'team', children: [] },
    });
  }
  for (let s = 0; s < services; s++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `service-${s}`,
        annotations: { 'github.com/project-slug': `bench/service-${s}` },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `squad-${s % squads}`,
      },
    });
  }
  return docs.map(doc => `---\n${JSON.stringify(doc)}\n`).join('');
}

/** Runs `tasks` with at most CONCURRENCY in flight. */
async function pool(tasks: (() => Promise<void>)[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tasks.length) await tasks[next++]();
    }),
  );
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function main() {
  const services = Number(process.argv[2] ?? 1000);
  const perService = Number(process.argv[3] ?? 500);
  const squads = Math.max(1, Math.ceil(services / SERVICES_PER_SQUAD));
  const connection =
    process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  // One database per plugin, as in production: plugins must not share
  // knex_migrations.
  const prefix = `paved_bench_dora_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  const knexes = new Map<string, Knex>();
  for (const plugin of ['catalog', 'dora']) {
    await admin.raw('CREATE DATABASE ??', [`${prefix}_${plugin}`]);
    knexes.set(
      plugin,
      knexFactory({
        client: 'pg',
        connection: `${connection.replace(/\/+$/, '')}/${prefix}_${plugin}`,
        pool: { min: 0, max: 20 },
      }),
    );
  }
  const database = createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) =>
      mockServices.database({ knex: knexes.get(plugin.getId())! }),
  });
  const dir = mkdtempSync(join(tmpdir(), 'paved-bench-dora-'));
  const file = join(dir, 'catalog-info.yaml');
  writeFileSync(file, catalogFile(services, squads));

  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      doraPlugin,
      database,
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['Component', 'Group', 'Location'] }],
            locations: [{ type: 'file', target: file }],
          },
        },
      }),
    ],
  });
  const server = backend.server.listening
    ? backend.server
    : await new Promise<typeof backend.server>(resolve =>
        backend.server.listen(0, '127.0.0.1', () => resolve(backend.server)),
      );
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;

  // Wait until every component is in the catalog with its owner.
  for (;;) {
    const res = await fetch(
      `${base}/catalog/entities/by-query?filter=kind=component,relations.ownedBy=group:default/squad-0&limit=1`,
    );
    const body = (await res.json()) as { totalItems?: number };
    if (body.totalItems === Math.ceil(services / squads)) break;
    await new Promise(resolve => setTimeout(resolve, 250));
  }

  const post = async (path: string, body: object | object[]) => {
    const res = await fetch(`${base}/dora/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) {
      throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    }
  };

  // A year of records, spread evenly: 4 of 5 deployments ship a pull
  // request, every 5th goes to staging, every 50th is hit by an incident.
  const deployments: object[] = [];
  const changes: object[] = [];
  const incidents: object[] = [];
  const spacing = (365 * DAY_MS) / perService;
  for (let s = 0; s < services; s++) {
    const repository = `bench/service-${s}`;
    for (let d = 0; d < perService; d++) {
      const finishedAt = END - 365 * DAY_MS + d * spacing + s * 1000;
      const sha = commitSha(`${s}/${d}`);
      if (d % 5 !== 4) {
        const mergedAt = finishedAt - 3600_000;
        changes.push({
          repository,
          number: d + 1,
          title: `Change ${d + 1}`,
          firstCommitAt: new Date(mergedAt - 20 * 3600_000).toISOString(),
          openedAt: new Date(mergedAt - 6 * 3600_000).toISOString(),
          firstReviewAt: new Date(mergedAt - 2 * 3600_000).toISOString(),
          mergedAt: new Date(mergedAt).toISOString(),
          mergeSha: sha,
        });
      }
      deployments.push({
        id: `${s}-${d}`,
        repository,
        environment: d % 5 === 0 ? 'staging' : 'production',
        sha,
        finishedAt: new Date(finishedAt).toISOString(),
      });
      if (d % 50 === 49) {
        incidents.push({
          id: `${s}-${d}`,
          repository,
          title: 'Errors after deploy',
          openedAt: new Date(finishedAt + 600_000).toISOString(),
          resolvedAt: new Date(finishedAt + 3_600_000).toISOString(),
        });
      }
    }
  }

  console.log(
    `DORA API: ${services} services in ${squads} squads, one year; ${deployments.length} deployments, ${changes.length} pull requests, ${incidents.length} incidents; ${CONCURRENCY} concurrent POSTs`,
  );

  // One record per request, on a sample (replaced by the batches below).
  {
    const sample = deployments.slice(0, SINGLE_SAMPLE);
    const t0 = performance.now();
    await pool(sample.map(record => () => post('deployments', record)));
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `  ingest one per request  ${(sample.length / seconds).toFixed(
        0,
      )} events/s (${sample.length} deployments in ${seconds.toFixed(1)} s)`,
    );
  }

  let total = 0;
  const started = performance.now();
  for (const [path, records] of [
    ['deployments', deployments],
    ['changes', changes],
    ['incidents', incidents],
  ] as const) {
    const batches: (() => Promise<void>)[] = [];
    for (let i = 0; i < records.length; i += BATCH) {
      const batch = records.slice(i, i + BATCH);
      batches.push(() => post(path, batch));
    }
    const t0 = performance.now();
    await pool(batches);
    const seconds = (performance.now() - t0) / 1000;
    total += records.length;
    console.log(
      `  ingest ${path.padEnd(12)} batches of ${BATCH}: ${(
        records.length / seconds
      ).toFixed(0)} events/s (${records.length} in ${seconds.toFixed(1)} s)`,
    );
  }
  console.log(
    `  ingest all, batched     ${(
      total /
      ((performance.now() - started) / 1000)
    ).toFixed(0)} events/s (${total} events)`,
  );

  // The org page's facts are re-derived in the background after writes;
  // wait until no service is stale, and report how long that took.
  {
    const t0 = performance.now();
    for (;;) {
      const res = await fetch(`${base}/dora/status`);
      const { staleServices } = (await res.json()) as {
        staleServices: number;
      };
      if (staleServices === 0) break;
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    console.log(
      `  org facts up to date ${((performance.now() - t0) / 1000).toFixed(
        1,
      )} s after the last write`,
    );
  }

  const timeQueries = async (label: string, url: (i: number) => string) => {
    const times: number[] = [];
    for (let i = 0; i < QUERY_SAMPLES; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/dora/${url(i)}`);
      if (res.status !== 200)
        throw new Error(`${url(i)} answered ${res.status}`);
      await res.json();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${label.padEnd(46)} p50 ${percentile(times, 0.5).toFixed(
        0,
      )} ms · p95 ${percentile(times, 0.95).toFixed(0)} ms`,
    );
  };
  const window = (days: number) =>
    `from=${new Date(END - days * DAY_MS).toISOString()}&to=${new Date(
      END,
    ).toISOString()}`;
  const perSquad = Math.ceil(services / squads);
  await timeQueries(
    `org page: GET /squads (${squads} squads), 30 days`,
    () => `squads?${window(30)}`,
  );
  await timeQueries(
    `squad tab (${perSquad} services), 30 days`,
    i => `metrics?entityRef=group:default/squad-${i % squads}&${window(30)}`,
  );
  await timeQueries(
    'service tab, 30 days',
    i =>
      `metrics?entityRef=component:default/service-${i % services}&${window(
        30,
      )}`,
  );
  await timeQueries(
    'service tab, 365 days',
    i =>
      `metrics?entityRef=component:default/service-${i % services}&${window(
        365,
      )}`,
  );

  await backend.stop();
  for (const [plugin, knex] of knexes) {
    await knex.destroy();
    if (process.env.BENCH_KEEP_DATABASES) {
      console.log(`  kept database ${prefix}_${plugin}`);
    } else {
      await admin.raw('DROP DATABASE ?? WITH (FORCE)', [`${prefix}_${plugin}`]);
    }
  }
  await admin.destroy();
  rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
