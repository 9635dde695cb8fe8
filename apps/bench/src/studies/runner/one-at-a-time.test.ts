/** Jobs submitted together run one after another in submission order, even when each awaits inside. */
import { describe, expect, it } from "vitest";
import { oneAtATime } from "./one-at-a-time.js";

const tick = () => new Promise<void>((done) => setTimeout(done, 1));

describe("oneAtATime", () => {
  it("starts a job only after the previous one has finished, and keeps each result with its call", async () => {
    const events: string[] = [];
    const run = oneAtATime(async (name: string) => {
      events.push(`start ${name}`);
      await tick();
      await tick();
      events.push(`end ${name}`);
      return name.toUpperCase();
    });
    const results = await Promise.all([run("a"), run("b"), run("c")]);
    expect(results).toEqual(["A", "B", "C"]);
    expect(events).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("goes on to the next job after one rejects", async () => {
    const run = oneAtATime(async (fail: boolean) => {
      await tick();
      if (fail) throw new Error("boom");
      return "ok";
    });
    const [first, second] = await Promise.allSettled([run(true), run(false)]);
    expect(first.status).toBe("rejected");
    expect(second).toEqual({ status: "fulfilled", value: "ok" });
  });
});
