/** Study cell labels are the labels the simulate package keys each cell's stream by. */
import { describe, expect, it } from "vitest";
import { createSimulator } from "@glmmkit/simulate";
import { STUDIES } from "../definitions/registry.js";
import { studyCellLabels } from "./study-task.js";

describe("studyCellLabels", () => {
  // createSimulator prepares each cell's generator, so this also checks, before any run, every cell that
  // studyCellLabels (which does not prepare them) accepts.
  it("gives, for every cell of every study, the cell label of its simulator", () => {
    for (const study of STUDIES) {
      const labels = studyCellLabels(study);
      expect(labels.map((c) => c.input)).toEqual(study.cells);
      labels.forEach(({ label, input }) => expect(label, study.name).toBe(createSimulator(study.design, input, { seed: study.defaultSeed }).cellLabel));
    }
  });
});
