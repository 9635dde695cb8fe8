/**
 * Values of the R expressions in a formula over the rows of a data set, as R's model.frame computes them:
 * elementwise arithmetic with recycling of constants, comparisons (a logical, which model.matrix codes as
 * a factor with levels FALSE, TRUE), `log`/`exp`/`sqrt`/`abs`/…, `scale`, `poly` (R's orthogonal
 * polynomials, or raw powers) and `factor`. A value that is not finite is an error naming the row.
 *
 * Stateful calls depend on the data they were fitted to, so their coefficients are recorded (`poly`'s
 * α and ‖P_k‖², `scale`'s centre and scale, each factor's levels) and replayed for new data — what R's
 * makepredictcall arranges for predict().
 */
import { ELEMENTWISE_FUNCTIONS, callArguments, logicalArgument, polyDegree } from "./formula-calls.js";
import { CONSTANT_NAMES, deparseExpression, type Expression } from "./formula-expression.js";
import { GlmmInputError } from "./errors.js";
import type { Factor } from "./factor.js";
import { orthogonalPolynomial, type PolyCoefficients } from "./orthogonal-polynomial.js";

/** What an expression evaluates to over n rows. */
export type EvaluatedValue =
  | { readonly kind: "scalar"; readonly value: number; readonly logical: boolean }
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "numeric"; readonly values: Float64Array }
  | { readonly kind: "logical"; readonly values: Uint8Array }
  | { readonly kind: "factor"; readonly factor: Factor }
  | { readonly kind: "matrix"; readonly columns: Float64Array[]; readonly suffixes: string[] };

/** A data column as the model-frame builder types it. */
export type ColumnValue =
  | { readonly kind: "numeric"; readonly values: Float64Array }
  | { readonly kind: "factor"; readonly factor: Factor };

/** The data-dependent coefficients of a model's calls, by deparsed call (JSON data). */
export interface TransformState {
  readonly poly: Record<string, PolyCoefficients>;
  readonly scale: Record<string, { readonly center: number | null; readonly scale: number | null }>;
  /** Levels of every factor a call creates (factor(x)), by deparsed call. */
  readonly levels: Record<string, readonly string[]>;
}

export function emptyTransformState(): TransformState {
  return { poly: {}, scale: {}, levels: {} };
}

export interface EvaluationContext {
  readonly n: number;
  /** Where the data came from, for messages. */
  readonly source: string;
  /** The 1-based data row of row i (rows set aside before are skipped), for messages. */
  rowNumber(i: number): number;
  /** A column of the data; throws naming the available columns if unknown. */
  column(name: string): ColumnValue;
  hasColumn(name: string): boolean;
  /** "record": compute the coefficients from these rows and store them; "replay": use the stored ones. */
  readonly mode: "record" | "replay";
  readonly state: TransformState;
}

type Call = Extract<Expression, { kind: "call" }>;

function evaluationError(context: EvaluationContext, message: string): GlmmInputError {
  return new GlmmInputError("value", `"${context.source}", ${message}`);
}

/** Throw naming the first row where `values` is not finite. */
function requireFinite(context: EvaluationContext, values: Float64Array, e: Expression): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw evaluationError(
        context,
        `row ${context.rowNumber(i)}: ${deparseExpression(e)} is ${values[i]}; every value the formula computes must be finite`,
      );
    }
  }
}

function describeFactorUse(e: Expression, operation: string): string {
  return `${deparseExpression(e)} is a factor (levels, not numbers), so ${operation} cannot use it`;
}

/** Numbers from a value (logicals count 1/0 as in R); factors and text are errors. */
function numbers(context: EvaluationContext, value: EvaluatedValue, e: Expression, operation: string): Float64Array | number {
  switch (value.kind) {
    case "scalar":
      return value.value;
    case "numeric":
      return value.values;
    case "logical":
      return Float64Array.from(value.values);
    case "factor":
      throw evaluationError(context, describeFactorUse(e, operation));
    case "text":
      throw evaluationError(context, `the string ${deparseExpression(e)} can only be compared with a factor (== or !=), not used in ${operation}`);
    case "matrix":
      throw evaluationError(context, `${deparseExpression(e)} gives several columns; it must be a term of its own, not inside ${operation}`);
  }
}

