/**
 * Cost import and queries at the issue's scale: a generated FOCUS 1.2 CSV
 * export of 1,000,000 line items (12 months, 1,000 services in 50 squads,
 * 3 providers, provider-style tags, 5 % of resources untagged, credits) in
 * a temporary directory, then, in one run on the local PostgreSQL:
 * - the ceiling: a bare `COPY … FROM STDIN (FORMAT csv)` of the same file
 *   into a plain table with the export's columns (streamed from this
 *   process through pg-copy-streams, as the importer streams);
 * - for reference, csv-parse alone over the file (records discarded), the
 *   floor of an importer that parses in Node;
 * - the import through the cost backend (startTestBackend), the file POSTed
 *   to /api/cost/imports by a child process: rows/s, wall time, peak RSS of
 *   the backend's process, then the same file again (a re-import replaces
 *   the billing periods);
 * - p50/p95 of the org page (GET /summary, 12 months by owner) and of the
 *   entity tab (GET /entities/default/service-N/cost, 12 months), 200 each,
 *   and a few other queries for reference.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/costImport.ts [rows]
 *
 * BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432;
 * BENCH_KEEP_DATABASES=1 keeps the database (to EXPLAIN a query; drop it after).
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import costPlugin from '@internal/plugin-cost-backend';
import knexFactory from 'knex';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  rmSync,
  statSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { from as copyFrom } from 'pg-copy-streams';

const SERVICES = 1000;
const SQUADS = 50;
const DAYS = 365;
const START = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
const QUERY_SAMPLES = 200;
const REFERENCE_SAMPLES = 50;

const PROVIDERS = [
  {
    name: 'AWS',
    currency: 'USD',
    region: 'eu-west-1',
    tag: (service: string, team: string, env: string) => ({
      'user:service': service,
      'user:team': team,
      'user:env': env,
      'aws:createdBy': 'AssumedRole:AROA:terraform',
    }),
    services: [
      ['Amazon Elastic Compute Cloud', 'Compute', 'Virtual Machine'],
      ['Amazon Relational Database Service', 'Databases', 'Database Instance'],
      ['Amazon Simple Storage Service', 'Storage', 'Bucket'],
    ],
  },
  {
    name: 'Microsoft',
    currency: 'EUR',
    region: 'westeurope',
    tag: (service: string, team: string, env: string) => ({
      Service: service,
      Team: team,
      Environment: env,
    }),
    services: [
      ['Virtual Machines', 'Compute', 'Virtual machine'],
      ['Azure SQL Database', 'Databases', 'SQL database'],
      ['Storage Accounts', 'Storage', 'Storage account'],
    ],
  },
  {
    name: 'Google Cloud',
    currency: 'USD',
    region: 'europe-west1',
    tag: (service: string, team: string, env: string) => ({
      app: service,
      squad: team,
      env,
      'goog-k8s-cluster-name': 'prod-eu',
    }),
    services: [
      ['Compute Engine', 'Compute', 'Instance'],
      ['Cloud SQL', 'Databases', 'Instance'],
      ['Networking', 'Networking', 'Load balancer'],
    ],
  },
] as const;

const HEADER = [
  'BillingAccountId',
  'BillingAccountName',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'BillingCurrency',
  'ChargeCategory',
  'ChargeDescription',
  'ChargeFrequency',
  'ProviderName',
  'PublisherName',
  'InvoiceIssuerName',
  'ServiceName',
  'ServiceCategory',
  'SubAccountId',
  'SubAccountName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ConsumedQuantity',
  'ConsumedUnit',
  'PricingQuantity',
  'PricingUnit',
  'SkuId',
  'Tags',
  'x_CostCenter',
];

/** The same columns, typed, for the bare COPY. */
const BARE_COLUMNS = HEADER.map(column => {
  if (/Period(Start|End)$/.test(column)) return `"${column}" timestamptz`;
  if (/Cost$|Quantity$/.test(column)) return `"${column}" numeric`;
  if (column === 'Tags') return `"${column}" jsonb`;
  return `"${column}" text`;
});

const csvField = (value: string) =>
  /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
const noZone = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/**
 * One line item per resource and day, resources spread over the services
 * (2.74 per service): a year of them is the requested number of rows.
 */
