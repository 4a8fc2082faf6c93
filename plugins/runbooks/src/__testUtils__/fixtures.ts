import { ResponseError } from '@backstage/errors';
import {
  AlertResolution,
  CoverageResponse,
  EntityRunbooksResponse,
  OncallResponse,
  RunbookDetail,
  RunbookSearchHit,
  RunbookSummary,
} from '@internal/plugin-runbooks-common';
import { RunbooksApi } from '../api/RunbooksApi';
import { errorBody, jsonResponse } from '@internal/plugin-paved-react';

/** The checkout service's main runbook, per service, complete. */
export function makeSummary(
  overrides: Partial<RunbookSummary> = {},
): RunbookSummary {
  return {
    id: 'rb-checkout',
    entityRef: 'component:default/checkout-service',
    path: 'docs/runbooks/checkout-service.md',
    url: 'https://github.com/lumen-retail/checkout-service/blob/main/docs/runbooks/checkout-service.md',
    title: 'Checkout service',
    alerts: ['CheckoutHighErrorRate', 'CheckoutLatencyHigh'],
    severity: 'critical',
    owner: 'group:default/checkout-squad',
    system: 'system:default/checkout',
    shape: 'per-service',
    lastReviewed: '2026-10-01',
    commit: {
      sha: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
      date: '2026-10-01T09:00:00Z',
    },
    missingSections: [],
    problemCount: 0,
    ...overrides,
  };
}

export function makeDetail(
  overrides: Partial<RunbookDetail> = {},
): RunbookDetail {
  return {
    ...makeSummary(),
    html: '<h2>Overview</h2><p>Takes payments.</p><h2>Remediation</h2><pre><code>kubectl rollout undo deploy/checkout</code></pre>',
    sections: [],
    problems: [],
    ...overrides,
  };
}

export function makeHit(
  overrides: Partial<RunbookSearchHit> = {},
): RunbookSearchHit {
  return {
    ...makeSummary(),
    exactAlertMatch: false,
    rank: 1,
    snippet: [{ text: 'Takes payments.', highlight: false }],
    ...overrides,
  };
}

export function makeResolution(
  overrides: Partial<AlertResolution> = {},
): AlertResolution {
  return {
    alert: 'CheckoutHighErrorRate',
    status: 'found',
    runbook: makeDetail(),
    candidates: [],
    ...overrides,
  };
}

export function makeEntityRunbooks(
  overrides: Partial<EntityRunbooksResponse> = {},
): EntityRunbooksResponse {
  return {
    entity: {
      entityRef: 'component:default/checkout-service',
      title: 'Checkout service',
      owner: 'group:default/checkout-squad',
    },
    runbooks: [makeSummary()],
    source: {
      entityRef: 'component:default/checkout-service',
      location:
        'https://github.com/lumen-retail/checkout-service/tree/HEAD/docs/runbooks/**',
      commitSha: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
      lastReadAt: '2026-11-20T10:00:00Z',
    },
    problems: [],
    ...overrides,
  };
}

export function makeOncall(
  overrides: Partial<OncallResponse> = {},
): OncallResponse {
  return {
    entity: {
      entityRef: 'component:default/checkout-service',
      title: 'Checkout service',
      owner: 'group:default/checkout-squad',
      description: 'Takes payments for orders.',
    },
    owner: {
      entityRef: 'group:default/checkout-squad',
      title: 'Checkout squad',
      email: 'checkout@lumen.example',
      links: [{ url: 'https://chat.example/checkout', title: '#checkout' }],
    },
    escalationHtml:
      '<ol><li>Page the checkout on-call</li><li>Then the head of payments</li></ol>',
    links: [
      { url: 'https://grafana.example/d/checkout', title: 'Grafana dashboard' },
      { url: 'https://logs.example/checkout', title: 'Logs' },
    ],
    runbooks: [makeSummary()],
    workloads: [
      {
        entityRef: 'resource:default/checkout-deployment',
        title: 'checkout (Deployment)',
        type: 'kubernetes-deployment',
        cluster: 'prod-eu',
        namespace: 'checkout',
      },
    ],
    ...overrides,
  };
}

export function makeCoverage(
  overrides: Partial<CoverageResponse> = {},
): CoverageResponse {
  return {
    staleDays: 90,
    summary: {
      components: 4,
      withRunbook: 3,
      complete: 2,
      stale: 1,
      runbooks: 5,
      problems: 2,
    },
    components: [
      {
        entityRef: 'component:default/checkout-service',
        title: 'Checkout service',
        owner: 'group:default/checkout-squad',
        runbookCount: 2,
        missingSections: [],
        lastReviewed: '2026-10-01',
        stale: [],
        problemCount: 0,
      },
      {
        entityRef: 'component:default/cart-service',
        title: 'Cart service',
        owner: 'group:default/cart-squad',
        runbookCount: 1,
        missingSections: ['escalation', 'externalContacts'],
        lastReviewed: '2025-01-10',
        lastIncidentAt: '2026-11-01T08:00:00Z',
        stale: ['not-reviewed', 'older-than-incident'],
        problemCount: 2,
      },
    ],
    alertsWithoutRunbook: [
      {
        alert: 'CartQueueBacklog',
        rulesSource: 'prometheus-rules/cart.yaml',
        reason: 'no-runbook-url',
      },
    ],
    runbooksMatchingNoAlert: [
      {
        alert: 'CheckoutLatencyHigh',
        runbook: makeSummary(),
      },
    ],
    rulesSources: [{ source: 'prometheus-rules/cart.yaml', alertCount: 12 }],
    ...overrides,
  };
}

/** A RunbooksApi whose every method answers with a plausible default, for tests to override. */
export function makeRunbooksApi(
  overrides: Partial<RunbooksApi> = {},
): RunbooksApi {
  return {
    search: async request => ({
      query: request.q,
      total: 0,
      results: [],
    }),
    getRunbook: async () => makeDetail(),
    resolveAlert: async () => makeResolution(),
    getEntityRunbooks: async () => makeEntityRunbooks(),
    getOncall: async () => makeOncall(),
    getCoverage: async () => makeCoverage(),
    getProblems: async () => ({ problems: [] }),
    getFacets: async () => ({
      owners: ['group:default/checkout-squad'],
      systems: ['system:default/checkout'],
      severities: ['critical', 'warning'],
    }),
    refresh: async () => ({
      run: {
        startedAt: '2026-11-23T12:00:00Z',
        finishedAt: '2026-11-23T12:00:02Z',
        sourcesRead: 1,
        sourcesUnchanged: 0,
        sourcesFailed: 0,
        runbooks: 1,
        problems: 0,
      },
    }),
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
