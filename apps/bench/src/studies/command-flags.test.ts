import { describe, expect, it } from "vitest";
import { parseFlags, positiveInteger, redisUrl, UsageError } from "./command-flags.js";

describe("study command flags", () => {
  it("names an unknown flag, a missing value and a malformed number", () => {
    expect(() => parseFlags(["x", "--replicates", "3"], ["--replications"])).toThrow(/unknown flag --replicates/);
    expect(() => parseFlags(["--replications"], ["--replications"])).toThrow(/--replications needs a value/);
    const flags = parseFlags(["--replications", "2.5"], ["--replications"]);
    expect(() => positiveInteger(flags, "--replications", 1)).toThrow(UsageError);
    expect(() => positiveInteger(flags, "--replications", 1)).toThrow(/"2.5"/);
    expect(() => redisUrl(parseFlags(["--queue", "localhost:6379"], ["--queue"]))).toThrow(/redis:\/\//);
  });

  it("reads values, switches and words", () => {
    const flags = parseFlags(["culcita", "--workers", "3", "--list"], ["--workers"], ["--list"]);
    expect(flags.positional).toEqual(["culcita"]);
    expect(positiveInteger(flags, "--workers", 1)).toBe(3);
    expect(flags.switches.has("--list")).toBe(true);
  });
});
