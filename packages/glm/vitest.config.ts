import { glmmkitVitestConfig } from "@glmmkit/vitest-preset";

export default glmmkitVitestConfig();
