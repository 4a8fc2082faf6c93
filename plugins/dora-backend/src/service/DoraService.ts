import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
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
import {
  ALL_PRODUCTION,
  DoraFactsStore,
  emptyGroupSummary,
} from '../database/DoraFactsStore';
import {
  DoraRecords,
  DoraStore,
  RecordScope,
  StoredIncident,
} from '../database/DoraStore';
import {
  attributeIncident,
  computeDoraMetrics,
  computeSeries,
  describeRecords,
  deployDaysPerWeek,
  deriveFacts,
  DoraFacts,
  DoraMetricsInput,
  isSuccessfulProductionDeployment,
  markRevertDeployments,
  metricsFromSummary,
  ServiceIdentity,
} from '../metrics';
import { DoraFactsCache } from './DoraFactsCache';

/** The annotation that names a Component's GitHub repository. */
export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

const normaliseRepository = (repository: string) => repository.toLowerCase();

const slugOf = (entity: Entity) =>
  entity.metadata.annotations?.[PROJECT_SLUG_ANNOTATION]?.toLowerCase();

/** Every record a service has: facts are derived from its whole history. */
const ALL_TIME = {
  from: new Date(Date.UTC(1970, 0, 1)),
  to: new Date(Date.UTC(9000, 0, 1)),
};

