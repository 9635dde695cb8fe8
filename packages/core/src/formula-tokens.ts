/**
 * Tokens of R / lme4 model formulas and of the R expressions inside their calls (`I(age^2)`,
 * `log(time + 1)`, `poly(x, 2, raw = TRUE)`, `I(use == "Y")`): names (backquotes allowed), numbers as R
 * reads them (`2`, `0.5`, `1e-3`, `2L`), strings, and the operators of both languages.
 */
import { GlmmInputError } from "./errors.js";

export type TokenKind =
  | "name"
  | "number"
  | "string"
  | "~"
  | "+"
  | "-"
  | "*"
  | "/"
  | "^"
  | ":"
  | "|"
  | "&"
  | "!"
  | "="
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "("
  | ")"
  | ","
  | "end";

export interface FormulaToken {
  readonly kind: TokenKind;
  /** The name (backquotes removed), the string's contents, or the literal text. */
  readonly text: string;
  /** 1-based character position of the token's first character. */
  readonly position: number;
  /** True for a name written in backquotes (so `cbind` in backquotes is a plain column). */
  readonly quoted: boolean;
}

const SINGLE = new Set(["~", "+", "-", "*", "/", "^", ":", "|", "&", "(", ")", ","]);
/** Operators that may be followed by "=" to make a two-character one. */
const WITH_EQUALS = new Set(["=", "!", "<", ">"]);

export function formulaError(position: number, message: string): GlmmInputError {
  return new GlmmInputError("formula", `formula error at position ${position}: ${message}`);
}

export function describeToken(token: FormulaToken): string {
  if (token.kind === "end") return "end of formula";
  if (token.kind === "string") return `the string "${token.text}"`;
  return token.quoted ? `"\`${token.text}\`"` : `"${token.text}"`;
}

/** R's syntactic names: a letter, or a dot not followed by a digit, then letters, digits, `.`, `_`. */
function isNameStart(ch: string): boolean {
  return /[\p{L}.]/u.test(ch);
}
function isNameChar(ch: string): boolean {
  return /[\p{L}\p{N}._]/u.test(ch);
}

/** A number as R's parser reads it: digits with one optional point, an exponent, an `L` suffix. */
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?L?/;

export function tokenizeFormula(text: string): FormulaToken[] {
  const tokens: FormulaToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const position = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (WITH_EQUALS.has(ch)) {
      const two = text[i + 1] === "=";
      if (ch === "!" && !two) tokens.push({ kind: "!", text: "!", position, quoted: false });
      else tokens.push({ kind: (two ? `${ch}=` : ch) as TokenKind, text: two ? `${ch}=` : ch, position, quoted: false });
      i += two ? 2 : 1;
    } else if (SINGLE.has(ch)) {
      tokens.push({ kind: ch as TokenKind, text: ch, position, quoted: false });
      i++;
    } else if (ch === "`" || ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      const what = ch === "`" ? "backquoted name" : "string";
      if (close < 0) throw formulaError(position, `unterminated ${what} (missing closing "${ch}")`);
      const inside = text.slice(i + 1, close);
      if (ch === "`" && inside === "") throw formulaError(position, 'empty backquoted name "``"');
      tokens.push({ kind: ch === "`" ? "name" : "string", text: inside, position, quoted: ch === "`" });
      i = close + 1;
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      const match = NUMBER.exec(text.slice(i))!;
      const end = i + match[0].length;
      // "1.2.3" or "2x": a number that runs into more digits, points or letters is malformed.
      if (end < text.length && /[\p{L}\p{N}._]/u.test(text[end]!)) {
        let j = end;
        while (j < text.length && /[\p{L}\p{N}._]/u.test(text[j]!)) j++;
        throw formulaError(position, `malformed number "${text.slice(i, j)}"`);
      }
      tokens.push({ kind: "number", text: match[0], position, quoted: false });
      i = end;
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

/** A position in a token array, shared by the formula parser and the expression parser it hands calls to. */
export class TokenCursor {
  constructor(
    protected readonly tokens: readonly FormulaToken[],
    public index = 0,
  ) {}

  protected peek(): FormulaToken {
    return this.tokens[this.index]!;
  }

  /** The current token, moving past it (the end token stays put). */
  protected next(): FormulaToken {
    const t = this.tokens[this.index]!;
    if (t.kind !== "end") this.index++;
    return t;
  }
}
