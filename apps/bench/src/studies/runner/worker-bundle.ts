/**
 * The pool threads run the prebuilt bundle dist/task-thread.mjs (scripts/study-bundles.mjs). Before a pool
 * starts, its process makes sure the bundle is newer than every source it was built from, and rebuilds it
 * when not, so an edited checkout never runs stale code (and a row's code version, taken from the
 * checkout, names the source the bundle was built from). The check stats ~300 files (milliseconds); a
 * rebuild takes well under a second. Under bin/bench.mjs this finds the bundles it has just checked.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../../paths.js";

// Loaded by path at run time, not bundled: this module is itself part of dist/study-commands.mjs, and
// the script finds the sources and dist/ relative to its own location.
const SCRIPT = pathToFileURL(resolve(repoRoot, "apps", "bench", "scripts", "study-bundles.mjs")).href;

/** The URL of a current pool-thread bundle, building the bundles first when they are missing or stale. */
export async function currentWorkerBundle(): Promise<string> {
  const script = (await import(SCRIPT)) as typeof import("../../../scripts/study-bundles.mjs");
  const { thread } = await script.currentStudyBundles();
  return pathToFileURL(thread).href;
}