const IDENTITY_TTL_MS = 60_000;
/** How long the org page reuses the catalog's answer to who owns what. */
const OWNERS_TTL_MS = 30_000;
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
  private readonly facts: DoraFactsCache;

  constructor(
    private readonly deps: {
      store: DoraStore;
      factsStore: DoraFactsStore;
      catalog: CatalogService;
      auth: AuthService;
      config: DoraConfig;
      logger: LoggerService;
    },
  ) {
    this.facts = new DoraFactsCache({
      store: deps.factsStore,
      derive: service => this.deriveFacts(service),
      logger: deps.logger,
    });
  }

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

  /**
   * The Component of each record, looked up once per distinct service. A
   * record naming an entityRef the catalog lacks refuses the whole batch,
   * naming the record.
   */
  private async identifyAll(
    named: ServiceIdentity[],
  ): Promise<ServiceIdentity[]> {
    const refusals: string[] = [];
    const identities = await Promise.all(
      named.map((record, index) =>
        this.identify(record).catch(error => {
          if (!(error instanceof InputError)) throw error;
          refusals.push(
            named.length === 1 ? error.message : `[${index}].${error.message}`,
          );
          return record;
        }),
      ),
    );
    if (refusals.length) {
      throw new InputError(refusals.slice(0, 10).join('; '));
    }
    return identities;
  }

  /**
   * Stores deployments (idempotent: the same `source`+`id` replaces the
   * earlier one). The one path for the API, the GitHub backfill and webhooks.
   */
  async recordDeployments(events: DeploymentEvent[]): Promise<Deployment[]> {
    const services = await this.identifyAll(events);
    const records = events.map((event, i) => ({
      deployment: {
        id: `${event.source}:${event.id}`,
        entityRef: services[i].entityRef,
        repository: services[i].repository,
        environment: event.environment,
        environmentKind: this.deps.config.classifyEnvironment(
          event.environment,
        ),
        sha: event.sha.toLowerCase(),
        status: event.status,
        startedAt: event.startedAt,
        finishedAt: event.finishedAt,
        source: event.source,
        unplannedReason: event.unplannedReason,
        remediatesDeploymentId: event.remediatesDeploymentId,
        url: event.url,
      } satisfies Deployment,
      changeShas: event.changeShas?.map(sha => sha.toLowerCase()),
    }));
    await this.deps.store.upsertDeployments(records);
    // The store marked their services stale: refresh the facts soon.
    this.facts.noteWrite();
    return records.map(r => r.deployment);
  }

  /** Stores merged pull requests (the same repository+number replaces). */
  async recordChanges(events: ChangeEvent[]): Promise<Change[]> {
    const services = await this.identifyAll(events);
    const changes = events.map((event, i): Change => {
      const repository =
        services[i].repository ?? normaliseRepository(event.repository);
      return {
        id: `${repository}#${event.number}`,
        entityRef: services[i].entityRef,
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
    });
    await this.deps.store.upsertChanges(changes);
    this.facts.noteWrite();
    return changes;
  }

  /** Stores incidents (the same `source`+`id` replaces, e.g. when resolved). */
  async recordIncidents(events: IncidentEvent[]): Promise<StoredIncident[]> {
    const services = await this.identifyAll(events);
    const incidents = events.map(
      (event, i): StoredIncident => ({
        id: `${event.source}:${event.id}`,
        entityRef: services[i].entityRef,
        repository: services[i].repository,
        title: event.title,
        source: event.source,
        openedAt: event.openedAt,
        resolvedAt: event.resolvedAt,
        namedDeploymentId: event.deploymentId,
        namedSha: event.sha?.toLowerCase(),
      }),
    );
    await this.deps.store.upsertIncidents(incidents);
    this.facts.noteWrite();
    return incidents;
  }

  /**
   * The facts of the Components a service key names (an entity ref, or a
   * repository the Components declare): all their records, attributed as
   * the metrics attribute them, for all production environments together
   * and for each one.
   */
  private async deriveFacts(
    service: string,
  ): Promise<Map<string, Map<string, DoraFacts>>> {
    const credentials = await this.serviceCredentials();
    const fields = [
      'kind',
      'metadata.namespace',
      'metadata.name',
      'metadata.annotations',
    ];
    const components = service.startsWith('component:')
      ? [
          await this.deps.catalog.getEntityByRef(service, { credentials }),
        ].flatMap(entity => entity ?? [])
      : (
          await this.deps.catalog.getEntities(
            {
              filter: {
                kind: 'component',
                [`metadata.annotations.${PROJECT_SLUG_ANNOTATION}`]: service,
              },
              fields,
            },
            { credentials },
          )
        ).items;
    const derived = new Map<string, Map<string, DoraFacts>>();
    for (const component of components) {
      const records = await this.recordsOf(
        scopeOfComponents([component]),
        ALL_TIME,
      );
      const input = this.related(records);
      const all = deriveFacts(input);
      const environments = new Set(
        input.deployments
          .filter(deployment => isSuccessfulProductionDeployment(deployment))
          .map(deployment => deployment.environment),
      );
      const byEnvironment = new Map([[ALL_PRODUCTION, all]]);
      for (const environment of environments) {
        // With one production environment, its facts are those of all.
        byEnvironment.set(
          environment,
          environments.size === 1
            ? all
            : deriveFacts({ ...input, environment }),
        );
      }
      derived.set(stringifyEntityRef(component), byEnvironment);
    }
    return derived;
  }

  /** Marks every catalog Component stale: a full rebuild of the facts. */
  async rebuildFacts(): Promise<void> {
    const credentials = await this.serviceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'component' },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    await this.facts.markStale(items.map(item => stringifyEntityRef(item)));
    await this.facts.refresh();
  }

  /** Services whose facts are waiting to be re-derived. */
  async staleServices(): Promise<number> {
    return this.facts.staleCount();
  }

  /** The repositories (`owner/name`, lower case) of every Component that names one. */
  async repositoriesInCatalog(): Promise<string[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          kind: 'component',
          [`metadata.annotations.${PROJECT_SLUG_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['metadata.annotations'],
      },
      { credentials: await this.serviceCredentials() },
    );
    return [...new Set(items.flatMap(item => slugOf(item) ?? []))].sort();
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

  /**
   * The records as the metrics relate them: incidents attributed,
   * deployments that ship a revert marked as reverts.
   */
  private related(records: DoraRecords) {
    return {
      deployments: markRevertDeployments(
        records.deployments,
        records.changes,
        records.explicitChanges,
      ),
      changes: records.changes,
      incidents: this.attribute(records),
      explicitChanges: records.explicitChanges,
    };
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
      ...this.related(records),
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
   * ranked by change lead time then deployments per day. Aggregated in
   * PostgreSQL over the Components' derived facts (the same definitions as
   * `metrics`, summed there rather than over every record).
   */
  async squads(query: SquadsQuery): Promise<SquadMetrics[]> {
    const [{ byOwner, titles }] = await Promise.all([
      this.owners(),
      // Every stale service re-derived first: late events count.
      this.facts.refresh(),
    ]);
    const groupRefs = [...byOwner.keys()];
    const summaries = await this.deps.factsStore.summarizeGroups(
      groupRefs.flatMap(group =>
        byOwner.get(group)!.map(entityRef => ({ entityRef, group })),
      ),
      {
        window: query,
        environment: query.environment ?? ALL_PRODUCTION,
        timeZone: query.timeZone,
      },
    );
    const squads = groupRefs.map(entityRef => {
      const owned = byOwner.get(entityRef)!;
      const summary = summaries.get(entityRef);
      const metrics = metricsFromSummary(
        {
          ...(summary ?? emptyGroupSummary()),
          deployDaysPerWeek: deployDaysPerWeek(
            summary?.deployDays ?? [],
            query,
            query.timeZone,
          ),
        },
        query,
        this.deps.config.bands,
      );
      const title = titles.get(entityRef) ?? parseEntityRef(entityRef).name;
      return { entityRef, title, components: owned.length, metrics };
    });
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

  private ownersCache?: {
    owners: Promise<{
      byOwner: Map<string, string[]>;
      titles: Map<string, string>;
    }>;
    expires: number;
  };

  /**
   * Which Group owns which Components (by entity ref), and the Groups'
   * titles — asked of the catalog at most every {@link OWNERS_TTL_MS}.
   */
  private owners() {
    const now = Date.now();
    if (!this.ownersCache || this.ownersCache.expires <= now) {
      const owners = this.readOwners();
      this.ownersCache = { owners, expires: now + OWNERS_TTL_MS };
      owners.catch(() => {
        this.ownersCache = undefined;
      });
    }
    return this.ownersCache.owners;
  }

  private async readOwners() {
    const credentials = await this.serviceCredentials();
    const { items: components } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'component' },
        fields: ['kind', 'metadata.namespace', 'metadata.name', 'relations'],
      },
      { credentials },
    );
    const byOwner = new Map<string, string[]>();
    for (const component of components) {
      for (const relation of component.relations ?? []) {
        if (relation.type !== RELATION_OWNED_BY) continue;
        if (!relation.targetRef.startsWith('group:')) continue;
        const owned = byOwner.get(relation.targetRef) ?? [];
        owned.push(stringifyEntityRef(component));
        byOwner.set(relation.targetRef, owned);
      }
    }
    const groupRefs = [...byOwner.keys()];
    const { items: groups } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs: groupRefs, fields: ['metadata.title', 'spec.profile'] },
      { credentials },
    );
    const titles = new Map<string, string>();
    groupRefs.forEach((ref, i) => {
      const title =
        (groups[i]?.spec?.profile as { displayName?: string } | undefined)
          ?.displayName ?? groups[i]?.metadata?.title;
      if (title) titles.set(ref, title);
    });
    return { byOwner, titles };
  }

  /** Deployments whose repository no Component declares: kept, for a human to link. */
  async unlinkedDeployments(limit: number): Promise<Deployment[]> {
    return this.deps.store.unlinkedDeployments(limit);
  }
}
