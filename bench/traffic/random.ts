/** A seeded generator (mulberry32), so a mix is the same capture every time it is made. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Log-normal with the given median and shape (σ of the underlying normal), for sizes and think times. */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  /**
   * `n` log-normal values scaled so that they add up to exactly `n` times the distribution's mean: a mix holding a
   * few big flows keeps its size from one generator change to the next.
   */
  logNormalsWithMean(n: number, median: number, sigma: number): number[] {
    const values = Array.from({ length: n }, () => this.logNormal(median, sigma));
    const scale = (n * median * Math.exp((sigma * sigma) / 2)) / values.reduce((a, b) => a + b, 0);
    return values.map((v) => Math.round(v * scale));
  }

  /** Exponential with the given mean (arrival gaps). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  fill(buf: Buffer): Buffer {
    for (let i = 0; i < buf.length; i += 4) {
      const v = (this.next() * 4294967296) >>> 0;
      for (let k = 0; k < 4 && i + k < buf.length; k++) buf[i + k] = (v >>> (8 * k)) & 0xff;
    }
    return buf;
  }
}

/**
 * Zipf-like popularity over `n` items (rank r drawn with weight 1/(r+1)^s), by a precomputed cumulative table:
 * a few sites take most connections, a long tail is seen once or twice, as on any sensor.
 */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(n: number, s: number) {
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let r = 0; r < n; r++) this.cumulative[r] = total += 1 / Math.pow(r + 1, s);
    for (let r = 0; r < n; r++) this.cumulative[r] /= total;
  }

  draw(rng: Random): number {
    const u = rng.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
