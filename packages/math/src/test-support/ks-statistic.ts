/** Kolmogorov–Smirnov statistic of a sample against a continuous cdf: sup |F_n(x) − F(x)|. */
export function ksStatistic(values: Float64Array, cdf: (x: number) => number): number {
  const sorted = values.slice().sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}
