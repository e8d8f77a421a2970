// Spans: every AST node carries the file, its 0-based start and exclusive end offsets, and the
// 1-based line and column of its start. Checked node by node on the acceptance specs and on
// a few constructs whose extent is easy to get wrong (parentheses, prefixes, postfix chains).

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Span } from "../../src/diagnostics/diagnostic.js";
import { parseSource } from "../../src/ast/parse.js";
import { parseOk } from "./helpers.js";

const acceptance = path.resolve(import.meta.dirname, "../../specs");
const read = (name: string) => readFileSync(path.join(acceptance, name), "utf8");

/** Every span in an AST value, with the node that carries it. */
function allSpans(value: unknown, out: { node: Record<string, unknown>; span: Span }[] = []) {
  if (Array.isArray(value)) value.forEach((v) => allSpans(v, out));
  else if (value !== null && typeof value === "object") {
    const node = value as Record<string, unknown>;
    if (node.span) out.push({ node, span: node.span as Span });
    for (const [k, v] of Object.entries(node)) if (k !== "span") allSpans(v, out);
  }
  return out;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

describe("spans", () => {
  it.each(["diehard.vmaspec", "peterson.vmaspec", "vma_refcount.vmaspec"])(
    "gives every node of %s a non-empty span whose line and column match its offset",
    (name) => {
      const text = read(name);
      const { ast } = parseSource(name, text);
      const spans = allSpans(ast);
      expect(spans.length).toBeGreaterThan(100);
      for (const { node, span } of spans) {
        expect(span.file).toBe(name);
        expect(0 <= span.start && span.start < span.end && span.end <= text.length).toBe(true);
        expect({ line: span.line, col: span.col }).toEqual(lineCol(text, span.start));
        // Names cover exactly their text; other nodes start and end on a token, never on a blank.
        if (typeof node.name === "string") expect(text.slice(span.start, span.end)).toBe(node.name);
        expect(text.slice(span.start, span.end)).toBe(text.slice(span.start, span.end).trim());
      }
    },
  );

  it("locates the invariant of the Die Hard spec and its body", () => {
    const text = read("diehard.vmaspec");
    const inv = parseOk(text).decls.find((d) => d.kind === "invariant")!;
    expect(inv.span).toMatchObject({ line: 28, col: 1 });
    expect(text.slice(inv.span.start, inv.span.end)).toBe("invariant NotSolved: big != 4");
    expect(inv.kind === "invariant" && inv.body.span).toMatchObject({ line: 28, col: 22, end: inv.span.end });
  });

  it("locates a step, its block and its await statement in Peterson's spec", () => {
    const text = read("peterson.vmaspec");
    const p = parseOk(text).decls.find((d) => d.kind === "process")!;
    const wait = p.kind === "process" ? p.steps[2] : undefined;
    expect(wait?.name.span).toMatchObject({ line: 12, col: 8 });
    expect(text.slice(wait!.span.start, wait!.span.end)).toBe(
      "step wait     { await !flag[1 - i] || turn == i }",
    );
    expect(text.slice(wait!.body.span.start, wait!.body.span.end)).toBe(
      "{ await !flag[1 - i] || turn == i }",
    );
    expect(wait!.body.stmts[0].span).toMatchObject({ line: 12, col: 19 });
  });

  it("includes parentheses, prefixes, call arguments and postfix chains in the spans of expressions", () => {
    const text = "spec T\nconst X = (a + b) * -f(c, d)[k].g";
    const c = parseOk(text).decls[0];
    const value = c.kind === "const" ? c.value : undefined;
    const show = (s: Span) => text.slice(s.start, s.end);
    expect(value?.kind).toBe("binary");
    if (value?.kind !== "binary") return;
    expect(show(value.span)).toBe("(a + b) * -f(c, d)[k].g");
    expect(show(value.lhs.span)).toBe("(a + b)");
    expect(show(value.rhs.span)).toBe("-f(c, d)[k].g");
    expect(value.rhs.kind === "unary" && show(value.rhs.operand.span)).toBe("f(c, d)[k].g");
  });

  it("starts a process's span at its fair or symmetric prefix", () => {
    const text = "spec T\n\n  fair symmetric process P { step s { } }";
    const p = parseOk(text).decls[0];
    expect(p.span).toMatchObject({ line: 3, col: 3, start: 10, end: text.length });
  });
});
