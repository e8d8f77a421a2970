// Syntax errors with hints: the parser stops at the token after the mistake, so each hint reads
// the token, its neighbours and the rule the parser was in. One error per mistake: a complaint
// that only follows from an earlier one on its line (the recovered tree's S005, the token after
// an unreadable character) is not reported.

import { describe, expect, it } from "vitest";
import { parseSource } from "../../src/ast/parse.js";

/** `line:col CODE message` and the hint of each diagnostic of `text`. */
function report(text: string): string[] {
  return parseSource("h.vmaspec", text).diagnostics.map(
    (d) => `${d.span?.line}:${d.span?.col} ${d.code} ${d.message}${d.hint ? ` | ${d.hint}` : ""}`,
  );
}

const step = (body: string) => `spec S\nprocess P {\n  step s { ${body} }\n}\n`;

describe("syntax hints", () => {
  it("answers the mistakes of a first hour with the tutorial, one error each", () => {
    expect(report("var x: 0..3 = 0")).toEqual([
      "1:1 S002 expected 'spec' or 'module' but found 'var' | a file starts with 'spec Name' (a spec) or 'module name' (a library)",
    ]);
    expect(report(step("if x == 1 { x = 2 } elif x == 2 { x = 3 }"))).toEqual([
      "3:48 S002 expected '}' but found '=' | write 'else if' for 'elif'",
    ]);
    expect(report(step("either { x = 1 } { x = 2 }"))).toEqual([
      "3:29 S002 expected 'or' but found '{' | separate the branches with 'or': 'either { ... } or { ... }'",
    ]);
    expect(report(step("call p"))).toEqual([
      "3:19 S002 expected '(' but found '}' | a proc call needs parentheses: 'call p()'",
    ]);
    expect(report(step('assert x == 1, "bad"'))).toEqual([
      "3:25 S002 expected '}' but found ',' | an assert's message follows a colon: 'assert e : \"message\"'",
    ]);
    expect(report("spec S\ncheck d { expect ok; max depth = 3 }")).toEqual([
      "2:32 S002 expected a number but found '=' | write 'max depth N', without '='",
    ]);
  });

  it("says to compare with '==' where '=' stands in an expression, once", () => {
    expect(report(step("await x = 0; x = 1"))).toEqual([
      "3:20 S002 expected '}' but found '=' | use '==' to compare: '=' assigns, and only as a statement of its own",
    ]);
    expect(report("spec S\ninvariant I: x === false")).toEqual([
      "2:18 S002 expected an expression but found '=' | '===' is not an operator: write '=='",
    ]);
  });

  it("reads always (P => eventually Q) as a temporal formula, not an implication", () => {
    expect(report("spec S\nproperty L: always (x == 0 => eventually x == 1)")).toEqual([]);
  });

  it("says that a keyword cannot be a name", () => {
    expect(report("spec S\nvar when: 0..3 = 0")).toEqual([
      "2:5 S002 expected a name but found 'when' | 'when' is a keyword and cannot be a name: choose another name",
    ]);
    expect(report("spec S\nprocess P { step when { } }")).toEqual([
      "2:18 S002 expected one of a name or 'check' but found 'when' | 'when' is a keyword and cannot be a name: choose another name",
    ]);
  });

  it("takes type, pick and fair as names where no form they start can stand", () => {
    const spec =
      "spec S\nvar pick: { type: 0..1 } = { type: 0 }\nfair process P { step type { pick.type = 1; goto fair } step fair { await (pick x in 0..1: x == pick.type) == 1 } }\ncheck pick { expect ok }";
    expect(report(spec)).toEqual([]);
  });

  it("answers habits from other languages", () => {
    expect(report(step("x := 1"))).toEqual([
      "3:14 S002 expected '}' but found ':' | ':=' is not an operator: assign with '='",
    ]);
    expect(report(step("x++"))).toEqual([
      "3:14 S002 expected an expression but found '+' | '++' is not an operator: write 'x += 1'",
    ]);
    expect(report("spec S\ninvariant I: x < 2 and x >= 0")).toEqual([
      "2:20 S002 expected a declaration but found 'and' | write '&&' for 'and'",
    ]);
    expect(report("spec S\ninvariant I: x < 2 & x >= 0")).toEqual([
      "2:20 S001 unexpected character '&' | write '&&' for 'and'",
    ]);
    expect(report("spec S\ninvariant I: x ≤ 2")).toEqual(["2:16 S001 unexpected character '≤' | write '<='"]);
    expect(report(step("if (x == 0) x = 1"))[0]).toBe(
      "3:24 S002 expected '{' but found 'x' | the body is a block in braces, and the condition needs no parentheses: 'if c { ... }'",
    );
  });

  it("shows the forms of declarations the tutorial uses", () => {
    expect(report("spec S\nproces T[t in 1..2] { step a { } }")).toEqual([
      "2:1 S002 expected a declaration but found 'proces' | did you mean 'process'?",
    ]);
    expect(report("spec S\nprocess T(t in 1..2) { step a { } }")).toEqual([
      "2:10 S002 expected '{' but found '(' | a process array is written with brackets: 'process P[i in 1..N] { ... }'",
    ]);
    expect(report("spec S\nvar f: [1..2 -> bool] = [i in 1..2: false]")).toEqual([
      "2:35 S002 expected ']' but found ':' | a map literal is written '[k in K |-> e]'",
    ]);
    expect(report("spec S\ncheck c { expect ok, expect states 3 }")).toEqual([
      "2:20 S002 expected '}' but found ',' | separate check items with ';' or a new line",
    ]);
    expect(report("spec S\nprocess P { step s { }; step t { } }")).toEqual([
      "2:23 S002 expected '}' but found ';' | ';' separates statements inside a step; remove it between steps",
    ]);
  });
});