function elementwise(n: number, a: Float64Array | number, b: Float64Array | number, f: (x: number, y: number) => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(typeof a === "number" ? a : a[i]!, typeof b === "number" ? b : b[i]!);
  return out;
}

const ARITHMETIC: Readonly<Record<string, (x: number, y: number) => number>> = {
  "+": (x, y) => x + y,
  "-": (x, y) => x - y,
  "*": (x, y) => x * y,
  "/": (x, y) => x / y,
  "^": (x, y) => x ** y,
};
const COMPARE: Readonly<Record<string, (c: number) => boolean>> = {
  "==": (c) => c === 0,
  "!=": (c) => c !== 0,
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

function truthValues(context: EvaluationContext, value: EvaluatedValue, e: Expression, operation: string): Uint8Array | boolean {
  if (value.kind === "logical") return value.values;
  const x = numbers(context, value, e, operation);
  if (typeof x === "number") return x !== 0;
  return Uint8Array.from(x, (v) => (v !== 0 ? 1 : 0));
}

/** A comparison of a factor's labels with a string: `use == "Y"`. */
function compareFactorWithText(context: EvaluationContext, factor: Factor, text: string, op: string, e: Expression): EvaluatedValue {
  if (op !== "==" && op !== "!=") {
    throw evaluationError(context, `${deparseExpression(e)}: a factor can only be compared with == or != to a string`);
  }
  const level = factor.levels.indexOf(text);
  const equal = op === "==";
  const values = new Uint8Array(context.n);
  for (let i = 0; i < context.n; i++) values[i] = (factor.codes[i] === level) === equal ? 1 : 0;
  return { kind: "logical", values };
}

function binary(context: EvaluationContext, e: Extract<Expression, { kind: "binary" }>): EvaluatedValue {
  const left = evaluateExpression(context, e.left);
  const right = evaluateExpression(context, e.right);
  const { n } = context;
  if (e.op === "&" || e.op === "|") {
    const a = truthValues(context, left, e.left, `"${e.op}"`);
    const b = truthValues(context, right, e.right, `"${e.op}"`);
    const at = (v: Uint8Array | boolean, i: number) => (typeof v === "boolean" ? v : v[i] === 1);
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) values[i] = (e.op === "&" ? at(a, i) && at(b, i) : at(a, i) || at(b, i)) ? 1 : 0;
    return { kind: "logical", values };
  }
  const compare = COMPARE[e.op];
  if (compare !== undefined) {
    if (left.kind === "factor" && right.kind === "text") return compareFactorWithText(context, left.factor, right.value, e.op, e);
    if (left.kind === "text" && right.kind === "factor") return compareFactorWithText(context, right.factor, left.value, e.op, e);
    const a = numbers(context, left, e.left, `the comparison ${deparseExpression(e)}`);
    const b = numbers(context, right, e.right, `the comparison ${deparseExpression(e)}`);
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = typeof a === "number" ? a : a[i]!;
      const y = typeof b === "number" ? b : b[i]!;
      values[i] = compare(x < y ? -1 : x > y ? 1 : 0) ? 1 : 0;
    }
    return { kind: "logical", values };
  }
  const operation = `the arithmetic ${deparseExpression(e)}`;
  const a = numbers(context, left, e.left, operation);
  const b = numbers(context, right, e.right, operation);
  const f = ARITHMETIC[e.op]!;
  if (typeof a === "number" && typeof b === "number") return { kind: "scalar", value: f(a, b), logical: false };
  const values = elementwise(n, a, b, f);
  requireFinite(context, values, e);
  return { kind: "numeric", values };
}

