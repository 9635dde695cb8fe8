/**
 * Runs one `bench` suite by name from a table of suites: the whole command line of bin/bench.mjs, shared
 * by the full table (main.ts, from the TypeScript sources) and the study commands' bundle (study-main.ts).
 */
import { UsageError } from "./studies/command-flags.js";
import { StoreMismatchError } from "./studies/store/result-store.js";

/** A suite takes the arguments after its name and returns the exit code (nothing for 0). */
export type Suite = (args: readonly string[]) => Promise<number | void> | number | void;

export async function runSuite(suites: Readonly<Record<string, Suite>>, argv: readonly string[]): Promise<number> {
  const [suite, ...rest] = argv;
  const run = suite === undefined ? undefined : suites[suite];
  if (run === undefined) {
    process.stderr.write(`usage: bench <${Object.keys(suites).join("|")}> [--runs N] [--json-out FILE]\n`);
    return 2;
  }
  try {
    return (await run(rest)) ?? 0;
  } catch (error) {
    // Bad input to the study commands is one line naming the flag or token, exit 2 (no stack trace).
    if (error instanceof UsageError || error instanceof StoreMismatchError) {
      process.stderr.write(`bench ${suite}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
