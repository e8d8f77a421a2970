// The front door of the syntax layer: source text in, AST and syntax diagnostics out. It runs the
// lexer (grammar/tokens.ts), the parser (grammar/parser.ts) and the CST → AST builder (build.ts),
// turns every complaint of theirs into a Diagnostic with a stable code and a span, and never
// throws, whatever the input. The AST is returned only for a file without syntax errors; later
// phases never see a tree that error recovery patched up.
//
// Its codes (S001-S008, S099) are listed with the others in diagnostics/codes.ts.

import type { ILexingError, IToken } from "chevrotain";
import { EOF } from "../../grammar/chevrotain.js";
import type { SourceFileCstNode } from "../../grammar/cst.js";
import { TooManySyntaxErrors } from "../../grammar/messages.js";
import { MAX_RULE_DEPTH, NestingTooDeep, VmaParser } from "../../grammar/parser.js";
import { UnterminatedComment, UnterminatedString, vmaLexer } from "../../grammar/tokens.js";
import { error, withHint, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import { characterHint, syntaxHint } from "./syntax-hints.js";
import type { SourceFileNode } from "./ast.js";
import { buildAst } from "./build.js";
import { MAX_NESTING, tooDeep } from "./depth.js";

/** At most this many syntax errors are reported per file. */
export const MAX_ERRORS = 50;

let sharedParser: VmaParser | undefined; // building it analyses the grammar (~0.1 s): do it once

/** Parses one source file; never throws. `ast` is undefined when there are syntax errors. */
export function parseSource(file: string, text: string): Result {
  const where = new Locator(file, text);
  try {
    return parseChecked(where, text);
  } catch (e) {
    const span = sharedParser ? where.token(sharedParser.nextToken()) : where.at(0);
    if (e instanceof RangeError) {
      return { ast: undefined, diagnostics: [error("S007", "nesting too deep to parse", span)] };
    }
    const message = `internal error in the parser: ${e instanceof Error ? e.message : String(e)}`;
    return { ast: undefined, diagnostics: [error("S099", message, span)] };
  }
}

type Result = { ast: SourceFileNode | undefined; diagnostics: Diagnostic[] };

// A file is lexed and parsed from a prefix that grows fourfold until its first MAX_ERRORS errors
// are known, so that a megabyte of junk costs a few kilobytes of work (and a normal file one pass).
const FIRST_PREFIX = 1 << 18;

function parseChecked(where: Locator, text: string): Result {
  for (let size = FIRST_PREFIX; ; size *= 4) {
    const complete = size >= text.length;
    const result = parsePrefix(where, complete ? text : text.slice(0, size), complete);
    if (result) return result;
  }
}

/** S007 where the parser's rules nested too deep, after the lexical errors before it; undefined
 *  when `token` is too near the end of a proper prefix to be sure the cut played no part. */
function nestingTooDeep(
  where: Locator,
  token: IToken,
  lexical: Diagnostic[],
  tokens: IToken[],
  complete: boolean,
): Result | undefined {
  if (!complete && !(tokens.length > 5 && token.startOffset < tokens[tokens.length - 5].startOffset))
    return undefined;
  const span = where.token(token);
  // Each bracket, quantifier or if-then-else costs about a dozen rules.
  const message = `nesting too deep to parse (about ${Math.round(MAX_RULE_DEPTH / 12)} brackets, quantifiers or ifs deep)`;
  const found = error("S007", message, span);
  return {
    ast: undefined,
    diagnostics: [
      ...lexical.filter((d) => d.span!.start < span.start),
      withHint(found, "name a part with a fn or a macro"),
    ],
  };
}

/** Parses `prefix`; for a proper prefix, returns a result only if the error cap was reached in it. */
function parsePrefix(where: Locator, prefix: string, complete: boolean): Result | undefined {
  const lexed = vmaLexer.tokenize(prefix);
  const diagnostics = lexicalDiagnostics(where, lexed.groups["invalid"] ?? [], lexed.errors);

  // Nothing past the MAX_ERRORS-th lexical error would be reported: parse only up to it. In a proper
  // prefix that error must end before the cut, else it may be an artefact of the cut.
  let tokens = lexed.tokens;
  const lastLexical = diagnostics.length >= MAX_ERRORS ? diagnostics[MAX_ERRORS - 1].span! : undefined;
  const decided = lastLexical !== undefined && lastLexical.end < prefix.length;
  if (lastLexical) tokens = tokens.filter((t) => t.startOffset < lastLexical.start);

  const parser = (sharedParser ??= new VmaParser());
  let cst: SourceFileCstNode | undefined;
  let tooMany = false;
  try {
    cst = parser.parseFile(tokens, 2 * MAX_ERRORS) as SourceFileCstNode;
  } catch (e) {
    if (e instanceof NestingTooDeep) return nestingTooDeep(where, e.token, diagnostics, tokens, complete);
    if (!(e instanceof TooManySyntaxErrors)) throw e;
    tooMany = true;
  }
  if (!complete && !decided) {
    // The parser gave up early enough that the cut (and the last token, maybe cut short) are
    // beyond its lookahead; lexical errors after where it stopped are dropped.
    const next = parser.nextToken();
    const beforeCut = tokens.length > 5 && next.startOffset < tokens[tokens.length - 5].startOffset;
    if (!tooMany || !beforeCut) return undefined;
    diagnostics.splice(0, Infinity, ...diagnostics.filter((d) => d.span!.start < next.startOffset));
  }
  // Recovery can report twice at one token: keep the first. After an unterminated comment, the
  // parser's complaint about the end of the file adds nothing.
  const seen = new Set<number>(
    lexed.groups["invalid"]?.some((t) => t.tokenType === UnterminatedComment) ? [where.text.length] : [],
  );
  // A complaint within two tokens of an earlier one on the same line is the parser stumbling over
  // the first mistake (`x++ }`, `x & y`), not a second one: keep the first only.
  const lastError = new Map<number, number>();
  for (const t of lexed.groups["invalid"] ?? []) lastError.set(t.startLine!, tokenIndex(tokens, t) - 1);
  const errorLines = new Set<number>();
  for (const e of parser.errors) {
    const span = where.token(e.token);
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    errorLines.add(span.line);
    const index = tokenIndex(tokens, e.token);
    const before = lastError.get(span.line);
    lastError.set(span.line, index);
    if (before !== undefined && index - before <= 2) continue;
    // Input left over after recovery gave up is where the first mistake left the parser.
    if (e.name === "NotAllInputParsedException" && diagnostics.length > 0) continue;
    diagnostics.push(withHint(error("S002", e.message, span), syntaxHint(tokens, index, e)));
  }

  let ast: SourceFileNode | undefined;
  if (cst && complete && !tooMany && diagnostics.length < MAX_ERRORS) {
    const built = buildAst(where.file, cst);
    // What the builder finds on a line the parser already complained about is the tree that error
    // recovery patched up (`await x = 0` read as `await x` and a statement `= 0`), not a second mistake.
    diagnostics.push(...built.diagnostics.filter((d) => !d.span || !errorLines.has(d.span.line)));
    ast = built.ast;
    const deep = ast && tooDeep(ast);
    if (deep)
      diagnostics.push(
        error(
          "S007",
          `nesting too deep: at most ${MAX_NESTING} levels of expressions and statements (split a long chain with a fn or a macro)`,
          deep,
        ),
      );
  }
  diagnostics.sort((a, b) => a.span!.start - b.span!.start);
  const lexical = (lexed.groups["invalid"]?.length ?? 0) + lexed.errors.length;
  if (diagnostics.length > MAX_ERRORS || tooMany || lexical > MAX_ERRORS) {
    diagnostics.length = Math.min(diagnostics.length, MAX_ERRORS);
    const last = diagnostics[diagnostics.length - 1]?.span ?? where.at(0);
    const note = `too many syntax errors; only the first ${diagnostics.length} are reported`;
    diagnostics.push({ code: "S008", severity: "warning", message: note, span: last });
  }
  return { ast: diagnostics.length === 0 ? ast : undefined, diagnostics };
}

/** S001 and S003 for the lexer's first MAX_ERRORS "invalid" tokens and errors, in file order. */
function lexicalDiagnostics(where: Locator, invalid: IToken[], errors: ILexingError[]): Diagnostic[] {
  const diagnostics = invalid.slice(0, MAX_ERRORS).map((t) => {
    const span = where.token(t);
    if (t.tokenType === UnterminatedString)
      return error("S003", "unterminated string: no closing '\"' on this line", span);
    if (t.tokenType === UnterminatedComment)
      return error("S003", "unterminated block comment: no closing '*/'", span);
    const chars = [...t.image];
    const shown = chars.slice(0, 12).map(showChar).join("") + (chars.length > 12 ? "..." : "");
    const message = `unexpected character${chars.length > 1 ? "s" : ""} '${shown}'`;
    return withHint(error("S001", message, span), characterHint(t.image));
  });
  for (const e of errors.slice(0, MAX_ERRORS)) {
    const span = where.range(e.offset, e.offset + e.length);
    diagnostics.push(error("S001", `unexpected character '${showChar(where.text[e.offset] ?? "")}'`, span));
  }
  return diagnostics.sort((a, b) => a.span!.start - b.span!.start).slice(0, MAX_ERRORS);
}

/** The position of `token` in `tokens` (by offset; the end for EOF or a token recovery made up). */
function tokenIndex(tokens: readonly IToken[], token: IToken): number {
  if (Number.isNaN(token.startOffset)) return tokens.length;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < token.startOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A printable character as itself, anything else as U+XXXX. */
function showChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0xfffd
    ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}`
    : ch;
}

/** Spans for tokens and offsets of one file (line starts are computed only when needed). */
class Locator {
  private lineStarts: number[] | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  /** The token's span; the end of the file for EOF and for tokens made up by error recovery. */
  token(t: IToken): Span {
    if (t.tokenType === EOF || Number.isNaN(t.startOffset) || t.startLine === undefined)
      return this.at(this.text.length);
    return {
      file: this.file,
      start: t.startOffset,
      end: t.endOffset! + 1,
      line: t.startLine,
      col: t.startColumn!,
    };
  }

  /** The span from `start` to `end` (exclusive). */
  range(start: number, end: number): Span {
    return { ...this.at(start), end };
  }

  /** An empty span at `offset`. */
  at(offset: number): Span {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, start: offset, end: offset, line: lo + 1, col: offset - starts[lo] + 1 };
  }
}

// Line breaks as the lexer counts them: \n, \r\n and a lone \r.
function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}
