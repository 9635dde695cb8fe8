/** One package's vitest suite in a child process (its own process group, so it can be stopped whole). */
import { spawn } from "node:child_process";
import { join } from "node:path";

export interface PackageTestOutcome {
  /** "passed", "failed" (a test failed or the run errored) or "timeout". */
  readonly status: "passed" | "failed" | "timeout";
  readonly seconds: number;
  /** The first failing test ("file > describe > test") vitest names, when it names one. */
  readonly firstFailure: string | null;
}

export interface RunningTests {
  readonly done: Promise<PackageTestOutcome>;
  /** Stop the run and its children now (used on Ctrl-C). */
  stop(): void;
}

/** `vitest run --bail=1` in `root/dir`: the first failing test ends the run. */
export function runPackageTests(root: string, dir: string, timeoutSeconds: number): RunningTests {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(root, "node_modules", "vitest", "vitest.mjs"), "run", "--bail=1"], {
    cwd: join(root, dir),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", CI: "true" },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = (): void => {
    // Negative pid: the whole process group (vitest's workers too).
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutSeconds * 1000);
  const done = new Promise<PackageTestOutcome>((resolvePromise) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // "FAIL  src/x.test.ts > describe > test" (colour codes removed, should any remain).
      const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
      const failure = /FAIL\s+(src\/\S+\.test\.ts(?: > [^\n]*)?)/.exec(plain);
      const status = timedOut ? "timeout" : code === 0 ? "passed" : "failed";
      resolvePromise({ status, seconds, firstFailure: failure?.[1] ?? null });
    });
  });
  return { done, stop };
}
