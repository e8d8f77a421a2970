// Syntax errors as data: every lexer and parser complaint becomes a diagnostic with a stable code
// and a span; one run reports every mistake in a file; no input makes parseSource throw, and
// junk input is cut off after MAX_ERRORS diagnostics.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_ERRORS, parseSource } from "../../src/ast/parse.js";

const acceptance = path.resolve(import.meta.dirname, "../../specs");

/** Diagnostics as `line:col CODE message` lines. */
function report(text: string): string[] {
  const { diagnostics } = parseSource("bad.vmaspec", text);
  return diagnostics.map((d) => `${d.span?.line}:${d.span?.col} ${d.code} ${d.message}`);
}

describe("syntax errors", () => {
  it("reports every syntax error in one run", () => {
    const text = [
      "spec T",
      "var x: 0..3 = 0",
      "action A { x = }", // missing value
      "action B { x = 1 +* 2 }", // operator without operand
      "invariant I: x <", // comparison without right side
      "check c { expect ok }",
    ].join("\n");
    const { ast, diagnostics } = parseSource("bad.vmaspec", text);
    expect(ast).toBeUndefined();
    expect(report(text)).toEqual([
      "3:16 S002 expected an expression but found '}'",
      "4:19 S002 expected an expression but found '*'",
      "6:1 S002 expected an expression but found 'check'",
    ]);
    expect(diagnostics[0].span).toEqual({ file: "bad.vmaspec", start: 38, end: 39, line: 3, col: 16 });
  });

  it("names the expected and the found token", () => {
    const text = "spec T\nprocess P {\n  step a { x = 1\n  step b { }\n}";
    expect(report(text)).toEqual(["4:3 S002 expected '}' but found 'step'"]);
    expect(report("spec T\ncheck c { expect maybe }")).toEqual([
      "2:18 S002 expected 'ok', 'deadlock', 'violation', 'states', 'covered' or 'reached' after 'expect' but found 'maybe'",
    ]);
    expect(report("const A = 1")).toEqual(["1:1 S002 expected 'spec' or 'module' but found 'const'"]);
    expect(report("spec T\n}\nconst A = 1")).toEqual(["2:1 S002 expected a declaration but found '}'"]);
  });

  it("locates the error in a spec truncated in the middle of a step at the end of the file", () => {
    const full = readFileSync(path.join(acceptance, "vma_refcount.vmaspec"), "utf8");
    const cut = full.indexOf("step wait") + 30; // inside `await refcnt == LOCK_OFFSET + 1`
    const { ast, diagnostics } = parseSource("cut.vmaspec", full.slice(0, cut));
    expect(ast).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(["S002"]);
    expect(diagnostics[0].message).toBe("expected an expression but found the end of the file");
    expect(diagnostics[0].span).toMatchObject({ start: cut, end: cut, line: 37 });
  });

  it("never throws on any prefix of an acceptance spec, and always locates its errors", () => {
    const full = readFileSync(path.join(acceptance, "vma_refcount.vmaspec"), "utf8");
    for (let cut = 0; cut < full.length; cut += 3) {
      const { diagnostics } = parseSource("cut.vmaspec", full.slice(0, cut));
      for (const d of diagnostics) {
        expect(d.span, `cut at ${cut}`).toBeDefined();
        expect(d.span!.end).toBeLessThanOrEqual(cut);
      }
    }
  });

  it("reports characters that start no token as S001, and not the token after them again", () => {
    expect(report("spec T\nconst A = 1 # 2\nconst B = 3 @@ 4")).toEqual([
      "2:13 S001 unexpected character '#'",
      "3:13 S001 unexpected characters '@@'",
    ]);
    expect(parseSource("f", "spec T\u0001").diagnostics[0]).toMatchObject({
      code: "S001",
      message: "unexpected character 'U+0001'",
      span: { start: 6, end: 7 },
    });
  });

  it("reports an unterminated string and an unterminated block comment as S003", () => {
    expect(report('spec T\naction A { assert x : "oops }\n}\n/* never closed\nconst A = 1')).toEqual([
      "2:23 S003 unterminated string: no closing '\"' on this line",
      "3:1 S002 expected a string but found '}'",
      "4:1 S003 unterminated block comment: no closing '*/'",
    ]);
  });

  it("reports a brace expression that is neither a set, a record nor a comprehension as S004", () => {
    expect(report("spec T\nconst A = {a, f: b}\nconst B = [1 |-> 2]\nconst C = {x in S: p, y}")).toEqual([
      "2:11 S004 cannot tell what this brace expression is: write a set `{a, b}`, a record `{f: e, g: e}`, " +
        "a filter `{x in S: p}` or a map comprehension `{e : x in S}`",
      "3:12 S004 a map literal starts with a binder: `[k in K |-> e]`",
      "4:11 S004 cannot tell what this brace expression is: write a set `{a, b}`, a record `{f: e, g: e}`, " +
        "a filter `{x in S: p}` or a map comprehension `{e : x in S}`",
    ]);
  });

  it("reports `at` after something other than a process or a process instance as S005", () => {
    expect(report("spec T\ninvariant I: (a + b) at s")).toEqual([
      "2:14 S005 'at' needs a process or a process instance (`P` or `P[i]`) on its left",
    ]);
  });

  it("reports a number too large to represent as S006", () => {
    expect(report("spec T\nconst A = 99999999999999999999")).toEqual([
      "2:11 S006 the number 99999999999999999999 is too large",
    ]);
  });

  it("reports nesting too deep to parse as S007 instead of throwing", () => {
    const { ast, diagnostics } = parseSource(
      "deep.vmaspec",
      `spec T\nconst A = ${"(".repeat(5000)}1${")".repeat(5000)}`,
    );
    expect(ast).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(["S007"]);
    expect(diagnostics[0].span).toBeDefined();
  });

  it("parses sixty nested parentheses", () => {
    expect(
      parseSource("deep.vmaspec", `spec T\nconst A = ${"(".repeat(60)}1${")".repeat(60)}`).diagnostics,
    ).toEqual([]);
  });
});

