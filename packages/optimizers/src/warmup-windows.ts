/**
 * Stan's windowed warm-up (Stan Reference Manual, "HMC algorithm parameters → Automatic parameter tuning";
 * stan/mcmc/windowed_adaptation.hpp): an initial fast interval (75 iterations) adapts only the step size,
 * then slow windows of 25, 50, 100, … iterations each estimate the (diagonal) metric from the draws inside
 * them — the last window stretched to the start of the final fast interval (50 iterations) — and after each
 * window the metric is replaced and the step-size adaptation restarts. Warm-ups too short for 75 + 25 + 50
 * use 15 % / 75 % / 10 %, as Stan does.
 */
export interface WarmupWindows {
  /** True when iteration `i` (0-based, i < warmup) contributes a draw to the metric estimate. */
  inSlowWindow(i: number): boolean;
  /** True when a slow window ends after iteration `i` (update the metric, restart the step size). */
  endsWindow(i: number): boolean;
}

export function warmupWindows(warmup: number, initBuffer = 75, termBuffer = 50, baseWindow = 25): WarmupWindows {
  if (warmup < 20) {
    // Stan: too few iterations for metric adaptation; only the step size adapts.
    return { inSlowWindow: () => false, endsWindow: () => false };
  }
  let init = initBuffer;
  let term = termBuffer;
  let base = baseWindow;
  if (init + base + term > warmup) {
    init = Math.floor(0.15 * warmup);
    term = Math.floor(0.1 * warmup);
    base = warmup - (init + term);
  }
  // The window ends (0-based iteration indices), as windowed_adaptation::compute_next_window.
  const lastEnd = warmup - term - 1;
  const ends = new Set<number>();
  let size = base;
  let next = init + size - 1;
  for (;;) {
    ends.add(next);
    if (next === lastEnd) break;
    size *= 2;
    const counter = next + 1;
    next = counter + size - 1;
    if (next !== lastEnd && next + 1 + 2 * size > warmup - term) next = lastEnd;
    if (next > lastEnd) next = lastEnd;
  }
  return {
    inSlowWindow: (i) => i >= init && i < warmup - term,
    endsWindow: (i) => ends.has(i),
  };
}
