import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EVALUATION_CODE_DEFAULT_BUCKET,
  EVALUATION_ERROR_BUCKET,
} from '@internal/plugin-feature-flags-common';
import { EvaluationCount, EvaluationStore } from '../database/EvaluationStore';
import { OfrepEvaluation } from '../evaluation/ofrep';

const MINUTE = 60_000;
/** Distinct counters kept between flushes; past this, counts are written at once. */
const MAX_PENDING = 50_000;

/** The outcome an evaluation is counted under. */
export function outcomeOf(evaluation: OfrepEvaluation): string {
  if ('errorCode' in evaluation) return EVALUATION_ERROR_BUCKET;
  return evaluation.variant ?? EVALUATION_CODE_DEFAULT_BUCKET;
}

/**
 * Counts every evaluation in memory, per flag, environment, outcome and
 * minute, and adds the counts to PostgreSQL every few seconds (and at
 * shutdown): one upsert per flush instead of a write per evaluation.
 */
export class EvaluationRecorder {
  private pending = new Map<string, EvaluationCount>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EvaluationStore,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

  record(
    entityRef: string,
    environment: string,
    evaluation: OfrepEvaluation,
  ): void {
    // Keys nobody defined are not counted: any client could invent them.
    if (
      'errorCode' in evaluation &&
      evaluation.errorCode === 'FLAG_NOT_FOUND'
    ) {
      return;
    }
    const bucketMs = Math.floor(this.now() / MINUTE) * MINUTE;
    const variant = outcomeOf(evaluation);
    const id = `${entityRef}\n${environment}\n${evaluation.key}\n${variant}\n${bucketMs}`;
    const counter = this.pending.get(id);
    if (counter) {
      counter.count += 1;
      return;
    }
    this.pending.set(id, {
      entityRef,
      environment,
      flagKey: evaluation.key,
      bucket: new Date(bucketMs),
      variant,
      count: 1,
    });
    if (this.pending.size >= MAX_PENDING) void this.flush();
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Writes what was counted so far; a failed write keeps the counts for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const counts = this.pending;
      this.pending = new Map();
      try {
        await this.store.add([...counts.values()]);
      } catch (error) {
        this.logger.warn(`Could not write evaluation counts: ${error}`);
        for (const [id, counter] of counts) {
          const newer = this.pending.get(id);
          if (newer) newer.count += counter.count;
          else this.pending.set(id, counter);
        }
      }
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
