import { describe, expect, it } from "vitest";
import { augmentedDesign, clusterSeparation, perfectPredictionClusters } from "./cluster-separation.js";
import { fixedEffectsSeparation, separationFinding } from "./fixed-effects-separation.js";
import { separationCheck } from "./separation-check.js";
import { CULCITA_FORMULA, CULCITA_LEVEL_ORDER, culcitaCsv, frameFromCsv, sharedCsv } from "./test-support/fixtures.js";

describe("cluster-level indicators", () => {
  for (const dropAtypical of [false, true]) {
    const label = dropAtypical ? "Culcita without the atypical row" : "Culcita, all rows";
    it(`${label}: X alone not separated; [X Z] separated (a risk indicator)`, async () => {
      const frame = frameFromCsv(culcitaCsv(dropAtypical), CULCITA_FORMULA, { levelOrders: CULCITA_LEVEL_ORDER });
      const x = separationFinding(await fixedEffectsSeparation(frame));
      expect(x.separated).toBe(false);
      expect(x.estimates).toEqual([0, 0, 0, 0]);

      const [block] = await clusterSeparation(frame);
      expect(block!.group).toBe("block");
      expect(block!.clusters).toBe(10);
      expect(block!.allFailures).toEqual([]);
      // Blocks 7, 8, 9 are all predation = 1; block 10 joins them once its only 0 is removed.
      expect(block!.allSuccesses).toEqual(dropAtypical ? ["7", "8", "9", "10"] : ["7", "8", "9"]);
      const augmented = block!.augmented!;
      expect(augmented.separated).toBe(true);
      expect(augmented.columnNames).toEqual([...frame.betaNames, ...Array.from({ length: 10 }, (_, j) => `block${j + 1}`)]);
      // The last indicator is the intercept minus the others: aliased, not a direction.
      expect(augmented.estimates[augmented.estimates.length - 1]).toBeNaN();
      const infinite = augmented.columnNames.filter((_, j) => Math.abs(augmented.estimates[j]!) === Infinity);
      if (dropAtypical) {
        // With block 10 as the (aliased) baseline all successes, everything moves with it.
        expect(infinite).toEqual(["(Intercept)", "tttcrabs", "tttshrimp", "tttboth", "block1", "block2", "block3", "block4", "block5", "block6"]);
      } else {
        expect(infinite).toEqual(["block7", "block8", "block9"]);
      }

      const report = await separationCheck(frame);
      expect(report.certificate).toBe(false);
      expect(report.infinite).toEqual([]);
      expect(report.clusters[0]!.augmented!.separated).toBe(true);
    });
  }

  it("perfect prediction counts binomial totals: a cluster is all failures only when every trial failed", () => {
    const csv = ["s,n,g", "0,3,a", "0,2,a", "2,2,b", "1,1,b", "1,3,c", "0,2,c"].join("\n");
    const frame = frameFromCsv(csv, "cbind(s, n - s) ~ 1 + (1 | g)");
    expect(perfectPredictionClusters(frame, 0)).toEqual({ allFailures: ["a"], allSuccesses: ["b"] });
  });

  it("[X Z] for a random slope holds 1{g = j}·z_ik with R-style names", () => {
    const csv = ["y,t,g", "0,1,a", "1,2,a", "1,3,b", "0,4,b", "1,5,b"].join("\n");
    const frame = frameFromCsv(csv, "y ~ t + (1 + t | g)");
    const design = augmentedDesign(frame, 0);
    expect(design.columns).toBe(2 + 2 * 2);
    expect(design.columnNames).toEqual(["(Intercept)", "t", "ga", "ga:t", "gb", "gb:t"]);
    const column = (k: number) => Array.from(design.X.subarray(k * frame.n, (k + 1) * frame.n));
    expect(column(0)).toEqual([1, 1, 1, 1, 1]);
    expect(column(1)).toEqual([1, 2, 3, 4, 5]);
    expect(column(2)).toEqual([1, 1, 0, 0, 0]);
    expect(column(3)).toEqual([1, 2, 0, 0, 0]);
    expect(column(4)).toEqual([0, 0, 1, 1, 1]);
    expect(column(5)).toEqual([0, 0, 3, 4, 5]);
  });

  it("skips the [X Z] LP above the column limit, with a note", async () => {
    const frame = frameFromCsv(sharedCsv("culcita.csv"), CULCITA_FORMULA);
    const [block] = await clusterSeparation(frame, { maxAugmentedColumns: 8 });
    expect(block!.augmented).toBeNull();
    expect(block!.notes.join(" ")).toMatch(/\[X Z\] has 14 columns \(more than 8\); its LP was not run/);
    expect(block!.allSuccesses).toEqual(["7", "8", "9"]);
  });
});
