import { describe, expect, it } from "vitest";
import { GlmmError, GlmmInputError, isGlmmInputError } from "./errors.js";

/** An error built by another copy of the package: same marker symbols, a different class. */
function errorFromAnotherCopy(input: boolean): Error {
  const e = new Error("x") as Error & Record<symbol, unknown>;
  e[Symbol.for("glmmkit.error")] = true;
  if (input) e[Symbol.for("glmmkit.error.input")] = true;
  return e;
}

describe("GlmmError / GlmmInputError", () => {
  it("carry a kind and a message", () => {
    const e = new GlmmInputError("formula", "bad token");
    expect(e.kind).toBe("formula");
    expect(e.message).toBe("bad token");
    expect(e.name).toBe("GlmmInputError");
    expect(GlmmError.isInstance(e)).toBe(true);
    expect(GlmmInputError.isInstance(e)).toBe(true);
  });

  it("tell an input error from another glmmkit error and from a plain Error", () => {
    expect(GlmmInputError.isInstance(new GlmmError("internal", "bug"))).toBe(false);
    expect(GlmmError.isInstance(new GlmmError("internal", "bug"))).toBe(true);
    expect(GlmmError.isInstance(new Error("x"))).toBe(false);
    expect(isGlmmInputError(new TypeError("x"))).toBe(false);
    expect(isGlmmInputError(null)).toBe(false);
    expect(isGlmmInputError("error")).toBe(false);
  });

  it("are recognised across duplicate package copies (Symbol.for markers, not instanceof)", () => {
    const foreign = errorFromAnotherCopy(true);
    expect(foreign instanceof GlmmInputError).toBe(false);
    expect(GlmmInputError.isInstance(foreign)).toBe(true);
    expect(isGlmmInputError(foreign)).toBe(true);
    expect(GlmmInputError.isInstance(errorFromAnotherCopy(false))).toBe(false);
    expect(GlmmError.isInstance(errorFromAnotherCopy(false))).toBe(true);
  });
});
