/**
 * Headless Chromium for the playground tests (the shared harness in tooling/browser) and the built site.
 * Without a Chromium the tests are skipped locally but fail in CI (CI=true), where .ci/run installs it.
 */
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { chromiumAvailable, launchChromium, serveDirectory } from "@glmmkit/browser-harness";

export { chromiumAvailable, launchChromium };
export const browserTestsRequired = process.env["CI"] === "true" || process.env["CI"] === "1";

/** Serve the built playground (dist/) on a free loopback port. */
export function serveDist(): Promise<{ server: Server; url: string }> {
  return serveDirectory(fileURLToPath(new URL("../../dist/", import.meta.url)));
}
