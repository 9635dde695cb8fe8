// Run TypeScript entry points straight from source: tsx compiles .ts on load, and the hook above
// selects the packages' `src/index.ts` through the "@glmmkit/source" condition.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

register("./source-condition-hooks.mjs", import.meta.url);
registerTsx();
