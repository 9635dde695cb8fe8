/** The entry of dist/study-commands.mjs: `bench study | worker | report | study-speedup` without tsx. */
import { runSuite } from "../run-suite.js";
import { STUDY_SUITES } from "./study-suites.js";

export function main(argv: readonly string[]): Promise<number> {
  return runSuite(STUDY_SUITES, argv);
}
