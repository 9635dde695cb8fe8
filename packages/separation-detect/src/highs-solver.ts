/**
 * Loading the HiGHS WebAssembly solver once per process (or page). The `highs` package is imported only
 * when an LP is first solved, so commands and pages that solve none never parse its loader or compile
 * its 3.5 MB wasm. By default the loader finds `highs.wasm` beside itself (on disk in Node; beside the
 * bundle in a browser). A bundle that serves the wasm elsewhere, or already has its bytes, says so once
 * with {@link configureHighs} before the first solve. Native console output is suppressed: we pass no
 * `print` / `printErr` hooks and every model we create gets `output_flag: false`.
 */
import type { Highs, InitOptions } from "highs";

type HighsLoader = (options?: InitOptions) => Promise<Highs>;

/** Where the HiGHS wasm comes from (the subset of the `highs` loader's options glmmkit passes on). */
export interface HighsLocation {
  /** URL or path of an Emscripten asset; called with "highs.wasm". */
  readonly locateFile?: (file: string) => string;
  /** The wasm bytes themselves (no fetch at all). */
  readonly wasmBinary?: ArrayBuffer | ArrayBufferView;
}

// highs ships CommonJS-flavoured typings (types.d.ts in a "type": "commonjs" package) next to a
// real ESM build, so under NodeNext the default import is typed as the CJS namespace while at run
// time it is the loader function. Accept either shape.
function resolveLoader(imported: unknown): HighsLoader {
  if (typeof imported === "function") return imported as HighsLoader;
  const inner = (imported as { default?: unknown } | null)?.default;
  if (typeof inner === "function") return inner as HighsLoader;
  const nested = (inner as { default?: unknown } | null)?.default;
  if (typeof nested === "function") return nested as HighsLoader;
  throw new Error("the 'highs' package did not export a loader function");
}

let location: HighsLocation = {};
let cached: Promise<Highs> | null = null;

/**
 * Say where the HiGHS wasm is, for bundles that do not serve it beside the loader. Call it before the
 * first LP solve; calling it later throws, since the solver is already loaded from the old location.
 * @example
 * ```ts
 * configureHighs({ locateFile: (file) => new URL(`./assets/${file}`, import.meta.url).href });
 * ```
 */
export function configureHighs(options: HighsLocation): void {
  if (cached !== null) throw new Error("configureHighs must be called before the first separation LP is solved");
  location = { ...options };
}

/** The loaded solver module, shared by all calls (instantiating the wasm costs ~50 ms). */
export function loadHighsSolver(): Promise<Highs> {
  if (cached === null) {
    const options: InitOptions = {
      ...(location.locateFile === undefined ? {} : { locateFile: location.locateFile }),
      ...(location.wasmBinary === undefined ? {} : { wasmBinary: location.wasmBinary }),
    };
    const loading = import("highs").then((module) => resolveLoader(module)(options));
    cached = loading;
    // A failed load must not poison the cache: the next call retries.
    loading.catch(() => {
      if (cached === loading) cached = null;
    });
  }
  return cached;
}

/** Whether the solver has been requested in this process (for start-up tests: it must stay unloaded). */
export function isHighsSolverLoaded(): boolean {
  return cached !== null;
}

/** Human-readable name of a HiGHS model status code, for error messages. */
export function modelStatusName(highs: Highs, code: number): string {
  for (const [name, value] of Object.entries(highs.constants.modelStatus)) {
    if (value === code) return name;
  }
  return `status ${code}`;
}
