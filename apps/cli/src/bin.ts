/** The entry of the compiled `glmm` command (dist/glmm.mjs): run the CLI on the process's arguments. */
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
