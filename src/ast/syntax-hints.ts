// Hints for syntax errors: what the writer most likely meant, from the token the parser stopped at,
// its neighbours and the rules it was in. In: the token stream and one parser error, or one
// character the lexer could not read. Out: a hint such as "use '==' to compare" or "'pick' is a
// keyword", or undefined when nothing is plain enough to say. Most hints answer habits from other
// languages (C's `++`, Pascal's `:=`, Python's `and`, TLA+'s `/\` and primes) and from the
// tutorial's forms (`[k in K |-> e]`, `P ~> Q`).

import type { IRecognitionException, IToken } from "chevrotain";
import { tokenMatcher } from "../../grammar/chevrotain.js";
import * as T from "../../grammar/tokens.js";
import { didYouMean } from "../diagnostics/suggest.js";

/** The keywords that start a declaration, for "did you mean 'process'?" on `proces T { ... }`. */
const DECLARATION_WORDS = [
  "spec",
  "module",
  "import",
  "const",
  "type",
  "var",
  "fn",
  "macro",
  "proc",
  "action",
  "process",
  "fair",
  "symmetric",
  "invariant",
  "property",
  "constraint",
  "check",
  "init",
  "override",
];

/** The keywords that start a statement, for "did you mean 'await'?" on `awiat x`. */
const STATEMENT_WORDS = [
  "await",
  "assert",
  "either",
  "choose",
  "while",
  "goto",
  "call",
  "return",
  "let",
  "if",
];

/** Whether a token is a hard keyword: a word that can never be a name. */
function isHardKeyword(t: IToken | undefined): boolean {
  return !!t && /^[A-Za-z_]\w*$/.test(t.image) && !tokenMatcher(t, T.Identifier);
}

/** Whether two tokens touch (`+` `+` written as `++`). */
function adjacent(a: IToken | undefined, b: IToken | undefined): boolean {
  return !!a && !!b && a.endOffset !== undefined && a.endOffset + 1 === b.startOffset;
}

