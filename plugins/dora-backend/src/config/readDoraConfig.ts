import { Config } from '@backstage/config';
import {
  BandsVersion,
  EnvironmentKind,
  PERFORMANCE_BANDS,
  PerformanceBands,
} from '@internal/plugin-dora-common';
import { z } from 'zod';

export type DoraConfig = {
  bands: PerformanceBands;
  /** Production or staging for an environment name; `other` otherwise. */
  classifyEnvironment(name: string): EnvironmentKind;
};

const DEFAULT_PRODUCTION = ['production', 'prod', 'production-*', 'prod-*'];
const DEFAULT_STAGING = ['staging', 'stage', 'staging-*', 'stage-*'];

const patterns = z
  .array(z.string().min(1, 'must not be empty'))
  .min(1, 'must list at least one name or pattern');

const schema = z.object({
  bands: z
    .enum(Object.keys(PERFORMANCE_BANDS) as [BandsVersion, ...BandsVersion[]])
    .default('2023'),
  environments: z
    .object({
      production: patterns.default(DEFAULT_PRODUCTION),
      staging: patterns.default(DEFAULT_STAGING),
    })
    .default({ production: DEFAULT_PRODUCTION, staging: DEFAULT_STAGING }),
});

/** `production-*` → /^production-.*$/i; everything but `*` is literal. */
function toRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Reads `dora.*` once at start-up; a bad value fails start-up naming the key. */
export function readDoraConfig(config: Config): DoraConfig {
  const raw = config.getOptional('dora') ?? {};
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Invalid config at dora.${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const production = parsed.data.environments.production.map(toRegExp);
  const staging = parsed.data.environments.staging.map(toRegExp);
  return {
    bands: PERFORMANCE_BANDS[parsed.data.bands],
    classifyEnvironment(name) {
      if (production.some(p => p.test(name))) return 'production';
      if (staging.some(p => p.test(name))) return 'staging';
      return 'other';
    },
  };
}
