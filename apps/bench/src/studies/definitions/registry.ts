/** Every study `pnpm bench study` knows, in `--list` order. */
import type { StudyDefinition } from "../study-definition.js";
import { boothHobertStudy } from "./booth-hobert.js";
import { culcitaStudy } from "./culcita.js";
import { extremeEffectsStudy } from "./extreme-effects.js";
import { salamanderStudy } from "./salamander.js";
import { unifiedTable4Study } from "./unified-table4.js";
import { unifiedTable5Study } from "./unified-table5.js";
import { unifiedTable6Study } from "./unified-table6.js";

export const STUDIES: readonly StudyDefinition[] = [
  extremeEffectsStudy,
  culcitaStudy,
  unifiedTable4Study,
  unifiedTable5Study,
  unifiedTable6Study,
  boothHobertStudy,
  salamanderStudy,
];

/** The study named `name`, or undefined. */
export function findStudy(name: string): StudyDefinition | undefined {
  return STUDIES.find((s) => s.name === name);
}
