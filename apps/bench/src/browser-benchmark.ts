/**
 * `bench browser`: the playground in headless Chromium — builds the static site (apps/web), then for
 * each of --runs fresh pages: load it, fit the embedded Culcita data at once (the worker may still be
 * compiling HiGHS) or --settle-ms later, then refit it five times; prints the medians of the first fit and of the refits as the
 * worker measures them (parse, frame, LP certificate, fit), and the bundle sizes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromiumAvailable, launchChromium, serveDirectory } from "@glmmkit/browser-harness";
import { flagValue, intFlag } from "./args.js";
import { repoRoot, resultsDir } from "./paths.js";
import { median } from "./timing.js";

const REFITS = 5;

export async function runBrowserBenchmark(args: readonly string[]): Promise<void> {
  if (!chromiumAvailable) throw new Error("no Chromium at /usr/bin/chromium (apt-get install -y chromium)");
  const runs = intFlag(args, "--runs", 5);
  // Milliseconds to wait after the page is ready before the first fit (0: fit at once).
  const settle = Number(flagValue(args, "--settle-ms") ?? "0");
  const webDir = join(repoRoot, "apps", "web");
  const build = spawnSync(process.execPath, [join(webDir, "scripts", "build.mjs")], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`building the playground failed:\n${build.stderr}`);
  const dist = join(webDir, "dist");
  const sizes = Object.fromEntries(["worker.js", "main.js", "highs.wasm"].map((f) => [f, statSync(join(dist, f)).size]));
  const { server, url } = await serveDirectory(dist);
  const browser = await launchChromium();
  const firstFits: number[] = [];
  const refits: number[] = [];
  const firstSteps: Record<string, number>[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForSelector("body[data-state=ready]");
      if (settle > 0) await new Promise((done) => setTimeout(done, settle));
      for (let k = 0; k <= REFITS; k++) {
        await page.evaluate("document.body.dataset.state = 'fitting'");
        await page.click("#fit");
        await page.waitForSelector("body[data-state=done]");
        const ms = Number(await page.getAttribute("#status", "data-milliseconds"));
        (k === 0 ? firstFits : refits).push(ms);
        if (k === 0) firstSteps.push(JSON.parse((await page.getAttribute("#status", "data-steps")) ?? "{}") as Record<string, number>);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const stepNames = [...new Set(firstSteps.flatMap((s) => Object.keys(s)))];
  const firstSplit = stepNames.map((n) => `${n} ${median(firstSteps.map((s) => s[n] ?? 0)).toFixed(1)}`).join(", ");
  const kB = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
  process.stdout.write(
    `playground in headless Chromium, Culcita (ml, Laplace), worker-measured, ${runs} page loads (shared machine: noisy)\n` +
      `  first fit ${settle > 0 ? `${settle} ms after load:` : "right after load:"} median ${median(firstFits).toFixed(1)} ms (target 100 ms); split (ms): ${firstSplit}\n` +
      `  refit:                      median ${median(refits).toFixed(1)} ms over ${refits.length} fits\n` +
      `  bundle: worker.js ${kB(sizes["worker.js"]!)} (core + estimators + separation-detect, minified), main.js ${kB(sizes["main.js"]!)} (page + embedded data), highs.wasm ${kB(sizes["highs.wasm"]!)}\n`,
  );
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "browser.json");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(out, `${JSON.stringify({ runs, firstFitsMs: firstFits, refitsMs: refits, bundleBytes: sizes }, null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}
