import { readFileSync } from "node:fs";
import { buildModelFrame, parseCsv, parameterLayout } from "@glmmkit/core";
import { mlEstimator } from "../index.js";
const text = readFileSync("/work/shared/data/endometrial.csv", "utf8").trim().split(/\r?\n/);
const rows = text.slice(1).map((l) => l.split(","));
const pi = rows.map((r) => Number(r[1]));
const s = [...pi].sort((a, b) => a - b);
const q = (p: number) => { const h = (s.length - 1) * p; const lo = Math.floor(h); return s[lo]! + (h - lo) * ((s[lo + 1] ?? s[lo]!) - s[lo]!); };
const br = [q(0), q(0.25), q(0.5), q(0.75), q(1)];
console.log(br);
const piq = pi.map((v) => (v <= br[1]! ? 1 : v <= br[2]! ? 2 : v <= br[3]! ? 3 : 4));
console.log([1,2,3,4].map(k=>piq.filter(x=>x===k).length));
const csv = [text[0] + ",PIq", ...rows.map((r, i) => r.join(",") + "," + piq[i])].join("\n");
const frame = buildModelFrame(parseCsv(csv, "e.csv"), "HG ~ NV + PI + EH + (1 | PIq)", {});
console.log(parameterLayout(frame).names);
for (const mi of [25, 50, 100, 200, 400, 800, 1600]) {
  const t0 = performance.now();
  const fit = mlEstimator.fit(frame, { maxIterations: mi, gradientTolerance: 1e-10 });
  console.log(mi, (performance.now()-t0).toFixed(0), fit.converged, fit.iterations, Array.from(fit.beta).map(v=>v.toFixed(3)), Array.from(fit.psi).map(v=>v.toFixed(3)), Array.from(fit.betaStdErrors).map(v=>v.toFixed(3)), Array.from(fit.psiStdErrors).map(v=>v.toFixed(3)), fit.diagnostics.maxAbsGradient.toExponential(2), fit.logLik.toFixed(6), fit.diagnostics.boundary.map(b=>b.kind).join(","));
}
const d = mlEstimator.fit(frame, {});
console.log(d.converged, d.iterations, Array.from(d.beta), d.diagnostics.warnings);