export function evaluateExpression(context: EvaluationContext, e: Expression): EvaluatedValue {
  switch (e.kind) {
    case "number":
      return { kind: "scalar", value: e.value, logical: false };
    case "string":
      return { kind: "text", value: e.value };
    case "logical":
      return { kind: "scalar", value: e.value ? 1 : 0, logical: true };
    case "name": {
      if (!context.hasColumn(e.name) && CONSTANT_NAMES.has(e.name)) {
        return e.name === "pi" ? { kind: "scalar", value: Math.PI, logical: false } : { kind: "scalar", value: e.name === "T" ? 1 : 0, logical: true };
      }
      return context.column(e.name);
    }
    case "paren":
      return evaluateExpression(context, e.inner);
    case "unary": {
      const value = evaluateExpression(context, e.operand);
      if (e.op === "!") {
        const t = truthValues(context, value, e.operand, `"!"`);
        if (typeof t === "boolean") return { kind: "scalar", value: t ? 0 : 1, logical: true };
        return { kind: "logical", values: Uint8Array.from(t, (v) => 1 - v) };
      }
      const x = numbers(context, value, e.operand, `the sign ${deparseExpression(e)}`);
      if (e.op === "+") return typeof x === "number" ? { kind: "scalar", value: x, logical: false } : { kind: "numeric", values: x };
      return typeof x === "number" ? { kind: "scalar", value: -x, logical: false } : { kind: "numeric", values: x.map((v) => -v) };
    }
    case "binary":
      return binary(context, e);
    case "call":
      return call(context, e);
  }
}

function numericArgument(context: EvaluationContext, call: Call, arg: Expression): Float64Array {
  const value = numbers(context, evaluateExpression(context, arg), arg, `${call.fn}()`);
  return typeof value === "number" ? new Float64Array(context.n).fill(value) : value;
}

function call(context: EvaluationContext, e: Call): EvaluatedValue {
  const label = deparseExpression(e);
  const elementwiseFunction = ELEMENTWISE_FUNCTIONS[e.fn];
  if (elementwiseFunction !== undefined) {
    const [xArg, baseArg] = callArguments(e, e.fn === "log" ? ["x", "base"] : ["x"], 1);
    const x = numbers(context, evaluateExpression(context, xArg!), xArg!, `${e.fn}()`);
    let f = elementwiseFunction;
    if (baseArg !== undefined) {
      const base = numbers(context, evaluateExpression(context, baseArg), baseArg, "log()'s base");
      if (typeof base !== "number") throw evaluationError(context, `${label}: the base of log() must be a number`);
      const logBase = Math.log(base);
      f = (v) => Math.log(v) / logBase;
    }
    if (typeof x === "number") return { kind: "scalar", value: f(x), logical: false };
    const values = x.map(f);
    requireFinite(context, values, e);
    return { kind: "numeric", values };
  }
  switch (e.fn) {
    case "I":
      return evaluateExpression(context, e.args[0]!.value);
    case "factor":
      return { kind: "factor", factor: factorOf(context, e, label) };
    case "scale":
      return scaled(context, e, label);
    case "poly":
      return polynomial(context, e, label);
    default:
      throw evaluationError(context, `${label}: ${e.fn}() cannot be used here`);
  }
}

function scaled(context: EvaluationContext, e: Call, label: string): EvaluatedValue {
  const [xArg, centerArg, scaleArg] = callArguments(e, ["x", "center", "scale"], 1);
  const x = numericArgument(context, e, xArg!);
  const n = x.length;
  let coefficients = context.state.scale[label];
  if (context.mode === "record") {
    // R's scale(): centre by the mean; scale by √(Σ x²/(n − 1)) of the (centred) values, the SD when centred.
    let center: number | null = null;
    if (logicalArgument(e, centerArg, "center", true)) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i]!;
      center = s / n;
    }
    let scale: number | null = null;
    if (logicalArgument(e, scaleArg, "scale", true)) {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const d = x[i]! - (center ?? 0);
        s += d * d;
      }
      scale = Math.sqrt(s / (n - 1));
      if (!(scale > 0) || !Number.isFinite(scale)) {
        throw evaluationError(context, `${label}: the values are constant, so they cannot be scaled (standard deviation ${scale})`);
      }
    }
    coefficients = { center, scale };
    context.state.scale[label] = coefficients;
  } else if (coefficients === undefined) {
    throw evaluationError(context, `${label}: the fit records no centre and scale for this call`);
  }
  const { center, scale } = coefficients;
  return { kind: "numeric", values: x.map((v) => (v - (center ?? 0)) / (scale ?? 1)) };
}

