import type { Command } from "commander";
import { listEstimators } from "@glmmkit/core";
import "@glmmkit/estimators";
import type { CliIo } from "./main.js";

export function estimatorsCommand(program: Command, io: CliIo): void {
  program
    .command("estimators")
    .description("list the registered estimators")
    .action(() => {
      const all = listEstimators();
      const width = Math.max(...all.map((e) => e.name.length));
      for (const e of all) io.out(`${e.name.padEnd(width)}  ${e.summary}\n`);
    });
}
