import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AlertHintsQuery,
  AlertResolution,
  CoverageQuery,
  CoverageResponse,
  EntityRunbooksResponse,
  normaliseAlertName,
  OncallResponse,
  RunbookDetail,
  RunbookEntity,
  RunbookSearchQuery,
  RunbookSearchResponse,
  RunbookSourceProblem,
} from '@internal/plugin-runbooks-common';
import { RunbooksConfig } from '../config/readRunbooksConfig';
import { RunbookStore } from '../database/RunbookStore';
import { COMPONENT_FIELDS, fullRef } from '../ingestion/RunbookIndexer';
import { renderRunbook } from '../ingestion/renderRunbook';
import { computeCoverage, RulesSource } from './coverage';
import { DoraReader } from './DoraReader';
import { FeatureFlagsReader } from './FeatureFlagsReader';
import { parsePrometheusRules } from './prometheusRules';
import { chooseRunbook, ComponentFacts, namesComponent } from './resolveAlert';

const RULES_TTL_MS = 5 * 60 * 1000;
const NAMESPACE_ANNOTATIONS = [
  'backstage.io/kubernetes-namespace',
  'backstage.io/kubernetes-id',
];

function runbookEntity(entity: Entity): RunbookEntity {
  return {
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
    owner: fullRef(entity.spec?.owner, 'group', entity.metadata.namespace),
    system: fullRef(entity.spec?.system, 'system', entity.metadata.namespace),
    lifecycle:
      typeof entity.spec?.lifecycle === 'string'
        ? entity.spec.lifecycle
        : undefined,
  };
}

/** What the runbooks API answers, from the store, the catalog and (optionally) DORA. */
export class RunbooksService {
  private rules?: { at: number; sources: Promise<RulesSource[]> };

  constructor(
    private readonly deps: {
      store: RunbookStore;
      catalog: CatalogService;
      auth: AuthService;
      reader: UrlReaderService;
      dora: DoraReader;
      featureFlags: FeatureFlagsReader;
      config: RunbooksConfig;
      logger: LoggerService;
    },
  ) {}

  private async credentials() {
    return this.deps.auth.getOwnServiceCredentials();
  }

