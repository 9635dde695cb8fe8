import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Matrix, solve } from "ml-matrix";
import { detectSeparation } from "./detect-separation.js";
import type { SeparationReport } from "./detect-separation.js";
import { SeparationInputError } from "./errors.js";
import { columnMajor, mulberry32, normal, sharedReferenceDir } from "./test-support/fixtures.js";
import { endometrialDesign, nbaDesign } from "./test-support/designs.js";

const INF = Number.POSITIVE_INFINITY;

/**
 * Checks a separated report against the data without trusting the package: s_i x_iᵀβ ≥ 0 on every
 * row, = 0 exactly on the reported hyperplane rows and > 0 elsewhere (signs from y, trials).
 */
function checkCertificate(
  report: SeparationReport,
  x: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  trials: Float64Array | null = null,
): void {
  expect(report.separated).toBe(true);
  const beta = report.direction!;
  expect(beta).not.toBeNull();
  const onPlane = new Set(report.hyperplaneRows);
  // Scale-free zero threshold: relative to the largest |x_ij β_j| product in the row.
  for (let i = 0; i < n; i++) {
    const m = trials ? trials[i]! : 1;
    if (m === 0) continue;
    let eta = 0;
    let size = 0;
    for (let j = 0; j < p; j++) {
      const term = x[j * n + i]! * beta[j]!;
      eta += term;
      size = Math.max(size, Math.abs(term));
    }
    const threshold = 1e-7 * Math.max(size, 1e-300);
    const twoSided = y[i]! > 0 && y[i]! < m;
    if (twoSided) {
      expect(onPlane.has(i)).toBe(true);
      expect(Math.abs(eta)).toBeLessThanOrEqual(threshold + 1e-12);
      continue;
    }
    const s = y[i]! === m ? 1 : -1;
    if (onPlane.has(i)) expect(Math.abs(eta)).toBeLessThanOrEqual(threshold + 1e-12);
    else expect(s * eta).toBeGreaterThan(0);
  }
  expect(report.kind).toBe(report.hyperplaneRows.length === 0 ? "complete" : "quasi-complete");
  // An infinite coefficient moves in its own direction along every separating direction.
  report.estimates.forEach((e, j) => {
    if (e === INF) expect(beta[j]).toBeGreaterThan(0);
    if (e === -INF) expect(beta[j]).toBeLessThan(0);
  });
}

/**
 * Independent oracle for "not separated": Newton–Raphson on the logistic log-likelihood (ml-matrix
 * solves) converges to a stationary point exactly when the ML estimate is finite.
 */
function newtonConverges(x: Float64Array, n: number, p: number, y: Float64Array): boolean {
  const X = new Matrix(n, p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) X.set(i, j, x[j * n + i]!);
  let beta = Matrix.zeros(p, 1);
  const logLik = (b: Matrix) => {
    const eta = X.mmul(b);
    let l = 0;
    for (let i = 0; i < n; i++) {
      const e = eta.get(i, 0);
      // log(1 + exp(e)) in its stable form.
      const log1pexp = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
      l += y[i]! * e - log1pexp;
    }
    return l;
  };
  for (let iteration = 0; iteration < 200; iteration++) {
    const eta = X.mmul(beta);
    const gradient = Matrix.zeros(p, 1);
    const information = Matrix.zeros(p, p);
    for (let i = 0; i < n; i++) {
      const mu = 1 / (1 + Math.exp(-eta.get(i, 0)));
      const w = mu * (1 - mu);
      for (let j = 0; j < p; j++) {
        gradient.set(j, 0, gradient.get(j, 0) + X.get(i, j) * (y[i]! - mu));
        for (let k = 0; k < p; k++) information.set(j, k, information.get(j, k) + w * X.get(i, j) * X.get(i, k));
      }
    }
    if (Math.max(...gradient.to1DArray().map(Math.abs)) < 1e-9) return beta.norm() < 1e3;
    const step = solve(information, gradient);
    let t = 1;
    const current = logLik(beta);
    while (t > 1e-8 && logLik(beta.clone().add(step.clone().mul(t))) < current) t /= 2;
    beta = beta.clone().add(step.clone().mul(t));
  }
  return false;
}

