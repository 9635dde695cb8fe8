/**
 * `culcita`: parametric replicates of the Culcita design (McKeon et al. 2012) as in Kosmidis's slides on
 * maximum softly-penalised likelihood (Sterzinger & Kosmidis 2023; ../shared/papers/001_…, "Simulation
 * study"): 10 temporal blocks × 4 treatments × 2 repetitions,
 *     logit P(y = 1) = β0 + β_ttt + u_block,  u ~ N(0, σ²),  "none" the reference treatment,
 * with the slides' truth (../shared/reference/published.json, culcita_atypical_removed.simulation_truth):
 * β0 = 5.01, β_crabs = −3.75, β_shrimp = −4.36, β_both = −5.55, log σ = 1.26.
 */
import { fixedDesignGenerator, type SimulationDesign } from "../design.js";
import { parametersFromNames } from "../named-parameters.js";
import { createSimulatedTable, numberColumn, textColumn } from "../simulated-table.js";
import { prepareModel } from "../simulation-model.js";

const FORMULA = "predation ~ ttt + (1 | block)";
/** lme4's level order ("none" the reference), which the fit must be told: text would sort alphabetically. */
const TREATMENTS = ["none", "crabs", "shrimp", "both"] as const;
/** The row order of culcita.csv. */
const ROW_ORDER = ["none", "shrimp", "crabs", "both"] as const;
const BLOCKS = 10;
const REPETITIONS = 2;
const BETA = { "(Intercept)": 5.01, tttcrabs: -3.75, tttshrimp: -4.36, tttboth: -5.55 };
const LOG_SIGMA = 1.26;

export const culcitaDesign: SimulationDesign = {
  name: "culcita",
  summary: "Culcita predation design: 10 blocks x 4 treatments x 2, the MSPL slides' simulation truth",
  description: [
    "10 blocks x 4 treatments (none, crabs, shrimp, both) x 2 repetitions, rows in culcita.csv's order.",
    "logit P(predation = 1) = beta0 + beta_ttt + u_block, u ~ N(0, sigma^2), treatment contrasts with 'none' as reference.",
    "Truth (published.json culcita_atypical_removed.simulation_truth): beta0 = 5.01, tttcrabs = -3.75, tttshrimp = -4.36, tttboth = -5.55, log sigma = 1.26.",
    `Columns block, predation, ttt; fit with --formula "${FORMULA}" --levels ttt=${TREATMENTS.join(",")}.`,
    "Source: Kosmidis, slides on maximum softly-penalised likelihood (Sterzinger & Kosmidis 2023), simulation study.",
  ],
  cellKeys: [],
  prepare() {
    const n = ROW_ORDER.length * BLOCKS * REPETITIONS;
    const block = new Float64Array(n);
    const treatment: string[] = [];
    for (const ttt of ROW_ORDER) {
      for (let b = 1; b <= BLOCKS; b++) {
        for (let r = 0; r < REPETITIONS; r++) {
          block[treatment.length] = b;
          treatment.push(ttt);
        }
      }
    }
    const rows = createSimulatedTable([numberColumn("block", block), numberColumn("predation", new Float64Array(n)), textColumn("ttt", treatment)]);
    const model = prepareModel(rows, {
      formula: FORMULA,
      frameOptions: { levelOrders: { ttt: TREATMENTS } },
      parameters: (frame) => parametersFromNames(frame, { beta: BETA, sd: { block: Math.exp(LOG_SIGMA) } }),
    });
    return fixedDesignGenerator(model);
  },
};
