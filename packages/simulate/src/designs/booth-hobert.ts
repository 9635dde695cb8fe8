/**
 * `booth-hobert`: the logistic-normal model of Booth & Hobert (1999), as simulated in Song & Tan (2022),
 * "Imputation Maximization Stochastic Approximation with Application to Generalized Linear Mixed
 * Models", §4.1 (../shared/papers/004_…): for i = 1..10 and j = 1..15,
 *     logit P(y_ij = 1 | u_i) = β x_ij + u_i,  x_ij = j/15,  u_i ~ N(0, σ²),  β = 5, σ² = 0.5,
 * with no intercept.
 */
import { fixedDesignGenerator, type SimulationDesign } from "../design.js";
import { createSimulatedTable, numberColumn } from "../simulated-table.js";
import { prepareModel } from "../simulation-model.js";
import { parametersFromNames } from "../named-parameters.js";

const CLUSTERS = 10;
const PER_CLUSTER = 15;
const BETA = 5;
const SIGMA2 = 0.5;

export const boothHobertDesign: SimulationDesign = {
  name: "booth-hobert",
  summary: "Booth & Hobert (1999): 10 clusters x 15, logit = 5 x + u_i, x = j/15, sigma^2 = 0.5, no intercept",
  description: [
    "logit P(y_ij = 1) = beta x_ij + u_i for clusters i = 1..10 and j = 1..15, x_ij = j/15, u_i ~ N(0, sigma^2); no intercept.",
    'Truth: beta = 5, sigma^2 = 0.5. Columns i, x, y; fit with --formula "y ~ 0 + x + (1 | i)".',
    "Source: Song & Tan (2022), IMSA, section 4.1 (Booth & Hobert 1999).",
  ],
  cellKeys: [],
  prepare() {
    const n = CLUSTERS * PER_CLUSTER;
    const cluster = new Float64Array(n);
    const x = new Float64Array(n);
    for (let i = 0; i < CLUSTERS; i++) {
      for (let j = 0; j < PER_CLUSTER; j++) {
        cluster[i * PER_CLUSTER + j] = i + 1;
        x[i * PER_CLUSTER + j] = (j + 1) / PER_CLUSTER;
      }
    }
    const rows = createSimulatedTable([numberColumn("i", cluster), numberColumn("x", x), numberColumn("y", new Float64Array(n))]);
    const model = prepareModel(rows, {
      formula: "y ~ 0 + x + (1 | i)",
      parameters: (frame) => parametersFromNames(frame, { beta: { x: BETA }, sd: { i: Math.sqrt(SIGMA2) } }),
    });
    return fixedDesignGenerator(model);
  },
};
