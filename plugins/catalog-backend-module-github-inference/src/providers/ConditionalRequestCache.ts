/**
 * Remembers GitHub responses by URL with their ETag, so that the next pass
 * asks `If-None-Match` and GitHub answers `304 Not Modified` — which does not
 * count against the rate limit. Kept by the provider across passes.
 */
export type CachedResponse = {
  etag: string;
  response: { status: number; url: string; headers: Record<string, unknown>; data: unknown };
};

export class ConditionalRequestCache {
  private readonly entries = new Map<string, CachedResponse>();

  constructor(private readonly maxEntries = 50_000) {}

  get(url: string): CachedResponse | undefined {
    return this.entries.get(url);
  }

  set(url: string, entry: CachedResponse): void {
    // Re-inserting moves the key to the end, so the oldest go first.
    this.entries.delete(url);
    this.entries.set(url, entry);
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
