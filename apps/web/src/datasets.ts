/**
 * The data sets embedded in the playground (copied into the bundle at build time from vendor/shared/data),
 * each with the model the CLI's examples fit to it.
 */
import culcita from "../../../vendor/shared/data/culcita.csv";
import cbpp from "../../../vendor/shared/data/cbpp.csv";
import toenail from "../../../vendor/shared/data/toenail.csv";
import endometrial from "../../../vendor/shared/data/endometrial.csv";
import type { FrameSettings } from "./protocol.js";

/** An embedded data set: its CSV text and the model suggested for it. */
export interface EmbeddedDataset {
  readonly name: string;
  readonly description: string;
  readonly csv: string;
  readonly formula: string;
  readonly estimator: string;
  readonly settings: FrameSettings;
}

export const DATASETS: readonly EmbeddedDataset[] = [
  {
    name: "culcita.csv",
    description: "Coral predation by sea stars (McKeon et al. 2012): 80 rows, 10 blocks",
    csv: culcita,
    formula: "predation ~ ttt + (1 | block)",
    estimator: "ml",
    // The CLI's embedded example keeps lme4's level order for ttt.
    settings: { levelOrders: { ttt: ["none", "crabs", "shrimp", "both"] } },
  },
  {
    name: "cbpp.csv",
    description: "Contagious bovine pleuropneumonia (lme4): binomial counts, 15 herds",
    csv: cbpp,
    formula: "cbind(incidence, size - incidence) ~ period + (1 | herd)",
    estimator: "ml",
    settings: { factors: ["period"] },
  },
  {
    name: "toenail.csv",
    description: "Toenail infection (lme4 / HSAUR3): 1 908 visits of 294 patients",
    csv: toenail,
    formula: "outcome ~ treatment * time + (1 | patientID)",
    estimator: "ml",
    settings: { success: "moderate or severe" },
  },
  {
    name: "endometrial.csv",
    description: "Endometrial cancer grade (brglm2): quasi-complete separation in NV",
    csv: endometrial,
    formula: "HG ~ NV + PI + EH",
    estimator: "jeffreys-glm",
    settings: {},
  },
];
