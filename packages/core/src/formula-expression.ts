/**
 * R expressions inside a model formula — the arguments of `I()`, `log()`, `poly()`, `offset()`, a response
 * such as `incidence / size` — parsed with R's operator precedence (R Language Definition § 3.1.4), from
 * loosest to tightest:
 *   |   &   ! (unary)   == != < <= > >= (non-associative)   + -   * /   + - (unary)   ^ (right-associative)
 * and deparsed as R's `deparse()` prints them, because R names model-matrix columns by the deparsed call:
 * `I(age^2)`, `log(time + 1)`, `poly(time, 2)` (binary `+ - *`, comparisons and `& |` get spaces; `/` and
 * `^` do not; numbers print with up to 15 significant digits in the shorter of fixed and scientific form).
 */
import { describeToken, formulaError, TokenCursor, type FormulaToken, type TokenKind } from "./formula-tokens.js";

export type BinaryOperator = "+" | "-" | "*" | "/" | "^" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "&" | "|";

export interface CallArgument {
  /** The argument name for `name = value` (R's named arguments), else undefined. */
  readonly name?: string;
  readonly value: Expression;
}

export type Expression =
  | { readonly kind: "number"; readonly value: number; readonly integer: boolean; readonly position: number }
  | { readonly kind: "string"; readonly value: string; readonly position: number }
  | { readonly kind: "logical"; readonly value: boolean; readonly position: number }
  | { readonly kind: "name"; readonly name: string; readonly position: number }
  | { readonly kind: "call"; readonly fn: string; readonly args: readonly CallArgument[]; readonly position: number }
  | { readonly kind: "unary"; readonly op: "-" | "+" | "!"; readonly operand: Expression; readonly position: number }
  | { readonly kind: "binary"; readonly op: BinaryOperator; readonly left: Expression; readonly right: Expression; readonly position: number }
  | { readonly kind: "paren"; readonly inner: Expression; readonly position: number };

const COMPARISONS = new Set<TokenKind>(["==", "!=", "<", "<=", ">", ">="]);

/**
 * A recursive-descent parser for one expression over a token array, starting at `index`; after `parse()`
 * the index points at the first token that is not part of the expression (the caller checks what follows).
 */
/** Deepest nesting of parentheses and calls in an expression (as the formula parser's cap). */
const MAX_EXPRESSION_DEPTH = 100;

export class ExpressionParser extends TokenCursor {
  parse(): Expression {
    return this.parseOr();
  }

  /** One operand only (a name, number, string, call or parenthesised expression): a formula term's call. */
  parseOperand(): Expression {
    return this.parsePrimary();
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.peek().kind === "|") {
      const op = this.next();
      left = { kind: "binary", op: "|", left, right: this.parseAnd(), position: op.position };
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseNot();
    while (this.peek().kind === "&") {
      const op = this.next();
      left = { kind: "binary", op: "&", left, right: this.parseNot(), position: op.position };
    }
    return left;
  }

