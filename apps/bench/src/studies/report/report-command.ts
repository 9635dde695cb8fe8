/** `bench report DIR`: tables and plots of the study stored in DIR (complete or not) into DIR/report. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseFlags, UsageError } from "../command-flags.js";
import { findStudy } from "../definitions/registry.js";
import { ResultStore, STORE_FILE } from "../store/result-store.js";
import { reportInput } from "./report-input.js";
import { writeReport, type WrittenReport } from "./write-report.js";

export async function reportStudyDir(dir: string): Promise<WrittenReport> {
  if (!existsSync(join(dir, STORE_FILE))) throw new UsageError(`${dir} holds no ${STORE_FILE} (run \`pnpm bench study NAME --out ${dir}\` first)`);
  const store = ResultStore.openExisting(dir);
  try {
    const meta = store.meta();
    if (meta === null) throw new UsageError(`${join(dir, STORE_FILE)} names no study`);
    const study = findStudy(meta.study);
    if (study === undefined) throw new UsageError(`${join(dir, STORE_FILE)} holds study "${meta.study}", which this version does not define`);
    const rows = store.rows();
    const report = study.report(reportInput(study, meta.seed, rows));
    return await writeReport(dir, study, meta.seed, rows, report);
  } finally {
    store.close();
  }
}

export async function runReportCommand(args: readonly string[]): Promise<number> {
  const flags = parseFlags(args, []);
  const [dir, ...extra] = flags.positional;
  if (dir === undefined) throw new UsageError("usage: bench report DIR (a folder written by `bench study`, e.g. results/extreme-effects)");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" (bench report takes one folder)`);
  const written = await reportStudyDir(resolve(dir));
  process.stdout.write(`${written.dir}: ${written.files.length} files (README.md, tables as .md and .csv, plots as .svg and .png)\n`);
  return 0;
}
