import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ApiKeySummary,
  AuditEntry,
  ChangeRequest,
  ChangeRequestStatus,
  CreatedApiKey,
  EvaluationSeries,
  featureFlagsApprovePermission,
  featureFlagsManagePermission,
  FeatureFlagsSettings,
  OrgFlagsResponse,
  StaleFlagsResponse,
  CreateFlagRequest,
  describeFlagDefinitionProblems,
  EnvironmentDefinition,
  FeatureFlag,
  FLAGD_FLAGS_SCHEMA_URL,
  FlagDefinition,
  FlagSet,
  flagKeySchema,
  flagKindSchema,
  flagValueType,
  UpdateDefinitionRequest,
  validateFlagDefinition,
} from '@internal/plugin-feature-flags-common';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseInput } from '@internal/backend-validation';
import { promises as fs } from 'fs';
import { z } from 'zod';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { FeatureFlagsConfig } from '../config/readFeatureFlagsConfig';
import { ApiKeyStore } from '../database/ApiKeyStore';
import { ChangeRequestStore } from '../database/ChangeRequestStore';
import { EvaluationStore } from '../database/EvaluationStore';
import { FeatureFlagStore } from '../database/FeatureFlagStore';
import { FlagSetEvaluator } from '../evaluation/FlagSetEvaluator';
import { OfrepEvaluation } from '../evaluation/ofrep';
import {
  apiKeyFromHeaders,
  apiKeyPrefix,
  generateApiKey,
  hashApiKey,
} from './apiKeySecrets';
import { EvaluationRecorder } from './EvaluationRecorder';
import { EvaluatorCache } from './EvaluatorCache';
import { findStaleFlags, seriesIntervalMinutes } from './staleFlags';

const seedFileSchema = z.object({
  flags: z.array(
    z.object({
      entityRef: z
        .string()
        .regex(/^component:[^/]+\/.+$/i, 'must be a Component ref'),
      key: flagKeySchema,
      kind: flagKindSchema,
      description: z.string().default(''),
      createdBy: z.string().default('user:default/paved-demo'),
      createdAt: z.iso.datetime({ offset: true }).optional(),
      /** Instead of createdAt (demo fixtures): days before the import. */
      createdDaysAgo: z.number().min(0).optional(),
      definitions: z.record(z.string(), z.unknown()).default({}),
    }),
  ),
  /** Demo only: keys with known secrets, so the demo's services can evaluate. */
  apiKeys: z
    .array(
      z.object({
        entityRef: z
          .string()
          .regex(/^component:[^/]+\/.+$/i, 'must be a Component ref'),
        environment: z.string(),
        name: z.string().min(1),
        secret: z.string().min(24, 'must be at least 24 characters'),
      }),
    )
    .default([]),
});

/** A new flag is a boolean that is off, until someone turns it on. */
export const DEFAULT_DEFINITION: FlagDefinition = {
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
};

/** The domain: flags of Components, their validated definitions, API keys and evaluation. */
export class FeatureFlagsService {
  constructor(
    private readonly deps: {
      flags: FeatureFlagStore;
      apiKeys: ApiKeyStore;
      changeRequests: ChangeRequestStore;
      evaluations: EvaluationStore;
      recorder: EvaluationRecorder;
      cache: EvaluatorCache;
      config: FeatureFlagsConfig;
      catalog: CatalogService;
      permissions: PermissionsService;
      logger: LoggerService;
    },
  ) {}

  get environments(): string[] {
    return this.deps.config.environments;
  }

  settings(): FeatureFlagsSettings {
    const { environments, approvalEnvironments, evaluators, rollout } =
      this.deps.config;
    return { environments, approvalEnvironments, evaluators, rollout };
  }

  /** The definition if it is valid flagd, else a 400 naming every JSON path. */
  validate(definition: unknown, what: string): FlagDefinition {
    const result = validateFlagDefinition(definition, {
      evaluators: this.deps.config.evaluators,
    });
    if (!result.valid) {
      throw new InputError(
        `Invalid ${what}: ${describeFlagDefinitionProblems(
          result.problems.map(p => ({
            ...p,
            path: p.path ? `definition.${p.path}` : 'definition',
          })),
        )}`,
      );
    }
    // flagd-core compiles the targeting: refuse what it could not evaluate.
    const probe = new FlagSetEvaluator(
      this.flagSet({ probe: result.definition }),
      this.deps.logger,
    ).evaluate('probe', {});
    if ('errorCode' in probe && probe.errorCode === 'PARSE_ERROR') {
      throw new InputError(
        `Invalid ${what}: definition.targeting: flagd cannot parse this JSON Logic (${probe.errorDetails})`,
      );
    }
    return result.definition;
  }

