/**
 * The functions a formula may call, and the checks of their arguments made while parsing (so an error can
 * name the position): transformations of numbers (`log`, `exp`, `sqrt`, `abs`, …), `I()` to protect
 * arithmetic from the formula operators, `scale`, `poly`, `factor`, and `offset` (top level only).
 */
import type { CallArgument, Expression } from "./formula-expression.js";
import { formulaError } from "./formula-tokens.js";

/** Elementwise functions of one number (R's Math group). */
export const ELEMENTWISE_FUNCTIONS: Readonly<Record<string, (x: number) => number>> = {
  log: Math.log,
  log10: Math.log10,
  log2: Math.log2,
  log1p: Math.log1p,
  exp: Math.exp,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  abs: Math.abs,
};

const OTHER_FUNCTIONS = ["I", "scale", "poly", "factor", "offset", "cbind"];

export const SUPPORTED_FUNCTIONS: readonly string[] = ["I", ...Object.keys(ELEMENTWISE_FUNCTIONS), "scale", "poly", "factor", "offset"];

/** The positional arguments and the named ones by name; unknown names and excess positions are errors. */
export function callArguments(call: Extract<Expression, { kind: "call" }>, names: readonly string[], required: number): (Expression | undefined)[] {
  const out: (Expression | undefined)[] = names.map(() => undefined);
  let position = 0;
  for (const arg of call.args) {
    if (arg.name !== undefined) {
      const k = names.indexOf(arg.name);
      if (k < 0) throw argumentError(call, arg, `${call.fn}() has no argument "${arg.name}"${names.length > 1 ? ` (its arguments: ${names.join(", ")})` : ""}`);
      if (out[k] !== undefined) throw argumentError(call, arg, `${call.fn}() is given "${arg.name}" twice`);
      out[k] = arg.value;
    } else {
      while (position < names.length && out[position] !== undefined) position++;
      if (position >= names.length) throw argumentError(call, arg, `${call.fn}() takes at most ${names.length} argument${names.length > 1 ? "s" : ""}`);
      out[position++] = arg.value;
    }
  }
  for (let k = 0; k < required; k++) {
    if (out[k] === undefined) throw formulaError(call.position, `${call.fn}() needs its argument "${names[k]}"`);
  }
  return out;
}

function argumentError(call: Extract<Expression, { kind: "call" }>, arg: CallArgument, message: string) {
  return formulaError(arg.value.position, message);
}

/** A logical constant argument (TRUE / FALSE, also T / F as R reads them), or the default when absent. */
export function logicalArgument(call: Extract<Expression, { kind: "call" }>, value: Expression | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value.kind === "logical") return value.value;
  if (value.kind === "name" && (value.name === "T" || value.name === "F")) return value.name === "T";
  throw formulaError(value.position, `${call.fn}(..., ${name} = ) must be TRUE or FALSE`);
}

/** The degree of poly(): a whole number ≥ 1 written as a constant. */
export function polyDegree(call: Extract<Expression, { kind: "call" }>, value: Expression | undefined): number {
  if (value === undefined) return 1;
  const k = value.kind === "number" ? value.value : Number.NaN;
  if (!Number.isInteger(k) || k < 1) throw formulaError(value.position, `poly()'s degree must be a whole number ≥ 1 written as a number, e.g. poly(x, 2)`);
  return k;
}

/**
 * Check every call inside an expression: known function, the arguments it takes (constants where needed);
 * `offset()` only as a whole formula term (`insideCall` false).
 */
export function checkFormulaCall(e: Expression, insideCall = false): void {
  switch (e.kind) {
    case "call": {
      const fn = e.fn;
      if (fn === "offset" && insideCall) throw formulaError(e.position, `offset() must be a term of its own ("+ offset(x)"), not inside another expression`);
      if (ELEMENTWISE_FUNCTIONS[fn] !== undefined) {
        if (fn === "log") callArguments(e, ["x", "base"], 1);
        else callArguments(e, ["x"], 1);
      } else if (fn === "I" || fn === "factor" || fn === "offset") {
        callArguments(e, ["x"], 1);
      } else if (fn === "scale") {
        const [, center, scale] = callArguments(e, ["x", "center", "scale"], 1);
        logicalArgument(e, center, "center", true);
        logicalArgument(e, scale, "scale", true);
      } else if (fn === "poly") {
        const [, degree, raw] = callArguments(e, ["x", "degree", "raw"], 1);
        polyDegree(e, degree);
        logicalArgument(e, raw, "raw", false);
      } else if (fn === "cbind") {
        throw formulaError(e.position, `cbind(...) is only allowed as the whole response, left of "~"`);
      } else if (!OTHER_FUNCTIONS.includes(fn)) {
        throw formulaError(e.position, `unknown function "${fn}()" in the formula; supported: ${SUPPORTED_FUNCTIONS.map((f) => `${f}()`).join(", ")}`);
      }
      for (const a of e.args) checkFormulaCall(a.value, true);
      return;
    }
    case "unary":
      return checkFormulaCall(e.operand, true);
    case "binary":
      checkFormulaCall(e.left, true);
      return checkFormulaCall(e.right, true);
    case "paren":
      return checkFormulaCall(e.inner, true);
    default:
      return;
  }
}
