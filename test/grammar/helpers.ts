// Helpers for the grammar tests: parse small snippets in a fixed context and print expressions
// as compact s-expressions, so that a test can state a tree's shape in one line.

import { expect } from "vitest";
import type { Expr, SourceFileNode, Stmt, TypeExpr } from "../../src/ast/ast.js";
import { parseSource } from "../../src/ast/parse.js";

/** Parses a whole file and expects no diagnostics. */
export function parseOk(text: string): SourceFileNode {
  const { ast, diagnostics } = parseSource("test.vmaspec", text);
  expect(diagnostics).toEqual([]);
  expect(ast).toBeDefined();
  return ast!;
}

/** The codes of the diagnostics for a whole file. */
export function codes(text: string): string[] {
  return parseSource("test.vmaspec", text).diagnostics.map((d) => d.code);
}

/** Parses `src` as the value of a constant. */
export function parseExpr(src: string): Expr {
  const decl = parseOk(`spec T\nconst X = ${src}\n`).decls[0];
  if (decl.kind !== "const") throw new Error("not a const");
  return decl.value;
}

/** Parses `src` as the body of an action. */
export function parseStmts(src: string): Stmt[] {
  const decl = parseOk(`spec T\naction A { ${src} }\n`).decls[0];
  if (decl.kind !== "action") throw new Error("not an action");
  return decl.body.stmts;
}

/** Parses `src` as the right-hand side of a type declaration. */
export function parseType(src: string): TypeExpr {
  const decl = parseOk(`spec T\ntype X = ${src}\n`).decls[0];
  if (decl.kind !== "type") throw new Error("not a type");
  return decl.type;
}

/** An expression as an s-expression: `a || b && c` prints as `(|| a (&& b c))`. */
export function sexpr(e: Expr): string {
  const b = (x: { name: { name: string }; domain: Expr }) => `(${x.name.name} ${sexpr(x.domain)})`;
  const all = (es: Expr[]) => es.map(sexpr).join(" ");
  switch (e.kind) {
    case "number":
    case "bool":
      return String(e.value);
    case "string":
      return JSON.stringify(e.value);
    case "name":
      return e.name.name;
    case "none":
    case "self":
      return e.kind;
    case "unary":
      return `(${e.op} ${sexpr(e.operand)})`;
    case "binary":
      return `(${e.op} ${sexpr(e.lhs)} ${sexpr(e.rhs)})`;
    case "at":
      return `(at ${sexpr(e.process)} ${e.step.name})`;
    case "ite":
      return `(if ${sexpr(e.cond)} ${sexpr(e.then)} ${sexpr(e.else)})`;
    case "let":
      return `(let ${e.name.name} ${sexpr(e.value)} ${sexpr(e.body)})`;
    case "quant":
      return `(${e.quantifier} ${e.binders.map(b).join(" ")} ${sexpr(e.body)})`;
    case "pick":
      return `(pick ${b(e.binder)} ${sexpr(e.pred)})`;
    case "fold":
      return `(fold ${e.acc.name} ${sexpr(e.base)} ${b(e.binder)} ${sexpr(e.body)})`;
    case "setLit":
      return `{${all(e.elems)}}`;
    case "setFilter":
      return `(filter ${b(e.binder)} ${sexpr(e.pred)})`;
    case "setMap":
      return `(setmap ${sexpr(e.body)} ${b(e.binder)})`;
    case "seqLit":
      return `[${all(e.elems)}]`;
    case "record":
      return `(record ${e.fields.map((f) => `(${f.name.name} ${sexpr(f.value)})`).join(" ")})`;
    case "field":
      return `(. ${sexpr(e.target)} ${e.name.name})`;
    case "mapLit":
      return `(maplit ${b(e.binder)} ${sexpr(e.body)})`;
    case "index":
      return `([] ${sexpr(e.target)} ${sexpr(e.index)})`;
    case "call":
      return `(call ${[e.callee.name, ...e.args.map(sexpr)].join(" ")})`;
    case "prime":
      return `(' ${sexpr(e.target)})`;
    case "fnSet":
      return `(-> ${sexpr(e.domain)} ${sexpr(e.codomain)})`;
  }
}

/** A deep copy of an AST value without its spans, for comparing shapes with toEqual. */
export function noSpans<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === "span" ? undefined : v)));
}
