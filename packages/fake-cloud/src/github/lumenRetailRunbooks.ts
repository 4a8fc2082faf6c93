import fs from 'node:fs';
import path from 'node:path';

/**
 * The demo's hand-written repository files — runbooks, the Prometheus rule
 * file, a few docs — and the facts tests and e2e specs check against them.
 * The files live in packages/fake-cloud/fixtures/lumen-retail/<repo>/<path>,
 * as they would in each repository, so they read (and diff) as Markdown and
 * YAML. The runbooks are realistic, with deliberate gaps for the coverage
 * page: see LUMEN_RETAIL_RUNBOOK_GAPS.
 */

/** An alert a demo runbook declares: front-matter `alerts`, or a per-alert runbook's file name. */
export type LumenRetailRunbookAlert = {
  alert: string;
  /** The Component (and repository) whose runbook declares it. */
  service: string;
  /** The runbook's path in that repository. */
  path: string;
};

/** What a correct runbook parser finds declared, per alert. */
export const LUMEN_RETAIL_RUNBOOK_ALERTS: ReadonlyArray<LumenRetailRunbookAlert> =
  [
    ...[
      'CheckoutHighLatency',
      'CheckoutErrorBudgetBurn',
      'CheckoutPaymentStepFailures',
    ].map(alert => ({
      alert,
      service: 'checkout-service',
      path: 'docs/runbooks/checkout-service.md',
    })),
    ...['HighErrorRate', 'CartRedisLatencyHigh'].map(alert => ({
      alert,
      service: 'cart-service',
      path: 'docs/runbooks/cart-service.md',
    })),
    ...['PaymentsHighErrorRate', 'PaymentsDatabaseConnectionsSaturated'].map(
      alert => ({
        alert,
        service: 'payments-service',
        path: 'docs/runbooks/payments-service.md',
      }),
    ),
    ...['PaymentsProviderTimeouts', 'PaymentsWebhookBacklog'].map(alert => ({
      alert,
      service: 'payments-service',
      path: `docs/runbooks/alerts/${alert}.md`,
    })),
    // order-service's runbook names OrderServiceHighErrorRate and
    // OrderServiceKafkaConsumerLag, but in front-matter that does not parse.
    ...['InventoryReservationFailures', 'InventoryKafkaConsumerLag'].map(
      alert => ({
        alert,
        service: 'inventory-service',
        path: 'docs/runbooks/inventory-service.md',
      }),
    ),
    ...['NotificationQueueBacklog', 'NotificationDeliveryFailures'].map(
      alert => ({
        alert,
        service: 'notification-worker',
        path: 'docs/runbooks/notification-worker.md',
      }),
    ),
    ...['IdentityLoginErrorRate', 'IdentityDatabaseConnectionsSaturated'].map(
      alert => ({
        alert,
        service: 'identity-service',
        path: 'docs/runbooks/identity-service.md',
      }),
    ),
    {
      alert: 'IdentityTokenSigningKeyExpiry',
      service: 'identity-service',
      path: 'docs/runbooks/alerts/IdentityTokenSigningKeyExpiry.md',
    },
    ...['HighErrorRate', 'ProductCatalogSyncStalled'].map(alert => ({
      alert,
      service: 'product-service',
      path: 'docs/runbooks/product-service.md',
    })),
    ...['SearchHighLatency', 'SearchIndexLagging'].map(alert => ({
      alert,
      service: 'search-service',
      path: 'docs/runbooks/search-service.md',
    })),
    {
      alert: 'RecommendationsModelStale',
      service: 'recommendations-service',
      path: 'docs/runbooks/recommendations-service.md',
    },
    ...['StorefrontHighErrorRate', 'StorefrontSlowPageLoads'].map(alert => ({
      alert,
      service: 'storefront-web',
      path: 'docs/runbooks/storefront-web.md',
    })),
    {
      alert: 'AccountWebHighErrorRate',
      service: 'account-web',
      path: 'docs/runbooks/account-web.md',
    },
    ...['PavedPortalDown', 'PavedCatalogIngestionFailing'].map(alert => ({
      alert,
      service: 'paved-portal',
      path: 'docs/runbooks/paved-portal.md',
    })),
  ];

