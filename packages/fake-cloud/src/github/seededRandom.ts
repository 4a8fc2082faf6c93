import { createHash } from 'node:crypto';

/**
 * A deterministic source of randomness (mulberry32) seeded from a string, so
 * generated demo data is the same on every run for the same inputs.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: string) {
    this.state = parseInt(
      createHash('sha1').update(seed).digest('hex').slice(0, 8),
      16,
    );
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Log-uniform: as likely between 1 and 2 as between 10 and 20, like most human delays. */
  logBetween([min, max]: readonly [number, number]): number {
    return Math.exp(this.between(Math.log(min), Math.log(max)));
  }

  /** An integer in [min, max]. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** How many events happen in a period where `mean` are expected (Knuth's method; fine for small means). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count += 1;
      product *= this.next();
    }
    return count;
  }
}
