/**
 * Where a `glmm fit` process spends its time, for `pnpm bench cli`: with GLMM_TIMINGS=1 in the
 * environment the command prints one line `timings: {...}` (milliseconds) on stderr after its output.
 * "start" is the time from the process's start to the first step (Node start-up and module loading).
 */
import type { CliIo } from "./main.js";

export class StepTimings {
  private readonly enabled: boolean;
  private readonly steps: Record<string, number> = {};
  private last = 0;

  constructor(private readonly io: CliIo) {
    this.enabled = typeof process !== "undefined" && process.env["GLMM_TIMINGS"] === "1";
    if (this.enabled) this.steps["start"] = performance.now();
  }

  /** Start timing a step here. */
  mark(): void {
    this.last = performance.now();
  }

  /** End the step begun at the last mark. */
  step(name: string): void {
    this.record(name, performance.now() - this.last);
    this.last = performance.now();
  }

  /** Add a step measured elsewhere. */
  record(name: string, milliseconds: number): void {
    if (this.enabled) this.steps[name] = (this.steps[name] ?? 0) + milliseconds;
  }

  report(): void {
    if (!this.enabled) return;
    const rounded = Object.fromEntries(Object.entries(this.steps).map(([k, v]) => [k, Math.round(v * 10) / 10]));
    this.io.err(`timings: ${JSON.stringify(rounded)}\n`);
  }
}