/** Where the demo's Prometheus rule file is: a repository of the lumen-retail org and a path in it. */
export const LUMEN_RETAIL_PROMETHEUS_RULES = {
  repo: 'paved-portal',
  path: 'monitoring/prometheus/alerts.yaml',
} as const;

/** Where a rule's runbook_url points: Paved's alert page, as the demo serves it. */
export const LUMEN_RETAIL_ALERT_PAGE_BASE_URL =
  'http://localhost:7007/runbooks/alert';

/** An alerting rule of the demo's rule file (recording rules left out). */
export type LumenRetailPrometheusAlert = {
  alert: string;
  /** The rule's `service` label. */
  service: string;
  severity: 'critical' | 'warning';
  /** The rule's `runbook_url` annotation; undefined when it has none. */
  runbookUrl?: string;
};

const rule = (
  alert: string,
  service: string,
  severity: LumenRetailPrometheusAlert['severity'],
  runbookUrl:
    | string
    | undefined = `${LUMEN_RETAIL_ALERT_PAGE_BASE_URL}/${alert}`,
): LumenRetailPrometheusAlert => ({
  alert,
  service,
  severity,
  ...(runbookUrl ? { runbookUrl } : {}),
});

/** The alerting rules of LUMEN_RETAIL_PROMETHEUS_RULES, in file order. */
export const LUMEN_RETAIL_PROMETHEUS_ALERTS: ReadonlyArray<LumenRetailPrometheusAlert> =
  [
    rule('CheckoutHighLatency', 'checkout-service', 'critical'),
    rule('CheckoutErrorBudgetBurn', 'checkout-service', 'critical'),
    rule(
      'HighErrorRate',
      'cart-service',
      'critical',
      `${LUMEN_RETAIL_ALERT_PAGE_BASE_URL}/HighErrorRate?service=cart-service`,
    ),
    rule('PaymentsProviderTimeouts', 'payments-service', 'critical'),
    rule('PaymentsWebhookBacklog', 'payments-service', 'warning'),
    rule('OrderServiceHighErrorRate', 'order-service', 'critical'),
    rule('OrderServiceKafkaConsumerLag', 'order-service', 'warning'),
    rule('InventoryReservationFailures', 'inventory-service', 'warning'),
    rule('NotificationQueueBacklog', 'notification-worker', 'warning'),
    rule('ShippingLabelPrinterOffline', 'shipping-service', 'warning'),
    {
      alert: 'ShippingCarrierApiErrors',
      service: 'shipping-service',
      severity: 'critical',
    },
    rule('IdentityLoginErrorRate', 'identity-service', 'critical'),
    rule('IdentityTokenSigningKeyExpiry', 'identity-service', 'warning'),
    rule(
      'HighErrorRate',
      'product-service',
      'critical',
      `${LUMEN_RETAIL_ALERT_PAGE_BASE_URL}/HighErrorRate?service=product-service`,
    ),
    rule('SearchHighLatency', 'search-service', 'critical'),
    rule('StorefrontHighErrorRate', 'storefront-web', 'critical'),
    rule('PavedPortalDown', 'paved-portal', 'warning'),
  ];

/** A deliberate flaw of the demo's runbooks, for the coverage page to show. */
export type LumenRetailRunbookGap = {
  service: string;
  gap:
    | 'no-runbook'
    | 'missing-sections'
    | 'stale'
    | 'front-matter-invalid'
    | 'broken-links';
  /** The runbook concerned; undefined for `no-runbook`. */
  path?: string;
  detail: string;
};

