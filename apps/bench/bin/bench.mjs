#!/usr/bin/env node
// `pnpm bench <suite>`. The study commands (study, worker, report, study-speedup) run from the prebuilt
// dist/study-commands.mjs, rebuilt first when any of its sources is newer (scripts/study-bundles.mjs), so
// a study starts without compiling TypeScript; every other benchmark runs from its sources through tsx.
import { pathToFileURL } from "node:url";
import { STUDY_COMMANDS, currentStudyBundles } from "../scripts/study-bundles.mjs";

const argv = process.argv.slice(2);
if (STUDY_COMMANDS.includes(argv[0])) {
  const { commands } = await currentStudyBundles();
  const { main } = await import(pathToFileURL(commands).href);
  process.exitCode = await main(argv);
} else {
  await import("@glmmkit/run-source/register");
  const { main } = await import("../src/main.ts");
  process.exitCode = await main(argv);
}
