// The vmaspec lexer: every token type of the language and the chevrotain Lexer built from them.
// In: source text. Out: a token stream (whitespace and comments skipped) plus an "invalid" group
// (stray characters, unterminated strings and block comments) that src/ast/parse.ts turns into
// diagnostics.
// This file exists so that the token vocabulary lives in one place; the parser rules (parser.ts,
// expressions.ts) only refer to these objects.
//
// Keywords are hard (never names) except the soft ones of check blocks and types (`ok`, `max`,
// `set`, ...): those are tokens in the Identifier category, so the parser accepts them wherever a
// name is expected (`max(a, b)`) and matches them exactly where they are special (`max depth 3`,
// `set<T>`). The hard keyword `check` is also accepted as a step name (see `stepName`).

import type { TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

/** Names: variables, types, steps, processes, built-in functions. */
export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: "a name",
});

const keywordList: TokenType[] = [];
const softKeywordList: TokenType[] = [];

const capitalized = (word: string) => word[0].toUpperCase() + word.slice(1);

function keyword(word: string, categories: TokenType[] = []): TokenType {
  const tok = createToken({
    name: capitalized(word),
    pattern: word,
    label: `'${word}'`,
    longer_alt: Identifier,
    categories,
  });
  keywordList.push(tok);
  return tok;
}

function softKeyword(word: string, name = capitalized(word)): TokenType {
  const tok = createToken({
    name,
    pattern: word,
    label: `'${word}'`,
    longer_alt: Identifier,
    categories: [Identifier],
  });
  softKeywordList.push(tok);
  return tok;
}

function punct(name: string, pattern: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern, label: `'${pattern}'`, categories });
}

// ---- operator categories (abstract: the parser matches a whole precedence level at once) --------
export const AdditiveOp = createToken({ name: "AdditiveOp", pattern: Lexer.NA, label: "'+' or '-'" });
export const MultiplicativeOp = createToken({
  name: "MultiplicativeOp",
  pattern: Lexer.NA,
  label: "'*', '/' or '%'",
});
export const ComparisonOp = createToken({ name: "ComparisonOp", pattern: Lexer.NA, label: "a comparison" });
export const AssignOp = createToken({ name: "AssignOp", pattern: Lexer.NA, label: "'=', '+=' or '-='" });
export const SetOp = createToken({
  name: "SetOp",
  pattern: Lexer.NA,
  label: "'union', 'intersect' or 'minus'",
});

// ---- hard keywords ----------------------------------------------------------------------------
export const Spec = keyword("spec");
export const Module = keyword("module");
export const Import = keyword("import");
export const Const = keyword("const");
export const Enum = keyword("enum");
export const Var = keyword("var");
export const Fn = keyword("fn");
export const Macro = keyword("macro");
export const Proc = keyword("proc");
export const Action = keyword("action");
export const Process = keyword("process");
export const Symmetric = keyword("symmetric");
export const When = keyword("when");
export const Step = keyword("step");
export const Invariant = keyword("invariant");
export const Property = keyword("property");
export const Constraint = keyword("constraint");
export const Check = keyword("check");
export const Expect = keyword("expect");
export const Assert = keyword("assert");
export const Await = keyword("await");
export const Either = keyword("either");
export const Or = keyword("or");
export const Choose = keyword("choose");
export const While = keyword("while");
export const Goto = keyword("goto");
export const Call = keyword("call");
export const Return = keyword("return");
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const Let = keyword("let");
export const In = keyword("in");
export const Forall = keyword("forall");
export const Exists = keyword("exists");
export const Union = keyword("union", [SetOp]);
export const Intersect = keyword("intersect", [SetOp]);
export const Minus = keyword("minus", [SetOp]);
export const None = keyword("none");
export const Self = keyword("self");
export const At = keyword("at");
export const True = keyword("true");
export const False = keyword("false");
export const Always = keyword("always");
export const Eventually = keyword("eventually");

// ---- soft keywords (also names) -----------------------------------------------------------------
export const Ok = softKeyword("ok");
// Folds: `sum x in S: e`, `count x in S: p`; still names everywhere else.
export const Sum = softKeyword("sum");
export const Count = softKeyword("count");
// The general fold `fold acc: T = base, x in S: e`; a name everywhere else.
export const Fold = softKeyword("fold");
// Words common in kernel code that start a form only where no name can stand: `type T = ...`,
// `fair process`, `pick x in S: p`; names (steps, fields, checks, variables) everywhere else.
export const Type = softKeyword("type");
export const Fair = softKeyword("fair");
export const Pick = softKeyword("pick");
export const Strong = softKeyword("strong"); // `strong fair process`
export const Each = softKeyword("each"); // `fair action A(each p in S)`
export const Init = softKeyword("init");
export const Override = softKeyword("override");
export const Interrupt = softKeyword("interrupt"); // `interrupt H on P { ... }`
export const On = softKeyword("on");
// `refines Abstract in "./file.vmaspec" with { v = e }`: a refinement mapping; names elsewhere.
export const Refines = softKeyword("refines");
export const With = softKeyword("with");
export const Violation = softKeyword("violation");
export const Deadlock = softKeyword("deadlock");
export const States = softKeyword("states");
export const Max = softKeyword("max");
export const Depth = softKeyword("depth");
export const Ignore = softKeyword("ignore");
export const Allow = softKeyword("allow");
export const Runtime = softKeyword("runtime");
// `memory sc` / `memory lkmm`: the memory model of a spec or of one check (docs/weak-memory.md).
export const Memory = softKeyword("memory");
export const Covered = softKeyword("covered");
export const Reached = softKeyword("reached");
export const SetKw = softKeyword("set", "SetKw"); // not `Set`: that would shadow the global
export const SeqKw = softKeyword("seq", "SeqKw");
export const TupleKw = softKeyword("tuple", "TupleKw");

