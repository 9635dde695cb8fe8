/**
 * The model-formula language of R / lme4, parsed by a tokenizer and a recursive-descent parser:
 *
 *   formula  := response "~" sum END
 *   response := "cbind" "(" name "," name [ "-" name ] ")" | name
 *   sum      := [ "-" ] product { ("+" | "-") product }
 *   product  := interaction { ("*" | "/") interaction }  a*b = a + b + a:b,  a/b = a + a:b
 *   interact := primary { ":" primary }                  (a + b):c = a:c + b:c
 *   primary  := name | "0" | "1" | "(" sum ")" | "(" sum ("|" | "||") group ")"
 *   group    := factors { "/" factors }                  factors := name { ":" name }
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
import { GlmmInputError } from "./errors.js";

/** A term: the variables multiplied together (one name for a main effect). Never empty. */
export type FormulaTerm = readonly string[];

/** A response column named in a formula. */
export interface ColumnRef {
  readonly kind: "column";
  readonly name: string;
}

/** `total - successes` inside `cbind(...)`: the failures as a difference of two columns. */
export interface DifferenceRef {
  readonly kind: "difference";
  readonly total: string;
  readonly minus: string;
}

/** The left-hand side: one 0/1 (or two-valued) column, or `cbind(successes, failures)`. */
export type FormulaResponse =
  | ColumnRef
  | { readonly kind: "cbind"; readonly successes: ColumnRef; readonly failures: ColumnRef | DifferenceRef };

/** One `( terms | group )` random-effects term. */
export interface RandomFormulaTerm {
  readonly intercept: boolean;
  readonly terms: readonly FormulaTerm[];
  /** The grouping factor as written: a column name, or `b:a` for an interaction of columns. */
  readonly group: string;
  /** For an interaction grouping factor, its columns in the order written (`["b", "a"]`); absent for one column. */
  readonly interaction?: readonly string[];
}

/** A parsed lme4 formula: response, fixed-effects terms, random-effects terms, intercept. */
export interface ParsedFormula {
  readonly response: FormulaResponse;
  readonly intercept: boolean;
  readonly fixedTerms: readonly FormulaTerm[];
  readonly randomTerms: readonly RandomFormulaTerm[];
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

/** The kinds of formula token. */
export type TokenKind = "name" | "number" | "~" | "+" | "-" | "*" | "/" | ":" | "|" | "(" | ")" | "," | "end";

/** One token of a formula with its position, for error messages that point at it. */
export interface FormulaToken {
  readonly kind: TokenKind;
  /** The name (backquotes removed) or the literal text. */
  readonly text: string;
  /** 1-based character position of the token's first character. */
  readonly position: number;
  /** True for a name written in backquotes (so `cbind` in backquotes is a plain column). */
  readonly quoted: boolean;
}

const PUNCTUATION = new Set(["~", "+", "-", "*", "/", ":", "|", "(", ")", ","]);

function formulaError(position: number, message: string): GlmmInputError {
  return new GlmmInputError("formula", `formula error at position ${position}: ${message}`);
}

function describe(token: FormulaToken): string {
  if (token.kind === "end") return "end of formula";
  return token.quoted ? `"\`${token.text}\`"` : `"${token.text}"`;
}

/** R's syntactic names: a letter, or a dot not followed by a digit, then letters, digits, `.`, `_`. */
function isNameStart(ch: string): boolean {
  return /[\p{L}.]/u.test(ch);
}
function isNameChar(ch: string): boolean {
  return /[\p{L}\p{N}._]/u.test(ch);
}

/** Split formula text into tokens (names, operators, parentheses) with their positions. */
export function tokenizeFormula(text: string): FormulaToken[] {
  const tokens: FormulaToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const position = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: ch as TokenKind, text: ch, position, quoted: false });
      i++;
    } else if (ch === "`") {
      const close = text.indexOf("`", i + 1);
      if (close < 0) throw formulaError(position, "unterminated backquoted name (missing closing \"`\")");
      const name = text.slice(i + 1, close);
      if (name === "") throw formulaError(position, "empty backquoted name \"``\"");
      tokens.push({ kind: "name", text: name, position, quoted: true });
      i = close + 1;
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      let j = i;
      while (j < text.length && /[0-9.]/.test(text[j]!)) j++;
      tokens.push({ kind: "number", text: text.slice(i, j), position, quoted: false });
      i = j;
    } else if (isNameStart(ch)) {
      let j = i;
      while (j < text.length && isNameChar(text[j]!)) j++;
      tokens.push({ kind: "name", text: text.slice(i, j), position, quoted: false });
      i = j;
    } else {
      throw formulaError(position, `unexpected character "${ch}"`);
    }
  }
  tokens.push({ kind: "end", text: "", position: text.length + 1, quoted: false });
  return tokens;
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

