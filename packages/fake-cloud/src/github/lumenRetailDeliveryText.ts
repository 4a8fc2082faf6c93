import { SeededRandom } from './seededRandom';

/**
 * The words of Lumen Retail's delivery history: what each repository's pull
 * requests, incidents and issues are about.
 */

const TOPICS: Record<string, string[]> = {
  'checkout-service': [
    'basket total rounding',
    'guest checkout flow',
    'address validation',
    'checkout session timeout',
    'delivery slot selection',
    'promo code handling',
    'order confirmation event',
  ],
  'cart-service': [
    'cart merge on sign-in',
    'line item quantity limits',
    'saved-for-later items',
    'cart expiry job',
    'stock reservation calls',
  ],
  'payments-service': [
    '3-D Secure challenge handling',
    'refund webhook retries',
    'card tokenisation',
    'PSP timeout settings',
    'payment method ordering',
    'idempotency keys for captures',
  ],
  'order-service': [
    'order state machine',
    'cancellation window',
    'order export to ERP',
    'split shipments',
    'order history pagination',
  ],
  'inventory-service': [
    'stock level sync',
    'reservation expiry',
    'warehouse transfer events',
    'low-stock alerts',
    'cycle count import',
  ],
  'shipping-service': [
    'carrier rate lookup',
    'label generation',
    'tracking webhook parsing',
    'delivery ETA calculation',
    'parcel size rules',
  ],
  'notification-worker': [
    'order shipped email',
    'SMS retry policy',
    'push notification batching',
    'template rendering',
    'unsubscribe handling',
  ],
  'identity-service': [
    'token refresh',
    'password reset flow',
    'session revocation',
    'MFA enrolment',
    'OIDC discovery caching',
  ],
  'account-web': [
    'profile page',
    'address book form',
    'order history view',
    'sign-in page',
    'consent banner',
  ],
  'auth-sdk': [
    'token refresh helper',
    'PKCE support',
    'retry on 401',
    'claims types',
    'silent sign-in',
  ],
  'storefront-web': [
    'product listing page',
    'mini basket',
    'search suggestions',
    'image lazy loading',
    'product page breadcrumbs',
  ],
  'product-service': [
    'product variants API',
    'price feed import',
    'category tree cache',
    'availability field',
    'catalogue indexing events',
  ],
  'search-service': [
    'synonym dictionary',
    'typo tolerance',
    'facet counts',
    'query latency',
    'index rebuild job',
  ],
  'recommendations-service': [
    'similar items model',
    'feature store reads',
    'cold-start fallback',
    'A/B bucket assignment',
  ],
  'design-system': [
    'Button focus ring',
    'DatePicker keyboard navigation',
    'Modal scroll lock',
    'colour tokens',
    'Toast component',
  ],
  'paved-portal': [
    'catalog import',
    'TechDocs build',
    'scaffolder templates',
    'DORA metrics page',
    'search collator',
  ],
  'service-chassis': [
    'health check endpoint',
    'structured logging',
    'OpenTelemetry exporter',
    'graceful shutdown',
    'config loader',
  ],
};

const GENERIC_TOPICS = [
  'request validation',
  'error handling',
  'metrics',
  'configuration',
  'integration tests',
];

export type ChangeKind = 'feature' | 'fix' | 'chore' | 'dependencies';

const TITLES: Record<ChangeKind, ((topic: string) => string)[]> = {
  feature: [
    t => `Add ${t}`,
    t => `Support ${t}`,
    t => `Improve ${t}`,
    t => `Add metrics for ${t}`,
  ],
  fix: [
    t => `Fix ${t}`,
    t => `Handle errors in ${t}`,
    t => `Fix edge case in ${t}`,
  ],
  chore: [t => `Refactor ${t}`, t => `Tidy up ${t}`, t => `Add tests for ${t}`],
  dependencies: [
    () => 'Update dependencies',
    () => 'Update base image',
    () => 'Bump CI actions',
  ],
};

export const LABELS_OF_KIND: Record<ChangeKind, string[]> = {
  feature: ['enhancement'],
  fix: ['bug'],
  chore: [],
  dependencies: ['dependencies'],
};

const BRANCH_PREFIX: Record<ChangeKind, string> = {
  feature: 'feat',
  fix: 'fix',
  chore: 'chore',
  dependencies: 'deps',
};

export function topicOf(repoName: string, random: SeededRandom): string {
  return random.pick(TOPICS[repoName] ?? GENERIC_TOPICS);
}

export function changeTitle(
  kind: ChangeKind,
  repoName: string,
  random: SeededRandom,
): string {
  return random.pick(TITLES[kind])(topicOf(repoName, random));
}

/** A branch name for a change, e.g. 'fix/promo-code-handling'. */
export function branchName(kind: ChangeKind, title: string): string {
  let slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  if (slug.length > 40) slug = slug.slice(0, 41).replace(/-[^-]*$/, '');
  return `${BRANCH_PREFIX[kind]}/${slug}`;
}

export const FOLLOW_UP_COMMITS = [
  'Address review comments',
  'Add tests',
  'Fix lint',
  'Rename for clarity',
  'Handle the empty case',
];

export const REVIEW_BODIES = {
  APPROVED: ['', 'LGTM', 'Looks good, thanks!', 'Nice one.'],
  CHANGES_REQUESTED: [
    'A couple of comments inline.',
    'This needs a test for the failure path.',
    'Can we keep the old behaviour behind a flag?',
  ],
  COMMENTED: ['One question inline.', 'Non-blocking nit inline.'],
} as const;

const INCIDENT_TITLES: ((repo: string) => string)[] = [
  repo => `Elevated 5xx rate on ${repo}`,
  repo => `${repo}: p99 latency above SLO`,
  repo => `Errors in ${repo} after deploy`,
  repo => `${repo} pods crash-looping in production`,
  repo => `Spike in failed requests to ${repo}`,
];

export function incidentTitle(repoName: string, random: SeededRandom): string {
  return random.pick(INCIDENT_TITLES)(repoName);
}

const ISSUE_TITLES: Record<'bug' | 'enhancement', ((t: string) => string)[]> = {
  bug: [
    t => `${t} fails for some customers`,
    t => `Flaky test around ${t}`,
    t => `Wrong error message from ${t}`,
  ],
  enhancement: [
    t => `Request: configurable ${t}`,
    t => `Document ${t}`,
    t => `Expose metrics for ${t}`,
  ],
};

export function issueTitle(
  kind: 'bug' | 'enhancement',
  repoName: string,
  random: SeededRandom,
): string {
  const title = random.pick(ISSUE_TITLES[kind])(topicOf(repoName, random));
  return title[0].toUpperCase() + title.slice(1);
}
