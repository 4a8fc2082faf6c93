import { ResponseError } from '@backstage/errors';
import {
  ChangeRequest,
  EnvironmentDefinition,
  FeatureFlag,
  FeatureFlagsSettings,
  FlagDefinition,
} from '@internal/plugin-feature-flags-common';
import { FeatureFlagsApi } from '../api/FeatureFlagsApi';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';

export const ENTITY_REF = 'component:default/checkout-service';

export const OFF: FlagDefinition = {
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant: 'off',
};

export function makeSettings(
  overrides: Partial<FeatureFlagsSettings> = {},
): FeatureFlagsSettings {
  return {
    environments: ['development', 'staging', 'production'],
    approvalEnvironments: ['production'],
    evaluators: {
      'internal-staff': { ends_with: [{ var: 'email' }, '@lumen.example'] },
      'beta-testers': { in: [{ var: 'plan' }, ['beta']] },
    },
    rollout: {
      internalEvaluator: 'internal-staff',
      betaEvaluator: 'beta-testers',
    },
    ...overrides,
  };
}

export function makeEnvironmentDefinition(
  definition: FlagDefinition = OFF,
  overrides: Partial<EnvironmentDefinition> = {},
): EnvironmentDefinition {
  return {
    definition,
    version: 3,
    updatedAt: '2026-11-20T10:00:00Z',
    updatedBy: 'user:default/alice',
    ...overrides,
  };
}

/** `new-checkout`, a release flag that is off everywhere unless told otherwise. */
export function makeFlag(
  overrides: Partial<FeatureFlag> = {},
  definitions: Record<string, FlagDefinition> = {},
): FeatureFlag {
  return {
    entityRef: ENTITY_REF,
    key: 'new-checkout',
    kind: 'release',
    description: 'The one-page checkout',
    createdAt: '2026-11-01T09:00:00Z',
    createdBy: 'user:default/alice',
    expectedLifetimeDays: 40,
    environments: Object.fromEntries(
      ['development', 'staging', 'production'].map(environment => [
        environment,
        makeEnvironmentDefinition(definitions[environment] ?? OFF),
      ]),
    ),
    ...overrides,
  };
}

export function makeChangeRequest(
  overrides: Partial<ChangeRequest> = {},
): ChangeRequest {
  return {
    id: 'cr-1',
    entityRef: ENTITY_REF,
    flagKey: 'new-checkout',
    environment: 'production',
    baseVersion: 3,
    before: OFF,
    after: { ...OFF, defaultVariant: 'on' },
    reason: 'Launch day',
    requestedBy: 'user:default/bob',
    requestedAt: '2026-11-21T08:00:00Z',
    status: 'pending',
    ...overrides,
  };
}

/** An API that answers like a backend with one flag and nothing else. */
export function makeFeatureFlagsApi(
  overrides: Partial<FeatureFlagsApi> = {},
): FeatureFlagsApi {
  return {
    getBaseUrl: async () => 'http://localhost:7007/api/feature-flags',
    getSettings: async () => makeSettings(),
    getFlags: async () => ({
      environments: makeSettings().environments,
      flags: [makeFlag()],
    }),
    createFlag: async (_entityRef, request) =>
      makeFlag({ key: request.key, kind: request.kind }),
    saveDefinition: async (_entityRef, _key, _environment, request) => ({
      status: 'applied',
      definition: makeEnvironmentDefinition(
        request.definition as FlagDefinition,
        {
          version: request.version + 1,
        },
      ),
    }),
    getAudit: async () => [],
    downloadAuditCsv: async () => ({
      fileName: 'audit.csv',
      blob: new Blob(['at,actor\n']),
    }),
    getEvaluations: async (_entityRef, flagKey, query) => ({
      flagKey,
      environment: query.environment,
      from: '2026-11-20T10:00:00Z',
      to: '2026-11-21T10:00:00Z',
      intervalMinutes: 60,
      points: [],
      totals: {},
    }),
    getChangeRequests: async () => [],
    approveChangeRequest: async changeRequest => ({
      changeRequest: makeChangeRequest({
        ...changeRequest,
        status: 'approved',
      }),
      definition: makeEnvironmentDefinition(),
    }),
    rejectChangeRequest: async changeRequest =>
      makeChangeRequest({ ...changeRequest, status: 'rejected' }),
    getApiKeys: async () => [],
    createApiKey: async (entityRef, request) => ({
      id: 'key-1',
      entityRef,
      environment: request.environment,
      name: request.name,
      prefix: 'ffk_ab12',
      createdAt: '2026-11-21T10:00:00Z',
      createdBy: 'user:default/guest',
      secret: 'ffk_ab12cd34ef56gh78ij90',
    }),
    revokeApiKey: async () => {
      throw new Error('not expected');
    },
    archiveFlag: async () => {
      throw new Error('not expected');
    },
    getOrgFlags: async () => ({
      environments: makeSettings().environments,
      flags: [],
    }),
    getStaleFlags: async () => ({ noEvaluationsDays: 30, flags: [] }),
    ...overrides,
  };
}

/** The ResponseError the client throws for a backend error. */
export function responseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    jsonResponse(status, errorBody(status, name, message)),
  );
}
