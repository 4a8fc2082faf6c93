import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  changeEventSchema,
  deploymentEventSchema,
  incidentEventSchema,
  metricsQuerySchema,
  squadsQuerySchema,
} from '@internal/plugin-dora-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { DoraService } from './DoraService';

/** Parses with zod; a failure is a 400 naming every bad field. */
function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}

/**
 * The DORA API under /api/dora:
 * - `POST /deployments`, `POST /changes`, `POST /incidents`: records from CD
 *   tools, source hosts and incident tools (idempotent by id);
 * - `GET /deployments/unlinked`: deployments whose repository no Component declares;
 * - `GET /metrics?entityRef=&environment=&from=&to=&timeZone=`: the metrics
 *   of a Component or Group over a window; `/series` (`granularity=week|month`)
 *   the same per period; `/deployments`, `/changes`, `/incidents` the records
 *   behind them;
 * - `GET /squads?environment=&from=&to=`: every squad's metrics.
 */
export async function createRouter(deps: {
  dora: DoraService;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { dora, httpAuth } = deps;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.post('/deployments', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const event = parse(deploymentEventSchema, req.body, 'deployment');
    res.status(201).json({ deployment: await dora.recordDeployment(event) });
  });

  router.post('/changes', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const event = parse(changeEventSchema, req.body, 'change');
    res.status(201).json({ change: await dora.recordChange(event) });
  });

  router.post('/incidents', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const event = parse(incidentEventSchema, req.body, 'incident');
    res.status(201).json({ incident: await dora.recordIncident(event) });
  });

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
  }

  router.get('/squads', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = parse(squadsQuerySchema, req.query, 'query');
    res.json({ squads: await dora.squads(query) });
  });

  return router;
}