describe("the error cap", () => {
  it(`stops after ${MAX_ERRORS} errors with a final note`, () => {
    const text = "spec T\n" + "const = 1\n".repeat(200);
    const { diagnostics } = parseSource("many.vmaspec", text);
    expect(diagnostics).toHaveLength(MAX_ERRORS + 1);
    expect(diagnostics.slice(0, -1).every((d) => d.code === "S002")).toBe(true);
    expect(diagnostics[MAX_ERRORS - 1].span?.line).toBe(MAX_ERRORS + 1);
    expect(diagnostics.at(-1)).toMatchObject({ code: "S008", severity: "warning" });
  });

  it("finishes on a megabyte of random bytes (seed 20241218) with at most the capped diagnostics", () => {
    let seed = 20241218;
    const bytes = Buffer.alloc(1 << 20);
    for (let i = 0; i < bytes.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    for (const encoding of ["latin1", "utf8"] as const) {
      const { ast, diagnostics } = parseSource("random.vmaspec", bytes.toString(encoding));
      expect(ast).toBeUndefined();
      expect(diagnostics.length).toBeLessThanOrEqual(MAX_ERRORS + 1);
      expect(diagnostics.at(-1)?.code).toBe("S008");
      expect(diagnostics.every((d) => d.span !== undefined)).toBe(true);
    }
  });

  it("finishes on a megabyte of well-formed tokens in a senseless order", () => {
    const words = [
      "spec",
      "x",
      "{",
      "}",
      "(",
      ")",
      "step",
      "process",
      "=",
      "+",
      "1",
      "in",
      "if",
      ":",
      ",",
      "[",
    ];
    const text = Array.from({ length: 250_000 }, (_, i) => words[(i * 7919) % words.length]).join(" ");
    const { diagnostics } = parseSource("junk.vmaspec", text);
    expect(diagnostics.at(-1)?.code).toBe("S008");
  });
});
