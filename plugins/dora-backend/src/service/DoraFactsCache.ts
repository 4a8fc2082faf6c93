import { LoggerService } from '@backstage/backend-plugin-api';
import { DoraFactsStore } from '../database/DoraFactsStore';
import { DoraFacts } from '../metrics';

/**
 * The background refresh starts once writes pause this long (writes come in
 * bursts: a backfill, a busy pipeline)…
 */
const QUIET_MS = 2000;
/**
 * …or at the latest this long after the first write it has not seen (a
 * reader never waits for this: it refreshes what is stale first).
 */
const MAX_DELAY_MS = 300_000;
/** Stale services re-derived per round. */
const ROUND_SIZE = 200;
const CONCURRENCY = 4;
/** Services re-derived in one run after which the planner's statistics are refreshed. */
const ANALYZE_AFTER = 100;

/**
 * Keeps the per-Component facts in PostgreSQL up to date: a write marks its
 * service stale (in the database, in the write's transaction, so every
 * replica sees it), a background refresh claims and re-derives stale
 * services soon after, and a reader that needs the facts first waits for
 * every stale service to be re-derived — so a late event is never missed,
 * only paid for by the first read after it. A write during a re-derivation
 * marks the service stale again.
 */
export class DoraFactsCache {
  private refreshing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  /** When the first write not yet refreshed arrived. */
  private pendingSince?: number;

  constructor(
    private readonly deps: {
      store: DoraFactsStore;
      /**
       * The facts of the Components a service key (entity ref or
       * repository) names: entity ref → scope environment → facts.
       */
      derive(service: string): Promise<Map<string, Map<string, DoraFacts>>>;
      logger: LoggerService;
    },
  ) {}

  /** Marks services stale (e.g. for a rebuild) and schedules a refresh. */
  async markStale(services: string[]): Promise<void> {
    await this.deps.store.markStale(services);
    this.noteWrite();
  }

  /** Schedules a refresh after records were written (and marked stale with them). */
  noteWrite(): void {
    const now = Date.now();
    this.pendingSince ??= now;
    clearTimeout(this.timer);
    const delay = Math.min(QUIET_MS, this.pendingSince + MAX_DELAY_MS - now);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pendingSince = undefined;
      this.refresh().catch(error =>
        this.deps.logger.error(`DORA facts refresh failed: ${error}`),
      );
    }, Math.max(0, delay));
    this.timer.unref?.();
  }

  /** Re-derives every stale service; concurrent callers share one run. */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.refreshAll().finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  async staleCount(): Promise<number> {
    return this.deps.store.countStale();
  }

  private async refreshAll(): Promise<void> {
    const { store, logger } = this.deps;
    // A service that cannot be derived now stays stale for the next run.
    const failed = new Set<string>();
    let refreshed = 0;
    for (;;) {
      const stale = (await store.staleServices(ROUND_SIZE + failed.size))
        .filter(({ service }) => !failed.has(service))
        .slice(0, ROUND_SIZE);
      if (!stale.length) break;
      refreshed += stale.length;
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < stale.length) {
            const { service } = stale[next++];
            if (!(await store.claimStale(service))) continue;
            try {
              const derived = await this.deps.derive(service);
              for (const [entityRef, byEnvironment] of derived) {
                await store.replaceFacts(entityRef, byEnvironment);
              }
            } catch (error) {
              failed.add(service);
              await store.markStale([service]);
              logger.warn(`DORA facts of ${service} not refreshed: ${error}`);
            }
          }
        }),
      );
    }
    // After a backfill, plan the org query on the new numbers at once
    // rather than whenever autovacuum gets to it.
    if (refreshed >= ANALYZE_AFTER) await store.analyze();
  }
}