  private parseNot(): Expression {
    if (this.peek().kind === "!") {
      const op = this.next();
      return { kind: "unary", op: "!", operand: this.parseNot(), position: op.position };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expression {
    const left = this.parseAdditive();
    if (!COMPARISONS.has(this.peek().kind)) return left;
    const op = this.next();
    const right = this.parseAdditive();
    if (COMPARISONS.has(this.peek().kind)) {
      throw formulaError(this.peek().position, `comparisons cannot be chained ("a < b < c"); write "(a < b) & (b < c)"`);
    }
    return { kind: "binary", op: op.kind as BinaryOperator, left, right, position: op.position };
  }

  private parseAdditive(): Expression {
    let left = this.parseMultiplicative();
    while (this.peek().kind === "+" || this.peek().kind === "-") {
      const op = this.next();
      left = { kind: "binary", op: op.kind as "+" | "-", left, right: this.parseMultiplicative(), position: op.position };
    }
    return left;
  }

  private parseMultiplicative(): Expression {
    let left = this.parseUnary();
    while (this.peek().kind === "*" || this.peek().kind === "/") {
      const op = this.next();
      left = { kind: "binary", op: op.kind as "*" | "/", left, right: this.parseUnary(), position: op.position };
    }
    return left;
  }

  private parseUnary(): Expression {
    const t = this.peek();
    if (t.kind === "-" || t.kind === "+") {
      this.next();
      return { kind: "unary", op: t.kind, operand: this.parseUnary(), position: t.position };
    }
    return this.parsePower();
  }

  /** R: -a^b is -(a^b), a^-b is allowed, a^b^c is a^(b^c). */
  private parsePower(): Expression {
    const base = this.parsePrimary();
    if (this.peek().kind !== "^") return base;
    const op = this.next();
    return { kind: "binary", op: "^", left: base, right: this.parseUnary(), position: op.position };
  }

  private parsePrimary(): Expression {
    const t = this.peek();
    switch (t.kind) {
      case "number": {
        this.next();
        const integer = t.text.endsWith("L");
        return { kind: "number", value: Number(integer ? t.text.slice(0, -1) : t.text), integer, position: t.position };
      }
      case "string":
        this.next();
        return { kind: "string", value: t.text, position: t.position };
      case "name": {
        this.next();
        if (this.peek().kind === "(" && !t.quoted) return this.parseCallArguments(t);
        if (!t.quoted && (t.text === "TRUE" || t.text === "FALSE"))
          return { kind: "logical", value: t.text === "TRUE", position: t.position };
        return { kind: "name", name: t.text, position: t.position };
      }
      case "(": {
        const open = this.next();
        this.enter(open);
        const inner = this.parse();
        this.depth--;
        const close = this.peek();
        if (close.kind !== ")") {
          throw formulaError(close.position, `expected ")" to close "(" at position ${open.position} but found ${describeToken(close)}`);
        }
        this.next();
        return { kind: "paren", inner, position: open.position };
      }
      case ":":
        throw formulaError(t.position, `":" (an R sequence) cannot be used inside an expression here`);
      default:
        throw formulaError(t.position, `expected a value but found ${describeToken(t)}`);
    }
  }

  /** Parentheses and calls open inside the expression: capped, so a pathological nesting is an input error, not a stack overflow. */
  private depth = 0;

  private enter(open: FormulaToken): void {
    if (++this.depth > MAX_EXPRESSION_DEPTH) throw formulaError(open.position, `parentheses nested more than ${MAX_EXPRESSION_DEPTH} deep`);
  }

  /** `fn(` has been read up to the name; parse `(arg, name = arg, …)`. */
  private parseCallArguments(fn: FormulaToken): Expression {
    const open = this.next();
    this.enter(open);
    try {
      return this.parseCallArgumentList(fn, open);
    } finally {
      this.depth--;
    }
  }

  private parseCallArgumentList(fn: FormulaToken, open: FormulaToken): Expression {
    const args: CallArgument[] = [];
    if (this.peek().kind === ")") {
      this.next();
      return { kind: "call", fn: fn.text, args, position: fn.position };
    }
    for (;;) {
      const t = this.peek();
      const named = t.kind === "name" && this.tokens[this.index + 1]?.kind === "=";
      if (named) {
        this.next();
        this.next();
      }
      const value = this.parse();
      args.push(named ? { name: t.text, value } : { value });
      const after = this.peek();
      if (after.kind === ",") {
        this.next();
        continue;
      }
      if (after.kind === ")") {
        this.next();
        return { kind: "call", fn: fn.text, args, position: fn.position };
      }
      throw formulaError(
        after.position,
        `expected "," or ")" in the call ${fn.text}( at position ${open.position} but found ${describeToken(after)}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Deparsing as R does

const SYNTACTIC_NAME = /^(?:[\p{L}]|\.(?![0-9]))[\p{L}\p{N}._]*$/u;
const RESERVED = new Set(["TRUE", "FALSE", "NULL", "NA", "Inf", "NaN", "if", "else", "for", "while", "function", "in", "next", "break", "repeat"]);

/** A name as R's deparse writes it: backquoted unless syntactic. */
export function deparseName(name: string): string {
  return SYNTACTIC_NAME.test(name) && !RESERVED.has(name) ? name : `\`${name}\``;
}

/**
 * A double as R's deparse prints it: the fewest significant digits (≤ 15) that give the same value at 15
 * digits, in fixed notation unless scientific is shorter ("1e+05", "1e-04", "0.001", "123456").
 */
export function deparseNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf";
  if (x === 0) return "0";
  const target = Number(x.toPrecision(15));
  let digits = 1;
  while (digits < 15 && Number(x.toPrecision(digits)) !== target) digits++;
  const scientific = x
    .toExponential(digits - 1)
    .replace(/e([+-])(\d)$/, "e$10$2");
  const exponent = Math.floor(Math.log10(Math.abs(target)));
  const decimals = Math.max(0, digits - 1 - exponent);
  const fixed = decimals > 100 ? scientific : target.toFixed(decimals);
  return fixed.length <= scientific.length ? fixed : scientific;
}

const SPACED = new Set<BinaryOperator>(["+", "-", "*", "==", "!=", "<", "<=", ">", ">=", "&", "|"]);

export function deparseExpression(e: Expression): string {
  switch (e.kind) {
    case "number":
      return e.integer ? `${deparseNumber(e.value)}L` : deparseNumber(e.value);
    case "string":
      return JSON.stringify(e.value);
    case "logical":
      return e.value ? "TRUE" : "FALSE";
    case "name":
      return deparseName(e.name);
    case "call":
      return `${e.fn}(${e.args.map((a) => (a.name === undefined ? "" : `${deparseName(a.name)} = `) + deparseExpression(a.value)).join(", ")})`;
    case "unary":
      return `${e.op}${deparseExpression(e.operand)}`;
    case "binary": {
      const left = deparseExpression(e.left);
      const right = deparseExpression(e.right);
      return SPACED.has(e.op) ? `${left} ${e.op} ${right}` : `${left}${e.op}${right}`;
    }
    case "paren":
      return `(${deparseExpression(e.inner)})`;
  }
}

/** The data columns an expression reads (names that are not constants), in order of appearance. */
export function expressionColumns(e: Expression, into: string[] = []): string[] {
  switch (e.kind) {
    case "name":
      if (!CONSTANT_NAMES.has(e.name) && !into.includes(e.name)) into.push(e.name);
      break;
    case "call":
      for (const a of e.args) expressionColumns(a.value, into);
      break;
    case "unary":
      expressionColumns(e.operand, into);
      break;
    case "binary":
      expressionColumns(e.left, into);
      expressionColumns(e.right, into);
      break;
    case "paren":
      expressionColumns(e.inner, into);
      break;
    default:
      break;
  }
  return into;
}

/** Names R resolves to constants when no column has them: `pi`, `T`, `F`. */
export const CONSTANT_NAMES = new Set(["pi", "T", "F"]);
