import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parseInput as parse, toCsv } from '@internal/backend-validation';
import {
  anomaliesQuerySchema,
  anomalyReviewBodySchema,
  costImportPermission,
  entityCostQuerySchema,
  importQuerySchema,
  monthOverMonthQuerySchema,
  nonProductionQuerySchema,
  rightSizingQuerySchema,
  summaryQuerySchema,
  trendQuerySchema,
  unallocatedQuerySchema,
} from '@internal/plugin-cost-common';
import express from 'express';
import Router from 'express-promise-router';
import { createWriteStream } from 'fs';
import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { createGunzip } from 'zlib';
import { z } from 'zod';
import { CostService } from './CostService';

const entityParams = z.object({
  namespace: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

const importsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const importParams = z.object({
  id: z.string().regex(/^\d{1,18}$/, 'must be an import id'),
});

type SummaryCsvRow = {
  group: string;
  currency: string;
  effectiveCost: string;
  billedCost: string;
};
const SUMMARY_CSV_COLUMNS: (keyof SummaryCsvRow)[] = [
  'group',
  'currency',
  'effectiveCost',
  'billedCost',
];

/** Streams the upload into a temporary file, runs `work` on its path, then deletes it. */
async function withUploadedFile<T>(
  body: Readable,
  work: (path: string) => Promise<T>,
): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'paved-cost-upload-'));
  try {
    const path = join(directory, 'upload.parquet');
    await pipeline(body, createWriteStream(path));
    return await work(path);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The upload, uncompressed (`Content-Encoding: gzip` is accepted). */
function uploadBody(req: express.Request): Readable {
  const encoding = (
    req.headers['content-encoding'] ?? 'identity'
  ).toLowerCase();
  if (encoding === 'identity') return req;
  if (encoding !== 'gzip') {
    throw new InputError(
      `Content-Encoding must be gzip or none, not "${encoding}"`,
    );
  }
  const gunzip = createGunzip();
  req.on('error', error => gunzip.destroy(error));
  return req.pipe(gunzip);
}

/**
 * The cost API (`/api/cost`). Amounts are `{ currency, amount }` with the
 * amount a decimal string rounded to cents; currencies are never added.
 *
 * Signed-in users (and other plugins):
 * - `GET /summary?from=&to=&groupBy=owner|entity|environment|provider|category&currency=`
 *   (and `/summary.csv`)
 * - `GET /trend?from=&to=&interval=day|month&entityRef=|owner=`
 * - `GET /month-over-month?month=YYYY-MM&groupBy=owner|entity`
 * - `GET /unallocated?from=&to=&limit=`
 * - `GET /non-production?from=&to=`: the non-production share and the
 *   saving from shutting it down outside working hours, per currency
 * - `GET /entities/:namespace/:name/cost?from=&to=&kind=component|group`
 * - `GET /anomalies?groupBy=owner|entity&days=60&all=` (dismissed and
 *   currently snoozed ones only with `all=true`)
 * - `PUT /anomalies/review` with `{ key, currency, date, status,
 *   snoozedUntil?, note? }` (users only: the reviewer is recorded)
 * - `GET /right-sizing?entityRef=|owner=`: Kubernetes requests against
 *   use per workload container, with suggested requests
 * - `GET /sources`: each source of cost data and whether it is stale, why
 * - `GET /imports?limit=`, `GET /imports/:id`
 * - `POST /imports?source=&fileName=` with a FOCUS CSV body (`text/csv`,
 *   streamed) or Parquet (`application/vnd.apache.parquet`, spooled to a
 *   temporary file): 201 with the import, or 422 with its problems by line when
 *   any line is bad (nothing imported); 403 without `cost.imports.create`
 *   (Paved's policy: the platform squad).
 */
export async function createRouter(deps: {
  service: CostService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { service, httpAuth, permissions } = deps;
  const router = Router();
  const reader = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/summary', async (req, res) => {
    await reader(req);
    res.json(
      await service.summary(parse(summaryQuerySchema, req.query, 'query')),
    );
  });

  router.get('/summary.csv', async (req, res) => {
    await reader(req);
    const query = parse(summaryQuerySchema, req.query, 'query');
    const summary = await service.summary(query);
    const rows: SummaryCsvRow[] = summary.groups.flatMap(group =>
      group.costs.map(cost => ({
        group: group.key ?? 'unallocated',
        currency: cost.currency,
        effectiveCost: cost.effectiveCost.amount,
        billedCost: cost.billedCost.amount,
      })),
    );
    res
      .type('text/csv; charset=utf-8')
      .attachment(
        `cost-by-${summary.groupBy}-${summary.from}-${summary.to}.csv`,
      )
      .send(toCsv(rows, SUMMARY_CSV_COLUMNS));
  });

  router.get('/trend', async (req, res) => {
    await reader(req);
    res.json(await service.trend(parse(trendQuerySchema, req.query, 'query')));
  });

  router.get('/month-over-month', async (req, res) => {
    await reader(req);
    res.json(
      await service.monthOverMonth(
        parse(monthOverMonthQuerySchema, req.query, 'query'),
      ),
    );
  });

  router.get('/unallocated', async (req, res) => {
    await reader(req);
    res.json(
      await service.unallocated(
        parse(unallocatedQuerySchema, req.query, 'query'),
      ),
    );
  });

  router.get('/non-production', async (req, res) => {
    await reader(req);
    res.json(
      await service.nonProduction(
        parse(nonProductionQuerySchema, req.query, 'query'),
      ),
    );
  });

  router.get('/entities/:namespace/:name/cost', async (req, res) => {
    await reader(req);
    const { namespace, name } = parse(entityParams, req.params, 'entity');
    const query = parse(entityCostQuerySchema, req.query, 'query');
    res.json(await service.entityCost(namespace, name, query));
  });

  router.get('/anomalies', async (req, res) => {
    await reader(req);
    res.json(
      await service.anomalies(parse(anomaliesQuerySchema, req.query, 'query')),
    );
  });

  router.put('/anomalies/review', express.json(), async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(anomalyReviewBodySchema, req.body ?? {}, 'review');
    res.json(
      await service.reviewAnomaly(body, credentials.principal.userEntityRef),
    );
  });

  router.get('/right-sizing', async (req, res) => {
    await reader(req);
    res.json(
      await service.rightSizing(
        parse(rightSizingQuerySchema, req.query, 'query'),
      ),
    );
  });

  router.get('/sources', async (req, res) => {
    await reader(req);
    res.json(await service.sources());
  });

  router.get('/imports', async (req, res) => {
    await reader(req);
    const { limit } = parse(importsQuery, req.query, 'query');
    res.json({ imports: await service.imports(limit) });
  });

  router.get('/imports/:id', async (req, res) => {
    await reader(req);
    const { id } = parse(importParams, req.params, 'import');
    res.json(await service.import(id));
  });

  router.post('/imports', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: costImportPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Only the platform squad imports cost data: an import replaces its source’s billing periods',
      );
    }
    const { source, fileName } = parse(importQuerySchema, req.query, 'query');
    const startedBy =
      'userEntityRef' in credentials.principal
        ? credentials.principal.userEntityRef
        : credentials.principal.subject;
    let imported;
    if (req.is(['application/vnd.apache.parquet', 'application/x-parquet'])) {
      // Parquet is read from its footer: the upload lands in a file first.
      imported = await withUploadedFile(uploadBody(req), path =>
        service.importFile({
          source,
          fileName,
          startedBy,
          format: 'parquet',
          file: path,
        }),
      );
    } else if (req.is(['text/csv', 'application/csv', 'text/plain'])) {
      imported = await service.importFile({
        source,
        fileName,
        startedBy,
        input: uploadBody(req),
      });
    } else {
      throw new InputError(
        'Content-Type must be text/csv or application/vnd.apache.parquet',
      );
    }
    res.status(imported.status === 'succeeded' ? 201 : 422).json(imported);
  });

  return router;
}
