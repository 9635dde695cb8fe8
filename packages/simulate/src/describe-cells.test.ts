import { buildModelFrame, createDataTable } from "@glmmkit/core";
import { describe, expect, it } from "vitest";
import { countPerfectlyPredictedClusters, describeCells, formatCellDescription, formatCellDescriptionHeader } from "./describe-cells.js";
import { unifiedDesign } from "./designs/unified.js";

describe("describe cells", () => {
  it("counts clusters whose responses are all failures or all at their trials (binomial counts too)", () => {
    const data = createDataTable(
      "t",
      new Map<string, string[]>([
        ["s", ["0", "0", "3", "2", "1", "0", "4"]],
        ["n", ["2", "5", "3", "2", "4", "0", "4"]],
        ["g", ["a", "a", "b", "b", "c", "d", "d"]],
      ]),
    );
    const frame = buildModelFrame(data, "cbind(s, n - s) ~ 1 + (1 | g)");
    // a: all failures; b: all successes; c: mixed; d: a row with no trials, then all successes.
    expect(countPerfectlyPredictedClusters(frame, 0)).toBe(3);
  });

  it("varies the keys not given, reports prevalence, LP separation and perfectly predicted clusters", async () => {
    const seen: string[] = [];
    const rows = await describeCells(unifiedDesign, { J: 30, sigma2: 0.5, sizes: "5-20" }, {
      seed: 1,
      replicates: 4,
      onCell: (d, index, total) => seen.push(`${index + 1}/${total} ${d.cellLabel}`),
    });
    expect(seen).toEqual([
      "1/5 J=30,sigma2=0.5,sizes=5-20,variant=base,beta=primary",
      "2/5 J=30,sigma2=0.5,sizes=5-20,variant=partial_separation,beta=primary",
      "3/5 J=30,sigma2=0.5,sizes=5-20,variant=full_separation,beta=primary",
      "4/5 J=30,sigma2=0.5,sizes=5-20,variant=rare_2pct,beta=primary",
      "5/5 J=30,sigma2=0.5,sizes=5-20,variant=rare_98pct,beta=primary",
    ]);
    const byVariant = Object.fromEntries(rows.map((r) => [r.cell["variant"], r]));
    expect(byVariant["full_separation"]!.separatedShare).toBe(1);
    expect(byVariant["full_separation"]!.perfectlyPredicted[0]!.share).toBeGreaterThanOrEqual(Math.round(0.35 * 30) / 30);
    expect(byVariant["base"]!.separatedShare).toBe(0);
    expect(byVariant["rare_2pct"]!.prevalence).toBeLessThan(0.06);
    expect(byVariant["rare_98pct"]!.prevalence).toBeGreaterThan(0.94);
    const header = formatCellDescriptionHeader(unifiedDesign);
    const line = formatCellDescription(unifiedDesign, byVariant["full_separation"]!);
    expect(header).toMatch(/^J\s+sigma2\s+sizes\s+variant\s+beta\s+rows\s+prevalence\s+\(MC SE\)\s+X separated \(LP\)\s+clusters perfectly predicted$/);
    expect(line).toMatch(/^30\s+0\.5\s+5-20\s+full_separation\s+primary\s+\d+\.\d\s+0\.\d{4}\s+\(0\.\d{4}\)\s+1\.000\s+0\.\d{3}$/);
    expect(line.indexOf("primary")).toBe(header.indexOf("beta"));
  });
});
