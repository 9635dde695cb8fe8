// Node --import hook for the start-up tests: prints "load: <url>" on stderr for every module whose URL
// names the HiGHS solver or tsx, so a test can see what a command loaded.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (/highs|tsx/.test(result.url)) process.stderr.write("load: " + result.url + "\\n");
  return result;
}`),
);
