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
import { EventParams } from '@backstage/plugin-events-node';
import {
  IngestionRunReport,
  IngestionRunsService,
} from '@internal/plugin-catalog-ingestion-node';
import {
  GithubInferenceConfig,
  matchesFilters,
} from '../config/readGithubInferenceConfigs';
import {
  RepositoryChange,
  repositoryChangeFromEvent,
} from '../events/repositoryChangeFromEvent';
import {
  declaresCatalogInfo,
  inferComponent,
  InferenceOptions,
  toEntityName,
} from '../inference/inferComponent';
import { RepositoryFactsStore } from '../database/RepositoryFactsStore';
import { repositoryFacts } from '../inference/repositoryFacts';
import { ConditionalRequestCache } from './ConditionalRequestCache';
import { GithubRepositoryReader } from './GithubRepositoryReader';
import { mapWithConcurrency } from './mapWithConcurrency';

/** Says which GitHub request failed and how, for the ingestion admin page. */
export function describeError(error: unknown): string {
  const { status, request, message } = error as {
    status?: number;
    request?: { method?: string; url?: string };
    message?: string;
  };
  const text = message?.replace(/ - https:\/\/docs\.github\.com\S*$/, '') ?? String(error);
  if (status && request?.url) {
    const path = request.url.replace(/^https?:\/\/[^/]+/, '');
    return `${request.method ?? 'GET'} ${path} answered ${status}: ${text}`;
  }
  return text;
}

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
 * Between passes, `push` and `repository` webhooks update the one
 * repository they name (see {@link GithubInferenceEntityProvider.onEvent}).
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
      ingestionRuns?: IngestionRunsService;
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
      ingestionRuns: deps.ingestionRuns,
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
      /** Where each pass is reported for the ingestion admin page, when given. */
      ingestionRuns?: IngestionRunsService;
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
      fn: () => this.refreshAndReport(),
    });
  }

  /** A webhook from the events backend: updates the one repository it names. */
  async onEvent(params: EventParams): Promise<void> {
    const change = repositoryChangeFromEvent(
      params.topic,
      params.eventPayload,
      this.providerConfig.organization,
    );
    // Before the first connection the first full pass will see the change.
    if (!change || !this.connection) return;
    const started = Date.now();
    try {
      await this.applyRepositoryChange(change);
      this.deps.logger.info(
        `Applied ${params.topic} (${change.type} ${change.repository}) in ${Date.now() - started} ms`,
      );
    } catch (error) {
      // The next full pass catches what a failed webhook missed.
      this.deps.logger.warn(
        `Could not apply ${params.topic} for ${change.repository}; the next full pass will`,
        error as Error,
      );
    }
  }

  /** Re-reads one repository and applies what changed as a delta mutation. */
  async applyRepositoryChange(change: RepositoryChange): Promise<void> {
    const connection = this.requireConnection();
    const { organization, id } = this.providerConfig;
    const observedAt = this.deps.now?.() ?? new Date();
    const gone = change.type === 'rename' ? [change.from] : [];
    const added: Entity[] = [];
    const reader = await this.deps.createReader();
    const listed =
      change.type === 'remove'
        ? undefined
        : await reader.getRepository(organization, change.repository);
    if (!listed || !matchesFilters(this.providerConfig.filters, listed)) {
      gone.push(change.repository);
    } else {
      const options = this.inferenceOptions();
      const snapshot = await reader.readRepository(listed, {
        withTeams: s => inferComponent(s, options).ownerSource === 'none',
      });
      const inferred = declaresCatalogInfo(snapshot.paths)
        ? undefined
        : inferComponent(snapshot, options).entity;
      if (inferred) {
        added.push(inferred);
      } else {
        gone.push(change.repository);
      }
      await this.deps.factsStore?.upsert(
        id,
        repositoryFacts(snapshot, inferred && stringifyEntityRef(inferred)),
        observedAt,
      );
    }
    const locationKey = this.getProviderName();
    await connection.applyMutation({
      type: 'delta',
      added: added.map(entity => ({ entity, locationKey })),
      removed: gone.map(name => ({
        entityRef: `component:default/${toEntityName(name)}`,
        locationKey,
      })),
    });
    for (const name of gone.filter(n => !listed || n !== listed.name)) {
      await this.deps.factsStore?.remove(`${organization}/${name}`);
    }
  }

  private requireConnection(): EntityProviderConnection {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    return this.connection;
  }

  private inferenceOptions(): InferenceOptions {
    return {
      providerName: this.getProviderName(),
      now: this.deps.now?.() ?? new Date(),
      staleAfterDays: this.providerConfig.staleAfterDays,
      experimentalForDays: this.providerConfig.experimentalForDays,
      unownedOwner: this.providerConfig.unownedOwner,
    };
  }

  private async refreshAndReport(): Promise<void> {
    const startedAt = new Date();
    const report = (run: Pick<IngestionRunReport, 'outcome' | 'counts' | 'error'>) =>
      this.deps.ingestionRuns?.report({
        provider: this.getProviderName(),
        sourceKind: 'github',
        target: this.providerConfig.organization,
        startedAt,
        finishedAt: new Date(),
        problems: [],
        ...run,
      });
    try {
      const { durationMs: _, ...counts } = await this.refresh();
      await report({ outcome: 'complete', counts });
    } catch (error) {
      this.deps.logger.error(
        `GitHub inference for ${this.providerConfig.organization} failed; the catalog keeps what it had`,
        error as Error,
      );
      await report({
        outcome: 'failed',
        counts: {},
        error: describeError(error),
      });
      throw error;
    }
  }

  /** One full pass over the organisation. */
  async refresh(): Promise<InferenceRunSummary> {
    const connection = this.requireConnection();
    const started = Date.now();
    const observedAt = new Date(started);
    const { organization, filters, concurrency } = this.providerConfig;
    const reader = await this.deps.createReader();
    const listed = await reader.listRepositories(organization);
    const selected = listed.filter(repo => matchesFilters(filters, repo));
    const options = this.inferenceOptions();

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
    await connection.applyMutation({
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
