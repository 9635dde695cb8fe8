/**
 * The pool threads run the prebuilt bundle dist/task-thread.mjs. Before a pool starts, its process checks
 * that the bundle is newer than every source it was built from (dist/task-thread.inputs.json) and rebuilds
 * it when not, so an edited checkout never runs stale code (and a row's code version, taken from the
 * checkout, names the source the bundle was built from). The check stats ~250 files (milliseconds); a
 * rebuild takes well under a second.
 */
import { pathToFileURL } from "node:url";
import { bundleIsCurrent } from "@glmmkit/node-bundle";
import { BENCH_DIR, WORKER_BUNDLE, WORKER_BUNDLE_INPUTS, buildWorkerBundle } from "../../../scripts/build-worker-bundle.mjs";

/** The URL of a current thread bundle, building it first when it is missing or stale. */
export async function currentWorkerBundle(): Promise<string> {
  if (!bundleIsCurrent({ bundle: WORKER_BUNDLE, inputsFile: WORKER_BUNDLE_INPUTS, packageDir: BENCH_DIR })) await buildWorkerBundle();
  return pathToFileURL(WORKER_BUNDLE).href;
}
