// Declaration syntax: file headers, imports, every kind of declaration, types as written and the
// items of check blocks. Shapes are compared without spans (spans.test.ts covers those).

import { describe, expect, it } from "vitest";
import { codes, noSpans, parseOk, parseType, sexpr } from "./helpers.js";

const decl = (src: string) => noSpans(parseOk(`spec T\n${src}\n`).decls[0]);
const id = (name: string) => ({ name });
const named = (name: string) => ({ kind: "named", name: id(name) });
const num = (value: number) => ({ kind: "number", value });

describe("files", () => {
  it("reads a spec header, a module header and both kinds of import", () => {
    const spec = parseOk('spec Peterson\nimport vma_lock\nimport "./lib/queue.vmaspec"\nconst A = 1');
    expect(noSpans(spec.header)).toEqual({ kind: "spec", name: id("Peterson") });
    expect(noSpans(spec.imports)).toEqual([
      { kind: "import", target: { kind: "stdlib", name: "vma_lock" } },
      { kind: "import", target: { kind: "path", path: "./lib/queue.vmaspec" } },
    ]);
    expect(noSpans(parseOk("module vma_lock").header)).toEqual({ kind: "module", name: id("vma_lock") });
  });
});

describe("constants, types and variables", () => {
  it("parses const and var declarations with `=` and with `in`", () => {
    expect(decl("const READERS = 2")).toEqual({ kind: "const", name: id("READERS"), value: num(2) });
    expect(decl("var owner: Slot in {0, 1}")).toMatchObject({
      kind: "var",
      type: named("Slot"),
      initIn: true,
    });
    expect(decl("var big: 0..BIG = 0")).toMatchObject({ kind: "var", init: num(0), initIn: false });
  });

  it("parses named, range, enum, record and map types", () => {
    expect(noSpans(parseType("bool"))).toEqual(named("bool"));
    const range = parseType("0..2*LOCK_OFFSET-1");
    expect(range.kind === "range" && `${sexpr(range.lo)} ${sexpr(range.hi)}`).toBe(
      "0 (- (* 2 LOCK_OFFSET) 1)",
    );
    expect(noSpans(parseType("enum { Attached, Detached, Freed }"))).toEqual({
      kind: "enum",
      members: [id("Attached"), id("Detached"), id("Freed")],
    });
    expect(noSpans(parseType("{ refcnt: 0..15, phase: Phase }"))).toEqual({
      kind: "record",
      fields: [
        { name: id("refcnt"), type: { kind: "range", lo: num(0), hi: num(15) } },
        { name: id("phase"), type: named("Phase") },
      ],
    });
    expect(noSpans(parseType("[Slot -> Vma]"))).toEqual({
      kind: "map",
      key: named("Slot"),
      value: named("Vma"),
    });
  });

  it("parses set, sequence and optional types", () => {
    expect(noSpans(parseType("set<Slot>"))).toEqual({ kind: "set", elem: named("Slot") });
    expect(decl("var readers: set<Slot> = {}")).toMatchObject({
      type: { kind: "set" },
      init: { kind: "setLit" },
    });
    expect(noSpans(parseType("seq<0..2, 3>"))).toEqual({
      kind: "seq",
      elem: { kind: "range", lo: num(0), hi: num(2) },
      bound: num(3),
    });
    expect(noSpans(parseType("[0..7 -> Slot?]"))).toMatchObject({
      kind: "map",
      value: { kind: "option", inner: named("Slot") },
    });
  });

  it("reports a type that is an expression other than a name or a range", () => {
    expect(codes("spec T\ntype X = f(1)")).toEqual(["S005"]);
  });
});

describe("functions, macros, procs and actions", () => {
  it("parses a fn with parameters, a result type and an expression body", () => {
    expect(decl("fn is_locked(v: Slot): bool = vmas[v].lock_seq == mm_lock_seq")).toMatchObject({
      kind: "fn",
      name: id("is_locked"),
      params: [{ name: id("v"), type: named("Slot") }],
      result: named("bool"),
      body: { kind: "binary", op: "==" },
    });
  });

  it("parses a macro with and without a result type", () => {
    const withResult = decl("macro try_get(c: 0..15): bool { c += 1; return true }");
    expect(withResult).toMatchObject({ kind: "macro", result: named("bool") });
    expect(withResult.kind === "macro" && withResult.body.stmts.map((s) => s.kind)).toEqual([
      "assign",
      "return",
    ]);
    expect(decl("macro put(c: 0..15) { c -= 1 }")).not.toHaveProperty("result");
  });

  it("parses a proc with parameters, locals and steps", () => {
    const proc = decl("proc lock(v: Slot) { var tries: 0..3 = 0\n step a { tries += 1 } step b { return } }");
    expect(proc).toMatchObject({
      kind: "proc",
      params: [{ name: id("v") }],
      locals: [{ kind: "var", name: id("tries") }],
      steps: [{ name: id("a") }, { name: id("b") }],
    });
  });

  it("parses actions with comma-separated binder parameters, with `()` and without", () => {
    expect(decl("action Lookup(t in Rid, v in Vid) { }")).toMatchObject({
      kind: "action",
      params: [
        { name: id("t"), domain: { kind: "name", name: id("Rid") } },
        { name: id("v"), domain: { kind: "name", name: id("Vid") } },
      ],
    });
    expect(decl("action Tick() { }")).toMatchObject({ params: [] });
    expect(decl("action Tick { }")).toMatchObject({ params: [], body: { stmts: [] } });
  });
});

