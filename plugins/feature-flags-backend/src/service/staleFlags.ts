import {
  FeatureFlag,
  singleServedVariant,
  StaleFlag,
  StaleReason,
} from '@internal/plugin-feature-flags-common';

const DAY = 86_400_000;

/**
 * The flags that should go (pure; the stale-flag report):
 * - no evaluation in any environment for `noEvaluationsDays` (counted from
 *   creation for a flag never evaluated), and
 * - in production (the last environment), one variant served to everyone,
 *   unchanged for longer than the kind's expected lifetime (release and
 *   experiment flags; long-lived kinds never expire).
 */
export function findStaleFlags(
  flags: Array<FeatureFlag & { owner?: string }>,
  lastEvaluations: Array<{
    entityRef: string;
    flagKey: string;
    at: string;
  }>,
  options: {
    now: Date;
    noEvaluationsDays: number;
    productionEnvironment: string;
  },
): StaleFlag[] {
  const lastEvaluated = new Map<string, string>();
  for (const e of lastEvaluations) {
    const id = `${e.entityRef}\n${e.flagKey}`;
    const seen = lastEvaluated.get(id);
    if (!seen || seen < e.at) lastEvaluated.set(id, e.at);
  }
  const now = options.now.getTime();
  const stale: StaleFlag[] = [];
  for (const flag of flags) {
    const reasons: StaleReason[] = [];
    const last = lastEvaluated.get(`${flag.entityRef}\n${flag.key}`);
    const quietSince = Date.parse(last ?? flag.createdAt);
    if (now - quietSince >= options.noEvaluationsDays * DAY) {
      reasons.push({
        code: 'no-evaluations',
        days: options.noEvaluationsDays,
        ...(last ? { lastEvaluatedAt: last } : {}),
      });
    }
    const production = flag.environments[options.productionEnvironment];
    const lifetimeDays = flag.expectedLifetimeDays;
    const served = production && singleServedVariant(production.definition);
    if (
      production &&
      served &&
      lifetimeDays !== undefined &&
      now - Date.parse(production.updatedAt) > lifetimeDays * DAY
    ) {
      reasons.push({
        code: 'fully-rolled-out',
        environment: options.productionEnvironment,
        servedVariant: served,
        since: production.updatedAt,
        lifetimeDays,
      });
    }
    if (reasons.length > 0) {
      stale.push({
        entityRef: flag.entityRef,
        ...(flag.owner ? { owner: flag.owner } : {}),
        key: flag.key,
        kind: flag.kind,
        createdAt: flag.createdAt,
        reasons,
      });
    }
  }
  return stale;
}

/** The bucket size for a window: at most about 200 points, in round minutes. */
export function seriesIntervalMinutes(hours: number): number {
  const minutes = hours * 60;
  return (
    [1, 5, 15, 30, 60, 180, 360, 720, 1440].find(m => minutes / m <= 200) ??
    1440
  );
}
