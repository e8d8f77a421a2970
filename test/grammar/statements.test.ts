// Statement syntax: assignments, let, control flow, the nondeterministic statements, process
// control (goto, call, return) and calls used as statements. Newlines are not significant and
// `;` between statements is optional.

import { describe, expect, it } from "vitest";
import type { Stmt } from "../../src/ast/ast.js";
import { codes, noSpans, parseStmts, sexpr } from "./helpers.js";

/** A statement list in a compact form: kinds, with targets and values as s-expressions. */
function outline(stmts: Stmt[]): string[] {
  return stmts.map((s) => {
    switch (s.kind) {
      case "assign":
        return `${sexpr(s.target)} ${s.op} ${sexpr(s.value)}`;
      case "let":
        return `let ${s.name.name} = ${sexpr(s.value)}`;
      case "expr":
        return sexpr(s.expr);
      case "goto":
        return `goto ${s.target.name}`;
      case "call":
        return `call ${s.callee.name}(${s.args.map(sexpr).join(", ")})`;
      case "return":
        return s.value ? `return ${sexpr(s.value)}` : "return";
      default:
        return s.kind;
    }
  });
}

const outlineOf = (src: string) => outline(parseStmts(src));

describe("assignments and let", () => {
  it("assigns with =, += and -= to variables, fields, map entries and chains of them", () => {
    expect(outlineOf("x = 1; vmas[v].refcnt += 1\n flag[i] = true  m[a][b].c -= 2")).toEqual([
      "x = 1",
      "(. ([] vmas v) refcnt) += 1",
      "([] flag i) = true",
      "(. ([] ([] m a) b) c) -= 2",
    ]);
  });

  it("parses a let statement, whose value may be a membership test", () => {
    expect(outlineOf("let poured = min(small, BIG - big)\n let b = x in S")).toEqual([
      "let poured = (call min small (- BIG big))",
      "let b = (in x S)",
    ]);
  });

  it("reports an assignment to something that is not a location", () => {
    expect(codes("spec T\naction A { f(x) = 1; 1 += 2 }")).toEqual(["S005", "S005"]);
  });
});

describe("control flow", () => {
  it("parses if, else if and else as nested blocks", () => {
    const [s] = parseStmts("if a { x = 1 } else if b { x = 2 } else { x = 3 }");
    expect(s.kind).toBe("if");
    if (s.kind !== "if") return;
    expect(sexpr(s.cond)).toBe("a");
    expect(outline(s.then.stmts)).toEqual(["x = 1"]);
    const inner = s.else!.stmts[0];
    expect(inner.kind === "if" && [sexpr(inner.cond), outline(inner.else!.stmts)]).toEqual(["b", ["x = 3"]]);
    expect(parseStmts("if c { }")[0]).not.toHaveProperty("else");
  });

  it("parses await, assert with and without a message, and while", () => {
    const [w, a1, a2, loop] = parseStmts(
      'await !flag[1 - i] || turn == i; assert !freed : "freed!"; assert ok; while i < 3 { i += 1 }',
    );
    expect(w.kind === "await" && sexpr(w.cond)).toBe("(|| (! ([] flag (- 1 i))) (== turn i))");
    expect(noSpans(a1)).toMatchObject({ kind: "assert", message: "freed!" });
    expect(a2).not.toHaveProperty("message");
    expect(loop.kind === "while" && outline(loop.body.stmts)).toEqual(["i += 1"]);
  });

  it("parses either with two or more branches and choose with a binder", () => {
    const [e2, e3, ch] = parseStmts(
      "either { x = 1 } or { x = 2 } either { } or { } or { await false } choose v in 0..2 { x = v }",
    );
    expect(e2.kind === "either" && e2.branches.map((b) => outline(b.stmts))).toEqual([["x = 1"], ["x = 2"]]);
    expect(e3.kind === "either" && e3.branches.length).toBe(3);
    expect(
      ch.kind === "choose" && [ch.binder.name.name, sexpr(ch.binder.domain), outline(ch.body.stmts)],
    ).toEqual(["v", "(.. 0 2)", ["x = v"]]);
  });

  it("requires at least one `or` after `either`", () => {
    expect(codes("spec T\naction A { either { } }")).toEqual(["S002"]);
  });
});

describe("goto, call, return and calls as statements", () => {
  it("parses `call p(); goto L` as two statements", () => {
    expect(outlineOf("call p(); goto L")).toEqual(["call p()", "goto L"]);
    expect(outlineOf("call lock(v, 1) goto L")).toEqual(["call lock(v, 1)", "goto L"]);
  });

  it("parses return with and without a value", () => {
    expect(outlineOf("if c { return false } return")).toEqual(["if", "return"]);
    expect(outlineOf("return true")).toEqual(["return true"]);
  });

  it("parses a macro call used as a statement", () => {
    expect(outlineOf("vma_end_read(the(v)); goto lookup")).toEqual([
      "(call vma_end_read (call the v))",
      "goto lookup",
    ]);
  });

  it("makes semicolons optional and newlines insignificant", () => {
    expect(outlineOf("if c { a() } return")).toEqual(["if", "return"]);
    expect(outlineOf("x = 1; y = 2")).toEqual(["x = 1", "y = 2"]);
    expect(outlineOf("x\n=\n1 y = 2;;")).toEqual(["x = 1", "y = 2"]);
  });

  it("reports an expression other than a call used as a statement", () => {
    expect(codes("spec T\naction A { x == 1 }")).toEqual(["S005"]);
  });
});
