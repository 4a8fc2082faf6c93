import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Change,
  ChangeEvent,
  Deployment,
  DeploymentEvent,
  DoraMetrics,
  Incident,
  IncidentEvent,
  MetricsQuery,
} from '@internal/plugin-dora-common';
import { DoraConfig } from '../config/readDoraConfig';
import { DoraRecords, DoraStore, RecordScope } from '../database/DoraStore';
import { attributeIncident, computeDoraMetrics } from '../metrics';

/** The annotation that names a Component's GitHub repository. */
export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** A service a record belongs to: its Component (if any) and repository. */
type ServiceIdentity = { entityRef?: string; repository?: string };

const normaliseRepository = (repository: string) => repository.toLowerCase();

const slugOf = (entity: Entity) =>
  entity.metadata.annotations?.[PROJECT_SLUG_ANNOTATION]?.toLowerCase();

/**
 * DORA records in, metrics out. Records are tied to catalog Components by
 * entity ref or by the `github.com/project-slug` repository; a Group's
 * metrics are those of the Components it owns now, so a service moved
 * between squads takes its history with it and nobody counts twice.
 */
export class DoraService {
  constructor(
    private readonly deps: {
      store: DoraStore;
      catalog: CatalogService;
      auth: AuthService;
      config: DoraConfig;
    },
  ) {}

  private async serviceCredentials(): Promise<BackstageCredentials> {
    return this.deps.auth.getOwnServiceCredentials();
  }

