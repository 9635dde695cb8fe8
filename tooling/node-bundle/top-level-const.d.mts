/** Types of top-level-const.mjs. */
/** `text` (an ES module) with its eligible top-level `var` statements turned into `const`, and how many were. */
export function topLevelVarsToConst(text: string): Promise<{ readonly text: string; readonly converted: number }>;