/** More terms than this (a*b*c*... of many variables doubles them each time) is refused rather than expanded. */
export const MAX_FORMULA_TERMS = 4096;
/** Parentheses nested deeper than this are refused (the parser recurses once per level). */
export const MAX_FORMULA_DEPTH = 100;

/** a:b for term sets: every pairwise union (R's InteractTerms). */
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

/** What an expression evaluates to: a set of terms, an intercept literal, or a random-effects term. */
type Value =
  | { readonly kind: "terms"; readonly terms: TermSet }
  | { readonly kind: "intercept"; readonly one: boolean; readonly token: FormulaToken }
  | { readonly kind: "random"; readonly terms: readonly RandomFormulaTerm[]; readonly token: FormulaToken };

interface SumResult {
  readonly terms: TermSet;
  /** The last intercept instruction seen (undefined when none). */
  readonly intercept: boolean | undefined;
  readonly random: RandomFormulaTerm[];
}

class Parser {
  private index = 0;
  /**
   * Variables in order of first appearance (R orders the variables of a term this way). Each
   * parenthesised group collects its own list: a random-effects term keeps it (lme4 builds that
   * term's model matrix from its own formula), a plain group merges it into the enclosing list.
   */
  private variableOrder: string[] = [];
  /** Current nesting depth of parentheses. */
  private depth = 0;

  constructor(private readonly tokens: readonly FormulaToken[]) {}

