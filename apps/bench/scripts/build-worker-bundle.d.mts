/** Types of build-worker-bundle.mjs (a plain script, so `pnpm install` runs it without a compiler). */
import type { NodeBundleResult } from "@glmmkit/node-bundle";

export const WORKER_BUNDLE: string;
export const WORKER_BUNDLE_INPUTS: string;
export const BENCH_DIR: string;
export function buildWorkerBundle(): Promise<NodeBundleResult>;
