import { parseEntityRef } from '@backstage/catalog-model';
import {
  CANONICAL_SECTION_LABELS,
  CanonicalSection,
  CoverageComponent,
  RunbookSourceProblem,
  UncoveredAlert,
} from '@internal/plugin-runbooks-common';

export const NO_VALUE = '—';

/**
 * A ref as people say it: `checkout-service` for `component:default/checkout-service`,
 * `team-a/checkout` outside the default namespace. The kind is dropped when
 * it is the expected one.
 */
export function shortRef(ref: string, expectedKind = 'component'): string {
  try {
    const { kind, namespace, name } = parseEntityRef(ref, {
      defaultKind: expectedKind,
    });
    const prefix =
      kind.toLocaleLowerCase('en-US') === expectedKind ? '' : `${kind}:`;
    return `${prefix}${namespace === 'default' ? '' : `${namespace}/`}${name}`;
  } catch {
    return ref;
  }
}

/** The `name` of a ref, for the `?service=` hint of an alert URL. */
export function entityName(ref: string): string {
  try {
    return parseEntityRef(ref, { defaultKind: 'component' }).name;
  } catch {
    return ref;
  }
}

/** `2026-11-20` from an ISO date or timestamp; `—` when unset or unreadable. */
export function formatDate(value?: string): string {
  if (!value) return NO_VALUE;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().slice(0, 10);
}

/** `2026-11-20 14:05` in the browser's zone, for "last read" and deployment times. */
export function formatDateTime(value?: string): string {
  if (!value) return NO_VALUE;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function sectionLabels(sections: readonly CanonicalSection[]): string[] {
  return sections.map(section => CANONICAL_SECTION_LABELS[section]);
}

/** What a stale reason means, for the coverage table. */
export function staleReasonLabel(
  reason: CoverageComponent['stale'][number],
  component: Pick<CoverageComponent, 'lastIncidentAt'>,
  staleDays: number,
): string {
  if (reason === 'not-reviewed') {
    return `Not reviewed in ${staleDays} days`;
  }
  return component.lastIncidentAt
    ? `Reviewed before the last incident (${formatDate(
        component.lastIncidentAt,
      )})`
    : 'Reviewed before the last incident';
}

export function uncoveredReasonLabel(reason: UncoveredAlert['reason']): string {
  return reason === 'no-runbook-url'
    ? 'The rule has no runbook_url'
    : 'Its runbook_url leads to no runbook';
}

const PROBLEM_CODE_LABELS: Record<RunbookSourceProblem['code'], string> = {
  'too-large': 'Too large',
  binary: 'Not text',
  'front-matter-invalid': 'Front-matter invalid',
  'front-matter-field-invalid': 'Front-matter field invalid',
  'no-headings': 'No headings',
  'duplicate-alert': 'Alert listed twice',
  'broken-link': 'Broken link',
  'source-unreadable': 'Source unreadable',
};

export function problemCodeLabel(code: RunbookSourceProblem['code']): string {
  return PROBLEM_CODE_LABELS[code] ?? code;
}

/** `https://github.com/o/r` → `o/r`; other locations as they are. */
export function shortRepo(repo: string): string {
  const match = /^https?:\/\/[^/]+\/([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(repo);
  return match ? match[1] : repo;
}

/** Whether a string is a web address, so it can be a link. */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** `5 min ago`, `3 h ago`, `2 days ago`: how long since, for the on-call page. */
export function formatAgo(value: string, now: Date = new Date()): string {
  const then = new Date(value).getTime();
  if (Number.isNaN(then)) return value;
  const minutes = Math.round((now.getTime() - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
