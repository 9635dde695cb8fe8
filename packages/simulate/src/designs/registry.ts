/** The built-in designs by name; `model` is built from a user's data with `modelDesign`. */
import { GlmmInputError } from "@glmmkit/core";
import type { SimulationDesign } from "../design.js";
import { boothHobertDesign } from "./booth-hobert.js";
import { culcitaDesign } from "./culcita.js";
import { extremeEffectsDesign } from "./extreme-effects.js";
import { salamanderDesign } from "./salamander.js";
import { unifiedDesign } from "./unified.js";

export const BUILT_IN_DESIGNS: readonly SimulationDesign[] = [
  boothHobertDesign,
  salamanderDesign,
  extremeEffectsDesign,
  culcitaDesign,
  unifiedDesign,
];

/** The built-in design called `name`; an unknown name is an error listing the designs. */
export function getDesign(name: string): SimulationDesign {
  const design = BUILT_IN_DESIGNS.find((d) => d.name === name);
  if (design !== undefined) return design;
  const known = [...BUILT_IN_DESIGNS.map((d) => d.name), "model"].map((d) => `"${d}"`).join(", ");
  const hint = name === "model" ? ": the model design is built from data (modelDesign, or `glmm simulate model --data ...`)" : "";
  throw new GlmmInputError("option", `unknown design "${name}"; designs: ${known}${hint}`);
}