describe("detectSeparation on published examples", () => {
  it("endometrial: HG ~ NV + PI + EH is quasi-completely separated with NV = +Inf (lme4.json)", async () => {
    const d = endometrialDesign();
    const reference = JSON.parse(readFileSync(`${sharedReferenceDir}lme4.json`, "utf8")) as Record<
      string,
      { coef: Record<string, number>; note?: string }
    >;
    const ml = reference["endometrial_glm_ml"]!;
    expect(ml.note).toMatch(/NV .*\+Inf/);
    expect(Object.keys(ml.coef)).toEqual(d.columnNames);

    const report = await detectSeparation(d.x, d.n, d.p, d.y, null, { columnNames: d.columnNames });
    expect(report.separated).toBe(true);
    expect(report.kind).toBe("quasi-complete");
    expect(report.estimates).toEqual([0, INF, 0, 0]);
    expect(report.aliased).toEqual([false, false, false, false]);
    expect(report.objective).toBeGreaterThan(0);
    // The ties are exactly the 66 patients with NV = 0: NV = 1 occurs only with HG = 1.
    const nvZero: number[] = [];
    for (let i = 0; i < d.n; i++) if (d.x[d.n + i] === 0) nvZero.push(i);
    expect(nvZero).toHaveLength(66);
    expect(report.hyperplaneRows).toEqual(nvZero);
    // The only separating direction is +e_NV.
    const beta = Array.from(report.direction!);
    expect(beta[1]).toBeCloseTo(1, 12);
    for (const j of [0, 2, 3]) expect(Math.abs(beta[j]!)).toBeLessThan(1e-12);
    checkCertificate(report, d.x, d.n, d.p, d.y);
  });

  it("NBA Bradley–Terry before 3 Dec 2014: the 0–17 Philadelphia 76ers are −Inf, every other team finite", async () => {
    const d = nbaDesign();
    expect(d.n).toBe(262);
    expect(d.p).toBe(29);
    const phi = d.columnNames.indexOf("Philadelphia 76ers");
    const phiGames = d.games.filter((g) => g.home === "Philadelphia 76ers" || g.away === "Philadelphia 76ers");
    expect(phiGames).toHaveLength(17);

    const report = await detectSeparation(d.x, d.n, d.p, d.y, null, { columnNames: d.columnNames });
    expect(report.separated).toBe(true);
    expect(report.kind).toBe("quasi-complete");
    report.estimates.forEach((e, j) => expect(e).toBe(j === phi ? -INF : 0));
    expect(report.hyperplaneRows).toHaveLength(262 - 17);
    checkCertificate(report, d.x, d.n, d.p, d.y);
  });
});