/** The hint for a parser error, or undefined. `index` is the position of the error's token in `tokens`. */
export function syntaxHint(
  tokens: readonly IToken[],
  index: number,
  e: IRecognitionException,
): string | undefined {
  const tok = tokens[index];
  const prev = tokens[index - 1];
  const next = tokens[index + 1];
  const stack = e.context?.ruleStack ?? [];
  const rule = stack[stack.length - 1];
  const inExpression = stack.includes("expression");
  const is = (t: IToken | undefined, type: typeof T.Assign) => !!t && tokenMatcher(t, type);

  if (!tok) return undefined;
  // A keyword where a name belongs: `var when: 0..3`, `step when`, or `at = 1` read as `P at s`.
  const wantsName = /^expected (a name|one of a name)/.test(e.message);
  if (isHardKeyword(tok) && wantsName)
    return `'${tok.image}' is a keyword and cannot be a name: choose another name`;
  if (isHardKeyword(prev) && (rule === "name" || is(tok, T.AssignOp)) && wantsName)
    return `'${prev!.image}' is a keyword and cannot be a name: choose another name`;

  const elif = tokens
    .slice(0, index)
    .reverse()
    .find((t) => t.startLine === tok.startLine && /^(elif|elsif|elseif)$/.test(t.image));
  if (elif) return `write 'else if' for '${elif.image}'`;
  if (rule === "header") return "a file starts with 'spec Name' (a spec) or 'module name' (a library)";
  if (is(tok, T.Assign)) {
    if (adjacent(prev, tok) && (is(prev, T.EqEq) || is(prev, T.NotEq)))
      return `'${prev!.image}=' is not an operator: write '${prev!.image}'`;
    if (rule === "varDecl") return "a variable is declared with its type: 'var x: 0..3 = 0'";
    if (rule === "checkItem" && prev && /^(depth|states)$/.test(prev.image))
      return `write 'max ${prev.image} N', without '='`;
    if ((inExpression && rule !== "braceExpr") || rule === "block" || rule === "statement")
      return "use '==' to compare: '=' assigns, and only as a statement of its own";
  }
  if (is(tok, T.Comma) && next && tokenMatcher(next, T.StringLiteral))
    return "an assert's message follows a colon: 'assert e : \"message\"'";
  if (rule === "eitherStmt" && e.message.startsWith("expected 'or'"))
    return "separate the branches with 'or': 'either { ... } or { ... }'";
  if (rule === "args" && stack.includes("callStmt")) return "a proc call needs parentheses: 'call p()'";
  if (is(tok, T.Colon) && is(next, T.Assign) && adjacent(tok, next))
    return "':=' is not an operator: assign with '='";
  if ((is(tok, T.Plus) || is(tok, T.Dash)) && is(prev, tok.tokenType) && adjacent(prev, tok))
    return `'${tok.image}${tok.image}' is not an operator: write 'x ${tok.image}= 1'`;

  if (is(tok, T.Eventually) || is(tok, T.Always)) {
    if (is(prev, T.Implies)) return "'always (P => eventually Q)' is written 'P ~> Q' (P leads to Q)";
    if (inExpression)
      return "'always' and 'eventually' apply to a whole property: always P, eventually P, always eventually P or P ~> Q";
  }
  if (tok.image === "and" || tok.image === "AND") return "write '&&' for 'and'";
  if (is(tok, T.Or) && inExpression) return "write '||' for 'or'";
  if (tok.image === "not") return "write '!e' for 'not e'";

  if (is(tok, T.LParen) && rule === "processBody")
    return "a process array is written with brackets: 'process P[i in 1..N] { ... }'";
  if (is(tok, T.Semi) && rule === "processBody")
    return "';' separates statements inside a step; remove it between steps";
  if (is(tok, T.Comma) && stack.includes("checkDecl")) return "separate check items with ';' or a new line";
  if ((is(tok, T.Colon) || is(tok, T.Arrow)) && rule === "bracketExpr")
    return "a map literal is written '[k in K |-> e]'";
  if (e.message.startsWith("expected '{'") && (stack.includes("ifStmt") || stack.includes("whileStmt")))
    return "the body is a block in braces, and the condition needs no parentheses: 'if c { ... }'";
  if (rule === "varDecl" && e.message.startsWith("expected '=' or 'in'"))
    return "a variable needs an initial value: 'var x: T = e', or 'var x: T in S' for one initial state per element";

  if (tokenMatcher(tok, T.Identifier) && e.message.startsWith("expected a declaration")) {
    const close = didYouMean(tok.image, DECLARATION_WORDS);
    if (close) return close;
  }
  if (prev && tokenMatcher(prev, T.Identifier) && (rule === "block" || rule === "statement")) {
    const close = didYouMean(prev.image, STATEMENT_WORDS);
    if (close) return close;
  }
  return undefined;
}

/** Characters from other notations and what vmaspec writes instead. */
const CHARACTERS: Record<string, string> = {
  "&": "write '&&' for 'and'",
  "|": "write '||' for 'or'",
  "~": "negation is '!'; '~>' is leads-to",
  "≤": "write '<='",
  "≥": "write '>='",
  "≠": "write '!='",
  "∧": "write '&&'",
  "∨": "write '||'",
  "¬": "write '!'",
  "∈": "write 'in'",
  "∉": "write '!(x in S)'",
  "→": "write '=>' for implication",
  "⇒": "write '=>' for implication",
  "∀": "write 'forall x in S: p'",
  "∃": "write 'exists x in S: p'",
  "'": "there are no primed variables: a step assigns 'x = e', and later statements see the new value",
  "\\": "TLA+'s /\\, \\/ and \\in are written '&&', '||' and 'in'",
  "#": "comments start with '//'",
  "“": 'strings are in straight quotes: "..."',
  "”": 'strings are in straight quotes: "..."',
};

/** The hint for characters the lexer could not read, from their first character. */
export function characterHint(chars: string): string | undefined {
  const first = [...chars][0] ?? "";
  return Object.prototype.hasOwnProperty.call(CHARACTERS, first) ? CHARACTERS[first] : undefined;
}
