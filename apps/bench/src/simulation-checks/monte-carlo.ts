/** Monte-Carlo summaries: a mean with its standard error, and a share with its binomial SE. */
export interface MeanWithSe {
  readonly mean: number;
  /** sd / √R: the Monte-Carlo standard error of the mean. */
  readonly se: number;
  readonly count: number;
}

export function meanWithSe(values: readonly number[]): MeanWithSe {
  const count = values.length;
  if (count < 2) throw new RangeError(`a Monte-Carlo SE needs at least 2 values, got ${count}`);
  const mean = values.reduce((a, b) => a + b, 0) / count;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (count - 1);
  return { mean, se: Math.sqrt(variance / count), count };
}

export interface Share {
  readonly count: number;
  readonly of: number;
  readonly share: number;
  /** √(p(1 − p)/R). */
  readonly se: number;
}

export function share(count: number, of: number): Share {
  const p = of === 0 ? Number.NaN : count / of;
  return { count, of, share: p, se: Math.sqrt((p * (1 - p)) / of) };
}
