import { describe, expect, it } from "vitest";
import { createProgress, formatDuration, progressText } from "./progress.js";

describe("progress", () => {
  it("states done / total, rate, ETA and failures", () => {
    // 30 of the 100 run in 10 s since the start (20 were stored before): 3 tasks/s, 50 left → 17 s.
    expect(progressText(50, 100, 10, 2, 20)).toBe("50/100 (50.0 %) 3.00 tasks/s ETA 17s, 2 failed");
    expect(formatDuration(3725)).toBe("1h02m");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("--");
  });

  it("prints plain lines every interval when not on a terminal, and a last line at the end", () => {
    let t = 0;
    const lines: string[] = [];
    const progress = createProgress({ label: "s", total: 4, alreadyDone: 0, alreadyFailed: 0, sink: { isTTY: false, write: (x) => lines.push(x) }, intervalSeconds: 10, now: () => t });
    t = 1;
    progress.tick(false); // first line
    t = 2;
    progress.tick(true); // within the interval: silent
    t = 12;
    progress.tick(false);
    progress.tick(false);
    progress.finish();
    expect(lines).toEqual([
      "s: 1/4 (25.0 %) 1.00 tasks/s ETA 3s, 0 failed\n",
      "s: 3/4 (75.0 %) 0.25 tasks/s ETA 4s, 1 failed\n",
      "s: 4/4 (100.0 %) 0.33 tasks/s ETA 0s, 1 failed\n",
    ]);
  });

  it("redraws one bar in place on a terminal", () => {
    let t = 0;
    const out: string[] = [];
    const progress = createProgress({ label: "s", total: 2, alreadyDone: 0, alreadyFailed: 0, sink: { isTTY: true, columns: 120, write: (x) => out.push(x) }, now: () => t });
    t = 1;
    progress.tick(false);
    progress.finish();
    expect(out[0]!.startsWith("\rs [")).toBe(true);
    expect(out.at(-1)!.endsWith("\n")).toBe(true);
    expect(out.at(-1)).toContain("#".repeat(10));
  });
});
