import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  ChangeDetail,
  changeEventSchema,
  DeploymentDetail,
  IncidentDetail,
  deploymentEventSchema,
  incidentEventSchema,
  metricsQuerySchema,
  squadsQuerySchema,
} from '@internal/plugin-dora-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { SyncStatus } from '../github/GithubDoraSync';
import { DoraService } from './DoraService';
import { parseInput as parse, toCsv } from '@internal/backend-validation';

/** The columns of each CSV export, in order. */
const CSV_COLUMNS: {
  deployments: (keyof DeploymentDetail)[];
  changes: (keyof ChangeDetail)[];
  incidents: (keyof IncidentDetail)[];
} = {
  deployments: [
    'id',
    'entityRef',
    'repository',
    'environment',
    'sha',
    'source',
    'startedAt',
    'finishedAt',
    'unplannedReason',
    'failed',
    'failedBecause',
    'changeIds',
    'incidentIds',
    'url',
  ],
  changes: [
    'id',
    'entityRef',
    'repository',
    'number',
    'title',
    'firstCommitAt',
    'openedAt',
    'firstReviewAt',
    'mergedAt',
    'mergeSha',
    'deploymentId',
    'deployedAt',
    'method',
    'leadTimeSeconds',
  ],
  incidents: [
    'id',
    'entityRef',
    'title',
    'source',
    'openedAt',
    'resolvedAt',
    'deploymentId',
    'attribution',
    'restoreSeconds',
  ],
};

/** Records one POST may carry. */
const MAX_BATCH = 1000;

/** Parses with zod; a failure is a 400 naming every bad field. */
/**
 * The DORA API under /api/dora:
 * - `POST /deployments`, `POST /changes`, `POST /incidents`: records from CD
 *   tools, source hosts and incident tools (idempotent by id), one or a
 *   batch of up to 1,000;
 * - `GET /deployments/unlinked`: deployments whose repository no Component declares;
 * - `GET /metrics?entityRef=&environment=&from=&to=&timeZone=`: the metrics
 *   of a Component or Group over a window; `/series` (`granularity=week|month`)
 *   the same per period; `/deployments`, `/changes`, `/incidents` the records
 *   behind them, and `/deployments.csv`, `/changes.csv`, `/incidents.csv`
 *   the same as CSV files;
 * - `GET /squads?environment=&from=&to=`: every squad's metrics;
 * - `GET /status`: services whose org-page facts await re-deriving;
 * - `GET /github/sync`: the GitHub backfill's last pass and cursors;
 *   `POST /github/sync` starts a pass now.
 */
export async function createRouter(deps: {
  dora: DoraService;
  httpAuth: HttpAuthService;
  /** Set when `dora.github` is configured. */
  githubSync?: {
    status(): Promise<SyncStatus>;
    /** Starts a pass now; a ConflictError while one runs. */
    trigger(): Promise<void>;
  };
}): Promise<express.Router> {
  const { dora, httpAuth, githubSync } = deps;
  const router = Router();
  router.use(express.json({ limit: '5mb' }));

  /**
   * One record (`{…}` → 201 `{ deployment }`) or a batch of up to 1,000
   * (`[…]` → 201 `{ deployments }`, stored all or none).
   */
  const postRecords = <S extends z.ZodType, R>(
    path: string,
    schema: S,
    singular: string,
    record: (events: z.infer<S>[]) => Promise<R[]>,
  ) => {
    router.post(`/${path}`, async (req, res) => {
      await httpAuth.credentials(req, { allow: ['user', 'service'] });
      if (Array.isArray(req.body)) {
        const events = parse(
          z.array(schema).min(1).max(MAX_BATCH),
          req.body,
          `${singular} batch`,
        );
        res.status(201).json({ [path]: await record(events) });
      } else {
        const event = parse(schema, req.body, singular);
        res.status(201).json({ [singular]: (await record([event]))[0] });
      }
    });
  };
  postRecords('deployments', deploymentEventSchema, 'deployment', events =>
    dora.recordDeployments(events),
  );
  postRecords('changes', changeEventSchema, 'change', events =>
    dora.recordChanges(events),
  );
  postRecords('incidents', incidentEventSchema, 'incident', events =>
    dora.recordIncidents(events),
  );

  router.get('/deployments/unlinked', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { limit } = parse(
      z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      req.query,
      'query',
    );
    res.json({ deployments: await dora.unlinkedDeployments(limit) });
  });

  router.get('/metrics', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parse(metricsQuerySchema, req.query, 'query');
    res.json(await dora.metrics(query));
  });

  router.get('/series', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parse(metricsQuerySchema, req.query, 'query');
    res.json({ points: await dora.series(query) });
  });

  for (const kind of ['deployments', 'changes', 'incidents'] as const) {
    router.get(`/${kind}`, async (req, res) => {
      await httpAuth.credentials(req, { allow: ['user', 'service'] });
      const query = parse(metricsQuerySchema, req.query, 'query');
      res.json({ [kind]: (await dora.records(query))[kind] });
    });

    router.get(`/${kind}.csv`, async (req, res) => {
      await httpAuth.credentials(req, { allow: ['user', 'service'] });
      const query = parse(metricsQuerySchema, req.query, 'query');
      const rows = (await dora.records(query))[kind];
      const name = `dora-${kind}-${query.entityRef.replace(
        /[^\w-]+/g,
        '_',
      )}-${query.from.toISOString().slice(0, 10)}-${query.to
        .toISOString()
        .slice(0, 10)}.csv`;
      res
        .type('text/csv; charset=utf-8')
        .attachment(name)
        .send(toCsv(rows as object[], CSV_COLUMNS[kind] as never[]));
    });
  }

  router.get('/status', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ staleServices: await dora.staleServices() });
  });

  router.get('/github/sync', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(
      githubSync
        ? { enabled: true, ...(await githubSync.status()) }
        : { enabled: false },
    );
  });

  router.post('/github/sync', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    if (!githubSync) {
      throw new NotFoundError(
        'The GitHub backfill is off: configure dora.github to turn it on',
      );
    }
    await githubSync.trigger();
    res.status(202).json({ status: 'started' });
  });

  router.get('/squads', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parse(squadsQuerySchema, req.query, 'query');
    res.json({ squads: await dora.squads(query) });
  });

  return router;
}
