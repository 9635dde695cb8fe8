import { describe, expect, it } from "vitest";
import type { ModelFrame } from "@glmmkit/core";
import {
  fixedEffectsSeparation,
  formatInfiniteCoefficients,
  infiniteCoefficients,
  separationFinding,
} from "./fixed-effects-separation.js";
import { frameFromCsv, nbaBradleyTerryCsv, sharedCsv } from "./test-support/fixtures.js";

const INF = Number.POSITIVE_INFINITY;

/** s_i x_iᵀd ≥ 0 on every row, = 0 on the hyperplane rows, > 0 elsewhere: checked without the LP. */
function expectSeparatingDirection(frame: ModelFrame, direction: readonly number[], hyperplaneRows: readonly number[]): void {
  const onPlane = new Set(hyperplaneRows);
  for (let i = 0; i < frame.n; i++) {
    let eta = 0;
    let size = 0;
    for (let j = 0; j < frame.p; j++) {
      const term = frame.X[j * frame.n + i]! * direction[j]!;
      eta += term;
      size = Math.max(size, Math.abs(term));
    }
    const s = frame.y[i] === frame.trials[i] ? 1 : frame.y[i] === 0 ? -1 : 0;
    if (s === 0 || onPlane.has(i)) expect(Math.abs(eta)).toBeLessThanOrEqual(1e-7 * Math.max(size, 1e-300) + 1e-12);
    else expect(s * eta).toBeGreaterThan(0);
  }
}

function csvRows(header: string, rows: (string | number)[][]): string {
  return [header, ...rows.map((r) => r.join(","))].join("\n");
}

