/** vitest global setup: build dist/glmm.mjs from the current sources before the start-up tests run. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const script = fileURLToPath(new URL("../../scripts/build-bundle.mjs", import.meta.url));
  const run = spawnSync(process.execPath, [script], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`building the glmm bundle failed:\n${run.stderr}`);
}
