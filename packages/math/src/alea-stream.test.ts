import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { AleaStream } from "./alea-stream.js";

describe("AleaStream", () => {
  it("gives seedrandom's alea double() bit for bit, for short, long, path-shaped and non-ASCII seeds", () => {
    for (const seed of ["0", "1", "2022", '["7","chain","3"]', "a much longer seed string with spaces and digits 0123456789", "σ²–ψ ✓", ""]) {
      const reference = seedrandom.alea(seed).double;
      const stream = new AleaStream(seed);
      let mismatches = 0;
      for (let k = 0; k < 100_000; k++) if (stream.double() !== reference()) mismatches++;
      expect(mismatches, seed).toBe(0);
    }
  });
});
