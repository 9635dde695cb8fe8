// A worker thread of `glmm fit --threads N`: runs chains from the TypeScript sources, as bin/glmm.mjs does.
import "@glmmkit/run-source/register";

await import("../src/chain-worker.ts");
