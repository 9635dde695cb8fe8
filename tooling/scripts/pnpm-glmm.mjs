#!/usr/bin/env node
// `pnpm glmm …` runs in the repository root; pnpm puts the directory the user typed the command in into
// INIT_CWD. Relative file names must mean what the user meant, so run the command from there.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
await import("../../apps/cli/bin/glmm.mjs");
