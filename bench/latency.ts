/** Records per-operation latencies and reports their percentiles. */

/** An append-only list of latencies in milliseconds, growing by doubling. */
export class LatencyRecorder {
  private samples = new Float64Array(1 << 16)
  private count = 0

  /** Adds one latency, in milliseconds. */
  add(ms: number): void {
    if (this.count === this.samples.length) {
      const bigger = new Float64Array(this.samples.length * 2)
      bigger.set(this.samples)
      this.samples = bigger
    }
    this.samples[this.count++] = ms
  }

  /** Forgets every sample (after a warm-up). */
  clear(): void {
    this.count = 0
  }

  /** The latencies at each quantile in `qs` (0..1), in milliseconds, by the nearest-rank method. */
  percentiles(qs: readonly number[]): number[] {
    const sorted = this.samples.subarray(0, this.count).sort()
    if (sorted.length === 0) return qs.map(() => Number.NaN)
    return qs.map((q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!)
  }
}
