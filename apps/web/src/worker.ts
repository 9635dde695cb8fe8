/** The playground's Web Worker: every fit runs here, off the page's thread; nothing leaves the browser. */
import { configureHighs, loadHighsSolver } from "@glmmkit/separation-detect";
import { fitRequest } from "./fit-in-worker.js";
import type { FitRequest } from "./protocol.js";

// The build copies highs.wasm beside worker.js; say so explicitly rather than rely on the loader's guess.
configureHighs({ locateFile: (file) => new URL(file, self.location.href).href });
// Every fit solves the separation LP: compile the solver while the user is still choosing, not at the
// first fit. A failure here is not reported; the fit's own LP call retries and reports it.
loadHighsSolver().catch(() => undefined);

self.onmessage = async (event: MessageEvent<FitRequest>) => {
  self.postMessage(await fitRequest(event.data));
};