describe("the LP on a model frame's X (a certificate)", () => {
  it("endometrial HG ~ NV + PI + EH: quasi-complete separation, NV → +Inf, the others finite", async () => {
    const frame = frameFromCsv(sharedCsv("endometrial.csv"), "HG ~ NV + PI + EH");
    const finding = separationFinding(await fixedEffectsSeparation(frame));
    expect(finding.separated).toBe(true);
    expect(finding.kind).toBe("quasi-complete");
    expect(finding.columnNames).toEqual(["(Intercept)", "NV", "PI", "EH"]);
    expect(finding.estimates).toEqual([0, INF, 0, 0]);
    // The hyperplane rows are the 66 patients with NV = 0 (NV = 1 occurs only with HG = 1).
    const nvZero = Array.from({ length: frame.n }, (_, i) => i).filter((i) => frame.X[frame.n + i] === 0);
    expect(finding.hyperplaneRows).toEqual(nvZero);
    expect(nvZero).toHaveLength(66);
    expectSeparatingDirection(frame, finding.direction!, finding.hyperplaneRows);
    expect(infiniteCoefficients(finding)).toEqual([{ name: "NV", direction: 1 }]);
    expect(formatInfiniteCoefficients(infiniteCoefficients(finding))).toBe("NV (+Inf)");
    // Plain arrays only: the finding survives a JSON round trip (apart from ±Inf, written by the formatters).
    expect(Array.isArray(finding.direction)).toBe(true);
  });

  it("NBA Bradley–Terry (±1 team columns, Spurs as reference, no intercept): the 0–17 76ers → −Inf, every other team finite", async () => {
    const nba = nbaBradleyTerryCsv();
    const frame = frameFromCsv(nba.csv, nba.formula);
    expect(frame.p).toBe(29);
    expect(frame.n).toBe(262);
    const finding = separationFinding(await fixedEffectsSeparation(frame));
    expect(finding.kind).toBe("quasi-complete");
    const infinite = infiniteCoefficients(finding);
    expect(infinite).toEqual([{ name: "Philadelphia_76ers", direction: -1 }]);
    expect(finding.estimates.filter((e) => e === 0)).toHaveLength(28);
    // Off the hyperplane: exactly the 76ers' 17 games.
    const phi = frame.betaNames.indexOf("Philadelphia_76ers");
    const games = Array.from({ length: frame.n }, (_, i) => i).filter((i) => frame.X[phi * frame.n + i] !== 0);
    expect(games).toHaveLength(17);
    expect(finding.hyperplaneRows).toHaveLength(262 - 17);
    expect(finding.hyperplaneRows.some((r) => games.includes(r))).toBe(false);
    expectSeparatingDirection(frame, finding.direction!, finding.hyperplaneRows);
  });

  it("binomial counts (cbpp): rows with 0 < y < m count on both sides; no separation", async () => {
    const frame = frameFromCsv(sharedCsv("cbpp.csv"), "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] });
    const finding = separationFinding(await fixedEffectsSeparation(frame));
    expect(finding.separated).toBe(false);
    expect(finding.kind).toBe("none");
    expect(finding.estimates).toEqual([0, 0, 0, 0]);
    expect(finding.direction).toBeNull();
  });
});

describe("synthetic configurations through the model frame", () => {
  it("complete separation: the slope → +Inf, no observation on the hyperplane", async () => {
    const frame = frameFromCsv(csvRows("y,x", [[0, 1], [0, 2], [0, 3], [1, 5], [1, 6], [1, 7]]), "y ~ x");
    const finding = separationFinding(await fixedEffectsSeparation(frame));
    expect(finding.kind).toBe("complete");
    expect(finding.estimates).toEqual([-INF, INF]);
    expect(finding.hyperplaneRows).toEqual([]);
    expectSeparatingDirection(frame, finding.direction!, []);
  });

  it("quasi-complete separation: the tied observations at x = 0 are on the hyperplane", async () => {
    const frame = frameFromCsv(csvRows("y,x", [[0, -2], [0, -1], [0, 0], [1, 0], [1, 1], [1, 2]]), "y ~ x");
    const finding = separationFinding(await fixedEffectsSeparation(frame));
    expect(finding.kind).toBe("quasi-complete");
    expect(finding.estimates).toEqual([0, INF]);
    expect(finding.hyperplaneRows).toEqual([2, 3]);
  });

  it("a factor level whose observations are all failures → −Inf, the other levels finite", async () => {
    const ys = [0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
    const rows = ys.map((y, i) => [y, ["a", "b", "c"][Math.floor(i / 6)]!]);
    const frame = frameFromCsv(csvRows("y,f", rows), "y ~ f");
    const finding = separationFinding(await fixedEffectsSeparation(frame));
    expect(finding.columnNames).toEqual(["(Intercept)", "fb", "fc"]);
    expect(finding.kind).toBe("quasi-complete");
    expect(finding.estimates).toEqual([0, 0, -INF]);
  });

  it("one flipped point turns complete separation into overlap: every estimate finite", async () => {
    const frame = frameFromCsv(csvRows("y,x", [[0, 1], [0, 2], [1, 3], [1, 5], [0, 6], [1, 7]]), "y ~ x");
    const finding = separationFinding(await fixedEffectsSeparation(frame));
    expect(finding.separated).toBe(false);
    expect(finding.kind).toBe("none");
    expect(finding.estimates).toEqual([0, 0]);
  });

  it("columns in units 1e5 and 1e-5 apart give the same answer", async () => {
    const base = sharedCsv("endometrial.csv").trim().split(/\r?\n/);
    const scaled = [
      base[0],
      ...base.slice(1).map((l) => {
        const [nv, pi, eh, hg] = l.split(",").map(Number) as [number, number, number, number];
        return [nv * 1e5, pi * 1e-5, eh * 1e5, hg].join(",");
      }),
    ].join("\n");
    const plain = separationFinding(await fixedEffectsSeparation(frameFromCsv(sharedCsv("endometrial.csv"), "HG ~ NV + PI + EH")));
    const rescaled = separationFinding(await fixedEffectsSeparation(frameFromCsv(scaled, "HG ~ NV + PI + EH")));
    expect(rescaled.estimates).toEqual(plain.estimates);
    expect(rescaled.kind).toBe(plain.kind);
    expect(rescaled.hyperplaneRows).toEqual(plain.hyperplaneRows);
  });

  it("n = 20 000, p = 40 overlapping data: not separated (time logged)", async () => {
    // A frame assembled directly (a CSV of this size would only time the parser).
    let state = 20000 >>> 0;
    const uniform = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const n = 20000;
    const p = 40;
    const X = new Float64Array(n * p);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X[i] = 1;
      let eta = -0.2;
      for (let j = 1; j < p; j++) {
        const v = j % 4 === 0 ? (uniform() < 0.3 ? 1 : 0) : Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
        X[j * n + i] = v;
        eta += (j % 3 === 0 ? 0.2 : -0.1) * v;
      }
      y[i] = uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
    const frame: ModelFrame = {
      formula: "y ~ x1 + ... + x39",
      responseName: "y",
      n,
      y,
      trials: new Float64Array(n).fill(1),
      binary: true,
      p,
      X,
      betaNames: ["(Intercept)", ...Array.from({ length: p - 1 }, (_, j) => `x${j + 1}`)],
      terms: [],
      rowsRead: n,
    };
    await fixedEffectsSeparation(frameFromCsv(csvRows("y,x", [[0, 1], [1, 2], [0, 3]]), "y ~ x")); // load the solver
    const started = performance.now();
    const finding = separationFinding(await fixedEffectsSeparation(frame));
    console.log(`fixedEffectsSeparation n = ${n}, p = ${p}: ${(performance.now() - started).toFixed(0)} ms`);
    expect(finding.separated).toBe(false);
    expect(finding.estimates.every((e) => e === 0)).toBe(true);
  });
});
