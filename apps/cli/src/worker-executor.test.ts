/**
 * The executor of `--threads N` when a worker thread ends without its results: the caller waits in
 * Atomics.wait, where no 'exit' event can reach it, so it must notice by itself (thread-liveness.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { currentThreadId, threadRuns } from "./thread-liveness.js";

/** The loader that runs TypeScript sources (what bin/glmm.mjs uses without a bundle). */
const register = fileURLToPath(new URL("../../../tooling/run-source/register.mjs", import.meta.url));

const linux = existsSync("/proc/thread-self");

describe.runIf(linux)("worker threads that end without a word", () => {
  it("this thread's id is found, and an id that runs no thread is not", () => {
    const id = currentThreadId();
    expect(id).toBeGreaterThan(0);
    expect(threadRuns(id)).toBe(true);
    expect(threadRuns(2 ** 30)).toBe(false);
    expect(threadRuns(0)).toBe(true);
  });

  it("end the wait for their chains with an error instead of a wait for ever", () => {
    // In a child process with a time limit: without the check the wait never ends, and a test blocked in
    // Atomics.wait could not even time out.
    const executorModule = fileURLToPath(new URL("./worker-chain-executor.ts", import.meta.url));
    const dying = new URL("./test-support/dying-chain-worker.mjs", import.meta.url).href;
    const script = [
      `import { workerChainExecutor } from ${JSON.stringify(executorModule)};`,
      `const executor = workerChainExecutor(2, new URL(${JSON.stringify(dying)}));`,
      `try { executor.runChains({ estimator: "mcmc", job: "chains", payload: null }, 2); console.log("no error"); }`,
      `catch (error) { console.log(error.message); } finally { executor.close(); }`,
    ].join("\n");
    const started = performance.now();
    const run = spawnSync(process.execPath, ["--import", register, "--input-type=module", "-e", script], { encoding: "utf8", timeout: 20_000 });
    expect(run.signal, run.stderr).toBeNull();
    expect(run.stdout).toMatch(/ended without sending its chains' results/);
    // Noticed at the first look after a second asleep (plus the child's start-up).
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
