#!/usr/bin/env node
// `pnpm bench <suite>`: runs the benchmarks from their TypeScript sources.
import "@glmmkit/run-source/register";

const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
