import type { Server } from "node:http";
import type { Browser } from "playwright-core";

/** Where Debian installs Chromium (override with CHROMIUM_PATH). */
export declare const CHROMIUM_PATH: string;
/** Whether that Chromium exists on this machine. */
export declare const chromiumAvailable: boolean;
/** Serve `directory` on a free loopback port. */
export declare function serveDirectory(directory: string): Promise<{ server: Server; url: string }>;
/** Launch headless Chromium with the flags this machine needs. */
export declare function launchChromium(): Promise<Browser>;