  private async entity(entityRef: string): Promise<Entity> {
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entityRef, { defaultKind: 'component' }),
      );
    } catch {
      throw new NotFoundError(`${entityRef} is not an entity ref`);
    }
    const entity = await this.deps.catalog.getEntityByRef(ref, {
      credentials: await this.credentials(),
    });
    if (!entity) throw new NotFoundError(`No entity ${ref} in the catalog`);
    return entity;
  }

  search(query: RunbookSearchQuery): Promise<RunbookSearchResponse> {
    return this.deps.store
      .search(query.q, query, query)
      .then(result => ({ query: query.q, ...result }));
  }

  private async problemsOf(
    entityRef: string,
    path?: string,
  ): Promise<RunbookSourceProblem[]> {
    const problems = await this.deps.store.problems(entityRef);
    return path
      ? problems.filter(p => p.path === path || p.path === undefined)
      : problems;
  }

  async runbook(id: string): Promise<RunbookDetail> {
    const runbook = await this.deps.store.runbook(id);
    if (!runbook) throw new NotFoundError(`No runbook with id ${id}`);
    return {
      ...runbook,
      problems: await this.problemsOf(runbook.entityRef, runbook.path),
    };
  }

  async alert(alert: string, hints: AlertHintsQuery): Promise<AlertResolution> {
    const candidates = await this.deps.store.byAlert(alert);
    // Only a namespace hint needs more than the runbooks know.
    const facts = hints.namespace
      ? await this.componentFacts([
          ...new Set(candidates.map(c => c.entityRef)),
        ])
      : new Map<string, ComponentFacts>();
    const choice = chooseRunbook(candidates, hints, facts);
    const base = {
      alert:
        candidates[0]?.alerts.find(
          a => normaliseAlertName(a) === normaliseAlertName(alert),
        ) ?? alert.trim(),
      addRunbookTemplate: this.deps.config.addRunbookTemplate,
    };
    if (choice.status === 'found') {
      const { entityRef, id, path } = choice.runbook;
      const [runbook, problems, entity] = await Promise.all([
        this.deps.store.runbook(id),
        this.problemsOf(entityRef, path),
        this.credentials().then(credentials =>
          this.deps.catalog.getEntityByRef(entityRef, { credentials }),
        ),
      ]);
      if (!runbook) throw new NotFoundError(`No runbook with id ${id}`);
      return {
        ...base,
        status: 'found',
        runbook: { ...runbook, problems },
        candidates: choice.candidates,
        entity: entity ? runbookEntity(entity) : undefined,
      };
    }
    const entity = hints.service
      ? await this.hintedComponent(hints.service)
      : undefined;
    return {
      ...base,
      status: choice.status,
      candidates: choice.candidates,
      entity,
    };
  }

  private async hintedComponent(
    service: string,
  ): Promise<RunbookEntity | undefined> {
    const credentials = await this.credentials();
    const name = service
      .trim()
      .toLowerCase()
      .split('/')
      .pop()!
      .replace(/^component:/, '');
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'Component', 'metadata.name': name },
        fields: COMPONENT_FIELDS,
      },
      { credentials },
    );
    const entity = items.find(item =>
      namesComponent(service, stringifyEntityRef(item)),
    );
    return entity ? runbookEntity(entity) : undefined;
  }

  private async componentFacts(
    refs: string[],
  ): Promise<Map<string, ComponentFacts>> {
    if (refs.length === 0) return new Map();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: COMPONENT_FIELDS },
      { credentials: await this.credentials() },
    );
    return new Map(
      items.flatMap(entity => {
        if (!entity) return [];
        const ref = stringifyEntityRef(entity);
        const annotations = entity.metadata.annotations ?? {};
        return [
          [
            ref,
            {
              entityRef: ref,
              namespaces: NAMESPACE_ANNOTATIONS.flatMap(
                key => annotations[key] ?? [],
              ),
            },
          ],
        ];
      }),
    );
  }

  async entityRunbooks(entityRef: string): Promise<EntityRunbooksResponse> {
    const entity = await this.entity(entityRef);
    const ref = stringifyEntityRef(entity);
    const [runbooks, source, problems] = await Promise.all([
      this.deps.store.summaries([ref]),
      this.deps.store.source(ref),
      this.deps.store.problems(ref),
    ]);
    return { entity: runbookEntity(entity), runbooks, source, problems };
  }

  async problems(entityRef?: string): Promise<RunbookSourceProblem[]> {
    return this.deps.store.problems(entityRef);
  }

  async oncall(entityRef: string): Promise<OncallResponse> {
    const entity = await this.entity(entityRef);
    const ref = stringifyEntityRef(entity);
    const credentials = await this.credentials();
    const ownerRef =
      entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
      fullRef(entity.spec?.owner, 'group', entity.metadata.namespace);
    const workloadRefs = (entity.relations ?? [])
      .filter(
        r =>
          r.type === RELATION_DEPENDS_ON && r.targetRef.startsWith('resource:'),
      )
      .map(r => r.targetRef);
    const [runbooks, sections, related, recentDeployments, killSwitches] =
      await Promise.all([
        this.deps.store.summaries([ref]),
        this.deps.store.sectionsOf(ref),
        this.deps.catalog.getEntitiesByRefs(
          { entityRefs: [...(ownerRef ? [ownerRef] : []), ...workloadRefs] },
          { credentials },
        ),
        this.deps.dora.recentDeployments(ref),
        this.deps.featureFlags.killSwitches(ref),
      ]);
    const relatedEntities = related.items.filter((item): item is Entity =>
      Boolean(item),
    );
    const owner = relatedEntities.find(
      item => ownerRef && stringifyEntityRef(item) === ownerRef,
    );
    const escalation = sections
      .flatMap(runbook => {
        const index = runbook.sections.findIndex(
          s => s.canonical === 'escalation' && s.markdown.trim(),
        );
        if (index < 0) return [];
        // The heading's own body and its sub-sections.
        const head = runbook.sections[index];
        const parts = [head.markdown];
        for (const next of runbook.sections.slice(index + 1)) {
          if (next.level <= head.level) break;
          parts.push(
            `${'#'.repeat(next.level)} ${next.heading}\n\n${next.markdown}`,
          );
        }
        return [parts.join('\n\n')];
      })
      .shift();
    return {
      entity: {
        ...runbookEntity(entity),
        description: entity.metadata.description,
      },
      owner: ownerRef
        ? {
            entityRef: ownerRef,
            title:
              (owner?.spec?.profile as { displayName?: string } | undefined)
                ?.displayName ??
              owner?.metadata.title ??
              parseEntityRef(ownerRef).name,
            email: (owner?.spec?.profile as { email?: string } | undefined)
              ?.email,
            links: (owner?.metadata.links ?? []).map(link => ({
              url: link.url,
              title: link.title ?? link.url,
            })),
          }
        : undefined,
      escalationHtml: escalation
        ? renderRunbook(escalation, { path: 'escalation.md' })
        : undefined,
      links: (entity.metadata.links ?? []).map(link => ({
        url: link.url,
        title: link.title ?? link.url,
        icon: link.icon,
      })),
      runbooks,
      workloads: relatedEntities
        .filter(
          item =>
            item.kind.toLowerCase() === 'resource' &&
            String(item.spec?.type ?? '').startsWith('kubernetes-'),
        )
        .map(item => ({
          entityRef: stringifyEntityRef(item),
          title: item.metadata.title ?? item.metadata.name,
          type: String(item.spec?.type ?? ''),
          cluster: item.metadata.labels?.['paved.dev/kubernetes-cluster'],
          namespace:
            item.metadata.annotations?.['backstage.io/kubernetes-namespace'],
        })),
      recentDeployments,
      killSwitches,
    };
  }

  /** The configured rule files, read through the URL reader at most every 5 minutes. */
  private rulesSources(): Promise<RulesSource[]> {
    const now = Date.now();
    if (!this.rules || now - this.rules.at > RULES_TTL_MS) {
      this.rules = {
        at: now,
        sources: Promise.all(
          this.deps.config.prometheusRules.map(async ({ url }) => {
            try {
              const response = await this.deps.reader.readUrl(url);
              const text = (await response.buffer()).toString('utf8');
              return { source: url, rules: parsePrometheusRules(text) };
            } catch (error) {
              const message =
                error instanceof Error ? error.message : String(error);
              this.deps.logger.warn(
                `Runbooks could not read the Prometheus rules at ${url}: ${message}`,
              );
              return { source: url, rules: [], error: message };
            }
          }),
        ),
      };
    }
    return this.rules.sources;
  }

  async coverage(query: CoverageQuery): Promise<CoverageResponse> {
    const { config } = this.deps;
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          'spec.lifecycle': 'production',
          'spec.type': config.coverageTypes,
        },
        fields: COMPONENT_FIELDS,
      },
      { credentials: await this.credentials() },
    );
    const components = items
      .map(runbookEntity)
      .filter(c => !query.owner || c.owner === query.owner)
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    const refs = components.map(c => c.entityRef);
    const [runbooks, problems, rulesSources, alertIndex] = await Promise.all([
      this.deps.store.summaries(refs),
      this.deps.store.problems(),
      this.rulesSources(),
      this.deps.store.alertIndex(),
    ]);
    const owners = [
      ...new Set(components.flatMap(c => (c.owner ? [c.owner] : []))),
    ];
    const lastIncidents = await this.deps.dora.lastIncidents(owners);
    const problemCounts = new Map<string, number>();
    for (const problem of problems) {
      problemCounts.set(
        problem.entityRef,
        (problemCounts.get(problem.entityRef) ?? 0) + 1,
      );
    }
    // Every runbook an alert could open, for resolving the rules' runbook_urls.
    const allRunbooks = await this.deps.store.summaries();
    const byId = new Map(allRunbooks.map(r => [r.id, r]));
    const facts = await this.componentFacts([
      ...new Set(allRunbooks.map(r => r.entityRef)),
    ]);
    return computeCoverage({
      components,
      runbooks,
      problemCounts,
      lastIncidents,
      rulesSources,
      resolve: (alert, hints) =>
        chooseRunbook(
          (alertIndex.get(normaliseAlertName(alert))?.ids ?? []).flatMap(
            id => byId.get(id) ?? [],
          ),
          hints,
          facts,
        ),
      staleDays: query.staleDays ?? config.staleDays,
      now: new Date(),
    });
  }
}
