import { z } from 'zod';

/**
 * What a flag is for. The kind decides how long the flag is expected to live
 * before it is stale (a release flag fully rolled out for longer than that
 * should be removed from the code).
 */
export const FLAG_KINDS = [
  'release',
  'experiment',
  'operational',
  'kill-switch',
  'permission',
] as const;

export type FlagKind = (typeof FLAG_KINDS)[number];

export const flagKindSchema = z.enum(FLAG_KINDS);

/**
 * Expected lifetime in days per kind; `undefined` for long-lived kinds
 * (operational toggles, kill switches and permissions stay as long as the
 * code they guard).
 */
export const FLAG_KIND_LIFETIME_DAYS: Record<FlagKind, number | undefined> = {
  release: 40,
  experiment: 90,
  operational: undefined,
  'kill-switch': undefined,
  permission: undefined,
};

/** The expected lifetime of a kind in days, or undefined when it is long-lived. */
export function expectedLifetimeDays(kind: FlagKind): number | undefined {
  return FLAG_KIND_LIFETIME_DAYS[kind];
}