// ---- punctuation and operators (longest first where one is a prefix of another) -----------------
export const MapsTo = punct("MapsTo", "|->");
export const Arrow = punct("Arrow", "->");
export const Implies = punct("Implies", "=>");
export const LeadsTo = punct("LeadsTo", "~>");
export const EqEq = punct("EqEq", "==", [ComparisonOp]);
export const NotEq = punct("NotEq", "!=", [ComparisonOp]);
export const LessEq = punct("LessEq", "<=", [ComparisonOp]);
export const GreaterEq = punct("GreaterEq", ">=", [ComparisonOp]);
export const AndAnd = punct("AndAnd", "&&");
export const OrOr = punct("OrOr", "||");
export const PlusAssign = punct("PlusAssign", "+=", [AssignOp]);
export const MinusAssign = punct("MinusAssign", "-=", [AssignOp]);
export const DotDot = punct("DotDot", "..");
export const Plus = punct("Plus", "+", [AdditiveOp]);
export const Dash = punct("Dash", "-", [AdditiveOp]);
export const Star = punct("Star", "*", [MultiplicativeOp]);
export const Slash = punct("Slash", "/", [MultiplicativeOp]);
export const Percent = punct("Percent", "%", [MultiplicativeOp]);
export const Less = punct("Less", "<", [ComparisonOp]);
export const Greater = punct("Greater", ">", [ComparisonOp]);
export const Assign = punct("Assign", "=", [AssignOp]);
export const Bang = punct("Bang", "!");
export const Question = punct("Question", "?");
export const Prime = punct("Prime", "'"); // `x'`: x in the next state, in `always [A]_v`
export const Colon = punct("Colon", ":");
export const Semi = punct("Semi", ";");
export const Comma = punct("Comma", ",");
export const Dot = punct("Dot", ".");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LCurly = punct("LCurly", "{");
export const RCurly = punct("RCurly", "}");

// ---- literals, layout and malformed input ------------------------------------------------------
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /0[xX][0-9a-fA-F]+|[0-9]+/,
  label: "a number",
});
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\r\n]|\\.)*"/,
  label: "a string",
});
/** A string with no closing quote on its line; reported as S003, never seen by the parser. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\.)*/,
  group: "invalid",
});
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /\/\/[^\r\n]*/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** A block comment with no `*\/`: it runs to the end of the file; reported as S003. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  group: "invalid",
  line_breaks: true,
});

/**
 * A run of characters that start no token (or a lone `&`, `|`, `~`); reported as S001. Matching
 * them as a token keeps the lexer on its fast path: chevrotain's own error recovery re-tries every
 * pattern at every offset and takes seconds on a megabyte of binary junk.
 */
const invalidPattern = /[^ \t\r\n\f\v"A-Za-z0-9_\/\-=~!<>&|+.*%?:;,()[\]{}]+|[&|~]/;
export const InvalidChars = createToken({
  name: "InvalidChars",
  pattern: invalidPattern,
  group: "invalid",
  line_breaks: false,
  // chevrotain cannot analyse a complement set, so list the first characters it can start with.
  start_chars_hint: Array.from({ length: 0x10000 }, (_, code) => code).filter((code) =>
    invalidPattern.test(String.fromCharCode(code)),
  ),
});

// Longer keywords first, so that `proc` never matches the start of `process`.
const byLength = (a: TokenType, b: TokenType) => String(b.PATTERN).length - String(a.PATTERN).length;

/** Every token type, in the order the lexer tries them (categories last; they match nothing). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  ...[...keywordList, ...softKeywordList].sort(byLength),
  Identifier,
  MapsTo,
  Arrow,
  Implies,
  LeadsTo,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  AndAnd,
  OrOr,
  PlusAssign,
  MinusAssign,
  DotDot,
  Plus,
  Dash,
  Star,
  Slash,
  Percent,
  Less,
  Greater,
  Assign,
  Bang,
  Question,
  Prime,
  Colon,
  Semi,
  Comma,
  Dot,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  InvalidChars,
  AdditiveOp,
  MultiplicativeOp,
  ComparisonOp,
  AssignOp,
  SetOp,
];

/** The one lexer instance (building it validates the patterns, so do it once). */
export const vmaLexer = new Lexer(allTokens, {
  positionTracking: "full",
  ensureOptimizations: true,
  // Validated by the test suite (test/grammar) like the parser, not on every start-up.
  skipValidations: process.env.VMASPEC_VALIDATE_GRAMMAR === undefined,
});