async function writeFocusExport(path: string, rows: number): Promise<void> {
  const resources = Math.ceil(rows / DAYS);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buffer = `${HEADER.join(',')}\n`;
  let written = 0;
  for (let day = 0; day < DAYS && written < rows; day++) {
    const start = START + day * DAY_MS;
    const date = new Date(start);
    const billingStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    const billingEnd = Date.UTC(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      1,
    );
    const period = `${noZone(billingStart)},${noZone(billingEnd)},${noZone(
      start,
    )},${noZone(start + DAY_MS)}`;
    for (let r = 0; r < resources && written < rows; r++) {
      const service = r % SERVICES;
      const kind = Math.floor(r / SERVICES) % 3;
      const provider = PROVIDERS[service % PROVIDERS.length];
      const [serviceName, category, resourceType] = provider.services[kind];
      const env =
        kind === 2
          ? 'development'
          : kind === 1 && service % 2
          ? 'staging'
          : 'production';
      const untagged = (r * 7919) % 100 < 5;
      const tags = untagged
        ? ''
        : csvField(
            JSON.stringify(
              provider.tag(
                `service-${service}`,
                `squad-${service % SQUADS}`,
                env,
              ),
            ),
          );
      const base = 2 + ((r * 104729) % 9000) / 100;
      const wobble = 1 + (((day * 31 + r) % 17) - 8) / 100;
      const credit = (written + 1) % 997 === 0;
      const billed = (credit ? -base / 2 : base * wobble).toFixed(6);
      const effective = (credit ? -base / 2 : base * wobble * 0.9).toFixed(6);
      const list = (credit ? 0 : base * wobble * 1.2).toFixed(6);
      const account = 100_000_000_000 + (service % 40);
      buffer += `acct-${
        provider.name
      },Lumen Retail,${period},${billed},${effective},${list},${effective},${
        provider.currency
      },${credit ? 'Credit' : 'Usage'},${csvField(`${serviceName} usage`)},${
        credit ? 'One-Time' : 'Usage-Based'
      },${provider.name},${provider.name},${
        provider.name
      },${serviceName},${category},${account},account-${service % 40},${
        provider.region
      },${provider.region},res-${provider.name
        .slice(0, 3)
        .toLowerCase()}-${r},res-${r},${resourceType},24,Hours,24,Hours,SKU-${kind},${tags},cc-${
        service % 20
      }\n`;
      written++;
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

function catalog(): Entity[] {
  const entities: Entity[] = [];
  for (let g = 0; g < SQUADS; g++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `squad-${g}`, namespace: 'default' },
      spec: { type: 'team', children: [] },
    });
  }
  for (let s = 0; s < SERVICES; s++) {
    const owner = `squad-${s % SQUADS}`;
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `service-${s}`, namespace: 'default' },
      spec: { type: 'service', lifecycle: 'production', owner },
      relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
    });
  }
  return entities;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** Peak RSS of this process while `work` runs, sampled every 20 ms. */
