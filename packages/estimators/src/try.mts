import { buildModelFrame, readCsvFile, parameterLayout } from "@glmmkit/core";
import { GlmmLikelihood } from "@glmmkit/laplace";
import { mlEstimator, startingValues } from "./index.js";
for (const [file, k] of [["sim_base_J50.csv", 4], ["sim_large_J2000.csv", 9]] as const) {
  const rhs = Array.from({ length: k }, (_, i) => `x${i + 1}`).join(" + ");
  const f = buildModelFrame(readCsvFile(`/work/shared/data/${file}`), `y ~ ${rhs} + (1 | g)`);
  const fit = mlEstimator.fit(f, {});
  const lik = new GlmmLikelihood(f);
  const th = Float64Array.from([...fit.beta, ...fit.psi]);
  const g = new Float64Array(th.length);
  let t0 = performance.now();
  for (let r = 0; r < 200; r++) lik.logLikAndGradient(th, g);
  const tg = (performance.now() - t0) / 200;
  t0 = performance.now();
  for (let r = 0; r < 200; r++) lik.logLik(th);
  const tv = (performance.now() - t0) / 200;
  const H = new Float64Array(th.length ** 2);
  t0 = performance.now();
  for (let r = 0; r < 20; r++) lik.hessian(th, H);
  const th2 = (performance.now() - t0) / 20;
  t0 = performance.now();
  for (let r = 0; r < 20; r++) startingValues(f, parameterLayout(f));
  const ts = (performance.now() - t0) / 20;
  t0 = performance.now();
  for (let r = 0; r < 20; r++) mlEstimator.fit(f, {});
  const tf = (performance.now() - t0) / 20;
  console.log(file, "grad ms", tg.toFixed(3), "value ms", tv.toFixed(3), "hess ms", th2.toFixed(2), "start ms", ts.toFixed(2), "fit ms", tf.toFixed(2), "iters", fit.iterations);
}
