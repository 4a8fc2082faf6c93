import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  GithubInferenceConfig,
  matchesFilters,
} from '../config/readGithubInferenceConfigs';
import { declaresCatalogInfo, inferComponent } from '../inference/inferComponent';
import { RepositoryFactsStore } from '../database/RepositoryFactsStore';
import { repositoryFacts } from '../inference/repositoryFacts';
import { ConditionalRequestCache } from './ConditionalRequestCache';
import { GithubRepositoryReader } from './GithubRepositoryReader';
import { mapWithConcurrency } from './mapWithConcurrency';

/** What one full pass saw and did. */
export type InferenceRunSummary = {
  repositories: number;
  /** Of `requests`, those GitHub answered 304 Not Modified (no rate limit). */
  notModified: number;
  declared: number;
  inferred: number;
  unowned: number;
  filteredOut: number;
  requests: number;
  durationMs: number;
};

/**
 * Emits an inferred Component for every repository of a GitHub organisation
 * that has no catalog-info.yaml (repositories that have one are left to the
 * catalog's own GitHub discovery).
 *
 * Each pass is a full mutation, so a repository deleted upstream disappears
 * after the next complete pass; a pass that fails part-way applies nothing,
 * so a GitHub outage never removes entities. A complete pass also records
 * every repository's facts (declared or not) in the {@link RepositoryFactsStore}.
 */
export class GithubInferenceEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  static fromConfig(
    providerConfig: GithubInferenceConfig,
    deps: {
      config: Config;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      factsStore?: RepositoryFactsStore;
    },
  ): GithubInferenceEntityProvider {
    const integrations = ScmIntegrations.fromConfig(deps.config);
    const integration = integrations.github.byHost(providerConfig.host);
    if (!integration) {
      throw new Error(
        `catalog.providers.githubInference.${providerConfig.id}.host: no integrations.github entry for host "${providerConfig.host}"`,
      );
    }
    const credentials = DefaultGithubCredentialsProvider.fromIntegrations(integrations);
    const cache = new ConditionalRequestCache();
    return new GithubInferenceEntityProvider(providerConfig, {
      logger: deps.logger.child({ target: this.providerName(providerConfig) }),
      taskRunner: deps.taskRunner,
      factsStore: deps.factsStore,
      createReader: async () =>
        new GithubRepositoryReader({
          apiBaseUrl: integration.config.apiBaseUrl!,
          token: (
            await credentials.getCredentials({
              url: `https://${providerConfig.host}/${providerConfig.organization}`,
            })
          ).token,
          logger: deps.logger,
          cache,
        }),
    });
  }

  static providerName(providerConfig: Pick<GithubInferenceConfig, 'id'>) {
    return `github-inference:${providerConfig.id}`;
  }

  constructor(
    private readonly providerConfig: GithubInferenceConfig,
    private readonly deps: {
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      createReader: () => Promise<GithubRepositoryReader>;
      /** Where the facts of each complete pass are kept, when given. */
      factsStore?: RepositoryFactsStore;
      now?: () => Date;
    },
  ) {}

  getProviderName(): string {
    return GithubInferenceEntityProvider.providerName(this.providerConfig);
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          this.deps.logger.error(
            `GitHub inference for ${this.providerConfig.organization} failed; the catalog keeps what it had`,
            error as Error,
          );
          throw error;
        }
      },
    });
  }

  /** One full pass over the organisation. */
  async refresh(): Promise<InferenceRunSummary> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    const started = Date.now();
    const observedAt = new Date(started);
    const { organization, filters, concurrency } = this.providerConfig;
    const reader = await this.deps.createReader();
    const listed = await reader.listRepositories(organization);
    const selected = listed.filter(repo => matchesFilters(filters, repo));
    const options = {
      now: this.deps.now?.() ?? new Date(),
      staleAfterDays: this.providerConfig.staleAfterDays,
      experimentalForDays: this.providerConfig.experimentalForDays,
      unownedOwner: this.providerConfig.unownedOwner,
    };

    const snapshots = await mapWithConcurrency(selected, concurrency, repo =>
      reader.readRepository(repo, {
        // Teams cost a request: only ask when CODEOWNERS names no team.
        withTeams: snapshot =>
          inferComponent(snapshot, options).ownerSource === 'none',
      }),
    );
    const inferredByRepository = new Map(
      snapshots
        .filter(snapshot => !declaresCatalogInfo(snapshot.paths))
        .map(snapshot => [snapshot, inferComponent(snapshot, options)] as const),
    );
    const inferred = [...inferredByRepository.values()];

    const entities: Entity[] = inferred.map(({ entity }) => entity);
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });

    await this.deps.factsStore?.replaceForProvider(
      this.providerConfig.id,
      snapshots.map(snapshot => {
        const entity = inferredByRepository.get(snapshot)?.entity;
        return repositoryFacts(snapshot, entity && stringifyEntityRef(entity));
      }),
      observedAt,
    );

    const summary: InferenceRunSummary = {
      repositories: listed.length,
      declared: snapshots.length - inferred.length,
      inferred: inferred.length,
      unowned: inferred.filter(i => i.ownerSource === 'none').length,
      filteredOut: listed.length - selected.length,
      requests: reader.requestCount,
      notModified: reader.notModifiedCount,
      durationMs: Date.now() - started,
    };
    this.deps.logger.info(
      `Inferred ${summary.inferred} components (${summary.unowned} unowned) from ${summary.repositories} repositories of ${organization}; ${summary.declared} declare catalog-info.yaml, ${summary.filteredOut} filtered out; ${summary.requests} GitHub requests (${summary.notModified} not modified) in ${summary.durationMs} ms`,
    );
    return summary;
  }
}
