/**
 * DORA records in and metrics out, through the real API: a catalog and the
 * dora backend (startTestBackend) on the local PostgreSQL, a synthetic
 * organisation of S services in G squads, a year of deployments, merged pull
 * requests and incidents POSTed to /api/dora the way a CD tool or incident
 * tool would (each record is identified against the catalog, as in
 * production). Prints the ingestion rate per record kind and the p50/p95
 * latency of GET /metrics for one service and for one squad.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/doraApi.ts [services] [deploymentsPerService]
 *
 * Defaults: 50 services, 400 deployments each (2 pull requests per
 * deployment, an incident every 40). BENCH_POSTGRES_URL, default
 * postgresql://postgres@127.0.0.1:5432.
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

const SQUADS = 5;
const CONCURRENCY = 16;
const QUERY_SAMPLES = 40;
const DAY_MS = 24 * 3600 * 1000;
const END = Date.parse('2026-11-01T00:00:00Z');

/** A realistic commit SHA: uniformly distributed, like git's. */
const commitSha = (seed: string) =>
  createHash('sha1').update(seed).digest('hex');

function catalogFile(services: number): string {
  const docs: object[] = [];
  for (let g = 0; g < SQUADS; g++) {
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
        owner: `squad-${s % SQUADS}`,
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
  const services = Number(process.argv[2] ?? 50);
  const perService = Number(process.argv[3] ?? 400);
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
  writeFileSync(file, catalogFile(services));

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
    if (body.totalItems === Math.ceil(services / SQUADS)) break;
    await new Promise(resolve => setTimeout(resolve, 250));
  }

  const post = (path: string, body: object) => async () => {
    const res = await fetch(`${base}/dora/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) {
      throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    }
  };

  // A year of records, spread evenly; every 40th deployment is hit by an incident.
  const deployments: (() => Promise<void>)[] = [];
  const changes: (() => Promise<void>)[] = [];
  const incidents: (() => Promise<void>)[] = [];
  const spacing = (365 * DAY_MS) / perService;
  for (let s = 0; s < services; s++) {
    const repository = `bench/service-${s}`;
    for (let d = 0; d < perService; d++) {
      const finishedAt = END - 365 * DAY_MS + d * spacing + s * 1000;
      const sha = commitSha(`${s}/${d}/0`);
      for (let c = 1; c <= 2; c++) {
        const mergedAt = finishedAt - c * 3600_000;
        changes.push(
          post('changes', {
            repository,
            number: d * 2 + c,
            title: `Change ${d * 2 + c}`,
            firstCommitAt: new Date(mergedAt - 20 * 3600_000).toISOString(),
            openedAt: new Date(mergedAt - 6 * 3600_000).toISOString(),
            firstReviewAt: new Date(mergedAt - 2 * 3600_000).toISOString(),
            mergedAt: new Date(mergedAt).toISOString(),
            mergeSha: c === 1 ? sha : commitSha(`${s}/${d}/1`),
          }),
        );
      }
      deployments.push(
        post('deployments', {
          id: `${s}-${d}`,
          repository,
          environment: d % 5 === 0 ? 'staging' : 'production',
          sha,
          finishedAt: new Date(finishedAt).toISOString(),
        }),
      );
      if (d % 40 === 39) {
        incidents.push(
          post('incidents', {
            id: `${s}-${d}`,
            repository,
            title: 'Errors after deploy',
            openedAt: new Date(finishedAt + 600_000).toISOString(),
            resolvedAt: new Date(finishedAt + 3_600_000).toISOString(),
          }),
        );
      }
    }
  }

  console.log(
    `DORA API: ${services} services in ${SQUADS} squads, one year; ${deployments.length} deployments, ${changes.length} pull requests, ${incidents.length} incidents; ${CONCURRENCY} concurrent POSTs`,
  );
  let total = 0;
  const started = performance.now();
  for (const [label, tasks] of [
    ['deployments', deployments],
    ['pull requests', changes],
    ['incidents', incidents],
  ] as const) {
    const t0 = performance.now();
    await pool(tasks);
    const seconds = (performance.now() - t0) / 1000;
    total += tasks.length;
    console.log(
      `  ingest ${label.padEnd(14)} ${(tasks.length / seconds).toFixed(
        0,
      )} records/s (${tasks.length} in ${seconds.toFixed(1)} s)`,
    );
  }
  console.log(
    `  ingest all            ${(
      total /
      ((performance.now() - started) / 1000)
    ).toFixed(0)} records/s`,
  );

  const timeQueries = async (label: string, url: (i: number) => string) => {
    const times: number[] = [];
    for (let i = 0; i < QUERY_SAMPLES; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/dora/metrics?${url(i)}`);
      if (res.status !== 200) throw new Error(`metrics answered ${res.status}`);
      await res.json();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  GET /metrics ${label.padEnd(32)} p50 ${percentile(times, 0.5).toFixed(
        0,
      )} ms · p95 ${percentile(times, 0.95).toFixed(0)} ms`,
    );
  };
  const window = (days: number) =>
    `from=${new Date(END - days * DAY_MS).toISOString()}&to=${new Date(
      END,
    ).toISOString()}`;
  await timeQueries(
    'one service, 30 days',
    i => `entityRef=component:default/service-${i % services}&${window(30)}`,
  );
  await timeQueries(
    'one service, 365 days',
    i => `entityRef=component:default/service-${i % services}&${window(365)}`,
  );
  await timeQueries(
    `one squad (${Math.ceil(services / SQUADS)} services), 30 days`,
    i => `entityRef=group:default/squad-${i % SQUADS}&${window(30)}`,
  );
  await timeQueries(
    `one squad (${Math.ceil(services / SQUADS)} services), 365 days`,
    i => `entityRef=group:default/squad-${i % SQUADS}&${window(365)}`,
  );

  await backend.stop();
  for (const [plugin, knex] of knexes) {
    await knex.destroy();
    await admin.raw('DROP DATABASE ?? WITH (FORCE)', [`${prefix}_${plugin}`]);
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
