/**
 * The model-formula language of R / lme4, parsed by a tokenizer and a recursive-descent parser:
 *
 *   formula  := response "~" sum END
 *   response := "cbind" "(" expr "," expr ")" | expr      (expr: an R expression, formula-expression.ts)
 *   sum      := [ "-" ] product { ("+" | "-") product }
 *   product  := interaction { ("*" | "/") interaction }  a*b = a + b + a:b,  a/b = a + a:b
 *   interact := power { ":" power }                      (a + b):c = a:c + b:c
 *   power    := primary [ "^" integer ]                  (a + b)^2 = a + b + a:b  (R's crossing to order k)
 *   primary  := name | call | "0" | "1" | "(" sum ")" | "(" sum ("|" | "||") group ")"
 *   call     := I(expr) | log(expr) | exp | sqrt | abs | scale(...) | poly(...) | factor(expr) | offset(expr) | ...
 *   group    := factors { "/" factors }                  factors := name { ":" name }
 *
 * A call is a variable named by its deparsed text, as R's terms() names it (`I(age^2)`, `poly(time, 2)`);
 * `offset(expr)` is no term but a known part of η (several are summed). formula-calls.ts lists the
 * functions and checks their arguments; their values come from formula-evaluation.ts.
 *
 * Random-effects terms follow lme4's findbars: `(1 + x || g)` is expanded first into uncorrelated terms
 * `(1 | g) + (0 + x | g)` (expandDoubleVerts: one term per formula term, so a factor's columns stay
 * together), then each nesting `(e | a/b)` into `(e | b:a) + (e | a)` (expandSlash; the interaction is
 * named innermost first, as lme4 prints it). A grouping factor `a:b` is the interaction of the columns.
 *
 * Terms are sets of variables; the result lists them as R's `terms()` does: deduplicated, ordered by
 * degree (main effects, then two-way interactions, ...), first appearance within a degree, and the
 * variables inside a term in the order they first appear in the formula. Intercept control
 * (`0 +`, `+ 0`, `- 1`, `1 +`) follows R: processed left to right, the last one wins.
 */
import { checkFormulaCall } from "./formula-calls.js";
import { deparseExpression, deparseName, ExpressionParser, type Expression } from "./formula-expression.js";
import {
  describeToken as describe,
  formulaError,
  TokenCursor,
  tokenizeFormula,
  type FormulaToken,
  type TokenKind,
} from "./formula-tokens.js";

export { tokenizeFormula, type FormulaToken } from "./formula-tokens.js";

/** A term: the variables multiplied together (one name for a main effect). Never empty. */
export type FormulaTerm = readonly string[];

export interface ColumnRef {
  readonly kind: "column";
  readonly name: string;
}

/** A response computed from columns, e.g. `incidence / size` (a proportion, with --weights). */
export interface ExpressionResponse {
  readonly kind: "expression";
  readonly expression: Expression;
  /** As R deparses it. */
  readonly label: string;
}

export type FormulaResponse =
  | ColumnRef
  | ExpressionResponse
  | { readonly kind: "cbind"; readonly successes: Expression; readonly failures: Expression };

export interface RandomFormulaTerm {
  readonly intercept: boolean;
  readonly terms: readonly FormulaTerm[];
  /** The grouping factor as written: a column name, or `b:a` for an interaction of columns. */
  readonly group: string;
  /** For an interaction grouping factor, its columns in the order written (`["b", "a"]`); absent for one column. */
  readonly interaction?: readonly string[];
}

export interface ParsedFormula {
  readonly response: FormulaResponse;
  readonly intercept: boolean;
  readonly fixedTerms: readonly FormulaTerm[];
  readonly randomTerms: readonly RandomFormulaTerm[];
  /** The calls among the terms' variables, by their deparsed label (absent when there are none). */
  readonly calls?: Readonly<Record<string, Expression>>;
  /** The arguments of the `offset(...)` terms, summed into η (absent when there are none). */
  readonly offsets?: readonly Expression[];
}

