import { parseEntityRef } from '@backstage/catalog-model';
import {
  describeRollout,
  FlagDefinition,
  FlagKind,
  RolloutPosition,
  RolloutSettings,
  RolloutStage,
  StaleReason,
} from '@internal/plugin-feature-flags-common';

export const NO_VALUE = '—';

const DAY_MS = 24 * 3600 * 1000;

/** `2026-11-20` from an ISO timestamp; `—` when unset or unreadable. */
export function formatDate(value?: string): string {
  if (!value) return NO_VALUE;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().slice(0, 10);
}

/** `2026-11-20 14:05` in the browser's zone. */
export function formatDateTime(value?: string): string {
  if (!value) return NO_VALUE;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Whole days from `value` to `now`. */
export function ageInDays(value: string, now: Date = new Date()): number {
  return Math.max(
    0,
    Math.floor((now.getTime() - new Date(value).getTime()) / DAY_MS),
  );
}

/** `today`, `1 day`, `12 days`. */
export function formatAge(value: string, now: Date = new Date()): string {
  const days = ageInDays(value, now);
  if (days === 0) return 'today';
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * A ref as people say it: `checkout-service` for
 * `component:default/checkout-service`, `guest` for `user:default/guest`.
 */
export function shortRef(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

const STAGE_LABELS: Record<RolloutStage, string> = {
  off: 'Off',
  internal: 'Internal',
  beta: 'Beta',
  percentage: 'Percentage',
  all: 'All',
};

/** The ladder's name for a stage: `Off`, `Internal`, `Beta`, `Percentage`, `All`. */
export function stageLabel(stage: RolloutStage): string {
  return STAGE_LABELS[stage];
}

/** A rollout position in a word: `Beta`, `42 %`, `Custom`. */
export function positionLabel(position: RolloutPosition): string {
  if (position.stage === 'custom') return 'Custom';
  if (position.stage === 'percentage') return `${position.percentage} %`;
  return stageLabel(position.stage);
}

/** `internal-staff and beta-customers`: the segments a stage serves on, by name. */
function segmentNames(
  rollout: RolloutSettings,
  upTo: 'internal' | 'beta',
): string {
  const names = [
    rollout.internalEvaluator,
    upTo === 'beta' ? rollout.betaEvaluator : undefined,
  ].filter((name): name is string => Boolean(name));
  return names.join(' and ');
}

/** What one environment of a flag serves, for chips and tables. */
export type RolloutSummary = {
  label: string;
  tone: 'off' | 'partial' | 'on' | 'custom' | 'disabled';
  description: string;
};

/**
 * A definition's rollout for people: its ladder stage (`Off`, `Internal`,
 * `Beta`, `42 %`, `All`), `Custom` for hand-written targeting, or
 * `DISABLED` when providers fall back to the default in the code.
 */
export function summarizeRollout(
  definition: FlagDefinition,
  rollout: RolloutSettings,
): RolloutSummary {
  if (definition.state === 'DISABLED') {
    return {
      label: 'DISABLED',
      tone: 'disabled',
      description:
        'Disabled: services get the default value written in their code',
    };
  }
  const position = describeRollout(definition, rollout);
  const label = positionLabel(position);
  switch (position.stage) {
    case 'off':
      return { label, tone: 'off', description: 'Off for everyone' };
    case 'all':
      return { label, tone: 'on', description: 'On for everyone' };
    case 'internal':
      return {
        label,
        tone: 'partial',
        description: `On for ${segmentNames(rollout, 'internal')}`,
      };
    case 'beta':
      return {
        label,
        tone: 'partial',
        description: `On for ${segmentNames(rollout, 'beta')}`,
      };
    case 'percentage': {
      const segments = segmentNames(rollout, 'beta');
      return {
        label,
        tone: 'partial',
        description: segments
          ? `On for ${segments} and ${position.percentage} % of everyone else`
          : `On for ${position.percentage} % of everyone`,
      };
    }
    default:
      return {
        label,
        tone: 'custom',
        description: `Custom targeting (not written by the rollout ladder)${
          definition.defaultVariant
            ? `; default variant ${definition.defaultVariant}`
            : ''
        }`,
      };
  }
}

/**
 * A stale reason spelled out: "no evaluations for 30 days" or "fully
 * rolled out in production (serves `on` to everyone) since 2026-09-01 —
 * release flags are expected to live 40 days".
 */
export function describeStaleReason(
  reason: StaleReason,
  kind: FlagKind,
): string {
  if (reason.code === 'no-evaluations') {
    return `no evaluations for ${reason.days} days${
      reason.lastEvaluatedAt
        ? ` (last on ${formatDate(reason.lastEvaluatedAt)})`
        : ''
    }`;
  }
  return `fully rolled out in ${reason.environment} (serves \`${
    reason.servedVariant
  }\` to everyone) since ${formatDate(
    reason.since,
  )} — ${kind} flags are expected to live ${reason.lifetimeDays} days`;
}
