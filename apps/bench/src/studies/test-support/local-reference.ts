/** An uninterrupted local run of a study into `out` (the reference the resume and queue tests compare to). */
import { findStudy } from "../definitions/registry.js";
import { runStudyLocally } from "../runner/run-study-locally.js";

export async function runReference(name: string, replications: number, out: string): Promise<void> {
  const study = findStudy(name);
  if (study === undefined) throw new Error(`no study ${name}`);
  await runStudyLocally({ study, out, replications, seed: study.defaultSeed, workers: 1, sink: { isTTY: false, write: () => undefined } });
}
