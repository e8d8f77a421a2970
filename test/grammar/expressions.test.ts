// Expression syntax: precedence, associativity, the constructs that extend to the right, and how
// braces and brackets are told apart. Trees are compared as s-expressions (see helpers.ts).

import { describe, expect, it } from "vitest";
import { codes, parseExpr, sexpr } from "./helpers.js";

const tree = (src: string) => sexpr(parseExpr(src));

describe("operator precedence", () => {
  it("gives && precedence over ||", () => {
    expect(tree("a || b && c")).toBe("(|| a (&& b c))");
    expect(tree("a && b || c")).toBe("(|| (&& a b) c)");
  });

  it("binds ! tighter than ||", () => {
    expect(tree("!x || y")).toBe("(|| (! x) y)");
    expect(tree("!(x || y)")).toBe("(! (|| x y))");
  });

  it("makes => the loosest operator and right-associative", () => {
    expect(tree("a => b => c")).toBe("(=> a (=> b c))");
    expect(tree("a || b => c && d")).toBe("(=> (|| a b) (&& c d))");
  });

  it("reads x in 0..3 as a membership test in a range", () => {
    expect(tree("x in 0..3")).toBe("(in x (.. 0 3))");
  });

  it("binds set operators tighter than comparisons and looser than ranges", () => {
    expect(tree("x in S union 0..3")).toBe("(in x (union S (.. 0 3)))");
    expect(tree("S minus T intersect U == {}")).toBe("(== (intersect (minus S T) U) {})");
  });

  it("reads range bounds as sums and gives * / % precedence over + -, all left-associative", () => {
    expect(tree("0..2*N-1")).toBe("(.. 0 (- (* 2 N) 1))");
    expect(tree("a - b - c * d % e")).toBe("(- (- a b) (% (* c d) e))");
  });

  it("binds prefix operators tighter than binary ones and postfix ones tighter still", () => {
    expect(tree("-a * b")).toBe("(* (- a) b)");
    expect(tree("!m[k].f")).toBe("(! (. ([] m k) f))");
  });

  it("reads comparisons as non-associative", () => {
    expect(tree("a + 1 <= b")).toBe("(<= (+ a 1) b)");
    expect(codes("spec T\nconst X = a == b == c")).toEqual(["S002"]);
  });
});

describe("names, calls, fields and indexes", () => {
  it("parses field, index and call chains", () => {
    expect(tree("Reader[2].v")).toBe("(. ([] Reader 2) v)");
    expect(tree("vmas[the(v)].refcnt")).toBe("(. ([] vmas (call the v)) refcnt)");
    expect(tree("f()")).toBe("(call f)");
    expect(tree("min(small, BIG - big)")).toBe("(call min small (- BIG big))");
  });

  it("treats soft keywords as ordinary names", () => {
    expect(tree("max(a, b) + ok + states + set + seq + depth")).toBe(
      "(+ (+ (+ (+ (+ (call max a b) ok) states) set) seq) depth)",
    );
  });

  it("reads `P at s` and `P[i] at s` with `at` at the level of comparisons", () => {
    expect(tree("Writer at modify")).toBe("(at Writer modify)");
    expect(tree("!(P[0] at critical && P[1] at check)")).toBe(
      "(! (&& (at ([] P 0) critical) (at ([] P 1) check)))",
    );
  });
});

describe("literals", () => {
  it("parses decimal and hex numbers, booleans, strings, none and self", () => {
    expect(tree("{0x1F, 42, true, false, none, self}")).toBe("{31 42 true false none self}");
    expect(parseExpr('"a \\"quoted\\" \\n word"')).toMatchObject({
      kind: "string",
      value: 'a "quoted" \n word',
    });
  });

  it("tells set literals, filters, map comprehensions and records apart", () => {
    expect(tree("{}")).toBe("{}");
    expect(tree("{1, 2}")).toBe("{1 2}");
    expect(tree("{x in S: x > 1}")).toBe("(filter (x S) (> x 1))");
    expect(tree("{x * 2 : x in S}")).toBe("(setmap (* x 2) (x S))");
    expect(tree("{ f: 1, g: true }")).toBe("(record (f 1) (g true))");
    expect(tree("{ f: 1 }")).toBe("(record (f 1))");
  });

  it("reads a record field holding a membership test only when parenthesised", () => {
    expect(tree("{f: x in S}")).toBe("(setmap f (x S))");
    expect(tree("{f: (x in S)}")).toBe("(record (f (in x S)))");
    expect(tree("{(x in S), y}")).toBe("{(in x S) y}");
  });

  it("parses sequence literals and map literals", () => {
    expect(tree("[]")).toBe("[]");
    expect(tree("[a, b + 1]")).toBe("[a (+ b 1)]");
    expect(tree("[x in S]")).toBe("[(in x S)]");
    expect(tree("[s in Slot |-> { refcnt: 0, phase: Detached }]")).toBe(
      "(maplit (s Slot) (record (refcnt 0) (phase Detached)))",
    );
  });
});

describe("constructs that extend to the right", () => {
  it("parses let without parentheses, ending its value before `in`", () => {
    expect(tree("let x = a + 1 in x * 2")).toBe("(let x (+ a 1) (* x 2))");
    expect(tree("let b = (x in S) in b")).toBe("(let b (in x S) b)");
    expect(tree("let x = if c then a else b in x")).toBe("(let x (if c a b) x)");
  });

  it("lets the bodies of if-then-else, let and quantifiers extend as far right as possible", () => {
    expect(tree("if c then a else b || d")).toBe("(if c a (|| b d))");
    expect(tree("a && forall x in S, y in T: p || q")).toBe("(&& a (forall (x S) (y T) (|| p q)))");
    expect(tree("exists r in 1..N: Reader[r] at read")).toBe("(exists (r (.. 1 N)) (at ([] Reader r) read))");
  });

  it("parses pick as a binder and a predicate", () => {
    expect(tree("pick x in S: x > 0 && x < 3")).toBe("(pick (x S) (&& (> x 0) (< x 3)))");
  });
});

describe("primes and function sets", () => {
  it("reads a prime as a selector, binding tighter than any operator", () => {
    expect(tree("x' >= x")).toBe("(>= (' x) x)");
    expect(tree("-r.f' + m[k]'")).toBe("(+ (- (' (. r f))) (' ([] m k)))");
    expect(tree("(P[1] at b)' || x")).toBe("(|| (' (at ([] P 1) b)) x)");
  });

  it("reads [K -> S] as a function set, and [a, b] and [k in K |-> e] as before", () => {
    expect(tree("[Node -> 0..1]")).toBe("(-> Node (.. 0 1))");
    expect(tree("[a, b]")).toBe("[a b]");
  });
});