export const LUMEN_RETAIL_RUNBOOK_GAPS: ReadonlyArray<LumenRetailRunbookGap> = [
  {
    service: 'shipping-service',
    gap: 'no-runbook',
    detail:
      'A production service with nothing under docs/runbooks/; its rules ShippingLabelPrinterOffline (runbook_url to an alert no runbook declares) and ShippingCarrierApiErrors (no runbook_url) have no runbook.',
  },
  {
    service: 'notification-worker',
    gap: 'missing-sections',
    path: 'docs/runbooks/notification-worker.md',
    detail: 'No escalation path and no external contacts.',
  },
  {
    service: 'inventory-service',
    gap: 'stale',
    path: 'docs/runbooks/inventory-service.md',
    detail: 'last_reviewed 2025-05-12, last changed 2025-05-12.',
  },
  {
    service: 'order-service',
    gap: 'front-matter-invalid',
    path: 'docs/runbooks/order-service.md',
    detail:
      'A YAML syntax error (unclosed `[` in `alerts`): its alerts OrderServiceHighErrorRate and OrderServiceKafkaConsumerLag are not declared; the body has all five sections.',
  },
  {
    service: 'search-service',
    gap: 'broken-links',
    path: 'docs/runbooks/search-service.md',
    detail:
      'Links ../dashboards/search.json and ./img/architecture.png (image) resolve to no file; ../relevance-tuning.md does.',
  },
];

/**
 * When each hand-written file last changed (`FakeGithubRepo.fileDates`), per
 * repository. Reviews in the two months before the demo's 2026-11-20, but
 * for the stale inventory runbook.
 */
export const LUMEN_RETAIL_FILE_DATES: Readonly<
  Record<string, Record<string, string>>
> = {
  'checkout-service': {
    'docs/runbooks/checkout-service.md': '2026-11-04T15:12:00Z',
  },
  'cart-service': { 'docs/runbooks/cart-service.md': '2026-10-21T09:40:00Z' },
  'payments-service': {
    'docs/runbooks/payments-service.md': '2026-11-12T16:05:00Z',
    'docs/runbooks/alerts/PaymentsProviderTimeouts.md': '2026-10-30T11:20:00Z',
    'docs/runbooks/alerts/PaymentsWebhookBacklog.md': '2026-09-28T13:55:00Z',
  },
  'order-service': {
    'docs/runbooks/order-service.md': '2026-10-14T10:31:00Z',
  },
  'inventory-service': {
    'docs/runbooks/inventory-service.md': '2025-05-12T15:42:00Z',
  },
  'notification-worker': {
    'docs/runbooks/notification-worker.md': '2026-10-02T12:08:00Z',
  },
  'identity-service': {
    'docs/runbooks/identity-service.md': '2026-11-16T08:47:00Z',
    'docs/runbooks/alerts/IdentityTokenSigningKeyExpiry.md':
      '2026-10-08T14:10:00Z',
  },
  'product-service': {
    'docs/runbooks/product-service.md': '2026-10-27T13:25:00Z',
  },
  'search-service': {
    'docs/runbooks/search-service.md': '2026-11-09T17:02:00Z',
    'docs/relevance-tuning.md': '2026-08-19T10:15:00Z',
  },
  'recommendations-service': {
    'docs/runbooks/recommendations-service.md': '2026-09-24T16:30:00Z',
  },
  'storefront-web': {
    'docs/runbooks/storefront-web.md': '2026-11-02T11:05:00Z',
  },
  'account-web': { 'docs/runbooks/account-web.md': '2026-10-12T09:18:00Z' },
  'paved-portal': {
    'docs/runbooks/paved-portal.md': '2026-11-18T14:40:00Z',
    'monitoring/prometheus/alerts.yaml': '2026-11-18T11:30:00Z',
  },
};

/**
 * packages/fake-cloud/fixtures/lumen-retail: found by walking up from this
 * file, so that it is found from source and from a build alike.
 */
function fixturesDir(): string {
  // eslint-disable-next-line no-restricted-syntax
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'fixtures', 'lumen-retail');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(
        'fixtures/lumen-retail not found above the fake-cloud package',
      );
    }
  }
}

function filesBelow(root: string, dir = ''): Record<string, string> {
  const files: Record<string, string> = {};
  const entries = fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  for (const entry of entries) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      Object.assign(files, filesBelow(root, relative));
    } else if (entry.isFile()) {
      files[relative] = fs.readFileSync(path.join(root, relative), 'utf8');
    }
  }
  return files;
}

/** A repository's hand-written files (path -> content), read at call time; none for most repositories. */
export function lumenRetailFixtureFiles(repo: string): Record<string, string> {
  const dir = path.join(fixturesDir(), repo);
  return fs.existsSync(dir) ? filesBelow(dir) : {};
}
