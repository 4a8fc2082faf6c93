import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
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
  DoraSeriesPoint,
  Incident,
  IncidentEvent,
  MetricsQuery,
  SquadMetrics,
  SquadsQuery,
} from '@internal/plugin-dora-common';
import { DoraConfig } from '../config/readDoraConfig';
import { DoraRecords, DoraStore, RecordScope } from '../database/DoraStore';
import {
  attributeIncident,
  computeDoraMetrics,
  computeSeries,
  describeRecords,
  DoraMetricsInput,
  ServiceIdentity,
} from '../metrics';

/** The annotation that names a Component's GitHub repository. */
export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

const normaliseRepository = (repository: string) => repository.toLowerCase();

const slugOf = (entity: Entity) =>
  entity.metadata.annotations?.[PROJECT_SLUG_ANNOTATION]?.toLowerCase();

const IDENTITY_TTL_MS = 60_000;
const IDENTITY_CACHE_SIZE = 10_000;

/** The Components a query covers, with their entity refs and repositories. */
type Scope = RecordScope & { components: Entity[] };

function scopeOfComponents(components: Entity[]): Scope {
  return {
    components,
    entityRefs: components.map(c => stringifyEntityRef(c)),
    repositories: components.flatMap(c => slugOf(c) ?? []),
  };
}

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
   * Recent answers of {@link DoraService.identify}: a backfill or a busy CD
   * pipeline posts many records per service, and each would otherwise cost
   * a catalog query. Records are matched by repository again when read, so
   * a repository the catalog learns about within the TTL is still linked.
   */
  private readonly identities = new Map<
    string,
    { identity: Promise<ServiceIdentity>; expires: number }
  >();

  /**
   * The Component a record names, by entity ref or by repository; a
   * repository no Component declares stays unlinked (kept, not dropped).
   */
  private identify(named: ServiceIdentity): Promise<ServiceIdentity> {
    const key = `${named.entityRef?.toLowerCase() ?? ''}\n${
      named.repository?.toLowerCase() ?? ''
    }`;
    const now = Date.now();
    const cached = this.identities.get(key);
    if (cached && cached.expires > now) return cached.identity;
    if (this.identities.size >= IDENTITY_CACHE_SIZE) this.identities.clear();
    const identity = this.lookUpIdentity(named);
    this.identities.set(key, { identity, expires: now + IDENTITY_TTL_MS });
    // A refused record (unknown entityRef) is asked again next time.
    identity.catch(() => this.identities.delete(key));
    return identity;
  }

  private async lookUpIdentity(
    named: ServiceIdentity,
  ): Promise<ServiceIdentity> {
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
  private async scopeOf(entityRef: string): Promise<Scope> {
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
    return scopeOfComponents(components);
  }

  /**
   * Reads the scope's records and ties every one to its Component: a record
   * stored before its repository was in the catalog is matched by repository.
   */
  private async recordsOf(
    scope: Scope,
    window: { from: Date; to: Date },
  ): Promise<DoraRecords> {
    const records = await this.deps.store.readRecords(scope, window);
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

  /** What the pure metric functions need for a query. */
  private async inputFor(query: MetricsQuery): Promise<DoraMetricsInput> {
    return this.inputOf(await this.scopeOf(query.entityRef), query);
  }

  private async inputOf(
    scope: Scope,
    query: Omit<MetricsQuery, 'entityRef'>,
  ): Promise<DoraMetricsInput> {
    const records = await this.recordsOf(scope, query);
    return {
      deployments: records.deployments,
      changes: records.changes,
      incidents: this.attribute(records),
      explicitChanges: records.explicitChanges,
      window: { from: query.from, to: query.to },
      environment: query.environment,
      timeZone: query.timeZone,
      bands: this.deps.config.bands,
    };
  }

  async metrics(query: MetricsQuery): Promise<DoraMetrics> {
    return computeDoraMetrics(await this.inputFor(query));
  }

  async series(query: MetricsQuery): Promise<DoraSeriesPoint[]> {
    return computeSeries(await this.inputFor(query), query.granularity);
  }

  /** The deployments, changes and incidents behind a query's numbers. */
  async records(query: MetricsQuery) {
    return describeRecords(await this.inputFor(query));
  }

  /**
   * Every Group that owns Components, with its metrics over the window,
   * ranked by change lead time then deployments per day.
   */
  async squads(query: SquadsQuery): Promise<SquadMetrics[]> {
    const credentials = await this.serviceCredentials();
    const { items: components } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'component' },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
          'relations',
        ],
      },
      { credentials },
    );
    const byOwner = new Map<string, Entity[]>();
    for (const component of components) {
      for (const relation of component.relations ?? []) {
        if (relation.type !== RELATION_OWNED_BY) continue;
        if (!relation.targetRef.startsWith('group:')) continue;
        const owned = byOwner.get(relation.targetRef) ?? [];
        owned.push(component);
        byOwner.set(relation.targetRef, owned);
      }
    }
    const groupRefs = [...byOwner.keys()];
    const { items: groups } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs: groupRefs, fields: ['metadata.title', 'spec.profile'] },
      { credentials },
    );
    const squads = await Promise.all(
      groupRefs.map(async (entityRef, i) => {
        const owned = byOwner.get(entityRef)!;
        const metrics = computeDoraMetrics(
          await this.inputOf(scopeOfComponents(owned), query),
        );
        const group = groups[i];
        const title =
          (group?.spec?.profile as { displayName?: string } | undefined)
            ?.displayName ??
          group?.metadata?.title ??
          parseEntityRef(entityRef).name;
        return { entityRef, title, components: owned.length, metrics };
      }),
    );
    const leadTime = (s: SquadMetrics) =>
      s.metrics.leadTime.medianSeconds ?? Number.POSITIVE_INFINITY;
    return squads.sort(
      (a, b) =>
        leadTime(a) - leadTime(b) ||
        b.metrics.deploymentFrequency.perDay -
          a.metrics.deploymentFrequency.perDay ||
        a.title.localeCompare(b.title),
    );
  }

  /** Deployments whose repository no Component declares: kept, for a human to link. */
  async unlinkedDeployments(limit: number): Promise<Deployment[]> {
    return this.deps.store.unlinkedDeployments(limit);
  }
}
