/**
 * Loading the HiGHS WebAssembly solver once per process. The `highs` package reads `highs.wasm`
 * from beside its loader on disk (no network); its native console output is suppressed because we
 * pass no `print` / `printErr` hooks, and every model we create also gets `output_flag: false`.
 */
import highsImport from "highs";
import type { Highs, InitOptions } from "highs";

type HighsLoader = (options?: InitOptions) => Promise<Highs>;

// highs ships CommonJS-flavoured typings (types.d.ts in a "type": "commonjs" package) next to a
// real ESM build, so under NodeNext the default import is typed as the CJS namespace while at run
// time it is the loader function. Accept either shape.
function resolveLoader(): HighsLoader {
  const imported: unknown = highsImport;
  if (typeof imported === "function") return imported as HighsLoader;
  const inner = (imported as { default?: unknown } | null)?.default;
  if (typeof inner === "function") return inner as HighsLoader;
  throw new Error("the 'highs' package did not export a loader function");
}

let cached: Promise<Highs> | null = null;

/** The loaded solver module, shared by all calls (instantiating the wasm costs ~50 ms). */
export function loadHighsSolver(): Promise<Highs> {
  if (cached === null) {
    const loading = resolveLoader()({});
    cached = loading;
    // A failed load must not poison the cache: the next call retries.
    loading.catch(() => {
      if (cached === loading) cached = null;
    });
  }
  return cached;
}

/** Human-readable name of a HiGHS model status code, for error messages. */
export function modelStatusName(highs: Highs, code: number): string {
  for (const [name, value] of Object.entries(highs.constants.modelStatus)) {
    if (value === code) return name;
  }
  return `status ${code}`;
}