  /**
   * The Component a record names, by entity ref or by repository; a
   * repository no Component declares stays unlinked (kept, not dropped).
   */
  private async identify(named: ServiceIdentity): Promise<ServiceIdentity> {
    const credentials = await this.serviceCredentials();
    if (named.entityRef) {
      const entityRef = stringifyEntityRef(
        parseEntityRef(named.entityRef, { defaultKind: 'component' }),
      );
      const entity = await this.deps.catalog.getEntityByRef(entityRef, {
        credentials,
      });
      if (!entity) {
        throw new InputError(
          `entityRef: no Component ${entityRef} in the catalog`,
        );
      }
      const repository = named.repository
        ? normaliseRepository(named.repository)
        : slugOf(entity);
      return { entityRef, repository };
    }
    const repository = normaliseRepository(named.repository!);
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          [`metadata.annotations.${PROJECT_SLUG_ANNOTATION}`]: repository,
        },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    return {
      entityRef: items.length === 1 ? stringifyEntityRef(items[0]) : undefined,
      repository,
    };
  }

  async recordDeployment(event: DeploymentEvent): Promise<Deployment> {
    const service = await this.identify(event);
    const deployment: Deployment = {
      id: `${event.source}:${event.id}`,
      entityRef: service.entityRef,
      repository: service.repository,
      environment: event.environment,
      environmentKind: this.deps.config.classifyEnvironment(event.environment),
      sha: event.sha.toLowerCase(),
      status: event.status,
      startedAt: event.startedAt,
      finishedAt: event.finishedAt,
      source: event.source,
      unplannedReason: event.unplannedReason,
      remediatesDeploymentId: event.remediatesDeploymentId,
      url: event.url,
    };
    await this.deps.store.upsertDeployment(
      deployment,
      event.changeShas?.map(sha => sha.toLowerCase()),
    );
    return deployment;
  }

  async recordChange(event: ChangeEvent): Promise<Change> {
    const service = await this.identify(event);
    const repository =
      service.repository ?? normaliseRepository(event.repository);
    const change: Change = {
      id: `${repository}#${event.number}`,
      entityRef: service.entityRef,
      repository,
      number: event.number,
      title: event.title,
      firstCommitAt: event.firstCommitAt,
      openedAt: event.openedAt,
      firstReviewAt: event.firstReviewAt,
      mergedAt: event.mergedAt,
      mergeSha: event.mergeSha.toLowerCase(),
      isRevert: event.isRevert,
    };
    await this.deps.store.upsertChange(change);
    return change;
  }

  async recordIncident(event: IncidentEvent) {
    const service = await this.identify(event);
    const incident = {
      id: `${event.source}:${event.id}`,
      entityRef: service.entityRef,
      repository: service.repository,
      title: event.title,
      source: event.source,
      openedAt: event.openedAt,
      resolvedAt: event.resolvedAt,
      namedDeploymentId: event.deploymentId,
      namedSha: event.sha?.toLowerCase(),
    };
    await this.deps.store.upsertIncident(incident);
    return incident;
  }

  /** The Components a query covers: one Component, or those a Group owns. */
  private async scopeOf(
    entityRef: string,
  ): Promise<RecordScope & { components: Entity[] }> {
    const credentials = await this.serviceCredentials();
    const ref = stringifyEntityRef(parseEntityRef(entityRef));
    const entity = await this.deps.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`No entity ${ref} in the catalog`);
    const components =
      entity.kind.toLowerCase() === 'group'
        ? (
            await this.deps.catalog.getEntities(
              {
                filter: { kind: 'component', 'relations.ownedBy': ref },
                fields: [
                  'kind',
                  'metadata.namespace',
                  'metadata.name',
                  'metadata.annotations',
                ],
              },
              { credentials },
            )
          ).items
        : [entity];
    return {
      components,
      entityRefs: components.map(c => stringifyEntityRef(c)),
      repositories: components.flatMap(c => slugOf(c) ?? []),
    };
  }

  /**
   * Reads the scope's records and ties every one to its Component: a record
   * stored before its repository was in the catalog is matched by repository.
   */
  private async recordsOf(query: MetricsQuery): Promise<DoraRecords> {
    const scope = await this.scopeOf(query.entityRef);
    const records = await this.deps.store.readRecords(scope, query);
    const byRepository = new Map<string, string>();
    for (const component of scope.components) {
      const slug = slugOf(component);
      if (slug) byRepository.set(slug, stringifyEntityRef(component));
    }
    const link = <T extends ServiceIdentity>(record: T): T =>
      record.entityRef || !record.repository
        ? record
        : { ...record, entityRef: byRepository.get(record.repository) };
    return {
      explicitChanges: records.explicitChanges,
      deployments: records.deployments.map(link),
      changes: records.changes.map(link),
      incidents: records.incidents.map(link),
    };
  }

  /** Incidents with the deployment each is attributed to, and how. */
  private attribute(records: DoraRecords): Incident[] {
    const keyOf = (r: ServiceIdentity) => r.entityRef ?? r.repository ?? '';
    const deploymentsByService = new Map<string, Deployment[]>();
    for (const deployment of records.deployments) {
      const list = deploymentsByService.get(keyOf(deployment)) ?? [];
      list.push(deployment);
      deploymentsByService.set(keyOf(deployment), list);
    }
    return records.incidents.map(incident => {
      const { deploymentId, attribution } = attributeIncident(
        {
          openedAt: incident.openedAt,
          deploymentId: incident.namedDeploymentId,
          sha: incident.namedSha,
        },
        deploymentsByService.get(keyOf(incident)) ?? [],
      );
      return {
        id: incident.id,
        entityRef: incident.entityRef,
        title: incident.title,
        source: incident.source,
        openedAt: incident.openedAt,
        resolvedAt: incident.resolvedAt,
        deploymentId,
        attribution,
      };
    });
  }

  async metrics(query: MetricsQuery): Promise<DoraMetrics> {
    const records = await this.recordsOf(query);
    return computeDoraMetrics({
      deployments: records.deployments,
      changes: records.changes,
      incidents: this.attribute(records),
      explicitChanges: records.explicitChanges,
      window: { from: query.from, to: query.to },
      environment: query.environment,
      timeZone: query.timeZone,
      bands: this.deps.config.bands,
    });
  }

  /** Deployments whose repository no Component declares: kept, for a human to link. */
  async unlinkedDeployments(limit: number): Promise<Deployment[]> {
    return this.deps.store.unlinkedDeployments(limit);
  }
}
