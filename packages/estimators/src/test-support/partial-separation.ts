/**
 * A seeded simulated GLMM data set with partial (quasi-complete) separation: the binary covariate x2 = 1
 * only ever occurs with y = 1, so the ML estimate of its coefficient is +∞ while the rest is regular.
 */
import { buildModelFrame, parseCsv, type ModelFrame } from "@glmmkit/core";
import { createRng, expit } from "@glmmkit/math";

export function partialSeparationCsv(seed: string, clusters = 30): string {
  const rng = createRng(seed);
  const lines = ["y,x1,x2,g"];
  for (let j = 1; j <= clusters; j++) {
    const size = 8 + Math.floor(rng.uniform() * 8);
    const b = rng.normal();
    for (let r = 0; r < size; r++) {
      const x1 = rng.normal();
      const x2 = rng.bernoulli(0.25);
      const y = x2 === 1 ? 1 : rng.bernoulli(expit(-0.5 + 0.8 * x1 + b));
      lines.push(`${y},${x1.toFixed(6)},${x2},${j}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function partialSeparationFrame(seed = "glmmkit-partial-separation"): ModelFrame {
  return buildModelFrame(parseCsv(partialSeparationCsv(seed), "partial-separation.csv"), "y ~ x1 + x2 + (1 | g)");
}
