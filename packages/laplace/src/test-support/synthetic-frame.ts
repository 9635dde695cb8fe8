/** A seeded synthetic GLMM data set built directly as a ModelFrame (tests only). */
import type { ModelFrame } from "@glmmkit/core";

export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export interface SyntheticOptions {
  J: number;
  clusterSize: [number, number];
  q: number;
  p: number;
  trials?: number;
  seed: number;
  sd?: number;
  /** Add a known offset (uniform on ±1 per row) to η. */
  offset?: boolean;
}

export function syntheticFrame(o: SyntheticOptions): ModelFrame {
  const rand = mulberry32(o.seed);
  const sizes: number[] = [];
  for (let j = 0; j < o.J; j++) sizes.push(o.clusterSize[0] + Math.floor(rand() * (o.clusterSize[1] - o.clusterSize[0] + 1)));
  const n = sizes.reduce((a, b) => a + b, 0);
  const X = new Float64Array(n * o.p);
  const Z = new Float64Array(n * o.q);
  const y = new Float64Array(n);
  const trials = new Float64Array(n).fill(o.trials ?? 1);
  const groupIndex = new Int32Array(n);
  const beta = Array.from({ length: o.p }, (_, k) => (k === 0 ? -0.5 : 0.6 / (k + 1)));
  const sd = o.sd ?? 1;
  let i = 0;
  // Shuffle cluster membership order so rows are not sorted by cluster.
  const order: number[] = [];
  sizes.forEach((s, j) => {
    for (let r = 0; r < s; r++) order.push(j);
  });
  for (let k = order.length - 1; k > 0; k--) {
    const l = Math.floor(rand() * (k + 1));
    [order[k], order[l]] = [order[l]!, order[k]!];
  }
  const b = Array.from({ length: o.J }, () => Array.from({ length: o.q }, () => sd * gaussian(rand)));
  for (i = 0; i < n; i++) {
    const j = order[i]!;
    groupIndex[i] = j;
    let eta = 0;
    for (let c = 0; c < o.p; c++) {
      const x = c === 0 ? 1 : gaussian(rand);
      X[c * n + i] = x;
      eta += beta[c]! * x;
    }
    for (let c = 0; c < o.q; c++) {
      const z = c === 0 ? 1 : X[Math.min(c, o.p - 1) * n + i]!;
      Z[i * o.q + c] = z;
      eta += b[j]![c]! * z;
    }
    const mu = 1 / (1 + Math.exp(-eta));
    let s = 0;
    for (let t = 0; t < trials[i]!; t++) if (rand() < mu) s++;
    y[i] = s;
  }
  const betaNames = Array.from({ length: o.p }, (_, k) => (k === 0 ? "(Intercept)" : `x${k}`));
  const termNames = Array.from({ length: o.q }, (_, k) => (k === 0 ? "(Intercept)" : `x${k}`));
  return {
    formula: "synthetic",
    responseName: "y",
    n,
    y,
    trials,
    binary: (o.trials ?? 1) === 1,
    p: o.p,
    X,
    betaNames,
    terms: [
      {
        group: "g",
        termNames,
        q: o.q,
        levels: sizes.map((_, j) => String(j + 1)),
        groupIndex,
        Z,
      },
    ],
    rowsRead: n,
    ...(o.offset === true ? { offset: Float64Array.from({ length: n }, () => 2 * rand() - 1) } : {}),
  };
}
