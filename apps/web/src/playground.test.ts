/**
 * The playground in headless Chromium: the page loads, fits the embedded Culcita data in its Web Worker
 * (the browser bundle of core + estimators + separation-detect, HiGHS wasm included) and shows the
 * summary `glmm fit` prints, a FitResult whose every number matches `glmm fit --json` to 1e-8, the
 * separation table of `glmm separation`, and a caterpillar plot; a bad formula shows the CLI's error line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { browserTestsRequired, chromiumAvailable, launchChromium, serveDist } from "./test-support/browser.js";

const glmmBin = fileURLToPath(new URL("../../cli/bin/glmm.mjs", import.meta.url));

function glmm(args: string[]) {
  return spawnSync(process.execPath, [glmmBin, ...args], { encoding: "utf8" });
}

/** Every number in two JSON values agrees to `tolerance` (relative above 1), every other leaf is equal. */
function expectClose(actual: unknown, expected: unknown, tolerance: number, path = "$"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(1, Math.abs(expected));
    if (!(Math.abs(actual - expected) <= tolerance * scale)) throw new Error(`${path}: ${actual} vs ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, tolerance, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === "object") {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], e, tolerance, `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

const run = chromiumAvailable || browserTestsRequired;
if (!run) console.warn("playground tests skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium)");

describe.runIf(run)("the playground in headless Chromium", () => {
  let browser: Browser;
  let server: Server;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const served = await serveDist();
    server = served.server;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(served.url);
    await page.waitForSelector("body[data-state=ready]");
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function fit(formula?: string): Promise<void> {
    if (formula !== undefined) await page.fill("#formula", formula);
    await page.click("#fit");
    await page.waitForSelector("body[data-state=done]");
  }

  it("fits Culcita in the worker: the CLI's summary, its JSON to 1e-8, its separation table", async () => {
    await fit();
    const first = Number(await page.getAttribute("#status", "data-milliseconds"));
    console.log(`Culcita: first fit after the page loaded ${first.toFixed(1)} ms (in the worker)`);
    const summary = await page.textContent("#summary");
    const json = JSON.parse((await page.textContent("#json")) ?? "null") as unknown;
    const cliSummary = glmm(["fit"]);
    const cliJson = JSON.parse(glmm(["fit", "--json"]).stdout) as unknown;
    expect(cliSummary.status).toBe(0);
    expect(summary).toBe(cliSummary.stdout);
    expectClose(json, cliJson, 1e-8);
    expect(await page.textContent("#separation")).toBe(glmm(["separation"]).stdout);
    expect(await page.locator("#plots svg.caterpillar circle").count()).toBe(10);
    expect(await page.textContent("#error")).toBe("");
    expect(pageErrors).toEqual([]);
  });

  it("reports the time of a refit in the worker once the page has loaded", async () => {
    await page.evaluate(() => (document.body.dataset["state"] = "fitting"));
    await fit();
    const ms = Number(await page.getAttribute("#status", "data-milliseconds"));
    console.log(`Culcita fit in the browser worker (after load): ${ms.toFixed(1)} ms`);
    expect(ms).toBeGreaterThan(0);
  });

  it("shows the CLI's error line for a bad formula", async () => {
    const formula = "predation ~ ttt + (1 | block";
    await page.evaluate(() => (document.body.dataset["state"] = "fitting"));
    await fit(formula);
    const cli = glmm(["fit", "--formula", formula]);
    expect(cli.status).toBe(2);
    expect(await page.textContent("#error")).toBe(cli.stderr.trimEnd());
    expect(await page.getAttribute("#error", "data-input")).toBe("true");
    expect(await page.textContent("#summary")).toBe("");
  });
});
