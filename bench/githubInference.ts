/**
 * Two GitHub inference passes (cold, then unchanged) over a synthetic organisation served by the fake
 * GitHub over real HTTP: wall time, GitHub requests, components emitted, peak
 * RSS. Run with `yarn bench:github-inference [repositories]` (default 5000,
 * half of them with a catalog-info.yaml).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { startFakeGithub, syntheticGithubOrg } from '@internal/fake-cloud';
import {
  ConditionalRequestCache,
  GithubInferenceEntityProvider,
  GithubRepositoryReader,
} from '@internal/plugin-catalog-backend-module-github-inference';

/** Keeps warnings (rate limits) and errors; drops the rest. */
const logger: LoggerService = {
  error: (message: string) => console.error(message),
  warn: (message: string) => console.warn(message),
  info: () => {},
  debug: () => {},
  child: () => logger,
};

async function main() {
  const repositories = Number(process.argv[2] ?? 5000);
  const github = await startFakeGithub(
    syntheticGithubOrg({ repositories, declaredShare: 0.5 }),
  );
  const cache = new ConditionalRequestCache();
  let emitted = 0;
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);

  const provider = new GithubInferenceEntityProvider(
    {
      id: 'bench',
      organization: 'lumen-retail',
      host: 'github.com',
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 30 } },
      filters: {
        repository: /.*/,
        includeTopics: [],
        excludeTopics: [],
        includeArchived: true,
      },
      staleAfterDays: 365,
      experimentalForDays: 90,
      unownedOwner: 'group:default/unowned',
      concurrency: 8,
    },
    {
      logger,
      taskRunner: { run: async () => {} },
      createReader: async () =>
        new GithubRepositoryReader({
          apiBaseUrl: github.apiBaseUrl,
          logger,
          cache,
        }),
    },
  );
  await provider.connect({
    applyMutation: async mutation => {
      emitted = mutation.type === 'full' ? mutation.entities.length : emitted;
    },
    refresh: async () => {},
  });

  const summary = await provider.refresh();
  // An unchanged organisation: every request should be a free 304.
  const second = await provider.refresh();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await github.close();

  console.log(
    `GitHub inference pass, ${repositories} repositories (half declared), concurrency 8`,
  );
  console.log(`  wall time        ${(summary.durationMs / 1000).toFixed(1)} s`);
  console.log(
    `  GitHub requests  ${summary.requests} (${(
      summary.requests / repositories
    ).toFixed(2)} per repository)`,
  );
  console.log(
    `  inferred         ${summary.inferred} (${summary.unowned} unowned), declared ${summary.declared}, emitted ${emitted}`,
  );
  console.log(
    `  second pass      ${(second.durationMs / 1000).toFixed(1)} s, ${
      second.requests
    } requests, ${second.notModified} answered 304 (free of rate limit)`,
  );
  console.log(
    `  peak RSS         ${(peakRss / 1024 / 1024).toFixed(
      0,
    )} MiB (bench process incl. the fake server)`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
