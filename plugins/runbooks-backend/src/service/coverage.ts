import {
  CANONICAL_SECTIONS,
  CoverageComponent,
  CoverageResponse,
  normaliseAlertName,
  RunbookEntity,
  RunbookSummary,
  UncoveredAlert,
} from '@internal/plugin-runbooks-common';
import { AlertRule, alertPageTarget } from './prometheusRules';
import { AlertChoice, AlertHints } from './resolveAlert';

const DAY_MS = 24 * 60 * 60 * 1000;

export type RulesSource = {
  source: string;
  rules: AlertRule[];
  error?: string;
};

/** When a runbook was last looked at: its `last_reviewed`, else its last commit. */
export function reviewedAt(runbook: RunbookSummary): string | undefined {
  return runbook.lastReviewed ?? runbook.commit?.date.slice(0, 10);
}

/**
 * Coverage of production Components: which have runbooks, which lack a
 * required section in all of them, which are stale (not reviewed for
 * `staleDays`, or reviewed before the service's last incident); alerts
 * whose `runbook_url` resolves to nothing; runbook alerts no rule fires.
 */
export function computeCoverage(input: {
  components: RunbookEntity[];
  runbooks: RunbookSummary[];
  /** Entity ref → problems on its runbooks (files, duplicates, unreadable source). */
  problemCounts: Map<string, number>;
  /** Entity ref → when its last incident opened (ISO). */
  lastIncidents: Map<string, string>;
  rulesSources: RulesSource[];
  /** The alert page's answer for an alert name and hints. */
  resolve(alert: string, hints: AlertHints): AlertChoice;
  staleDays: number;
  now: Date;
}): CoverageResponse {
  const { staleDays, now } = input;
  const byEntity = new Map<string, RunbookSummary[]>();
  for (const runbook of input.runbooks) {
    byEntity.set(runbook.entityRef, [
      ...(byEntity.get(runbook.entityRef) ?? []),
      runbook,
    ]);
  }
  const staleBefore = new Date(now.getTime() - staleDays * DAY_MS)
    .toISOString()
    .slice(0, 10);

  const components: CoverageComponent[] = input.components.map(entity => {
    const runbooks = byEntity.get(entity.entityRef) ?? [];
    const missingSections = CANONICAL_SECTIONS.filter(section =>
      runbooks.every(r => r.missingSections.includes(section)),
    );
    const reviews = runbooks.flatMap(r => reviewedAt(r) ?? []).sort();
    const lastReviewed = reviews[reviews.length - 1];
    const lastIncidentAt = input.lastIncidents.get(entity.entityRef);
    const stale: CoverageComponent['stale'] = [];
    if (runbooks.length > 0) {
      if (!lastReviewed || lastReviewed < staleBefore)
        stale.push('not-reviewed');
      if (
        lastIncidentAt &&
        (!lastReviewed || lastReviewed < lastIncidentAt.slice(0, 10))
      ) {
        stale.push('older-than-incident');
      }
    }
    return {
      ...entity,
      runbookCount: runbooks.length,
      missingSections: runbooks.length
        ? missingSections
        : [...CANONICAL_SECTIONS],
      lastReviewed,
      lastIncidentAt,
      stale,
      problemCount: input.problemCounts.get(entity.entityRef) ?? 0,
    };
  });

  const alertsWithoutRunbook: UncoveredAlert[] = [];
  const firedAlerts = new Set<string>();
  for (const { source, rules } of input.rulesSources) {
    for (const rule of rules) {
      firedAlerts.add(normaliseAlertName(rule.alert));
      if (!rule.runbookUrl) {
        alertsWithoutRunbook.push({
          alert: rule.alert,
          rulesSource: source,
          reason: 'no-runbook-url',
        });
        continue;
      }
      const target = alertPageTarget(rule.runbookUrl, rule.alert);
      // A runbook elsewhere (a wiki) is the team's choice; Paved cannot check it.
      if (!target) continue;
      const choice = input.resolve(target.alert, {
        service: target.service ?? rule.labels.service,
        namespace: target.namespace ?? rule.labels.namespace,
      });
      if (choice.status === 'not-found') {
        alertsWithoutRunbook.push({
          alert: rule.alert,
          rulesSource: source,
          runbookUrl: rule.runbookUrl,
          reason: 'resolves-to-nothing',
        });
      }
    }
  }
  const haveRules = input.rulesSources.some(s => !s.error);
  const runbooksMatchingNoAlert = haveRules
    ? input.runbooks.flatMap(runbook =>
        runbook.alerts
          .filter(alert => !firedAlerts.has(normaliseAlertName(alert)))
          .map(alert => ({ alert, runbook })),
      )
    : [];

  return {
    staleDays,
    summary: {
      components: components.length,
      withRunbook: components.filter(c => c.runbookCount > 0).length,
      complete: components.filter(
        c => c.runbookCount > 0 && c.missingSections.length === 0,
      ).length,
      stale: components.filter(c => c.stale.length > 0).length,
      runbooks: components.reduce((n, c) => n + c.runbookCount, 0),
      problems: components.reduce((n, c) => n + c.problemCount, 0),
    },
    components,
    alertsWithoutRunbook,
    runbooksMatchingNoAlert,
    rulesSources: input.rulesSources.map(s => ({
      source: s.source,
      alertCount: s.rules.length,
      error: s.error,
    })),
  };
}
