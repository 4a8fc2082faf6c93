import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  IngestionRunReport,
  IngestionRunsService,
} from '@internal/plugin-catalog-ingestion-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';

const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** The JSON shape of a run: dates as ISO strings, the duration spelled out. */
function toJson(run: IngestionRunReport) {
  return {
    ...run,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    durationMs: run.finishedAt.getTime() - run.startedAt.getTime(),
  };
}

/**
 * `GET /ingestion-runs` — the latest run of every provider;
 * `GET /ingestion-runs/:provider?limit=N` — one provider's recent runs.
 */
export function createIngestionRunsRouter(deps: {
  ingestionRuns: IngestionRunsService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { ingestionRuns, httpAuth } = deps;
  const router = Router();

  router.get('/ingestion-runs', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const runs = await ingestionRuns.latestRuns();
    res.json({ runs: runs.map(toJson) });
  });

  router.get('/ingestion-runs/:provider', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const query = historyQuery.safeParse(req.query);
    if (!query.success) {
      throw new InputError(
        `Invalid query: ${query.error.issues
          .map(issue => `${issue.path.join('.')}: ${issue.message}`)
          .join('; ')}`,
      );
    }
    const runs = await ingestionRuns.runsOf(req.params.provider, query.data.limit);
    if (runs.length === 0) {
      throw new NotFoundError(`No runs recorded for provider "${req.params.provider}"`);
    }
    res.json({ provider: req.params.provider, runs: runs.map(toJson) });
  });

  return router;
}