  private checkEnvironment(environment: string) {
    if (!this.environments.includes(environment)) {
      throw new NotFoundError(
        `No environment "${environment}" (environments: ${this.environments.join(
          ', ',
        )})`,
      );
    }
  }

  /**
   * 403 unless the permission policy lets these credentials change the
   * Component's flags and keys (Paved's: its owners and the platform squad).
   */
  private async authorizeManage(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (
      !(await this.allowed(
        featureFlagsManagePermission,
        entityRef,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        `Only the owners of ${entityRef} and the platform squad change its flags and API keys`,
      );
    }
  }

  private async allowed(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.deps.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** The Component's canonical ref; 404 if the catalog does not have it. */
  private async component(
    namespace: string,
    name: string,
    credentials: BackstageCredentials,
  ): Promise<string> {
    const ref = componentRef(namespace, name);
    const entity = await this.deps.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`No Component ${ref} in the catalog`);
    return ref;
  }

  async createFlag(
    namespace: string,
    name: string,
    request: Required<
      Pick<CreateFlagRequest, 'key' | 'kind' | 'description'>
    > & {
      definition?: unknown;
    },
    credentials: BackstageCredentials<{ userEntityRef: string }>,
  ): Promise<FeatureFlag> {
    // Who may, before what: a refused user learns nothing about the definition.
    const entityRef = await this.component(namespace, name, credentials);
    await this.authorizeManage(entityRef, credentials);
    const definition =
      request.definition === undefined
        ? DEFAULT_DEFINITION
        : this.validate(request.definition, 'flag');
    const flag = await this.deps.flags.createFlag({
      entityRef,
      key: request.key,
      kind: request.kind,
      description: request.description,
      actor: credentials.principal.userEntityRef,
      definitions: Object.fromEntries(
        this.environments.map(env => [env, definition]),
      ),
    });
    this.changedHere(entityRef);
    return flag;
  }

  /**
   * Imports flags from a seed file (the demo's) when there are none yet;
   * an invalid file fails start-up naming the flag and JSON path.
   */
  async importSeed(path: string): Promise<number> {
    if ((await this.deps.flags.countFlags()) > 0) return 0;
    const seed = parseInput(
      seedFileSchema,
      JSON.parse(await fs.readFile(path, 'utf8')),
      `feature flag seed ${path}`,
    );
    for (const [index, flag] of seed.flags.entries()) {
      const definitions = Object.fromEntries(
        this.environments.map(environment => [
          environment,
          flag.definitions[environment] === undefined
            ? DEFAULT_DEFINITION
            : this.validate(
                flag.definitions[environment],
                `seed flag ${index} (${flag.key}) in ${environment}`,
              ),
        ]),
      );
      const types = new Set(Object.values(definitions).map(flagValueType));
      if (types.size > 1) {
        throw new InputError(
          `Invalid feature flag seed ${path}: flags.${index} (${
            flag.key
          }): the environments' variants are of different types (${[
            ...types,
          ].join(', ')}); define every environment with the same variants`,
        );
      }
      await this.deps.flags.createFlag({
        entityRef: flag.entityRef.toLocaleLowerCase('en-US'),
        key: flag.key,
        kind: flag.kind,
        description: flag.description,
        actor: flag.createdBy,
        definitions,
        ...(flag.createdAt ? { at: new Date(flag.createdAt) } : {}),
        ...(flag.createdDaysAgo !== undefined
          ? { at: new Date(Date.now() - flag.createdDaysAgo * 86_400_000) }
          : {}),
      });
    }
    for (const [index, key] of seed.apiKeys.entries()) {
      if (!this.environments.includes(key.environment)) {
        throw new InputError(
          `Invalid feature flag seed ${path}: apiKeys.${index}.environment: "${
            key.environment
          }" is not one of ${this.environments.join(', ')}`,
        );
      }
      await this.deps.apiKeys.insert({
        entityRef: key.entityRef.toLocaleLowerCase('en-US'),
        environment: key.environment,
        name: key.name,
        prefix: apiKeyPrefix(key.secret),
        hash: hashApiKey(key.secret),
        actor: 'user:default/paved-demo',
      });
    }
    return seed.flags.length;
  }

  async flags(namespace: string, name: string): Promise<FeatureFlag[]> {
    return this.deps.flags.flags(componentRef(namespace, name));
  }

  async updateDefinition(
    namespace: string,
    name: string,
    key: string,
    environment: string,
    request: UpdateDefinitionRequest,
    credentials: BackstageCredentials<{ userEntityRef: string }>,
  ): Promise<{ applied: EnvironmentDefinition } | { pending: ChangeRequest }> {
    this.checkEnvironment(environment);
    const entityRef = componentRef(namespace, name);
    await this.authorizeManage(entityRef, credentials);
    const definition = this.validate(request.definition, 'definition');
    await this.checkSameValueType(entityRef, key, environment, definition);
    const actor = credentials.principal.userEntityRef;
    if (
      this.deps.config.approvalEnvironments.includes(environment) &&
      !(await this.allowed(
        featureFlagsApprovePermission,
        entityRef,
        credentials,
      ))
    ) {
      // Four eyes: an owner of the Component approves it.
      return {
        pending: await this.deps.changeRequests.create({
          entityRef,
          key,
          environment,
          baseVersion: request.version,
          after: definition,
          reason: request.reason,
          requestedBy: actor,
        }),
      };
    }
    const applied = await this.deps.flags.updateDefinition({
      entityRef,
      key,
      environment,
      definition,
      version: request.version,
      reason: request.reason,
      actor,
    });
    this.changedHere(entityRef);
    return { applied };
  }

  /**
   * Archives a flag: services get FLAG_NOT_FOUND (their code default) in
   * every environment, production included, so only the Component's owners
   * may; the definitions and the audit log stay.
   */
  async archiveFlag(
    namespace: string,
    name: string,
    key: string,
    reason: string,
    credentials: BackstageCredentials<{ userEntityRef: string }>,
  ): Promise<void> {
    const entityRef = componentRef(namespace, name);
    if (
      !(await this.allowed(
        featureFlagsApprovePermission,
        entityRef,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        `Only the owners of ${entityRef} archive its flags: archiving removes a flag from production too`,
      );
    }
    await this.deps.flags.archiveFlag({
      entityRef,
      key,
      reason,
      actor: credentials.principal.userEntityRef,
    });
    this.changedHere(entityRef);
  }

  /**
   * This replica's next evaluation sees a change it just committed (read
   * your writes); other replicas hear of it through NOTIFY.
   */
  private changedHere(entityRef: string) {
    this.deps.cache.changed({ type: 'flags', entityRef });
  }

  /**
   * A flag serves one type of value everywhere: code asks for a boolean or a
   * string, whatever the environment. 400 if this definition's variants are
   * of another type than the flag's in the other environments.
   */
  private async checkSameValueType(
    entityRef: string,
    key: string,
    environment: string,
    definition: FlagDefinition,
  ) {
    const flag = await this.deps.flags.flag(entityRef, key);
    if (!flag) throw new NotFoundError(`${entityRef} has no flag "${key}"`);
    const type = flagValueType(definition);
    for (const [other, current] of Object.entries(flag.environments)) {
      const otherType = flagValueType(current.definition);
      if (other !== environment && otherType && otherType !== type) {
        throw new InputError(
          `Invalid definition: definition.variants: the variants are ${type}s, but flag "${key}" serves ${otherType}s in ${other}; a flag has one value type in every environment`,
        );
      }
    }
  }

  async changeRequests(filter: {
    namespace?: string;
    name?: string;
    status?: ChangeRequestStatus;
  }): Promise<ChangeRequest[]> {
    return this.deps.changeRequests.list({
      ...(filter.namespace && filter.name
        ? { entityRef: componentRef(filter.namespace, filter.name) }
        : {}),
      ...(filter.status ? { status: filter.status } : {}),
    });
  }

  /**
   * An owner (never the requester) applies a pending change; 409 if the
   * flag changed since it was requested (the request is then superseded).
   */
  async approveChangeRequest(
    namespace: string,
    name: string,
    id: string,
    comment: string,
    credentials: BackstageCredentials<{ userEntityRef: string }>,
  ) {
    const entityRef = componentRef(namespace, name);
    const request = await this.deps.changeRequests.get(entityRef, id);
    const decidedBy = credentials.principal.userEntityRef;
    if (request.requestedBy === decidedBy) {
      throw new NotAllowedError(
        'A change needs a second pair of eyes: someone other than its requester approves it',
      );
    }
    if (
      !(await this.allowed(
        featureFlagsApprovePermission,
        entityRef,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        `Only the owners of ${entityRef} approve changes to its flags in ${request.environment}`,
      );
    }
    const outcome = await this.deps.changeRequests.approve({
      entityRef,
      id,
      decidedBy,
      comment,
    });
    this.changedHere(entityRef);
    if ('superseded' in outcome) {
      throw new ConflictError(
        `Flag "${request.flagKey}" in ${request.environment} changed after this request was made (on version ${request.baseVersion}); it is superseded — make the change again on the current definition`,
      );
    }
    return outcome;
  }

  /** An owner rejects a pending change, or its requester withdraws it. */
  async rejectChangeRequest(
    namespace: string,
    name: string,
    id: string,
    comment: string,
    credentials: BackstageCredentials<{ userEntityRef: string }>,
  ): Promise<ChangeRequest> {
    const entityRef = componentRef(namespace, name);
    const request = await this.deps.changeRequests.get(entityRef, id);
    const decidedBy = credentials.principal.userEntityRef;
    if (
      request.requestedBy !== decidedBy &&
      !(await this.allowed(
        featureFlagsApprovePermission,
        entityRef,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        `Only the owners of ${entityRef} (or the requester) reject a change request`,
      );
    }
    return this.deps.changeRequests.reject({
      entityRef,
      id,
      decidedBy,
      comment,
    });
  }

  /** Evaluations of a flag per variant over the last `hours`. */
  async evaluationSeries(
    namespace: string,
    name: string,
    key: string,
    query: { environment: string; hours: number },
  ): Promise<EvaluationSeries> {
    this.checkEnvironment(query.environment);
    const entityRef = componentRef(namespace, name);
    await this.deps.recorder.flush();
    const intervalMinutes = seriesIntervalMinutes(query.hours);
    const step = intervalMinutes * 60_000;
    const to = new Date(Math.ceil((Date.now() + 1) / 60_000) * 60_000);
    const from = new Date(
      Math.floor((to.getTime() - query.hours * 3_600_000) / step) * step,
    );
    const [rows, last] = await Promise.all([
      this.deps.evaluations.series({
        entityRef,
        environment: query.environment,
        flagKey: key,
        from,
        to,
        intervalMinutes,
      }),
      this.deps.evaluations.lastEvaluations([entityRef]),
    ]);
    const points = new Map<string, Record<string, number>>();
    const totals: Record<string, number> = {};
    for (const row of rows) {
      const counts = points.get(row.at) ?? {};
      counts[row.variant] = row.count;
      points.set(row.at, counts);
      totals[row.variant] = (totals[row.variant] ?? 0) + row.count;
    }
    const lastEvaluatedAt = last.find(
      l => l.environment === query.environment && l.flagKey === key,
    )?.at;
    return {
      flagKey: key,
      environment: query.environment,
      from: from.toISOString(),
      to: to.toISOString(),
      intervalMinutes,
      points: [...points].map(([at, counts]) => ({ at, counts })),
      totals,
      ...(lastEvaluatedAt ? { lastEvaluatedAt } : {}),
    };
  }

  /** Every flag with its Component's owner, optionally of one owner's Components. */
  async orgFlags(
    owner: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<OrgFlagsResponse> {
    const flags = await this.deps.flags.allFlags();
    const owners = await this.ownersOf(
      [...new Set(flags.map(f => f.entityRef))],
      credentials,
    );
    const wanted = owner ? normalizeGroupRef(owner) : undefined;
    return {
      environments: this.environments,
      flags: flags
        .map(flag => {
          const flagOwner = owners.get(flag.entityRef);
          return { ...flag, ...(flagOwner ? { owner: flagOwner } : {}) };
        })
        .filter(flag => !wanted || flag.owner === wanted),
    };
  }

  /** The stale-flag report, optionally for one owner. */
  async staleFlags(
    owner: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<StaleFlagsResponse> {
    await this.deps.recorder.flush();
    const { flags } = await this.orgFlags(owner, credentials);
    const lastEvaluations = await this.deps.evaluations.lastEvaluations();
    const { noEvaluationsDays } = this.deps.config.staleness;
    return {
      noEvaluationsDays,
      flags: findStaleFlags(flags, lastEvaluations, {
        now: new Date(),
        noEvaluationsDays,
        productionEnvironment: this.environments[this.environments.length - 1],
      }),
    };
  }

  /** The owning Group of each Component, from the catalog's ownedBy relation. */
  private async ownersOf(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    if (entityRefs.length === 0) return owners;
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      {
        entityRefs,
        fields: ['kind', 'metadata.namespace', 'metadata.name', 'relations'],
      },
      { credentials },
    );
    for (const entity of items) {
      if (!entity) continue;
      const ownedBy = entity.relations?.find(r => r.type === 'ownedBy');
      if (ownedBy) {
        owners.set(
          stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
          ownedBy.targetRef.toLocaleLowerCase('en-US'),
        );
      }
    }
    return owners;
  }

  async audit(
    namespace: string,
    name: string,
    key: string,
  ): Promise<AuditEntry[]> {
    return this.deps.flags.audit(componentRef(namespace, name), key);
  }

  async createApiKey(
    namespace: string,
    name: string,
    request: { environment: string; name: string },
    credentials: BackstageCredentials<{ userEntityRef: string }>,
  ): Promise<CreatedApiKey> {
    this.checkEnvironment(request.environment);
    const entityRef = await this.component(namespace, name, credentials);
    await this.authorizeManage(entityRef, credentials);
    const { secret, prefix, hash } = generateApiKey();
    const summary = await this.deps.apiKeys.insert({
      entityRef,
      environment: request.environment,
      name: request.name,
      prefix,
      hash,
      actor: credentials.principal.userEntityRef,
    });
    return { ...summary, secret };
  }

  async apiKeys(namespace: string, name: string): Promise<ApiKeySummary[]> {
    return this.deps.apiKeys.list(componentRef(namespace, name));
  }

  async revokeApiKey(
    namespace: string,
    name: string,
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ApiKeySummary> {
    const entityRef = componentRef(namespace, name);
    await this.authorizeManage(entityRef, credentials);
    const revoked = await this.deps.apiKeys.revoke(entityRef, id);
    this.deps.cache.changed({ type: 'api-keys' });
    return revoked;
  }

  /** The Component and environment an API key in these headers is for; 401 without a valid key. */
  async authenticateApiKey(headers: {
    authorization?: string;
    'x-api-key'?: string | string[];
  }): Promise<ApiKeySummary> {
    const secret = apiKeyFromHeaders(headers);
    if (!secret) {
      throw new AuthenticationError(
        'An API key is required: Authorization: Bearer <key>',
      );
    }
    const hash = hashApiKey(secret);
    const key = await this.deps.cache.apiKey(hash, () =>
      this.deps.apiKeys.findActiveByHash(hash),
    );
    if (!key) throw new AuthenticationError('Unknown or revoked API key');
    return key;
  }

  private flagSet(flags: Record<string, FlagDefinition>): FlagSet {
    const evaluators = this.deps.config.evaluators;
    return {
      $schema: FLAGD_FLAGS_SCHEMA_URL,
      flags,
      ...(Object.keys(evaluators).length ? { $evaluators: evaluators } : {}),
    };
  }

  /** A Component's flag set in one environment, as flagd JSON. */
  async loadFlagSet(entityRef: string, environment: string): Promise<FlagSet> {
    return this.flagSet(
      await this.deps.flags.flagSetDefinitions(entityRef, environment),
    );
  }

  /**
   * The compiled flag set of a Component in an environment, from memory
   * while the change listener is connected (see EvaluatorCache).
   */
  async evaluator(
    entityRef: string,
    environment: string,
  ): Promise<FlagSetEvaluator> {
    return this.deps.cache.evaluator(entityRef, environment, () =>
      this.loadFlagSet(entityRef, environment),
    );
  }

  /** Counts evaluations served to an API key's service. */
  recordEvaluations(apiKey: ApiKeySummary, evaluations: OfrepEvaluation[]) {
    for (const evaluation of evaluations) {
      this.deps.recorder.record(
        apiKey.entityRef,
        apiKey.environment,
        evaluation,
      );
    }
  }
}

function normalizeGroupRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/** Entity refs are case-insensitive; flags are stored under the lower-case one. */
export function componentRef(namespace: string, name: string): string {
  return `component:${namespace}/${name}`.toLocaleLowerCase('en-US');
}
