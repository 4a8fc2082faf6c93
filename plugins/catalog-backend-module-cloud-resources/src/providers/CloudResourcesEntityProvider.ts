import {
  AuthService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  CatalogService,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  IngestionProblem,
  IngestionRunReport,
  IngestionRunsService,
} from '@internal/plugin-catalog-ingestion-node';
import { CatalogIndex, readCatalogIndex } from '../catalog/CatalogIndex';
import { CloudResourcesConfig } from '../config/readCloudResourcesConfigs';
import { mapCloudResources } from '../mapping/mapCloudResources';
import { AwsTaggingSource } from '../sources/AwsTaggingSource';
import { AzureResourceGraphSource } from '../sources/AzureResourceGraphSource';
import { describeError } from '../sources/describeError';
import { CloudResource, CloudResourceSource } from '../sources/types';

/** What one complete run saw and emitted. */
export type CloudResourcesRunSummary = {
  counts: Record<string, number>;
  problems: IngestionProblem[];
};

/** The sources a provider config describes: one per AWS region, one per Azure subscription. */
export function sourcesFromConfig(
  config: CloudResourcesConfig,
): CloudResourceSource[] {
  return [
    ...(config.aws?.regions.map(region =>
      AwsTaggingSource.fromConfig(config.aws!, region),
    ) ?? []),
    ...(config.azure?.subscriptionIds.map(subscriptionId =>
      AzureResourceGraphSource.fromConfig(config.azure!, subscriptionId),
    ) ?? []),
  ];
}

/**
 * Emits a catalog Resource for every resource of the configured AWS regions
 * and Azure subscriptions, owned by the Group or Component its tags name.
 *
 * Each run lists every source; only when all of them listed completely does
 * it apply one full mutation, so a resource deleted upstream disappears
 * after the next complete run, and a failed or partial run (an outage,
 * throttling beyond the retries, a malformed page) removes nothing. Each
 * run, complete or not, is reported to the ingestion runs service.
 */
export class CloudResourcesEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  static fromConfig(
    config: CloudResourcesConfig,
    deps: {
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      catalog: CatalogService;
      auth: AuthService;
      ingestionRuns: IngestionRunsService;
    },
  ): CloudResourcesEntityProvider {
    const providerName = CloudResourcesEntityProvider.providerName(config);
    return new CloudResourcesEntityProvider(config, {
      logger: deps.logger.child({ target: providerName }),
      taskRunner: deps.taskRunner,
      ingestionRuns: deps.ingestionRuns,
      sources: sourcesFromConfig(config),
      readCatalog: () =>
        readCatalogIndex(deps.catalog, deps.auth, providerName),
    });
  }

  static providerName(config: Pick<CloudResourcesConfig, 'id'>) {
    return `cloud-resources:${config.id}`;
  }

  constructor(
    private readonly config: CloudResourcesConfig,
    private readonly deps: {
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      ingestionRuns: IngestionRunsService;
      sources: CloudResourceSource[];
      readCatalog: () => Promise<CatalogIndex>;
    },
  ) {}

  getProviderName(): string {
    return CloudResourcesEntityProvider.providerName(this.config);
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  /** For people: what the run reads, e.g. `aws 210987654321/eu-west-1, azure 0000…`. */
  private target(): string {
    return this.deps.sources.map(s => `${s.kind} ${s.target}`).join(', ');
  }

  private sourceKind(): string {
    const kinds = new Set(this.deps.sources.map(s => s.kind));
    return kinds.size === 1 ? [...kinds][0] : 'cloud';
  }

  /** One full run over every source. */
  async refresh(): Promise<CloudResourcesRunSummary> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    const startedAt = new Date();
    const problems: IngestionProblem[] = [];
    const counts: Record<string, number> = {
      sources: this.deps.sources.length,
    };
    const report = async (
      outcome: IngestionRunReport['outcome'],
      error?: string,
    ) => {
      try {
        await this.deps.ingestionRuns.report({
          provider: this.getProviderName(),
          sourceKind: this.sourceKind(),
          target: this.target(),
          startedAt,
          finishedAt: new Date(),
          outcome,
          counts,
          problems,
          ...(error ? { error } : {}),
        });
      } catch (reportError) {
        this.deps.logger.warn(
          `Could not record the run: ${stringifyError(reportError)}`,
        );
      }
    };

    try {
      const listings = await Promise.allSettled(
        this.deps.sources.map(source => source.listResources()),
      );
      const resources: CloudResource[] = [];
      const failures: string[] = [];
      let requests = 0;
      listings.forEach((listing, i) => {
        const source = this.deps.sources[i];
        if (listing.status === 'fulfilled') {
          resources.push(...listing.value.resources);
          problems.push(...listing.value.problems);
          requests += listing.value.requests;
        } else {
          const reason = describeError(listing.reason);
          failures.push(`${source.kind} ${source.target}: ${reason}`);
          problems.push({
            subject: `${source.kind}:${source.target}`,
            message: `listing failed: ${reason}`,
          });
        }
      });
      counts.requests = requests;
      counts.skipped = problems.length - failures.length;
      if (failures.length > 0) {
        throw new Error(
          `${failures.length} of ${
            this.deps.sources.length
          } sources could not be listed completely, so nothing was applied: ${failures.join(
            '; ',
          )}`,
        );
      }

      const mapped = mapCloudResources(
        resources,
        await this.deps.readCatalog(),
        {
          providerName: this.getProviderName(),
          tagKeys: this.config.tagKeys,
          unownedOwner: this.config.unownedOwner,
        },
      );
      await this.connection.applyMutation({
        type: 'full',
        entities: mapped.entities.map(entity => ({
          entity,
          locationKey: this.getProviderName(),
        })),
      });
      Object.assign(counts, mapped.counts);
      await report('complete');
      this.deps.logger.info(
        `Applied ${mapped.counts.resources} cloud resources (${
          mapped.counts.aws
        } AWS, ${mapped.counts.azure} Azure; ${
          mapped.counts.unowned
        } unowned; ${
          counts.skipped
        } records skipped) from ${this.target()} in ${
          Date.now() - startedAt.getTime()
        } ms, ${requests} requests`,
      );
      return { counts, problems };
    } catch (error) {
      await report('failed', stringifyError(error));
      this.deps.logger.error(
        `Cloud resources run failed; the catalog keeps what it had: ${stringifyError(
          error,
        )}`,
      );
      throw error;
    }
  }
}