  private peek(): FormulaToken {
    return this.tokens[this.index]!;
  }
  private next(): FormulaToken {
    const t = this.tokens[this.index]!;
    if (t.kind !== "end") this.index++;
    return t;
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
    };
  }

  private parseName(what: string, after: FormulaToken | undefined): FormulaToken {
    const t = this.expect("name", what, after);
    if (this.peek().kind === "(" && !t.quoted) {
      throw formulaError(t.position, `function calls such as "${t.text}(...)" are not supported; compute the column in the data instead`);
    }
    return t;
  }

  private parseResponse(): FormulaResponse {
    const t = this.peek();
    if (t.kind === "name" && !t.quoted && t.text === "cbind" && this.tokens[this.index + 1]?.kind === "(") {
      this.next();
      const open = this.next();
      const successes = this.parseName("a column name for the successes", open);
      const comma = this.expect(",", `"," between the successes and failures of cbind`, successes);
      const firstFailure = this.parseName("a column name for the failures", comma);
      let failures: ColumnRef | DifferenceRef = { kind: "column", name: firstFailure.text };
      if (this.peek().kind === "-") {
        const minus = this.next();
        const subtracted = this.parseName(`a column name after "-"`, minus);
        failures = { kind: "difference", total: firstFailure.text, minus: subtracted.text };
      }
      const close = this.peek();
      if (close.kind !== ")") {
        throw formulaError(close.position, `expected ")" to close cbind( at position ${open.position} but found ${describe(close)}`);
      }
      this.next();
      return { kind: "cbind", successes: { kind: "column", name: successes.text }, failures };
    }
    if (t.kind === "end") throw formulaError(t.position, `expected a response name but found end of formula`);
    const name = this.parseName("a response name", undefined);
    return { kind: "column", name: name.text };
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
      } else if (value.kind === "random") {
        if (!topLevel) {
          throw formulaError(value.token.position, `a random-effects term "(... | ${value.terms[0]!.group})" cannot be nested inside another term`);
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
        if (out.length > MAX_FORMULA_TERMS) throw formulaError(operator.position, `the formula expands to more than ${MAX_FORMULA_TERMS} terms`);
      } else {
        // R: a/b = a + b %in% a (nesting; the right side's terms get every variable of the left).
        addTerms(out, nestIn(b, a));
      }
      left = { kind: "terms", terms: out };
    }
    return left;
  }

  private parseInteraction(after: FormulaToken): Value {
    let left = this.parsePrimary(after);
    while (this.peek().kind === ":") {
      const colon = this.next();
      const right = this.parsePrimary(colon);
      left = { kind: "terms", terms: interact(this.requireTerms(left, colon), this.requireTerms(right, colon), colon) };
    }
    return left;
  }

  /** Operands of `*` and `:` must be ordinary terms, not 0/1 or random-effects terms. */
  private requireTerms(value: Value, operator: FormulaToken): TermSet {
    if (value.kind === "terms") return value.terms;
    if (value.kind === "intercept") {
      throw formulaError(value.token.position, `"${value.token.text}" (intercept) cannot be used with "${operator.text}"`);
    }
    throw formulaError(value.token.position, `a random-effects term cannot be used with "${operator.text}"`);
  }

  private parsePrimary(after: FormulaToken): Value {
    const t = this.peek();
    switch (t.kind) {
      case "name": {
        if (t.text === "." && !t.quoted) {
          throw formulaError(t.position, `"." (all other columns) is not supported; list the predictors by name`);
        }
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
      throw formulaError(close.position, `unbalanced parentheses: expected ")" to close "(" at position ${open.position} but found ${found}`);
    }
    this.next();
    if (inner.intercept !== undefined) {
      throw formulaError(open.position, `intercept control (0 or 1) is only allowed at the top level or before "|" in a random-effects term`);
    }
    return { kind: "terms", terms: inner.terms };
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
      throw formulaError(close.position, `expected ")" to close the random-effects term opened at position ${open.position} but found ${found}`);
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

const SYNTACTIC_NAME = /^(?:[\p{L}]|\.(?![0-9]))[\p{L}\p{N}._]*$/u;

/** A name as it must be written in a formula: backquoted unless it is a syntactic name. */
export function formatFormulaName(name: string): string {
  return SYNTACTIC_NAME.test(name) && name !== "cbind" ? name : `\`${name}\``;
}

function formatTerm(term: FormulaTerm): string {
  return term.map(formatFormulaName).join(":");
}

/** The response as written in a formula (`y` or `cbind(s, f)`). */
export function formatResponse(response: FormulaResponse): string {
  if (response.kind === "column") return formatFormulaName(response.name);
  const f = response.failures;
  const failures = f.kind === "column" ? formatFormulaName(f.name) : `${formatFormulaName(f.total)} - ${formatFormulaName(f.minus)}`;
  return `cbind(${formatFormulaName(response.successes.name)}, ${failures})`;
}

/**
 * Canonical text of a parsed formula: `y ~ 0 + a + b + a:b + (1 + x | g)`. Parsing it gives the
 * same terms; the order of variables inside an interaction can change (as with R's deparsed
 * terms), because it follows first appearance and the canonical text lists main effects first.
 */
export function formatFormula(formula: ParsedFormula): string {
  const parts: string[] = [];
  if (!formula.intercept) parts.push("0");
  for (const term of formula.fixedTerms) parts.push(formatTerm(term));
  for (const r of formula.randomTerms) {
    const inner = [r.intercept ? "1" : "0", ...r.terms.map(formatTerm)].join(" + ");
    const group = r.interaction === undefined ? formatFormulaName(r.group) : r.interaction.map(formatFormulaName).join(":");
    parts.push(`(${inner} | ${group})`);
  }
  if (parts.length === 0) parts.push("1");
  return `${formatResponse(formula.response)} ~ ${parts.join(" + ")}`;
}
