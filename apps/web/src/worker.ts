/** The playground's Web Worker: every fit runs here, off the page's thread; nothing leaves the browser. */
import { configureHighs, detectSeparation } from "@glmmkit/separation-detect";
import { fitRequest } from "./fit-in-worker.js";
import type { FitRequest } from "./protocol.js";

// The build copies highs.wasm beside worker.js; say so explicitly rather than rely on the loader's guess.
configureHighs({ locateFile: (file) => new URL(file, self.location.href).href });
// Every fit solves the separation LP: load the solver and solve one tiny separation problem while the user
// is still choosing, so that the first fit does not pay for compiling the wasm (V8 compiles wasm functions
// on their first call; the first LP in a fresh worker took ~160 ms against a few ms afterwards). A failure
// here is not reported: the fit's own LP call retries and reports it.
detectSeparation(Float64Array.from([1, 1, 1, 1, -2, -1, 1, 2]), 4, 2, Float64Array.from([0, 1, 0, 1])).catch(() => undefined);

self.onmessage = async (event: MessageEvent<FitRequest>) => {
  self.postMessage(await fitRequest(event.data));
};
