/** Order statistics over one figure's samples. Nearest-rank percentiles: no interpolation to hide outliers. */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, x) => total + x, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** The mean ± two standard errors: about a 95 % interval of the mean, for a few dozen samples. */
export function meanInterval(samples: readonly number[]): { mean: number; low: number; high: number } {
  const { n, mean } = summarize(samples);
  const variance = samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / Math.max(1, n - 1);
  const half = n > 1 ? 2 * Math.sqrt(variance / n) : Number.NaN;
  return { mean, low: mean - half, high: mean + half };
}

/** A seeded PRNG (mulberry32), so run order and synthetic mutations repeat from run to run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const round = (x: number, digits = 1) => Number(x.toFixed(digits));
