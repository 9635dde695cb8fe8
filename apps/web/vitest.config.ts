import { glmmkitVitestConfig } from "@glmmkit/vitest-preset";

export default glmmkitVitestConfig({ globalSetup: ["./src/test-support/build-once.ts"] });
