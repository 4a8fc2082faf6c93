import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { parseInput as parse } from '@internal/backend-validation';
import {
  alertHintsQuerySchema,
  coverageQuerySchema,
  IndexRun,
  refreshRequestSchema,
  RunbookFacets,
  runbookSearchQuerySchema,
} from '@internal/plugin-runbooks-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { RunbookDocument } from '../database/RunbookStore';
import { RunbooksService } from './RunbooksService';

const documentsQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a runbook id')
    .default('0'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

const entityParams = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
});

/**
 * The runbooks API (`/api/runbooks`), signed-in users and services:
 * - `GET /search?q=&owner=&system=&severity=&limit=&offset=`
 * - `GET /facets` — owners, systems and severities to filter by
 * - `GET /runbooks/:id` — one runbook with its sanitised HTML
 * - `GET /alerts/:alertName?service=&namespace=` — what an alert opens
 * - `GET /entity/:kind/:namespace/:name` — a Component's runbooks, source, problems
 * - `GET /oncall/:kind/:namespace/:name` — the on-call page in one response
 * - `GET /coverage?staleDays=&owner=` and `GET /problems?entityRef=`
 * - `GET /documents?after=&limit=` — pages of runbooks for the search collator
 * - `POST /refresh` `{ entityRef? }` — re-read one Component (or all) now
 * - `GET /status` — the last indexing pass
 */
export async function createRouter(deps: {
  runbooks: RunbooksService;
  httpAuth: HttpAuthService;
  refresh(entityRef?: string): Promise<IndexRun>;
  lastRun(): Promise<IndexRun | undefined>;
  documents(after: string, limit: number): Promise<RunbookDocument[]>;
  facets(): Promise<RunbookFacets>;
}): Promise<express.Router> {
  const { runbooks, httpAuth } = deps;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));
  const allow = { allow: ['user', 'service'] as Array<'user' | 'service'> };

  router.get('/search', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const query = parse(runbookSearchQuerySchema, req.query, 'search query');
    res.json(await runbooks.search(query));
  });

  router.get('/facets', async (req, res) => {
    await httpAuth.credentials(req, allow);
    res.json(await deps.facets());
  });

  router.get('/runbooks/:id', async (req, res) => {
    await httpAuth.credentials(req, allow);
    res.json(await runbooks.runbook(req.params.id));
  });

  router.get('/alerts/:alertName', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const alert = req.params.alertName.trim();
    if (!alert || alert.length > 200) {
      throw new InputError('Invalid alert name: must be 1 to 200 characters');
    }
    const hints = parse(alertHintsQuerySchema, req.query, 'alert hints');
    res.json(await runbooks.alert(alert, hints));
  });

  router.get('/entity/:kind/:namespace/:name', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const { kind, namespace, name } = parse(entityParams, req.params, 'entity');
    res.json(await runbooks.entityRunbooks(`${kind}:${namespace}/${name}`));
  });

  router.get('/oncall/:kind/:namespace/:name', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const { kind, namespace, name } = parse(entityParams, req.params, 'entity');
    res.json(await runbooks.oncall(`${kind}:${namespace}/${name}`));
  });

  router.get('/coverage', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const query = parse(coverageQuerySchema, req.query, 'coverage query');
    res.json(await runbooks.coverage(query));
  });

  router.get('/problems', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const { entityRef } = parse(
      z.object({ entityRef: z.string().trim().min(1).optional() }),
      req.query,
      'problems query',
    );
    res.json({ problems: await runbooks.problems(entityRef) });
  });

  router.get('/documents', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const { after, limit } = parse(documentsQuerySchema, req.query, 'query');
    res.json({ documents: await deps.documents(after, limit) });
  });

  router.post('/refresh', async (req, res) => {
    await httpAuth.credentials(req, allow);
    const { entityRef } = parse(refreshRequestSchema, req.body ?? {}, 'body');
    res.json({ run: await deps.refresh(entityRef) });
  });

  router.get('/status', async (req, res) => {
    await httpAuth.credentials(req, allow);
    res.json({ lastRun: await deps.lastRun() });
  });

  return router;
}