// ---------------------------------------------------------------------------------------------
// Term algebra. While parsing, a term is a Set of variable names; R's term order is applied at the end.

type TermSet = Set<string>[];

function sameTerm(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

function addTerms(into: TermSet, terms: TermSet): void {
  for (const t of terms) if (!into.some((u) => sameTerm(u, t))) into.push(t);
}

function removeTerms(from: TermSet, terms: TermSet): TermSet {
  return from.filter((u) => !terms.some((t) => sameTerm(u, t)));
}

/** a:b for term sets: every pairwise union (R's InteractTerms). */
/** Refused beyond these (a formula that expands or nests this far is a mistake, and would exhaust memory or the stack). */
export const MAX_FORMULA_TERMS = 4096;
export const MAX_FORMULA_DEPTH = 100;

function interact(left: TermSet, right: TermSet, at: FormulaToken): TermSet {
  if (left.length * right.length > MAX_FORMULA_TERMS) {
    throw formulaError(at.position, `this interaction expands to more than ${MAX_FORMULA_TERMS} terms`);
  }
  const out: TermSet = [];
  for (const a of left) for (const b of right) addTerms(out, [new Set([...a, ...b])]);
  return out;
}

/** b %in% a for term sets (R's `/`): every term of `inner` interacted with all variables of `outer`. */
function nestIn(inner: TermSet, outer: TermSet): TermSet {
  const all = new Set<string>();
  for (const t of outer) for (const v of t) all.add(v);
  return inner.map((t) => new Set([...all, ...t]));
}

/** Order as R's terms(): by degree, first appearance within a degree; variables by first appearance. */
function orderTerms(terms: TermSet, variableOrder: readonly string[]): FormulaTerm[] {
  const rank = new Map(variableOrder.map((v, k) => [v, k]));
  return terms
    .map((t, k) => ({ t, k }))
    .sort((a, b) => a.t.size - b.t.size || a.k - b.k)
    .map(({ t }) => [...t].sort((a, b) => rank.get(a)! - rank.get(b)!));
}

// ---------------------------------------------------------------------------------------------
// Parser

/** What a formula expression evaluates to: terms, an intercept literal, a random-effects term or an offset. */
type Value =
  | { readonly kind: "terms"; readonly terms: TermSet }
  | { readonly kind: "intercept"; readonly one: boolean; readonly token: FormulaToken }
  | { readonly kind: "random"; readonly terms: readonly RandomFormulaTerm[]; readonly token: FormulaToken }
  | { readonly kind: "offset"; readonly expression: Expression; readonly token: FormulaToken };

interface SumResult {
  readonly terms: TermSet;
  /** The last intercept instruction seen (undefined when none). */
  readonly intercept: boolean | undefined;
  readonly random: RandomFormulaTerm[];
}

class Parser extends TokenCursor {
  /** Parentheses currently open (capped at MAX_FORMULA_DEPTH). */
  private depth = 0;
  /**
   * Variables in order of first appearance (R orders the variables of a term this way). Each
   * parenthesised group collects its own list: a random-effects term keeps it (lme4 builds that
   * term's model matrix from its own formula), a plain group merges it into the enclosing list.
   */
  private variableOrder: string[] = [];
  /** Calls met as variables, by deparsed label. */
  private readonly calls: Record<string, Expression> = {};
  private readonly offsets: Expression[] = [];

  constructor(tokens: readonly FormulaToken[]) {
    super(tokens);
  }

  private expect(kind: TokenKind, what: string, after: FormulaToken | undefined): FormulaToken {
    const t = this.peek();
    if (t.kind !== kind) {
      const context = after === undefined ? "" : ` after ${describe(after)}`;
      throw formulaError(t.position, `expected ${what}${context} but found ${describe(t)}`);
    }
    return this.next();
  }
  private noteVariable(name: string): void {
    if (!this.variableOrder.includes(name)) this.variableOrder.push(name);
  }

  parseFormula(): ParsedFormula {
    const first = this.peek();
    if (first.kind === "~") throw formulaError(first.position, `expected a response before "~" (one-sided formulas are not supported)`);
    const response = this.parseResponse();
    const tilde = this.expect("~", `"~" after the response`, undefined);
    // The response's variables are not predictors: start the predictor order afresh.
    this.variableOrder.length = 0;
    const sum = this.parseSum(tilde, true);
    const end = this.peek();
    if (end.kind === "|") {
      throw formulaError(end.position, `unexpected "|": a random-effects term must be written in parentheses, e.g. "(1 | g)"`);
    }
    if (end.kind === ")") throw formulaError(end.position, `unbalanced parentheses: ")" without a matching "("`);
    if (end.kind !== "end") throw formulaError(end.position, `expected "+" or the end of the formula but found ${describe(end)}`);
    return {
      response,
      intercept: sum.intercept ?? true,
      fixedTerms: orderTerms(sum.terms, this.variableOrder),
      randomTerms: sum.random,
      ...(Object.keys(this.calls).length === 0 ? {} : { calls: this.calls }),
      ...(this.offsets.length === 0 ? {} : { offsets: this.offsets }),
    };
  }

  private parseName(what: string, after: FormulaToken | undefined): FormulaToken {
    const t = this.expect("name", what, after);
    if (this.peek().kind === "(" && !t.quoted) {
      throw formulaError(t.position, `a function call "${t.text}(...)" cannot be used here; ${what} must be a column name`);
    }
    return t;
  }

  /**
   * An R expression starting at the current token (formula-expression.ts), its calls checked: the whole
   * expression (a response, up to "~"), or only one operand (a call among the terms, where "+" and "*"
   * are formula operators again).
   */
  private parseExpression(operandOnly = false): Expression {
    const parser = new ExpressionParser(this.tokens, this.index);
    const expression = operandOnly ? parser.parseOperand() : parser.parse();
    this.index = parser.index;
    checkFormulaCall(expression);
    return expression;
  }

  private parseResponse(): FormulaResponse {
    const t = this.peek();
    if (t.kind === "end") throw formulaError(t.position, `expected a response name but found end of formula`);
    if (t.kind === "name" && !t.quoted && t.text === "cbind" && this.tokens[this.index + 1]?.kind === "(") {
      this.next();
      const open = this.next();
      const successes = this.parseExpression();
      const afterSuccesses = this.tokens[this.index - 1]!;
      this.expect(",", `"," between the successes and failures of cbind`, afterSuccesses);
      const failures = this.parseExpression();
      const close = this.peek();
      if (close.kind !== ")") {
        throw formulaError(close.position, `expected ")" to close cbind( at position ${open.position} but found ${describe(close)}`);
      }
      this.next();
      return { kind: "cbind", successes, failures };
    }
    const expression = this.parseExpression();
    if (expression.kind === "call" && expression.fn === "offset")
      throw formulaError(expression.position, `offset() cannot be the response`);
    if (expression.kind === "name") return { kind: "column", name: expression.name };
    return { kind: "expression", expression, label: deparseExpression(expression) };
  }

  /**
   * A sum of products with R's intercept rules. `topLevel` allows random-effects terms as summands;
   * `after` is the token before the sum (for messages).
   */
  private parseSum(after: FormulaToken, topLevel: boolean): SumResult {
    let terms: TermSet = [];
    let intercept: boolean | undefined;
    const random: RandomFormulaTerm[] = [];
    let sign: FormulaToken | undefined;
    if (this.peek().kind === "-") sign = this.next();
    let previous = sign ?? after;
    for (;;) {
      const value = this.parseProduct(previous);
      const minus = sign?.kind === "-";
      if (value.kind === "intercept") {
        // `+ 1` keeps the intercept, `+ 0` and `- 1` remove it, `- 0` keeps it (R's EncodeVars).
        intercept = value.one !== minus;
      } else if (value.kind === "offset") {
        if (!topLevel)
          throw formulaError(
            value.token.position,
            `offset(...) belongs in the fixed part of the formula, not inside parentheses or a random-effects term`,
          );
        if (minus) throw formulaError(value.token.position, `an offset cannot be subtracted; write offset(-x)`);
        this.offsets.push(value.expression);
      } else if (value.kind === "random") {
        if (!topLevel) {
          throw formulaError(
            value.token.position,
            `a random-effects term "(... | ${value.terms[0]!.group})" cannot be nested inside another term`,
          );
        }
        if (minus) throw formulaError(value.token.position, `a random-effects term cannot be subtracted`);
        for (const term of value.terms) random.push(term);
      } else if (minus) {
        terms = removeTerms(terms, value.terms);
      } else {
        addTerms(terms, value.terms);
      }
      const t = this.peek();
      if (t.kind !== "+" && t.kind !== "-") break;
      sign = this.next();
      previous = sign;
    }
    return { terms, intercept, random };
  }

  private parseProduct(after: FormulaToken): Value {
    let left = this.parseInteraction(after);
    while (this.peek().kind === "*" || this.peek().kind === "/") {
      const operator = this.next();
      const right = this.parseInteraction(operator);
      const a = this.requireTerms(left, operator);
      const b = this.requireTerms(right, operator);
      const out: TermSet = [];
      addTerms(out, a);
      if (operator.kind === "*") {
        addTerms(out, b);
        addTerms(out, interact(a, b, operator));
        if (out.length > MAX_FORMULA_TERMS)
          throw formulaError(operator.position, `the formula expands to more than ${MAX_FORMULA_TERMS} terms`);
      } else {
        // R: a/b = a + b %in% a (nesting; the right side's terms get every variable of the left).
        addTerms(out, nestIn(b, a));
      }
      left = { kind: "terms", terms: out };
    }
    return left;
  }

  private parseInteraction(after: FormulaToken): Value {
    let left = this.parsePower(after);
    while (this.peek().kind === ":") {
      const colon = this.next();
      const right = this.parsePower(colon);
      left = { kind: "terms", terms: interact(this.requireTerms(left, colon), this.requireTerms(right, colon), colon) };
    }
    return left;
  }

  /**
   * R's formula power: (a + b + c)^2 is every interaction of up to two of the terms (a + b + c + a:b + a:c
   * + b:c); a single variable's power is itself (x^2 = x; write I(x^2) for the square, as in R).
   */
  private parsePower(after: FormulaToken): Value {
    const base = this.parsePrimary(after);
    if (this.peek().kind !== "^") return base;
    const caret = this.next();
    const terms = this.requireTerms(base, caret);
    const exponent = this.peek();
    const k = Number(exponent.text);
    if (exponent.kind !== "number" || !Number.isInteger(k) || k < 1) {
      throw formulaError(
        exponent.position,
        `expected a positive whole number after "^" but found ${describe(exponent)} (for a power of a variable write I(x^2))`,
      );
    }
    this.next();
    let out: TermSet = [...terms];
    for (let power = 1; power < k; power++) addTerms(out, interact(out, terms, caret));
    return { kind: "terms", terms: out };
  }

  /** Operands of `*`, `:` and `^` must be ordinary terms, not 0/1, offsets or random-effects terms. */
  private requireTerms(value: Value, operator: FormulaToken): TermSet {
    if (value.kind === "terms") return value.terms;
    if (value.kind === "intercept") {
      throw formulaError(value.token.position, `"${value.token.text}" (intercept) cannot be used with "${operator.text}"`);
    }
    if (value.kind === "offset") throw formulaError(value.token.position, `an offset cannot be used with "${operator.text}"`);
    throw formulaError(value.token.position, `a random-effects term cannot be used with "${operator.text}"`);
  }

  private parsePrimary(after: FormulaToken): Value {
    const t = this.peek();
    switch (t.kind) {
      case "name": {
        if (t.text === "." && !t.quoted) {
          throw formulaError(t.position, `"." (all other columns) is not supported; list the predictors by name`);
        }
        if (!t.quoted && this.tokens[this.index + 1]?.kind === "(") return this.parseCallTerm(t);
        const name = this.parseName("a term", after);
        this.noteVariable(name.text);
        return { kind: "terms", terms: [new Set([name.text])] };
      }
      case "number": {
        this.next();
        if (t.text !== "0" && t.text !== "1") {
          throw formulaError(t.position, `unexpected number "${t.text}": only 0 and 1 (intercept control) may appear as terms`);
        }
        return { kind: "intercept", one: t.text === "1", token: t };
      }
      case "(": {
        const open = this.next();
        if (++this.depth > MAX_FORMULA_DEPTH) {
          throw formulaError(open.position, `parentheses nested more than ${MAX_FORMULA_DEPTH} deep`);
        }
        try {
          return this.parseParenthesised(open);
        } finally {
          this.depth--;
        }
      }
      default:
        throw formulaError(t.position, `expected a term after ${describe(after)} but found ${describe(t)}`);
    }
  }

  private parseParenthesised(open: FormulaToken): Value {
    if (this.peek().kind === ")") throw formulaError(this.peek().position, `expected a term after "(" but found ")"`);
    const enclosingOrder = this.variableOrder;
    this.variableOrder = [];
    const inner = this.parseSum(open, false);
    const innerOrder = this.variableOrder;
    this.variableOrder = enclosingOrder;
    const close = this.peek();
    if (close.kind === "|") return this.finishRandomTerm(open, inner, innerOrder, this.next());
    for (const v of innerOrder) this.noteVariable(v);
    if (close.kind !== ")") {
      const found = close.kind === "end" ? "end of formula" : describe(close);
      throw formulaError(
        close.position,
        `unbalanced parentheses: expected ")" to close "(" at position ${open.position} but found ${found}`,
      );
    }
    this.next();
    if (inner.intercept !== undefined) {
      throw formulaError(
        open.position,
        `intercept control (0 or 1) is only allowed at the top level or before "|" in a random-effects term`,
      );
    }
    return { kind: "terms", terms: inner.terms };
  }

  /** A call among the terms: `offset(x)`, or a variable named by its deparsed text (`log(time + 1)`). */
  private parseCallTerm(name: FormulaToken): Value {
    if (name.text === "cbind") throw formulaError(name.position, `cbind(...) is only allowed as the response, left of "~"`);
    const call = this.parseExpression(true);
    if (call.kind !== "call") throw formulaError(name.position, `expected a call of ${name.text}(...)`);
    if (call.fn === "offset") return { kind: "offset", expression: call.args[0]!.value, token: name };
    const label = deparseExpression(call);
    this.calls[label] = call;
    this.noteVariable(label);
    return { kind: "terms", terms: [new Set([label])] };
  }

  private finishRandomTerm(open: FormulaToken, inner: SumResult, order: readonly string[], bar: FormulaToken): Value {
    let uncorrelated = false;
    if (this.peek().kind === "|") {
      this.next();
      uncorrelated = true;
    }
    const chain = this.parseGroupChain(bar);
    const close = this.peek();
    if (close.kind !== ")") {
      const found = close.kind === "end" ? "end of formula" : describe(close);
      throw formulaError(
        close.position,
        `expected ")" to close the random-effects term opened at position ${open.position} but found ${found}`,
      );
    }
    this.next();
    const groupText = chain.map((factors) => factors.join(":")).join("/");
    // lme4: the left of "|" has an implicit intercept unless 0 or -1 removes it.
    const intercept = inner.intercept ?? true;
    if (!intercept && inner.terms.length === 0) {
      throw formulaError(open.position, `random-effects term for "${groupText}" has no effects (no intercept and no terms before "|")`);
    }
    const effects = orderTerms(inner.terms, order);
    // expandDoubleVerts: (1 + x + z || g) = (1 | g) + (0 + x | g) + (0 + z | g).
    const pieces: { intercept: boolean; terms: FormulaTerm[] }[] = uncorrelated
      ? [...(intercept ? [{ intercept: true, terms: [] }] : []), ...effects.map((t) => ({ intercept: false, terms: [t] }))]
      : [{ intercept, terms: effects }];
    const terms: RandomFormulaTerm[] = [];
    for (const piece of pieces) {
      for (const columns of nestedGroupingFactors(chain)) {
        terms.push(
          columns.length === 1
            ? { intercept: piece.intercept, terms: piece.terms, group: columns[0]! }
            : { intercept: piece.intercept, terms: piece.terms, group: columns.join(":"), interaction: columns },
        );
      }
    }
    return { kind: "random", terms, token: open };
  }

  /** group := factors { "/" factors }, factors := name { ":" name }; each link as its list of columns. */
  private parseGroupChain(bar: FormulaToken): string[][] {
    const chain: string[][] = [];
    let after = bar;
    for (;;) {
      const factors: string[] = [];
      for (;;) {
        const name = this.peek();
        if (name.kind !== "name") {
          throw formulaError(name.position, `expected a grouping variable name after ${describe(after)} but found ${describe(name)}`);
        }
        this.parseName("a grouping variable name", after);
        factors.push(name.text);
        if (this.peek().kind !== ":") break;
        after = this.next();
      }
      chain.push(factors);
      if (this.peek().kind !== "/") break;
      after = this.next();
    }
    return chain;
  }
}

/**
 * lme4's expandSlash: a/b/c nests as c:b:a, b:a, a (innermost first, each named with the inner factors
 * first). Returns the columns of each grouping factor; a repeated column within one factor is kept once.
 */
function nestedGroupingFactors(chain: readonly (readonly string[])[]): string[][] {
  const out: string[][] = [];
  for (let depth = chain.length; depth >= 1; depth--) {
    const columns: string[] = [];
    for (let link = depth - 1; link >= 0; link--) for (const c of chain[link]!) if (!columns.includes(c)) columns.push(c);
    out.push(columns);
  }
  return out;
}

/** Parse an R/lme4 model formula; malformed input throws a GlmmInputError of kind "formula". */
export function parseFormula(text: string): ParsedFormula {
  return new Parser(tokenizeFormula(text)).parseFormula();
}

// ---------------------------------------------------------------------------------------------
// Printing (canonical text, parsed back to the same structure)

/** A name as it must be written in a formula: backquoted unless it is a syntactic name. */
export function formatFormulaName(name: string): string {
  return name === "cbind" ? "`cbind`" : deparseName(name);
}

function formatTerm(term: FormulaTerm, calls: Readonly<Record<string, Expression>>): string {
  return term.map((v) => (calls[v] !== undefined ? v : formatFormulaName(v))).join(":");
}

/** A random-effects term as written canonically: `(1 + time | patientID)`, `(0 + x | a:b)`. */
export function formatRandomTerm(r: RandomFormulaTerm, calls: Readonly<Record<string, Expression>> = {}): string {
  const inner = [r.intercept ? "1" : "0", ...r.terms.map((t) => formatTerm(t, calls))].join(" + ");
  const group = r.interaction === undefined ? formatFormulaName(r.group) : r.interaction.map(formatFormulaName).join(":");
  return `(${inner} | ${group})`;
}

export function formatResponse(response: FormulaResponse): string {
  if (response.kind === "column") return formatFormulaName(response.name);
  if (response.kind === "expression") return response.label;
  return `cbind(${deparseExpression(response.successes)}, ${deparseExpression(response.failures)})`;
}

/**
 * Canonical text of a parsed formula: `y ~ 0 + a + b + a:b + (1 + x | g)`. Parsing it gives the
 * same terms; the order of variables inside an interaction can change (as with R's deparsed
 * terms), because it follows first appearance and the canonical text lists main effects first.
 */
export function formatFormula(formula: ParsedFormula): string {
  const parts: string[] = [];
  const calls = formula.calls ?? {};
  if (!formula.intercept) parts.push("0");
  for (const term of formula.fixedTerms) parts.push(formatTerm(term, calls));
  for (const offset of formula.offsets ?? []) parts.push(`offset(${deparseExpression(offset)})`);
  for (const r of formula.randomTerms) parts.push(formatRandomTerm(r, calls));
  if (parts.length === 0) parts.push("1");
  return `${formatResponse(formula.response)} ~ ${parts.join(" + ")}`;
}
