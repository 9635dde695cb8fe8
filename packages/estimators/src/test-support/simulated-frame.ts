/**
 * Small simulated GLMM data sets built from a formula (tests only): x, w ~ N(0, 1), grouping factors g
 * (gLevels levels) and h (hLevels levels, crossed with g), a binary y from a logistic model with random
 * intercepts, and binomial counts `s` of `m` trials.
 */
import { buildModelFrame, createDataTable, type ModelFrame } from "@glmmkit/core";
import { createRng, expit } from "@glmmkit/math";

export interface SimulatedFrameOptions {
  readonly n: number;
  readonly gLevels: number;
  readonly hLevels?: number;
  readonly seed: string;
  readonly sdG?: number;
  readonly sdH?: number;
}

export function simulatedFrame(formula: string, o: SimulatedFrameOptions): ModelFrame {
  const rng = createRng(o.seed);
  const uG = Array.from({ length: o.gLevels }, () => (o.sdG ?? 1) * rng.normal());
  const hLevels = o.hLevels ?? 1;
  const uH = Array.from({ length: hLevels }, () => (o.sdH ?? 0.7) * rng.normal());
  const columns = new Map<string, string[]>([
    ["y", []],
    ["s", []],
    ["m", []],
    ["x", []],
    ["w", []],
    ["g", []],
    ["h", []],
  ]);
  const push = (name: string, value: string) => columns.get(name)!.push(value);
  for (let i = 0; i < o.n; i++) {
    // Every level at least once, then at random.
    const g = i < o.gLevels ? i : Math.floor(rng.uniform() * o.gLevels);
    const h = i < hLevels ? i : Math.floor(rng.uniform() * hLevels);
    const x = rng.normal();
    const w = rng.normal();
    const mu = expit(-0.3 + 0.8 * x - 0.4 * w + uG[g]! + uH[h]!);
    const m = 1 + Math.floor(rng.uniform() * 6);
    push("y", String(rng.bernoulli(mu)));
    push("s", String(rng.binomial(m, mu)));
    push("m", String(m));
    push("x", x.toFixed(6));
    push("w", w.toFixed(6));
    push("g", `g${g + 1}`);
    push("h", `h${h + 1}`);
  }
  return buildModelFrame(createDataTable("simulated", columns), formula);
}
