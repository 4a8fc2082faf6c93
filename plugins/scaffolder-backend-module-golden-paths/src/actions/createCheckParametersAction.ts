import { Entity } from '@backstage/catalog-model';
import { UserInfoService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { Octokit } from '@octokit/rest';
import {
  componentRepoUrl,
  describeProblems,
  ExpectedEntity,
  ParameterProblem,
  parseExpectedRef,
} from './checkParameters';
import { examples } from './createCheckParametersAction.examples';

export const CHECK_PARAMETERS_ACTION_ID = 'paved:parameters:check';

type RepositoryState = 'free' | 'exists' | 'no-integration';

/**
 * `paved:parameters:check`: what a JSON schema cannot check, checked before
 * a template's first side effect — the owner is a Group in the catalog, the
 * system a System, the Component exists, and the new repository's name is
 * still free on GitHub. Every problem is reported at once, each naming its
 * parameter. Lookups run as the user who runs the template.
 *
 * The repository check is a checkpoint: when a task that created the
 * repository and then failed (a push that broke half-way) is retried, it
 * passes again instead of refusing the repository the task itself created.
 */
export function createCheckParametersAction(options: {
  catalog: CatalogService;
  integrations: ScmIntegrationRegistry;
  userInfo: UserInfoService;
  /** Its members may name any Group as owner. */
  platformGroupRef: string;
}) {
  const { catalog, integrations, userInfo } = options;
  const platformGroupRef = options.platformGroupRef.toLocaleLowerCase('en-US');
  const githubCredentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);

  async function repositoryState(repoUrl: string): Promise<RepositoryState> {
    const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
    const integration = integrations.github.byHost(host);
    if (!integration || !owner) return 'no-integration';
    const { token } = await githubCredentials.getCredentials({
      url: `https://${host}/${encodeURIComponent(owner)}/${encodeURIComponent(
        repo,
      )}`,
    });
    const octokit = new Octokit({
      auth: token,
      baseUrl: integration.config.apiBaseUrl,
    });
    try {
      await octokit.repos.get({ owner, repo });
      return 'exists';
    } catch (error) {
      if ((error as { status?: number }).status === 404) return 'free';
      throw new Error(
        `Could not check whether ${owner}/${repo} exists on ${host}: ${
          (error as Error).message
        }`,
      );
    }
  }

  return createTemplateAction({
    id: CHECK_PARAMETERS_ACTION_ID,
    description:
      "Checks a template's parameters against the catalog and GitHub before anything is created: owner is a Group, system a System, component a Component, and newRepoUrl's repository does not exist yet. Reports every problem at once, naming the parameter.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        owner: z =>
          z
            .string({
              description:
                'The owning team: must be a Group in the catalog, e.g. group:default/checkout-squad',
            })
            .optional(),
        system: z =>
          z
            .string({
              description:
                'The system the service belongs to: must be a System in the catalog',
            })
            .optional(),
        component: z =>
          z
            .string({
              description:
                'An existing Component the template changes, e.g. component:default/cart-service',
            })
            .optional(),
        ownerMustIncludeUser: z =>
          z
            .boolean({
              description:
                'The user who runs the template must be a member of the owner Group (the platform squad may name any); a template that registers what it creates needs this',
            })
            .default(false)
            .optional(),
        newRepoUrl: z =>
          z
            .string({
              description:
                'The repository the template will create (github.com?owner=o&repo=r): it must not exist yet',
            })
            .optional(),
      },
      output: {
        owner: z =>
          z
            .string({ description: 'The owner as a full entity ref' })
            .optional(),
        ownerName: z =>
          z
            .string({
              description: 'The owning Group name, e.g. checkout-squad',
            })
            .optional(),
        system: z =>
          z
            .string({ description: 'The system as a full entity ref' })
            .optional(),
        component: z =>
          z
            .string({ description: 'The Component as a full entity ref' })
            .optional(),
        componentOwner: z =>
          z.string({ description: "The Component's owner" }).optional(),
        componentSystem: z =>
          z.string({ description: "The Component's system" }).optional(),
        componentRepoUrl: z =>
          z
            .string({
              description:
                "The Component's repository (github.com?owner=o&repo=r), from its github.com/project-slug annotation",
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const problems: ParameterProblem[] = [];
      const credentials = await ctx.getInitiatorCredentials();

      const expected: ExpectedEntity[] = [];
      if (ctx.input.owner !== undefined)
        expected.push({ field: 'owner', ref: ctx.input.owner, kind: 'Group' });
      if (ctx.input.system !== undefined)
        expected.push({
          field: 'system',
          ref: ctx.input.system,
          kind: 'System',
        });
      if (ctx.input.component !== undefined)
        expected.push({
          field: 'component',
          ref: ctx.input.component,
          kind: 'Component',
        });

      const found = new Map<string, { ref: string; entity: Entity }>();
      await Promise.all(
        expected.map(async item => {
          const parsed = parseExpectedRef(item);
          if ('problem' in parsed) {
            problems.push(parsed.problem);
            return;
          }
          const entity = await catalog.getEntityByRef(parsed.ref, {
            credentials,
          });
          if (!entity) {
            problems.push({
              field: item.field,
              message: `${parsed.ref} is not in the catalog`,
            });
            return;
          }
          found.set(item.field, { ref: parsed.ref, entity });
        }),
      );

      const owner = found.get('owner');
      if (owner && ctx.input.ownerMustIncludeUser) {
        const user = await userInfo.getUserInfo(credentials);
        const claims = user.ownershipEntityRefs.map(ref =>
          ref.toLocaleLowerCase('en-US'),
        );
        if (
          !claims.includes(owner.ref.toLocaleLowerCase('en-US')) &&
          !claims.includes(platformGroupRef)
        ) {
          problems.push({
            field: 'owner',
            message: `${user.userEntityRef} is not a member of ${owner.ref}; choose one of your own squads (or ask the platform squad)`,
          });
        }
      }

      const component = found.get('component');
      const repoOfComponent = component && componentRepoUrl(component.entity);
      if (component && !repoOfComponent) {
        problems.push({
          field: 'component',
          message: `${component.ref} has no github.com/project-slug annotation, so its repository is unknown`,
        });
      }

      const { newRepoUrl } = ctx.input;
      if (newRepoUrl !== undefined) {
        let repo: { owner?: string; repo: string } | undefined;
        try {
          repo = parseRepoUrl(newRepoUrl, integrations);
        } catch (error) {
          problems.push({
            field: 'repoUrl',
            message: (error as Error).message,
          });
        }
        if (repo && !ctx.isDryRun) {
          const state = await ctx.checkpoint({
            key: `repository-free.${repo.owner}.${repo.repo}`,
            fn: () => repositoryState(newRepoUrl),
          });
          if (state === 'exists') {
            problems.push({
              field: 'repoUrl',
              message: `${repo.owner}/${repo.repo} already exists; choose another name`,
            });
          } else if (state === 'no-integration') {
            problems.push({
              field: 'repoUrl',
              message: `no GitHub integration is configured for ${newRepoUrl}`,
            });
          }
        }
      }

      if (problems.length > 0) {
        problems.sort((a, b) => a.field.localeCompare(b.field));
        throw new InputError(describeProblems(problems));
      }

      if (owner) {
        ctx.output('owner', owner.ref);
        ctx.output('ownerName', owner.entity.metadata.name);
      }
      const system = found.get('system');
      if (system) ctx.output('system', system.ref);
      if (component) {
        const spec = (component.entity.spec ?? {}) as Record<string, unknown>;
        ctx.output('component', component.ref);
        if (typeof spec.owner === 'string')
          ctx.output('componentOwner', spec.owner);
        if (typeof spec.system === 'string')
          ctx.output('componentSystem', spec.system);
        ctx.output('componentRepoUrl', repoOfComponent);
      }
      ctx.logger.info(
        `Parameters checked: ${[...found.values()].map(f => f.ref).join(', ')}${
          newRepoUrl ? `; ${newRepoUrl} is free` : ''
        }`,
      );
    },
  });
}
