/**
 * `glmm separation FILE --formula F`: the separation picture of a model before any fit — the LP certificate
 * on the fixed effects and, for a model with random effects, the cluster-level risk indicators.
 */
import type { Command } from "commander";
import { formatSeparationCheck, formatSeparationCheckJson, separationCheck } from "@glmmkit/estimators";
import type { CliIo } from "./main.js";
import { reportError } from "./cli-error.js";
import { addModelOptions, modelFrameFromFlags, type ModelFlags } from "./fit-command.js";

interface SeparationFlags extends ModelFlags {
  json?: boolean;
}

export function separationCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addModelOptions(
    program
      .command("separation")
      .description(
        "check a model for separation before fitting: which fixed-effect ML estimates are infinite (an LP certificate) and the cluster-level risk indicators",
      ),
  )
    .option("--json", "print the report as JSON")
    .action(async (file: string | undefined, flags: SeparationFlags) => {
      try {
        const frame = modelFrameFromFlags(file, flags, io);
        const report = await separationCheck(frame);
        io.out(flags.json ? `${formatSeparationCheckJson(report)}\n` : formatSeparationCheck(report));
        setExit(0);
      } catch (error) {
        setExit(reportError(error, io));
      }
    });
}
