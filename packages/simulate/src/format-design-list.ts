/** `glmm simulate --list`: every design with its cells (grid and defaults) and its description. */
import type { SimulationDesign } from "./design.js";
import { MODEL_DESIGN_DESCRIPTION } from "./designs/model.js";
import { BUILT_IN_DESIGNS, getDesign } from "./designs/registry.js";

function formatDesign(name: string, summary: string, design: SimulationDesign | null, description: readonly string[]): string {
  const lines = [`${name} — ${summary}`];
  if (design !== null && design.cellKeys.length > 0) {
    lines.push("  cells:");
    for (const key of design.cellKeys) {
      const fallback = key.default === undefined ? "required" : `default ${key.default}`;
      lines.push(`    ${key.name} = ${key.values.join(" | ")}   (${key.description}; ${fallback})`);
    }
  } else {
    lines.push("  cells: one (no --cell)");
  }
  for (const line of description) lines.push(`  ${line}`);
  return lines.join("\n");
}

/** All designs, or only `name` when given (an unknown name is an error listing the designs). */
export function formatDesignList(name?: string): string {
  const model = formatDesign("model", "your formula on your design rows (--data), truth by name or from a fit", null, MODEL_DESIGN_DESCRIPTION);
  if (name === "model") return `${model}\n`;
  const designs = name === undefined ? BUILT_IN_DESIGNS : [getDesign(name)];
  const blocks = designs.map((d) => formatDesign(d.name, d.summary, d, d.description));
  if (name === undefined) blocks.push(model);
  return `${blocks.join("\n\n")}\n`;
}
