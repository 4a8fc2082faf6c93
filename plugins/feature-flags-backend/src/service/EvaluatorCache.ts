import { ApiKeySummary, FlagSet } from '@internal/plugin-feature-flags-common';
import { FlagChange } from '../database/flagChanges';
import { FlagSetEvaluator, hashFlagSet } from '../evaluation/FlagSetEvaluator';

/** Flag sets kept compiled; beyond this the least recently loaded is dropped. */
const MAX_FLAG_SETS = 5_000;
/** API keys kept; beyond this the least recently loaded is dropped. */
const MAX_API_KEYS = 20_000;

/**
 * The compiled flag sets and API keys of one replica, in memory so an
 * evaluation needs no database round trip.
 *
 * Kept only while the change listener is connected (`live`): a change
 * anywhere evicts the Component's flag sets (or all API keys) on every
 * replica. While disconnected, nothing is cached and every evaluation reads
 * the database, so a missed notification can never serve an old flag; on
 * reconnection everything is dropped.
 *
 * A load that started before a change and finished after it must not be
 * kept: each load remembers the generation it started in and is stored
 * only if no change arrived meanwhile.
 */
export class EvaluatorCache {
  private readonly flagSets = new Map<string, FlagSetEvaluator>();
  private readonly apiKeys = new Map<string, ApiKeySummary>();
  private generation = 0;
  private live = false;

  constructor(
    private readonly compile: (flagSet: FlagSet) => FlagSetEvaluator,
  ) {}

  /** The listener (re)connected: start caching, from nothing. */
  connected(): void {
    this.reset();
    this.live = true;
  }

  /** The listener lost its connection: stop trusting and keeping cache entries. */
  disconnected(): void {
    this.live = false;
    this.reset();
  }

  changed(change: FlagChange): void {
    this.generation += 1;
    if (change.type === 'api-keys') {
      this.apiKeys.clear();
      return;
    }
    const prefix = `${change.entityRef}\n`;
    for (const key of this.flagSets.keys()) {
      if (key.startsWith(prefix)) this.flagSets.delete(key);
    }
  }

  private reset() {
    this.generation += 1;
    this.flagSets.clear();
    this.apiKeys.clear();
  }

  async evaluator(
    entityRef: string,
    environment: string,
    load: () => Promise<FlagSet>,
  ): Promise<FlagSetEvaluator> {
    const cacheKey = `${entityRef}\n${environment}`;
    const cached = this.flagSets.get(cacheKey);
    if (cached && this.live) return cached;
    const generation = this.generation;
    const flagSet = await load();
    // Unchanged definitions keep their compiled evaluator.
    const evaluator =
      cached && cached.hash === hashFlagSet(flagSet)
        ? cached
        : this.compile(flagSet);
    if (this.live && generation === this.generation) {
      remember(this.flagSets, cacheKey, evaluator, MAX_FLAG_SETS);
    } else if (!this.live) {
      // Read-through: keep the compiled evaluator to reuse by hash only.
      remember(this.flagSets, cacheKey, evaluator, MAX_FLAG_SETS);
    }
    return evaluator;
  }

  async apiKey(
    hash: string,
    load: () => Promise<ApiKeySummary | undefined>,
  ): Promise<ApiKeySummary | undefined> {
    const cached = this.apiKeys.get(hash);
    if (cached && this.live) return cached;
    const generation = this.generation;
    const key = await load();
    if (key && this.live && generation === this.generation) {
      remember(this.apiKeys, hash, key, MAX_API_KEYS);
    }
    return key;
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number) {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}
