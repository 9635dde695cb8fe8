import { readFileSync } from "node:fs";
import { buildModelFrame, parseCsv } from "@glmmkit/core";
import { mlEstimator } from "../index.js";
import { culcitaWithoutAtypicalRow, sharedFrame, CULCITA_LEVELS } from "../test-support/reference.js";
const text = readFileSync("/work/shared/data/endometrial.csv", "utf8").trim().split(/\r?\n/);
const rows = text.slice(1).map((l) => l.split(","));
const pi = rows.map((r) => Number(r[1]));
const br = [0, 11, 16, 21, 49];
const piq = pi.map((v) => (v <= br[1]! ? 1 : v <= br[2]! ? 2 : v <= br[3]! ? 3 : 4));
const csv = [text[0] + ",PIq", ...rows.map((r, i) => r.join(",") + "," + piq[i])].join("\n");
const frames = {
  endo: buildModelFrame(parseCsv(csv, "e.csv"), "HG ~ NV + PI + EH + (1 | PIq)", {}),
  drop: culcitaWithoutAtypicalRow(),
  full: sharedFrame("culcita.csv", "predation ~ ttt + (1 | block)", { levelOrders: CULCITA_LEVELS }),
};
const nagq = Number(process.argv[2] ?? 1);
for (const [name, frame] of Object.entries(frames)) {
  console.log(name);
  for (const tol of [1e-6, 1e-7, 1e-8, 1e-9, 1e-10]) {
  for (const mi of [200, 1000]) {
    const t0 = performance.now();
    const fit = mlEstimator.fit(frame, { maxIterations: mi, gradientTolerance: tol, nAGQ: name === "endo" ? 1 : nagq });
    console.log(tol, mi, (performance.now()-t0).toFixed(0), fit.converged, fit.iterations, Array.from(fit.beta).map(v=>v.toFixed(3)).join(" "), Array.from(fit.psi).map(v=>v.toFixed(3)).join(" "), "| SE", Array.from(fit.betaStdErrors).map(v=>v.toPrecision(3)).join(" "), Array.from(fit.psiStdErrors).map(v=>v.toPrecision(3)).join(" "), fit.diagnostics.maxAbsGradient.toExponential(2), fit.logLik.toFixed(8), fit.diagnostics.boundary.map(b=>b.kind).join(","));
  }}
}