describe("detectSeparation on synthetic configurations", () => {
  const withIntercept = (xs: number[]) => columnMajor(xs.map((v) => [1, v]), 2);
  const names = ["(Intercept)", "x"];

  it("complete separation: slope +Inf, intercept finite because separating lines exist with either sign", async () => {
    // s_i (d0 + d1 x_i) ≥ 0 gives −2 d1 ≤ d0 ≤ d1: the intercept of a separating direction can be
    // negative, zero or positive, so it need not diverge, while d1 > 0 always.
    const xs = [-3, -1, 2, 5];
    const y = Float64Array.from([0, 0, 1, 1]);
    const report = await detectSeparation(withIntercept(xs), 4, 2, y, null, { columnNames: names });
    expect(report.kind).toBe("complete");
    expect(report.estimates).toEqual([0, INF]);
    expect(report.hyperplaneRows).toEqual([]);
    // The reported direction moves the intercept, yet it is finite: reading the nonzero pattern of
    // one LP solution (as detectseparation does) would call it infinite.
    expect(report.direction![0]).not.toBe(0);
    expect(report.notes.join("\n")).toMatch(/finite but not pinned down by the data: \(Intercept\)/);
    checkCertificate(report, withIntercept(xs), 4, 2, y);

    const symmetric = [-2, -1, 1, 2];
    const again = await detectSeparation(withIntercept(symmetric), 4, 2, y, null, { columnNames: names });
    expect(again.estimates).toEqual([0, INF]);
  });

  it("complete separation away from the origin: intercept −Inf and slope +Inf", async () => {
    const xs = [1, 2, 3, 5, 6, 7];
    const y = Float64Array.from([0, 0, 0, 1, 1, 1]);
    const report = await detectSeparation(withIntercept(xs), 6, 2, y, null, { columnNames: names });
    expect(report.kind).toBe("complete");
    expect(report.estimates).toEqual([-INF, INF]);
    checkCertificate(report, withIntercept(xs), 6, 2, y);
  });

  it("quasi-complete separation: ties at x = 0 are the hyperplane rows", async () => {
    const xs = [-2, -1, 0, 0, 1, 2];
    const y = Float64Array.from([0, 0, 0, 1, 1, 1]);
    const report = await detectSeparation(withIntercept(xs), 6, 2, y, null, { columnNames: names });
    expect(report.kind).toBe("quasi-complete");
    expect(report.estimates).toEqual([0, INF]);
    expect(report.hyperplaneRows).toEqual([2, 3]);
    checkCertificate(report, withIntercept(xs), 6, 2, y);
  });

  it("one flipped point turns complete separation into overlap", async () => {
    const xs = [1, 2, 3, 5, 6, 7];
    const y = Float64Array.from([0, 0, 1, 1, 0, 1]);
    const x = withIntercept(xs);
    const report = await detectSeparation(x, 6, 2, y, null, { columnNames: names });
    expect(report.separated).toBe(false);
    expect(report.kind).toBe("none");
    expect(report.estimates).toEqual([0, 0]);
    expect(report.direction).toBeNull();
    expect(report.hyperplaneRows).toEqual([]);
    expect(report.objective).toBeCloseTo(0, 12);
    expect(newtonConverges(x, 6, 2, y)).toBe(true);
  });

  it("a factor level whose rows are all failures gets −Inf, the other levels stay finite", async () => {
    // Levels A (reference), B, C with 6 rows each; C has y = 0 throughout.
    const level = Array.from({ length: 18 }, (_, i) => Math.floor(i / 6));
    const yValues = [0, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
    const x = columnMajor(level.map((l) => [1, l === 1 ? 1 : 0, l === 2 ? 1 : 0]), 3);
    const y = Float64Array.from(yValues);
    const report = await detectSeparation(x, 18, 3, y, null, { columnNames: ["(Intercept)", "levelB", "levelC"] });
    expect(report.kind).toBe("quasi-complete");
    expect(report.estimates).toEqual([0, 0, -INF]);
    expect(report.hyperplaneRows).toEqual(Array.from({ length: 12 }, (_, i) => i));
    checkCertificate(report, x, 18, 3, y);
  });

  it("the answer does not depend on the units of the columns (×1e5, ×1e-5)", async () => {
    const d = endometrialDesign();
    const factors = [1, 1e5, 1e-5, 1e5];
    const scaled = Float64Array.from(d.x, (v, index) => v * factors[Math.floor(index / d.n)]!);
    const plain = await detectSeparation(d.x, d.n, d.p, d.y, null, { columnNames: d.columnNames });
    const rescaled = await detectSeparation(scaled, d.n, d.p, d.y, null, { columnNames: d.columnNames });
    expect(rescaled.estimates).toEqual(plain.estimates);
    expect(rescaled.kind).toBe(plain.kind);
    expect(rescaled.hyperplaneRows).toEqual(plain.hyperplaneRows);
    expect(rescaled.objective).toBeCloseTo(plain.objective, 9);
    // β on the new scale is β_old / factor, renormalised.
    const back = Array.from(rescaled.direction!, (b, j) => b * factors[j]!);
    const norm = Math.max(...back.map(Math.abs));
    back.forEach((b, j) => expect(b / norm).toBeCloseTo(plain.direction![j]!, 9));

    // A completely separated design with a continuous covariate, scaled the other way round.
    const rng = mulberry32(7);
    const n = 80;
    const rows = Array.from({ length: n }, () => [1, normal(rng), normal(rng)]);
    const y = Float64Array.from(rows, (r) => (r[1]! + 0.5 * r[2]! > 0.3 ? 1 : 0));
    const x = columnMajor(rows, 3);
    const xScaled = columnMajor(rows.map((r) => [1, r[1]! * 1e-5, r[2]! * 1e5]), 3);
    const a = await detectSeparation(x, n, 3, y);
    const b = await detectSeparation(xScaled, n, 3, y);
    expect(a.kind).toBe("complete");
    expect(b.kind).toBe("complete");
    expect(b.estimates).toEqual(a.estimates);
    expect(a.estimates).toEqual([-INF, INF, INF]);
  });

  it("collinear columns: the later one is aliased (NaN), separation is still found correctly", async () => {
    const d = endometrialDesign();
    // Append 2·PI − EH, an exact linear combination of earlier columns.
    const extra = new Float64Array(d.n);
    for (let i = 0; i < d.n; i++) extra[i] = 2 * d.x[2 * d.n + i]! - d.x[3 * d.n + i]!;
    const x = new Float64Array(d.n * 5);
    x.set(d.x);
    x.set(extra, 4 * d.n);
    const columnNames = [...d.columnNames, "PIxEH"];
    const report = await detectSeparation(x, d.n, 5, d.y, null, { columnNames });
    expect(report.kind).toBe("quasi-complete");
    expect(report.estimates.slice(0, 4)).toEqual([0, INF, 0, 0]);
    expect(report.estimates[4]).toBeNaN();
    expect(report.aliased).toEqual([false, false, false, false, true]);
    expect(report.direction![4]).toBe(0);
    expect(report.notes.join("\n")).toMatch(/column 'PIxEH' is aliased \(PIxEH = 2·'PI' - 1·'EH'\)/);
    checkCertificate(report, x, d.n, 5, d.y);
  });

  it("collinear columns with overlapping data: a null-space direction is not separation", async () => {
    const rng = mulberry32(11);
    const n = 60;
    const rows = Array.from({ length: n }, () => {
      const z = normal(rng);
      return [1, z, -3 * z, 0];
    });
    const y = Float64Array.from(rows, (r) => (rng() < 1 / (1 + Math.exp(-r[1]!)) ? 1 : 0));
    const x = columnMajor(rows, 4);
    const report = await detectSeparation(x, n, 4, y, null, { columnNames: ["(Intercept)", "z", "minus3z", "zero"] });
    expect(report.separated).toBe(false);
    expect(report.estimates.slice(0, 2)).toEqual([0, 0]);
    expect(report.estimates[2]).toBeNaN();
    expect(report.estimates[3]).toBeNaN();
    expect(report.aliased).toEqual([false, false, true, true]);
    expect(report.notes.join("\n")).toMatch(/column 'zero' is identically zero/);
    expect(newtonConverges(columnMajor(rows.map((r) => [r[0]!, r[1]!]), 2), n, 2, y)).toBe(true);
  });

  it("binomial counts: rows with 0 < y < m count on both sides; same answer as the expanded binary data", async () => {
    // Levels A (reference): 2/5 and 1/3; B: 0/4 and 0/2 (all failures); C: 3/3 and 6/6 (all successes).
    const level = [0, 0, 1, 1, 2, 2];
    const successes = Float64Array.from([2, 1, 0, 0, 3, 6]);
    const trials = Float64Array.from([5, 3, 4, 2, 3, 6]);
    const design = level.map((l) => [1, l === 1 ? 1 : 0, l === 2 ? 1 : 0]);
    const columnNames = ["(Intercept)", "B", "C"];
    const report = await detectSeparation(columnMajor(design, 3), 6, 3, successes, trials, { columnNames });
    expect(report.kind).toBe("quasi-complete");
    expect(report.estimates).toEqual([0, -INF, INF]);
    expect(report.hyperplaneRows).toEqual([0, 1]);
    checkCertificate(report, columnMajor(design, 3), 6, 3, successes, trials);

    // Expand to one binary row per trial.
    const rows: number[][] = [];
    const yBinary: number[] = [];
    design.forEach((row, i) => {
      for (let t = 0; t < trials[i]!; t++) {
        rows.push(row);
        yBinary.push(t < successes[i]! ? 1 : 0);
      }
    });
    const expanded = await detectSeparation(
      columnMajor(rows, 3),
      rows.length,
      3,
      Float64Array.from(yBinary),
      null,
      { columnNames },
    );
    expect(expanded.estimates).toEqual(report.estimates);
    expect(expanded.kind).toBe(report.kind);

    // Every group mixed: no separation. A trials = 0 row is left out with a note.
    const mixed = await detectSeparation(
      columnMajor([...design, [1, 1, 0]], 3),
      7,
      3,
      Float64Array.from([2, 1, 1, 3, 1, 2, 0]),
      Float64Array.from([5, 3, 4, 4, 3, 6, 0]),
      { columnNames },
    );
    expect(mixed.separated).toBe(false);
    expect(mixed.notes.join("\n")).toMatch(/1 row\(s\) with trials = 0/);
  });

  it("rejects malformed input with typed errors naming the row and column", async () => {
    const x = columnMajor([[1, 0.5], [1, Number.NaN]], 2);
    await expect(detectSeparation(x, 2, 2, Float64Array.from([0, 1]), null, { columnNames: ["a", "b"] })).rejects.toThrow(
      /X row 1, column 'b'/,
    );
    const ok = columnMajor([[1, 0.5], [1, 2]], 2);
    await expect(detectSeparation(ok, 2, 2, Float64Array.from([0, 2]))).rejects.toBeInstanceOf(SeparationInputError);
    await expect(detectSeparation(ok, 2, 2, Float64Array.from([0, 2]))).rejects.toThrow(/y row 1: expected 0 or 1/);
    await expect(
      detectSeparation(ok, 2, 2, Float64Array.from([0, 4]), Float64Array.from([3, 3])),
    ).rejects.toThrow(/y row 1: expected a count between 0 and trials \(3\)/);
    await expect(detectSeparation(ok, 3, 2, Float64Array.from([0, 1]))).rejects.toThrow(/X has 4 entries/);
    await expect(detectSeparation(ok, 2, 2, Float64Array.from([0, 1]), null, { tolerance: 0 })).rejects.toThrow(
      /tolerance/,
    );
  });
});

describe("detectSeparation on random designs", () => {
  it("agrees with an independent Newton–Raphson oracle and its own certificate on 40 seeded data sets", async () => {
    const rng = mulberry32(2024);
    let separatedCount = 0;
    for (let replicate = 0; replicate < 40; replicate++) {
      const n = 10 + Math.floor(rng() * 15);
      const p = 2 + Math.floor(rng() * 3);
      // Small integer covariates create ties (quasi-complete configurations) as well as overlap.
      const rows = Array.from({ length: n }, () => [1, ...Array.from({ length: p - 1 }, () => Math.round(2 * normal(rng)))]);
      const x = columnMajor(rows, p);
      const y = Float64Array.from(rows, (r) => (rng() < 1 / (1 + Math.exp(-(r[1]! * 1.5))) ? 1 : 0));
      const report = await detectSeparation(x, n, p, y);
      if (report.aliased.some(Boolean)) continue;
      if (report.separated) {
        separatedCount++;
        checkCertificate(report, x, n, p, y);
        // Row order and column units do not change the answer.
        const order = Array.from({ length: n }, (_, i) => n - 1 - i);
        const factors = Array.from({ length: p }, (_, j) => 10 ** (((j * 7) % 9) - 4));
        const permuted = columnMajor(order.map((i) => rows[i]!.map((v, j) => v * factors[j]!)), p);
        const again = await detectSeparation(permuted, n, p, Float64Array.from(order, (i) => y[i]!));
        expect(again.estimates).toEqual(report.estimates);
        expect(again.kind).toBe(report.kind);
        expect(again.hyperplaneRows.map((k) => order[k]!).sort((a, b) => a - b)).toEqual(report.hyperplaneRows);
      } else {
        expect(newtonConverges(x, n, p, y)).toBe(true);
        expect(report.estimates.every((e) => e === 0)).toBe(true);
      }
    }
    // The generator produces both kinds of data.
    expect(separatedCount).toBeGreaterThan(5);
    expect(separatedCount).toBeLessThan(38);
  });

  it("n = 20 000, p = 40 overlapping data are not separated", async () => {
    const rng = mulberry32(20000);
    const n = 20000;
    const p = 40;
    const x = new Float64Array(n * p);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let eta = -0.2;
      x[i] = 1;
      for (let j = 1; j < p; j++) {
        const v = j % 4 === 0 ? (rng() < 0.3 ? 1 : 0) : normal(rng);
        x[j * n + i] = v;
        eta += (j % 3 === 0 ? 0.2 : -0.1) * v;
      }
      y[i] = rng() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
    await detectSeparation(Float64Array.from([1, 1, 1, 0, 1, 2]), 3, 2, Float64Array.from([0, 1, 0])); // load the solver first
    const started = performance.now();
    const report = await detectSeparation(x, n, p, y);
    const elapsed = performance.now() - started;
    console.log(`detectSeparation n = ${n}, p = ${p}: ${elapsed.toFixed(0)} ms`);
    expect(report.separated).toBe(false);
    expect(report.kind).toBe("none");
    expect(report.estimates.every((e) => e === 0)).toBe(true);
  });
});