function polynomial(context: EvaluationContext, e: Call, label: string): EvaluatedValue {
  const [xArg, degreeArg, rawArg] = callArguments(e, ["x", "degree", "raw"], 1);
  const degree = polyDegree(e, degreeArg);
  const x = numericArgument(context, e, xArg!);
  const suffixes = Array.from({ length: degree }, (_, k) => String(k + 1));
  if (logicalArgument(e, rawArg, "raw", false)) {
    const columns = suffixes.map((_, k) => x.map((v) => v ** (k + 1)));
    for (const column of columns) requireFinite(context, column, e);
    return { kind: "matrix", columns, suffixes };
  }
  if (context.mode === "record") {
    const distinct = new Set(x).size;
    if (degree >= distinct) {
      throw evaluationError(context, `${label}: the degree (${degree}) must be less than the number of distinct values of ${deparseExpression(xArg!)} (${distinct})`);
    }
  }
  const recorded = context.mode === "replay" ? context.state.poly[label] : undefined;
  if (context.mode === "replay" && recorded === undefined) throw evaluationError(context, `${label}: the fit records no coefficients for this call`);
  const { columns, coefficients } = orthogonalPolynomial(x, degree, recorded);
  if (context.mode === "record") context.state.poly[label] = coefficients;
  return { kind: "matrix", columns, suffixes };
}

/** factor(x): levels sorted as R sorts them (numbers numerically, text by collation, FALSE < TRUE). */
function factorOf(context: EvaluationContext, e: Call, label: string): Factor {
  const arg = e.args[0]!.value;
  const value = evaluateExpression(context, arg);
  const n = context.n;
  let labels: string[];
  let observed: string[];
  switch (value.kind) {
    case "factor":
      labels = Array.from(value.factor.codes, (c) => value.factor.levels[c]!);
      observed = value.factor.levels.filter((_, k) => value.factor.codes.includes(k));
      break;
    case "logical":
      labels = Array.from(value.values, (v) => (v === 1 ? "TRUE" : "FALSE"));
      observed = ["FALSE", "TRUE"].filter((l) => labels.includes(l));
      break;
    case "numeric":
    case "scalar": {
      const x = value.kind === "numeric" ? value.values : new Float64Array(n).fill(value.value);
      // as.character of a double: 15 significant digits.
      const text = (v: number) => String(Number(v.toPrecision(15)));
      labels = Array.from(x, text);
      observed = [...new Set(x)].sort((a, b) => a - b).map(text);
      observed = [...new Set(observed)];
      break;
    }
    default:
      throw evaluationError(context, `${label}: factor() needs a column or a computed value, not ${deparseExpression(arg)}`);
  }
  let levels: readonly string[];
  if (context.mode === "record") {
    levels = observed;
    context.state.levels[label] = levels;
  } else {
    const recorded = context.state.levels[label];
    if (recorded === undefined) throw evaluationError(context, `${label}: the fit records no levels for this call`);
    levels = recorded;
  }
  return factorFromLabels(context, label, labels, levels);
}

/** A factor with the given level order; a label outside it is an error naming the row. */
export function factorFromLabels(
  context: Pick<EvaluationContext, "source" | "rowNumber">,
  name: string,
  labels: readonly string[],
  levels: readonly string[],
): Factor {
  const index = new Map(levels.map((l, k) => [l, k]));
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const k = index.get(labels[i]!);
    if (k === undefined) {
      throw new GlmmInputError(
        "value",
        `"${context.source}", row ${context.rowNumber(i)}: ${name} has the level "${
          labels[i]
        }", which the fitted data did not have (levels: ${levels.map((l) => `"${l}"`).join(", ")})`,
      );
    }
    codes[i] = k;
  }
  return { name, levels, codes };
}