describe("processes", () => {
  it("parses a single-instance process with locals and steps", () => {
    const p = decl(
      "process Writer { var cycle: 0..2 = 0\n var seen: bool = false\n step enter { } step wait { } }",
    );
    expect(p).toMatchObject({ kind: "process", name: id("Writer"), fair: false, symmetric: false });
    expect(p).not.toHaveProperty("index");
    expect(p).not.toHaveProperty("guard");
    expect(p.kind === "process" && [p.locals.length, p.steps.map((s) => s.name.name)]).toEqual([
      2,
      ["enter", "wait"],
    ]);
  });

  it("parses a process array's index binder", () => {
    const p = parseOk("spec T\nprocess Reader[r in 1..READERS] { step s { } }").decls[0];
    expect(p.kind === "process" && p.index && `${p.index.name.name} ${sexpr(p.index.domain)}`).toBe(
      "r (.. 1 READERS)",
    );
  });

  it("reads the fair and symmetric prefixes in either order", () => {
    expect(decl("fair process P { step s { } }")).toMatchObject({ fair: true, symmetric: false });
    expect(decl("symmetric process P[i in 0..1] { step s { } }")).toMatchObject({
      fair: false,
      symmetric: true,
    });
    expect(decl("symmetric fair process P[i in 0..1] { step s { } }")).toMatchObject({
      fair: true,
      symmetric: true,
    });
  });

  it("parses a process-level `when` guard", () => {
    const p = parseOk("spec T\nfair process Irq[c in 0..1] when irqs_enabled[c] { step s { } }").decls[0];
    expect(p.kind === "process" && p.guard && sexpr(p.guard)).toBe("([] irqs_enabled c)");
  });

  it("accepts `check` as a step name", () => {
    expect(decl("process P { step check { goto check } }")).toMatchObject({
      steps: [{ name: id("check"), body: { stmts: [{ kind: "goto", target: id("check") }] } }],
    });
  });
});

describe("invariants, properties and constraints", () => {
  it("parses invariants and constraints as a name and an expression", () => {
    expect(decl("invariant NoRefOnFreed: freed => refcnt == 0")).toMatchObject({
      kind: "invariant",
      name: id("NoRefOnFreed"),
      body: { kind: "binary", op: "=>" },
    });
    expect(decl("constraint SmallQueue: len(queue) <= 2")).toMatchObject({
      kind: "constraint",
      body: { op: "<=" },
    });
  });

  it("parses leads-to, always eventually, always and eventually properties", () => {
    expect(decl("property P: Munmap at wait ~> Munmap at free")).toMatchObject({
      kind: "property",
      body: { kind: "leadsTo", lhs: { kind: "at" }, rhs: { kind: "at" } },
    });
    expect(decl("property P: always eventually done")).toMatchObject({
      body: { kind: "always", body: { kind: "eventually", body: { kind: "state", expr: { kind: "name" } } } },
    });
    expect(decl("property P: always x > 0")).toMatchObject({
      body: { kind: "always", body: { kind: "state" } },
    });
    expect(decl("property P: eventually x > 0")).toMatchObject({ body: { kind: "eventually" } });
  });
});

describe("check blocks", () => {
  it("parses check items of every kind, with and without semicolons", () => {
    const check = decl(`check all {
      const READERS = 3; expect ok; expect deadlock
      expect violation; expect violation NoReadAfterFree; expect violation assert; expect violation runtime
      expect states 286; max depth 40; max states 1000000; ignore A, B; allow deadlock
    }`);
    expect(check).toEqual({
      kind: "check",
      name: id("all"),
      items: [
        { kind: "const", name: id("READERS"), value: num(3) },
        { kind: "expect", verdict: "ok" },
        { kind: "expect", verdict: "deadlock" },
        { kind: "expectViolation" },
        { kind: "expectViolation", target: id("NoReadAfterFree") },
        { kind: "expectViolation", target: id("assert") },
        { kind: "expectViolation", target: id("runtime") },
        { kind: "expectStates", count: 286 },
        { kind: "maxDepth", value: 40 },
        { kind: "maxStates", value: 1000000 },
        { kind: "ignore", names: [id("A"), id("B")] },
        { kind: "allowDeadlock" },
      ],
    });
  });

  it("parses coverage requirements: `expect covered` and `expect reached` with dotted step names", () => {
    expect(
      decl("check c { expect ok; expect covered; expect reached Send, Reader.get, W.lock.retry }"),
    ).toEqual({
      kind: "check",
      name: id("c"),
      items: [
        { kind: "expect", verdict: "ok" },
        { kind: "expectCovered" },
        { kind: "expectReached", names: [id("Send"), id("Reader.get"), id("W.lock.retry")] },
      ],
    });
    // `covered` and `reached` stay names elsewhere.
    expect(decl("check c { expect violation reached }")).toMatchObject({
      items: [{ kind: "expectViolation", target: id("reached") }],
    });
  });

  it("does not take the next item's keyword for the target of `expect violation`", () => {
    expect(decl("check c { expect violation max depth 3 }")).toMatchObject({
      items: [{ kind: "expectViolation" }, { kind: "maxDepth", value: 3 }],
    });
    expect(decl("check c { expect violation ignore A }")).toMatchObject({
      items: [{ kind: "expectViolation" }, { kind: "ignore" }],
    });
  });
});
