#!/usr/bin/env node
// The `glmm` command: runs the CLI from its TypeScript sources (no build step to remember).
import "@glmmkit/run-source/register";

// A reader that stops early (`glmm simulate … | head`) closes the pipe: that ends the output, not in a crash.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
