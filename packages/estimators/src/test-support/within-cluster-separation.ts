/**
 * A seeded GLMM data set with separation inside clusters: in 85 % of the rows y = 1 exactly when x > 0, so
 * x's coefficient is large and ill-determined while the random-intercept SD stays finite (ML: β_x ≈ 7.1,
 * σ ≈ 0.39). Large ridge penalties drive σ to its boundary 0 on these data.
 */
import { buildModelFrame, parseCsv, type ModelFrame } from "@glmmkit/core";
import { createRng, expit } from "@glmmkit/math";

export function withinClusterSeparationFrame(): ModelFrame {
  const rng = createRng("d");
  const lines = ["y,x,g"];
  for (let j = 1; j <= 20; j++) {
    const b = 0.3 * rng.normal();
    for (let r = 0; r < 10; r++) {
      const x = rng.normal();
      const y = rng.uniform() < 0.85 ? (x > 0 ? 1 : 0) : rng.bernoulli(expit(b + 4 * x));
      lines.push(`${y},${x.toFixed(4)},${j}`);
    }
  }
  return buildModelFrame(parseCsv(`${lines.join("\n")}\n`, "within-cluster-separation.csv"), "y ~ x + (1 | g)");
}
