import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  archiveFlagRequestSchema,
  AuditEntry,
  changeRequestStatusSchema,
  createApiKeyRequestSchema,
  createFlagRequestSchema,
  decideChangeRequestSchema,
  evaluationsQuerySchema,
  flagKeySchema,
  updateDefinitionRequestSchema,
} from '@internal/plugin-feature-flags-common';
import { createHash } from 'crypto';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { hashFlagSet } from '../evaluation/FlagSetEvaluator';
import {
  etagMatches,
  ofrepStatus,
  parseOfrepContext,
} from '../evaluation/ofrep';
import { parseInput as parse, toCsv } from '@internal/backend-validation';
import { componentRef, FeatureFlagsService } from './FeatureFlagsService';

const entityParams = z.object({
  namespace: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

const flagParams = entityParams.extend({ key: flagKeySchema });

const changeRequestParams = entityParams.extend({
  id: z.string().regex(/^\d{1,18}$/, 'must be a change request id'),
});

const statusQuery = z.object({ status: changeRequestStatusSchema.optional() });
const ownerQuery = z.object({ owner: z.string().min(1).optional() });

const AUDIT_CSV_COLUMNS: (keyof AuditCsvRow)[] = [
  'at',
  'environment',
  'actor',
  'approvedBy',
  'reason',
  'before',
  'after',
];
type AuditCsvRow = Omit<AuditEntry, 'before' | 'after'> & {
  before: string;
  after: string;
};

/** OFREP bodies are parsed here, so a bad body is an OFREP error and not the generic 400. */
const ofrepBody = express.text({ type: () => true, limit: '100kb' });

function readJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== 'string' || text.trim() === '') {
    return { ok: true, value: undefined };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const invalidJson = {
  errorCode: 'INVALID_CONTEXT',
  errorDetails: 'The request body is not JSON',
};

/**
 * The feature flags API (`/api/feature-flags`).
 *
 * Signed-in users:
 * - `GET /environments` — environments, approval environments, segments, rollout ladder
 * - `GET /flags?owner=` — every flag with its Component's owner; `GET /stale?owner=`
 * - `GET /change-requests?status=` — across Components
 * - `POST /entities/:namespace/:name/flags` `{ key, kind, description?, definition? }`
 * - `GET /entities/:namespace/:name/flags` — with each environment's definition and version
 * - `PUT /entities/:namespace/:name/flags/:key/environments/:environment` `{ definition, version, reason }`
 *   — 200 applied, or 202 `{ changeRequest }` waiting for an owner's approval
 * - `POST /entities/:namespace/:name/flags/:key/archive` `{ reason }` — owners only
 * - `GET /entities/:namespace/:name/flags/:key/audit` (and `audit.csv`)
 * - `GET /entities/:namespace/:name/flags/:key/evaluations?environment=&hours=`
 * - `GET /entities/:namespace/:name/change-requests?status=`,
 *   `POST .../change-requests/:id/approve` and `.../reject` `{ comment? }`
 * - `POST /entities/:namespace/:name/api-keys` `{ environment, name }` — the secret, once
 * - `GET /entities/:namespace/:name/api-keys`, `DELETE .../api-keys/:id` (revoke)
 *
 * Services, with an API key (`Authorization: Bearer <key>` or `X-API-Key`):
 * - `POST /ofrep/v1/evaluate/flags/:key` and `POST /ofrep/v1/evaluate/flags` (OFREP)
 * - `GET /flagd/:namespace/:name/:environment` — the flag set as flagd JSON
 */
export async function createRouter(deps: {
  service: FeatureFlagsService;
  httpAuth: HttpAuthService;
}): Promise<express.Router> {
  const { service, httpAuth } = deps;
  const router = Router();
  const json = express.json({ limit: '256kb' });
  const user = async (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });
  // Reading flags is open to every signed-in user and to other plugins
  // (the runbooks on-call page shows kill switches).
  const reader = async (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/environments', async (req, res) => {
    await reader(req);
    res.json(service.settings());
  });

  router.get('/flags', async (req, res) => {
    const credentials = await reader(req);
    const { owner } = parse(ownerQuery, req.query, 'query');
    res.json(await service.orgFlags(owner, credentials));
  });

  router.get('/stale', async (req, res) => {
    const credentials = await reader(req);
    const { owner } = parse(ownerQuery, req.query, 'query');
    res.json(await service.staleFlags(owner, credentials));
  });

  router.get('/change-requests', async (req, res) => {
    await reader(req);
    const { status } = parse(statusQuery, req.query, 'query');
    res.json({
      changeRequests: await service.changeRequests({
        ...(status ? { status } : {}),
      }),
    });
  });

  router.post('/entities/:namespace/:name/flags', json, async (req, res) => {
    const credentials = await user(req);
    const { namespace, name } = parse(entityParams, req.params, 'entity');
    const body = parse(createFlagRequestSchema, req.body ?? {}, 'flag');
    res
      .status(201)
      .json(await service.createFlag(namespace, name, body, credentials));
  });

  router.get('/entities/:namespace/:name/flags', async (req, res) => {
    await reader(req);
    const { namespace, name } = parse(entityParams, req.params, 'entity');
    res.json({
      environments: service.environments,
      flags: await service.flags(namespace, name),
    });
  });

  router.put(
    '/entities/:namespace/:name/flags/:key/environments/:environment',
    json,
    async (req, res) => {
      const credentials = await user(req);
      const { namespace, name, key } = parse(flagParams, req.params, 'flag');
      const body = parse(
        updateDefinitionRequestSchema,
        req.body ?? {},
        'change',
      );
      const outcome = await service.updateDefinition(
        namespace,
        name,
        key,
        req.params.environment,
        body,
        credentials,
      );
      if ('pending' in outcome) {
        res.status(202).json({ changeRequest: outcome.pending });
      } else {
        res.json(outcome.applied);
      }
    },
  );

  router.get(
    '/entities/:namespace/:name/flags/:key/audit.csv',
    async (req, res) => {
      await reader(req);
      const { namespace, name, key } = parse(flagParams, req.params, 'flag');
      const entries = await service.audit(namespace, name, key);
      const rows: AuditCsvRow[] = entries.map(entry => ({
        ...entry,
        before: entry.before === null ? '' : JSON.stringify(entry.before),
        after: entry.after === null ? '' : JSON.stringify(entry.after),
      }));
      res
        .type('text/csv; charset=utf-8')
        .attachment(`${name}-${key}-audit.csv`)
        .send(toCsv(rows, AUDIT_CSV_COLUMNS));
    },
  );

  router.get(
    '/entities/:namespace/:name/flags/:key/evaluations',
    async (req, res) => {
      await reader(req);
      const { namespace, name, key } = parse(flagParams, req.params, 'flag');
      const query = parse(evaluationsQuerySchema, req.query, 'query');
      res.json(await service.evaluationSeries(namespace, name, key, query));
    },
  );

  router.get('/entities/:namespace/:name/change-requests', async (req, res) => {
    await reader(req);
    const { namespace, name } = parse(entityParams, req.params, 'entity');
    const { status } = parse(statusQuery, req.query, 'query');
    res.json({
      changeRequests: await service.changeRequests({
        namespace,
        name,
        ...(status ? { status } : {}),
      }),
    });
  });

  // An owner approves (applies) or rejects a change request; its requester may withdraw it.
  router.post(
    '/entities/:namespace/:name/change-requests/:id/:decision(approve|reject)',
    json,
    async (req, res) => {
      const credentials = await user(req);
      const { namespace, name, id } = parse(
        changeRequestParams,
        req.params,
        'change request',
      );
      const { comment } = parse(
        decideChangeRequestSchema,
        req.body ?? {},
        'decision',
      );
      const args = [namespace, name, id, comment, credentials] as const;
      res.json(
        req.params.decision === 'approve'
          ? await service.approveChangeRequest(...args)
          : { changeRequest: await service.rejectChangeRequest(...args) },
      );
    },
  );

  router.post(
    '/entities/:namespace/:name/flags/:key/archive',
    json,
    async (req, res) => {
      const credentials = await user(req);
      const { namespace, name, key } = parse(flagParams, req.params, 'flag');
      const { reason } = parse(
        archiveFlagRequestSchema,
        req.body ?? {},
        'archive',
      );
      await service.archiveFlag(namespace, name, key, reason, credentials);
      res.status(204).end();
    },
  );

  router.get(
    '/entities/:namespace/:name/flags/:key/audit',
    async (req, res) => {
      await reader(req);
      const { namespace, name, key } = parse(flagParams, req.params, 'flag');
      res.json({ entries: await service.audit(namespace, name, key) });
    },
  );

  router.post('/entities/:namespace/:name/api-keys', json, async (req, res) => {
    const credentials = await user(req);
    const { namespace, name } = parse(entityParams, req.params, 'entity');
    const body = parse(createApiKeyRequestSchema, req.body ?? {}, 'API key');
    res
      .status(201)
      .json(await service.createApiKey(namespace, name, body, credentials));
  });

  router.get('/entities/:namespace/:name/api-keys', async (req, res) => {
    await user(req);
    const { namespace, name } = parse(entityParams, req.params, 'entity');
    res.json({ apiKeys: await service.apiKeys(namespace, name) });
  });

  router.delete('/entities/:namespace/:name/api-keys/:id', async (req, res) => {
    const credentials = await user(req);
    const { namespace, name } = parse(entityParams, req.params, 'entity');
    res.json(
      await service.revokeApiKey(namespace, name, req.params.id, credentials),
    );
  });

  // OFREP and flagd sync: the API key decides the Component and environment.

  router.post('/ofrep/v1/evaluate/flags/:key', ofrepBody, async (req, res) => {
    const apiKey = await service.authenticateApiKey(req.headers);
    const key = req.params.key;
    const body = readJson(req.body);
    if (!body.ok) {
      res.status(400).json({ key, ...invalidJson });
      return;
    }
    const parsed = parseOfrepContext(body.value);
    if ('error' in parsed) {
      res.status(400).json({ key, ...parsed.error });
      return;
    }
    const evaluator = await service.evaluator(
      apiKey.entityRef,
      apiKey.environment,
    );
    const evaluation = evaluator.evaluate(key, parsed.context);
    service.recordEvaluations(apiKey, [evaluation]);
    res.status(ofrepStatus(evaluation)).json(evaluation);
  });

  router.post('/ofrep/v1/evaluate/flags', ofrepBody, async (req, res) => {
    const apiKey = await service.authenticateApiKey(req.headers);
    const body = readJson(req.body);
    if (!body.ok) {
      res.status(400).json(invalidJson);
      return;
    }
    const parsed = parseOfrepContext(body.value);
    if ('error' in parsed) {
      res.status(400).json(parsed.error);
      return;
    }
    const evaluator = await service.evaluator(
      apiKey.entityRef,
      apiKey.environment,
    );
    // The results depend on the context as well as on the flags.
    const etag = `"${createHash('sha256')
      .update(evaluator.hash)
      .update(JSON.stringify(parsed.context))
      .digest('hex')
      .slice(0, 32)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (etagMatches(req.header('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    const evaluations = evaluator.evaluateAll(parsed.context);
    service.recordEvaluations(apiKey, evaluations);
    res.json({ flags: evaluations });
  });

  router.get('/flagd/:namespace/:name/:environment', async (req, res) => {
    const apiKey = await service.authenticateApiKey(req.headers);
    const { namespace, name } = parse(entityParams, req.params, 'entity');
    const entityRef = componentRef(namespace, name);
    if (
      apiKey.entityRef !== entityRef ||
      apiKey.environment !== req.params.environment
    ) {
      throw new NotAllowedError(
        `This API key is for ${apiKey.entityRef} in ${apiKey.environment}`,
      );
    }
    const flagSet = await service.loadFlagSet(entityRef, apiKey.environment);
    const etag = `"${hashFlagSet(flagSet).slice(0, 32)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (etagMatches(req.header('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    res.json(flagSet);
  });

  return router;
}
