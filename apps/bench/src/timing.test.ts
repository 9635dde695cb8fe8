import { afterEach, describe, expect, it, vi } from "vitest";
import { median, timeRepeated } from "./timing.js";

describe("timing", () => {
  afterEach(() => vi.restoreAllMocks());

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
  });

  it("times each run in seconds on the monotonic clock and reports their median", () => {
    // A scripted clock: the five timed runs take 4, 1, 3, 1.5 and 5 s (nanosecond readings; the median is
    // neither the first nor the last).
    const durations = [4, 1, 3, 1.5, 5];
    const readings: bigint[] = [];
    let now = 1_000_000_000n;
    for (const d of durations) {
      readings.push(now);
      now += BigInt(d * 1e9);
      readings.push(now);
      now += 7_000_000_000n; // time between runs is not counted
    }
    const clock = vi.spyOn(process.hrtime, "bigint").mockImplementation(() => readings.shift()!);
    const timed = timeRepeated(() => "done", 5, 1);
    expect(clock).toHaveBeenCalledTimes(10);
    expect(timed.secondsEach).toEqual(durations);
    expect(timed.medianSeconds).toBe(3);
    expect(timed.cpuSecondsEach).toHaveLength(5);
    expect(timed.medianCpuSeconds).toBeGreaterThanOrEqual(0);
  });
});
