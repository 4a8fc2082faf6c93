import { AuthService, UserInfoService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './createRegisterAction.examples';
import { registrationProblems } from './registrationRules';

export const REGISTER_ACTION_ID = 'paved:catalog:register';

/** The catalog answers 409 for a location that is already registered. */
function isConflict(error: unknown): boolean {
  const e = error as {
    name?: string;
    response?: { status?: number };
    body?: { error?: { name?: string } };
  };
  return (
    e?.name === 'ConflictError' ||
    e?.response?.status === 409 ||
    e?.body?.error?.name === 'ConflictError'
  );
}

function pickEntityRef(entities: Entity[]): string | undefined {
  const entity =
    entities.find(
      e => e.kind === 'Component' && !e.metadata.name.startsWith('generated-'),
    ) ?? entities.find(e => !e.metadata.name.startsWith('generated-'));
  return entity && stringifyEntityRef(entity);
}

/**
 * `paved:catalog:register`: registers the catalog-info.yaml of a repository
 * a template just created, for a developer who may not register catalog
 * locations themselves (in Paved that is the platform squad's). It reads
 * the file first and registers it only when it declares Components, APIs or
 * Resources owned by one of the developer's own groups; it then registers
 * it as the scaffolder, so the catalog's location permission stays with the
 * platform squad. A location that is already registered (a retried task)
 * counts as done.
 */
export function createRegisterAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  userInfo: UserInfoService;
  integrations: ScmIntegrationRegistry;
  platformGroupRef: string;
}) {
  const { catalog, auth, userInfo, integrations, platformGroupRef } = options;

  return createTemplateAction({
    id: REGISTER_ACTION_ID,
    description:
      "Registers a new repository's catalog-info.yaml in the catalog for the developer who runs the template: only Components, APIs and Resources owned by one of their groups (the platform squad: anything). Already registered counts as done.",
    examples,
    schema: {
      input: {
        repoContentsUrl: z =>
          z.string({
            description:
              "The repository's contents URL, usually ${{ steps.publish.output.repoContentsUrl }}",
          }),
        catalogInfoPath: z =>
          z
            .string({
              description: 'The path of the catalog file in the repository',
            })
            .default('/catalog-info.yaml')
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({
            description: 'The Component (or first entity) registered',
          }),
        catalogInfoUrl: z =>
          z.string({ description: 'The URL of the registered catalog file' }),
      },
    },
    async handler(ctx) {
      const { repoContentsUrl } = ctx.input;
      const integration = integrations.byUrl(repoContentsUrl);
      if (!integration) {
        throw new InputError(
          `repoContentsUrl: no integration is configured for ${repoContentsUrl}`,
        );
      }
      const catalogInfoUrl = integration.resolveUrl({
        base: repoContentsUrl,
        url: ctx.input.catalogInfoPath ?? '/catalog-info.yaml',
      });
      const location = { type: 'url', target: catalogInfoUrl };
      const scaffolder = await auth.getOwnServiceCredentials();

      const preview = await catalog.addLocation(
        { ...location, dryRun: true },
        { credentials: scaffolder },
      );
      const user = await userInfo.getUserInfo(
        await ctx.getInitiatorCredentials(),
      );
      const problems = registrationProblems(
        preview.entities,
        user,
        platformGroupRef,
      );
      if (problems.length > 0) {
        throw new NotAllowedError(
          `${catalogInfoUrl} was not registered: ${problems.join('; ')}`,
        );
      }
      const entityRef = pickEntityRef(preview.entities);
      if (!entityRef) {
        throw new InputError(`${catalogInfoUrl} declares no entities`);
      }

      try {
        await catalog.addLocation(location, { credentials: scaffolder });
        ctx.logger.info(`Registered ${catalogInfoUrl}: ${entityRef}`);
      } catch (error) {
        if (!isConflict(error)) throw error;
        ctx.logger.info(
          `${catalogInfoUrl} is already registered (the task ran before): ${entityRef}`,
        );
      }
      ctx.output('entityRef', entityRef);
      ctx.output('catalogInfoUrl', catalogInfoUrl);
    },
  });
}
