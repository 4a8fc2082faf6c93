import {
  CostImport,
  CostSource,
  CostSourceKind,
} from '@internal/plugin-cost-common';

const HOUR_MS = 3_600_000;

/** A source as configured (or seen only in uploads). */
export type KnownSource = {
  source: string;
  kind: CostSourceKind;
  location: string | null;
};

const firstProblem = (failed: CostImport) => {
  const problem = failed.problems[0];
  if (!problem) return 'no reason was recorded';
  const where = problem.line > 0 ? `line ${problem.line}: ` : '';
  const more =
    failed.problemCount > 1 ? ` (and ${failed.problemCount - 1} more)` : '';
  return `${where}${problem.message}${more}`;
};

const age = (hours: number) =>
  hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.floor(hours)} hours`;

/**
 * Whether a source's data is stale and why, from its latest import and its
 * latest succeeded one: stale when the latest failed (the reason is its
 * first problem), when nothing succeeded yet, or — for sources imported
 * on the scheduler — when the last good import is older than
 * `staleAfterHours`. Uploads are stale only when the latest one failed.
 */
export function costSourceStatus(input: {
  known: KnownSource;
  lastImport?: CostImport;
  lastSucceeded?: CostImport;
  staleAfterHours: number;
  now: Date;
}): CostSource {
  const { known, lastImport, lastSucceeded, staleAfterHours, now } = input;
  const base = {
    ...known,
    lastImport: lastImport ?? null,
    lastSucceeded: lastSucceeded ?? null,
  };
  const stale = (reason: string) => ({ ...base, stale: true, reason });
  if (!lastImport) {
    return stale('Not imported yet: the first scheduled import has not run.');
  }
  if (lastImport.status === 'failed') {
    const kept = lastSucceeded
      ? `the data is from the import of ${lastSucceeded.finishedAt?.slice(
          0,
          16,
        )} UTC`
      : 'no import of it has succeeded';
    return stale(
      `The last import failed — ${firstProblem(lastImport)}; ${kept}.`,
    );
  }
  if (!lastSucceeded) {
    return lastImport.status === 'running'
      ? stale('The first import is still running.')
      : stale('No import has succeeded yet.');
  }
  if (known.kind !== 'upload') {
    const finished = Date.parse(
      lastSucceeded.finishedAt ?? lastSucceeded.startedAt,
    );
    const hours = (now.getTime() - finished) / HOUR_MS;
    if (hours > staleAfterHours) {
      return stale(
        `The last good import is ${age(
          hours,
        )} old (more than ${staleAfterHours} hours): is the scheduler running?`,
      );
    }
  }
  return { ...base, stale: false, reason: null };
}
