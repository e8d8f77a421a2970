// Human wording for syntax errors, plugged into the parser as chevrotain's error message
// provider. In: what the parser expected and the token it found. Out: messages such as
// "expected '}' but found 'step'". It also enforces an error budget: once a file has produced
// too many errors, it throws TooManySyntaxErrors, which stops the parser at once (chevrotain
// rethrows errors that are not its own), so a megabyte of junk costs no more than its first
// screenful of mistakes.

import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { EOF, tokenLabel } from "./chevrotain.js";

/** Thrown by the message provider when the error budget runs out; src/ast/parse.ts catches it. */
export class TooManySyntaxErrors extends Error {
  constructor() {
    super("too many syntax errors");
  }
}

/** How many more syntax errors the parser may report before giving up. */
export interface ErrorBudget {
  remaining: number;
}

// What the parser wanted when no alternative of a rule fits, by rule name.
const ruleDescriptions: Record<string, string> = {
  header: "'spec' or 'module'",
  importDecl: "a library name or a path string",
  decl: "a declaration",
  varDecl: "'=' or 'in'",
  statement: "a statement",
  ifStmt: "'if' or '{' after 'else'",
  unary: "an expression",
  primary: "an expression",
  typeAtom: "a type",
  temporal: "an expression, 'always' or 'eventually'",
  checkItem: "a check item ('const', 'expect', 'max', 'ignore' or 'allow')",
  expectItem: "'ok', 'deadlock', 'violation', 'states', 'covered' or 'reached' after 'expect'",
  selector: "'.' or '['",
  exprStmt: "an expression",
};

/** How a found token reads in a message. */
function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "the end of the file";
  return `'${token.image.length > 30 ? token.image.slice(0, 30) + "..." : token.image}'`;
}

function describeExpected(type: TokenType): string {
  // EOF is only ever expected after the last declaration.
  return type === EOF ? "a declaration" : tokenLabel(type);
}

function oneOf(paths: TokenType[][]): string {
  const firsts = [...new Set(paths.filter((p) => p.length > 0).map((p) => describeExpected(p[0])))];
  if (firsts.length === 0) return "something else";
  if (firsts.length === 1) return firsts[0];
  return `one of ${firsts.slice(0, -1).join(", ")} or ${firsts[firsts.length - 1]}`;
}

/** A message provider that words errors for people and counts them against `budget`. */
export function createMessageProvider(budget: ErrorBudget): IParserErrorMessageProvider {
  const spend = () => {
    if (--budget.remaining < 0) throw new TooManySyntaxErrors();
  };
  return {
    buildMismatchTokenMessage({ expected, actual }) {
      spend();
      return `expected ${describeExpected(expected)} but found ${describeToken(actual)}`;
    },
    buildNotAllInputParsedMessage({ firstRedundant }) {
      spend();
      return `expected a declaration but found ${describeToken(firstRedundant)}`;
    },
    buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
      spend();
      const wanted = ruleDescriptions[ruleName] ?? oneOf(expectedPathsPerAlt.flat());
      return `expected ${wanted} but found ${describeToken(actual[0])}`;
    },
    buildEarlyExitMessage({ expectedIterationPaths, actual }) {
      spend();
      return `expected ${oneOf(expectedIterationPaths)} but found ${describeToken(actual[0])}`;
    },
  };
}
