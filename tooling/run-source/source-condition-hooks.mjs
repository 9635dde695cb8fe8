// Node module-resolution hook: resolve @glmmkit/* packages to their TypeScript sources (the
// "@glmmkit/source" export condition), so the CLI and benchmarks run without a build step.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes("@glmmkit/source")
    ? context.conditions
    : [...context.conditions, "@glmmkit/source"];
  return nextResolve(specifier, { ...context, conditions });
}
