import { describe, expect, it } from "vitest";
import { fromCanonicalJson, toCanonicalJson } from "./canonical-json.js";

describe("canonical JSON", () => {
  it("round-trips every double, the non-finite ones included", () => {
    const values = [0.1 + 0.2, -0, 1e-310, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1.7976931348623157e308];
    const back = fromCanonicalJson<{ x: number[] }>(toCanonicalJson({ x: values })).x;
    back.forEach((v, k) => {
      // -0 is written as 0 by JSON; every other value comes back bit for bit.
      if (Object.is(values[k], -0)) expect(v).toBe(0);
      else expect(Object.is(v, values[k])).toBe(true);
    });
  });

  it("writes typed arrays as plain arrays and the same values as the same bytes", () => {
    expect(toCanonicalJson({ a: new Float64Array([1.5, Number.NaN]) })).toBe('{"a":[1.5,"NaN"]}');
    expect(toCanonicalJson({ b: 2, a: [1] })).toBe(toCanonicalJson({ b: 2, a: [1] }));
  });
});
