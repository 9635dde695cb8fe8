#!/usr/bin/env node
// The `glmm` command: runs the CLI from its TypeScript sources (no build step to remember).
import "@glmmkit/run-source/register";

const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
