/** Runs `bench` as a separate process (the way a user does), for the kill, resume and queue tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { repoRoot } from "../../paths.js";

export const BENCH_BIN = resolve(repoRoot, "apps", "bench", "bin", "bench.mjs");

export function startBench(args: readonly string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BENCH_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return { child, output: () => text, exited };
}

export async function runBench(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  const run = startBench(args);
  const code = await run.exited;
  return { code, output: run.output() };
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passes (then throws naming `what`). */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}
