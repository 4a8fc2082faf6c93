import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parseInput } from '@internal/backend-validation';
import {
  dryRunRequestSchema,
  templateDryRunPermission,
} from '@internal/plugin-golden-paths-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { GoldenPathsService } from './GoldenPathsService';

const templateParams = z.object({
  namespace: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

export async function createRouter(options: {
  service: GoldenPathsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): Promise<express.Router> {
  const { service, httpAuth, permissions } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/templates', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json({ templates: await service.listTemplates(credentials) });
  });

  router.post('/templates/:namespace/:name/dry-run', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { namespace, name } = parseInput(
      templateParams,
      req.params,
      'template',
    );
    const [decision] = await permissions.authorize(
      [{ permission: templateDryRunPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Only the platform squad may dry-run stored templates',
      );
    }
    const { values } = parseInput(dryRunRequestSchema, req.body, 'dry run');
    res.json(await service.dryRun({ namespace, name, values, credentials }));
  });

  return router;
}
