/**
 * Random small data frames, formulas and flags for the CLI's property suite (issue 12, "Fuzzing in CI"),
 * as fast-check arbitraries: cells that are good and bad in every way a hand-made file was (missing, NA,
 * N/A, 1e400, Inf, huge, thousands separators), factors with one level or as many as rows, binomial
 * counts with zero trials, formulas well- and ill-formed, and the estimators and flags a user combines.
 */
import fc from "fast-check";

export interface FuzzCase {
  /** CSV text. */
  readonly csv: string;
  /** Arguments after the file name. */
  readonly args: readonly string[];
}

const GOOD_NUMBER = fc.oneof(
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.double({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }).map((x) => x.toFixed(3)),
);
const BAD_CELL = fc.constantFrom("", "NA", "N/A", "1e400", "Inf", "-Inf", "NaN", "1e200", '"1,234.5"', ".", "0x1A", "abc", " 7 ");
const NUMBER_CELL = fc.oneof({ weight: 150, arbitrary: GOOD_NUMBER }, { weight: 1, arbitrary: BAD_CELL });
const LEVEL = fc.constantFrom("a", "b", "c", "d", "e", "B", "é", "a b", '"q,r"');

function column<T>(rows: number, cell: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.array(cell, { minLength: rows, maxLength: rows });
}

/** A frame: y (0/1, sometimes text or bad), x1, x2 (numbers, rarely bad), f (text factor), g (groups), s ≤ m counts. */
const FRAME = fc.integer({ min: 3, max: 40 }).chain((rows) =>
  fc.record({
    rows: fc.constant(rows),
    y: column(rows, fc.oneof({ weight: 200, arbitrary: fc.constantFrom("0", "1") }, { weight: 1, arbitrary: fc.constantFrom("2", "yes", "", "TRUE") })),
    x1: column(rows, NUMBER_CELL),
    x2: fc.oneof({ weight: 8, arbitrary: column(rows, NUMBER_CELL) }, { weight: 1, arbitrary: column(rows, fc.constant("1")) }),
    f: fc.oneof(column(rows, LEVEL), column(rows, fc.constantFrom("u", "v"))),
    g: fc.oneof(
      column(rows, fc.integer({ min: 1, max: 6 }).map(String)),
      fc.constant(Array.from({ length: rows }, (_, i) => `id${i}`)),
      column(rows, fc.constantFrom("k1", "k2", "k3")),
    ),
    m: column(rows, fc.integer({ min: 0, max: 6 })),
    share: column(rows, fc.double({ min: 0, max: 1, noNaN: true })),
  }),
);

const FIXED = fc.oneof(
  { weight: 4, arbitrary: fc.subarray(["x1", "x2", "f"], { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.subarray(["x1", "x2", "f", "x1:f", "f * x2", "0", "-1", "x1:x2"], { maxLength: 4 }) },
);
const RANDOM = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("(1 | g)", "(1 + x1 | g)", "(0 + x1 | g)", "(1 | f:g)") },
  { weight: 1, arbitrary: fc.constantFrom("", "(x1 || g)", "(1 | g) + (1 | f)", "(1 | g/f)") },
);
const JUNK = fc.oneof(
  { weight: 12, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.constantFrom(" +", "(", ")", " | g", " ~ x", " + z", " + (1 |", " * * x1", " + ((((x1))))") },
);

const FORMULA = fc.record({ counts: fc.boolean(), fixed: FIXED, random: RANDOM, junk: JUNK }).map(({ counts, fixed, random, junk }) => {
  const response = counts ? "cbind(s, m - s)" : "y";
  const terms = [...fixed, ...(random === "" ? [] : [random])];
  return `${response} ~ ${terms.length === 0 ? "1" : terms.join(" + ")}${junk}`;
});

const FLAGS = fc.record({
  estimator: fc.constantFrom("ml", "ml", "ml", "mspl", "ridge", "entropy", "jeffreys-glm"),
  naAction: fc.constantFrom(undefined, "omit", "fail"),
  nagq: fc.constantFrom(undefined, undefined, "3"),
  factors: fc.constantFrom(undefined, undefined, undefined, undefined, "x2", "g", "y"),
  optimizer: fc.constantFrom(undefined, undefined, "bfgs"),
  maxIterations: fc.constantFrom(undefined, undefined, "2", "50"),
});

type Flags = typeof FLAGS extends fc.Arbitrary<infer T> ? T : never;
type Frame = typeof FRAME extends fc.Arbitrary<infer T> ? T : never;

/** The flags as arguments; every case is bounded in time (the suite must never hang). */
function flagArgs(flags: Flags): string[] {
  const args = ["--time-limit", "3"];
  if (flags.estimator !== "ml") args.push("--estimator", flags.estimator);
  if (flags.estimator === "ridge" || flags.estimator === "entropy") args.push("--lambda", "1");
  if (flags.naAction !== undefined) args.push("--na-action", flags.naAction);
  if (flags.nagq !== undefined) args.push("--nagq", flags.nagq);
  if (flags.factors !== undefined) args.push("--factors", flags.factors);
  if (flags.optimizer !== undefined) args.push("--optimizer", flags.optimizer);
  if (flags.maxIterations !== undefined) args.push("--max-iterations", flags.maxIterations);
  return args;
}

function frameCsv(frame: Frame): string {
  const lines = ["y,x1,x2,f,g,s,m"];
  for (let i = 0; i < frame.rows; i++) {
    const m = frame.m[i]!;
    const s = Math.min(m, Math.round(frame.share[i]! * m));
    lines.push([frame.y[i], frame.x1[i], frame.x2[i], frame.f[i], frame.g[i], s, m].join(","));
  }
  return `${lines.join("\n")}\n`;
}

export const FUZZ_CASE: fc.Arbitrary<FuzzCase> = fc
  .record({ frame: FRAME, formula: FORMULA, flags: FLAGS })
  .map(({ frame, formula, flags }) => ({ csv: frameCsv(frame), args: ["--formula", formula, ...flagArgs(flags)] }));

/** The data rows of a CSV shuffled by a seeded permutation (header first). */
export function shuffleRows(csv: string, seed: number): string {
  const [header, ...rows] = csv.trimEnd().split("\n");
  let s = seed >>> 0;
  for (let k = rows.length - 1; k > 0; k--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (k + 1);
    [rows[k], rows[j]] = [rows[j]!, rows[k]!];
  }
  return `${[header, ...rows].join("\n")}\n`;
}