async function withPeakRss<T>(work: () => Promise<T>) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await work();
    return { result, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

/** Streams a file to a URL with fetch; prints `{ status, body }`. */
const UPLOAD = `
const [url, file, authorization] = process.argv.slice(1);
const { createReadStream } = require('node:fs');
const { Readable } = require('node:stream');
fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'text/csv', authorization },
  body: Readable.toWeb(createReadStream(file, { highWaterMark: 1 << 20 })),
  duplex: 'half',
}).then(async res => {
  process.stdout.write(JSON.stringify({ status: res.status, body: await res.json() }));
});
`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const connection =
    process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const dir = mkdtempSync(join(tmpdir(), 'paved-bench-cost-'));
  const file = join(dir, 'focus-export.csv');
  const generated = performance.now();
  await writeFocusExport(file, rows);
  console.log(
    `Cost import: ${rows} FOCUS line items (12 months, ${SERVICES} services in ${SQUADS} squads, 3 providers, 2 currencies), ${
      HEADER.length
    } columns, ${mb(statSync(file).size)} CSV, generated in ${(
      (performance.now() - generated) /
      1000
    ).toFixed(1)} s`,
  );

  const databaseName = `paved_bench_cost_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection });
  await admin.raw('CREATE DATABASE ??', [databaseName]);
  const knex = knexFactory({
    client: 'pg',
    connection: `${connection.replace(/\/+$/, '')}/${databaseName}`,
    pool: { min: 0, max: 10 },
  });

  try {
    // (b) The ceiling: the same CSV through COPY into a plain table.
    await knex.raw(`CREATE TABLE bench_bare_copy (${BARE_COLUMNS.join(', ')})`);
    const bareSeconds = await (async () => {
      const client = await (knex.client as any).acquireConnection();
      try {
        await client.query(`SET timezone = 'UTC'`);
        const t0 = performance.now();
        await pipeline(
          createReadStream(file, { highWaterMark: 1 << 20 }),
          client.query(
            copyFrom(
              'COPY bench_bare_copy FROM STDIN WITH (FORMAT csv, HEADER true)',
            ),
          ),
        );
        return (performance.now() - t0) / 1000;
      } finally {
        await (knex.client as any).releaseConnection(client);
      }
    })();
    console.log(
      `  bare COPY (ceiling)        ${(rows / bareSeconds)
        .toFixed(0)
        .padStart(7)} rows/s  ${bareSeconds.toFixed(1)} s`,
    );
    await knex.raw('DROP TABLE bench_bare_copy');

    // For reference: csv-parse alone over the file, records discarded —
    // the floor of any importer that parses in Node.
    {
      const t0 = performance.now();
      let parsed = 0;
      await pipeline(
        createReadStream(file, { highWaterMark: 1 << 20 }),
        parse({ bom: true, skip_empty_lines: true }),
        new Writable({
          objectMode: true,
          highWaterMark: 1024,
          write(_record, _encoding, callback) {
            parsed++;
            callback();
          },
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        `  csv-parse alone (reference)${(parsed / seconds)
          .toFixed(0)
          .padStart(7)} rows/s  ${seconds.toFixed(1)} s  (${(
          seconds / bareSeconds
        ).toFixed(2)}× bare COPY)`,
      );
    }

    const backend = await startTestBackend({
      features: [
        costPlugin,
        catalogServiceMock.factory({ entities: catalog() }),
        mockServices.database.factory({ knex }),
        mockServices.rootLogger.factory({ level: 'warn' }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const server = backend.server.listening
      ? backend.server
      : await new Promise<typeof backend.server>(resolve =>
          backend.server.listen(0, '127.0.0.1', () => resolve(backend.server)),
        );
    const base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/cost`;
    const authorization = mockCredentials.user.header();

    // (a) The importer, through POST /imports, streamed from another process
    // (as from an uploader elsewhere), so that the RSS and CPU here are the
    // backend's.
    const importOnce = async (label: string) => {
      const rssBefore = process.memoryUsage.rss();
      const t0 = performance.now();
      const { result, peak } = await withPeakRss(async () => {
        const child = spawn(
          process.execPath,
          [
            '-e',
            UPLOAD,
            `${base}/imports?source=bench&fileName=focus-export.csv`,
            file,
            authorization,
          ],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let output = '';
        child.stdout.on('data', chunk => {
          output += chunk;
        });
        const [code] = await once(child, 'exit');
        const { status, body } = JSON.parse(output || '{}');
        if (code !== 0 || status !== 201) {
          throw new Error(`import answered ${status}: ${output.slice(0, 500)}`);
        }
        return body as { rows: number };
      });
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        `  ${label.padEnd(26)} ${(result.rows / seconds)
          .toFixed(0)
          .padStart(7)} rows/s  ${seconds.toFixed(1)} s  (${(
          seconds / bareSeconds
        ).toFixed(2)}× bare COPY)  peak RSS ${mb(peak)} (${mb(
          rssBefore,
        )} before)`,
      );
    };
    await importOnce('import (POST /imports)');
    await importOnce('re-import (replaces)');

    const [{ count }] = await knex('cost_line_items').count({ count: '*' });
    if (Number(count) !== rows)
      throw new Error(`${count} line items after two imports of ${rows}`);

    const timeQueries = async (
      label: string,
      samples: number,
      url: (i: number) => string,
    ) => {
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now();
        const res = await fetch(`${base}${url(i)}`, {
          headers: { authorization },
        });
        if (res.status !== 200)
          throw new Error(`${url(i)} answered ${res.status}`);
        await res.json();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(
        `  ${label.padEnd(58)} p50 ${percentile(times, 0.5)
          .toFixed(1)
          .padStart(6)} ms · p95 ${percentile(times, 0.95)
          .toFixed(1)
          .padStart(6)} ms  (${samples})`,
      );
    };
    const year = 'from=2026-01-01&to=2027-01-01';
    await timeQueries(
      'org page: GET /summary, 12 months by owner',
      QUERY_SAMPLES,
      () => `/summary?${year}&groupBy=owner`,
    );
    await timeQueries(
      'entity tab: GET /entities/default/service-N/cost, 12 months',
      QUERY_SAMPLES,
      i => `/entities/default/service-${(i * 37) % SERVICES}/cost?${year}`,
    );
    await timeQueries(
      'for reference: /summary, 12 months by entity',
      REFERENCE_SAMPLES,
      () => `/summary?${year}&groupBy=entity`,
    );
    await timeQueries(
      'for reference: /summary, 2026-01-15 to 2026-12-15 by owner',
      REFERENCE_SAMPLES,
      () => `/summary?from=2026-01-15&to=2026-12-15&groupBy=owner`,
    );
    await timeQueries(
      'for reference: squad tab (20 services), 12 months',
      REFERENCE_SAMPLES,
      i => `/entities/default/squad-${i % SQUADS}/cost?${year}&kind=group`,
    );
    await timeQueries(
      'for reference: /month-over-month, December by entity',
      REFERENCE_SAMPLES,
      () => `/month-over-month?month=2026-12&groupBy=entity`,
    );
    await timeQueries(
      'for reference: /unallocated, 12 months',
      REFERENCE_SAMPLES,
      () => `/unallocated?${year}`,
    );
    await timeQueries(
      'for reference: /trend by day, 90 days, everything',
      REFERENCE_SAMPLES,
      () => `/trend?from=2026-10-01&to=2026-12-30&interval=day`,
    );
    await backend.stop();
  } finally {
    await knex.destroy();
    if (process.env.BENCH_KEEP_DATABASES) {
      console.log(`  kept database ${databaseName}`);
    } else {
      await admin.raw('DROP DATABASE ?? WITH (FORCE)', [databaseName]);
    }
    await admin.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
