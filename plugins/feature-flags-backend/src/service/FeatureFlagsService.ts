import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ApiKeySummary,
  AuditEntry,
  CreatedApiKey,
  featureFlagsManagePermission,
  CreateFlagRequest,
  describeFlagDefinitionProblems,
  EnvironmentDefinition,
  FeatureFlag,
  FLAGD_FLAGS_SCHEMA_URL,
  FlagDefinition,
  FlagSet,
  UpdateDefinitionRequest,
  validateFlagDefinition,
} from '@internal/plugin-feature-flags-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { FeatureFlagsConfig } from '../config/readFeatureFlagsConfig';
import { ApiKeyStore } from '../database/ApiKeyStore';
import { FeatureFlagStore } from '../database/FeatureFlagStore';
import { FlagSetEvaluator, hashFlagSet } from '../evaluation/FlagSetEvaluator';
import { apiKeyFromHeaders, generateApiKey, hashApiKey } from './apiKeySecrets';

/** A new flag is a boolean that is off, until someone turns it on. */
export const DEFAULT_DEFINITION: FlagDefinition = {
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
};

/** Evaluators kept per flag set; beyond this the oldest is dropped. */
const MAX_CACHED_FLAG_SETS = 1000;

/** The domain: flags of Components, their validated definitions, API keys and evaluation. */
export class FeatureFlagsService {
  private readonly evaluators = new Map<string, FlagSetEvaluator>();

  constructor(
    private readonly deps: {
      flags: FeatureFlagStore;
      apiKeys: ApiKeyStore;
      config: FeatureFlagsConfig;
      catalog: CatalogService;
      permissions: PermissionsService;
      logger: LoggerService;
    },
  ) {}

  get environments(): string[] {
    return this.deps.config.environments;
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
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: featureFlagsManagePermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Only the owners of ${entityRef} and the platform squad change its flags and API keys`,
      );
    }
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
    return this.deps.flags.createFlag({
      entityRef,
      key: request.key,
      kind: request.kind,
      description: request.description,
      actor: credentials.principal.userEntityRef,
      definitions: Object.fromEntries(
        this.environments.map(env => [env, definition]),
      ),
    });
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
  ): Promise<EnvironmentDefinition> {
    this.checkEnvironment(environment);
    const entityRef = componentRef(namespace, name);
    await this.authorizeManage(entityRef, credentials);
    const definition = this.validate(request.definition, 'definition');
    return this.deps.flags.updateDefinition({
      entityRef,
      key,
      environment,
      definition,
      version: request.version,
      reason: request.reason,
      actor: credentials.principal.userEntityRef,
    });
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
    return this.deps.apiKeys.revoke(entityRef, id);
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
    const key = await this.deps.apiKeys.findActiveByHash(hashApiKey(secret));
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
   * The evaluator of a flag set. The definitions are read on every call (one
   * query), so a change is visible at once on every replica; the compiled
   * flagd-core is reused while they are unchanged.
   */
  async evaluator(
    entityRef: string,
    environment: string,
  ): Promise<FlagSetEvaluator> {
    const flagSet = await this.loadFlagSet(entityRef, environment);
    const cacheKey = `${entityRef}\n${environment}`;
    const cached = this.evaluators.get(cacheKey);
    if (cached && cached.hash === hashFlagSet(flagSet)) return cached;
    const evaluator = new FlagSetEvaluator(flagSet, this.deps.logger);
    this.evaluators.delete(cacheKey);
    this.evaluators.set(cacheKey, evaluator);
    if (this.evaluators.size > MAX_CACHED_FLAG_SETS) {
      this.evaluators.delete(this.evaluators.keys().next().value!);
    }
    return evaluator;
  }
}

/** Entity refs are case-insensitive; flags are stored under the lower-case one. */
export function componentRef(namespace: string, name: string): string {
  return `component:${namespace}/${name}`.toLocaleLowerCase('en-US');
}
