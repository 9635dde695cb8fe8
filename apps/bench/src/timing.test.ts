import { describe, expect, it } from "vitest";
import { median, timeRepeated } from "./timing.js";

describe("timing", () => {
  it("median of odd and even samples", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it("timeRepeated runs warm-up plus timed runs and returns the last result", () => {
    let calls = 0;
    const timed = timeRepeated(() => ++calls, 5, 2);
    expect(calls).toBe(7);
    expect(timed.result).toBe(7);
    expect(timed.secondsEach).toHaveLength(5);
    expect(timed.medianSeconds).toBeGreaterThanOrEqual(0);
    expect(timed.cpuSecondsEach).toHaveLength(5);
    expect(timed.medianCpuSeconds).toBeGreaterThanOrEqual(0);
  });
});
