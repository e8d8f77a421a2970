// Values crossing from one type into another of the same shape: a set is a bit mask over its
// element range, so a value must be re-laid out wherever it enters a place declared over another
// universe (fn and macro arguments and results, proc results, branches of `if`), and checked
// where that place is narrower. The fixtures test/fixtures/lang/boundary_*.vmaspec cover the
// boundaries the reference interpreter also knows; this file covers the rest through check runs in this process.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { specDir } from "../helpers/cli.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";
import { check } from "../checks/run.js";

const spec = (body: string) => ({ "main.vmaspec": body });

describe("values crossing a type boundary", () => {
  it("meets an invariant over a fn result declared over a wider set (issue 12)", async () => {
    const { code, runs } = await check(
      spec(`spec R
var x: 0..1 = 0
fn F(): set<1..6> = 4..6
invariant A: 5 in F()
action Noop { x = 0 }
`),
    );
    expect(runs[0]).toMatchObject({
      met: true,
      outcome: "ok",
      stats: { distinctStates: 1 },
    });
    expect(code).toBe(0);
  });

  it("meets an invariant over a fn argument of a shifted set type (issue 12)", async () => {
    const { code, runs } = await check(
      spec(`spec R
var x: 0..1 = 0
var t: set<4..6> = {4}
fn G(s: set<1..6>): bool = 4 in s
invariant A: G(t)
action Noop { x = 0 }
`),
    );
    expect(runs[0]).toMatchObject({ met: true, outcome: "ok" });
    expect(code).toBe(0);
  });

  it("stores a proc result declared over one universe at a location over another", async () => {
    const { runs } = await check(
      spec(`spec R
var t: set<4..6> = {4}
var got: set<0..9> = {}
var rec: { s: set<2..7> } = { s: {} }
proc grow(s: set<1..8>): set<3..9> { step look { return s union {9} } }
proc wrap(s: set<4..6>): { s: set<1..8> } { step look { return { s: s union {5} } } }
process P {
  step a { got = call grow(t) }
  step b { assert got == {4, 9} : "set result"; rec = call wrap(t) }
  step c { assert rec.s == {4, 5} && 5 in rec.s : "record result" }
}
check c { allow deadlock; expect ok; expect states 6 }
`),
    );
    expect(runs[0]).toMatchObject({
      met: true,
      outcome: "ok",
      stats: { distinctStates: 6 },
    });
  });

  // A value outside a parameter's or result's declared type is a runtime error where it crosses,
  // as a write outside a variable's type is: before, it passed through unchecked, and a fn result
  // of 4 declared 0..3 was stored in a 0..3 variable unchecked (its packed bits wrapped to 0).
  const misfits: [string, string, string][] = [
    [
      "a fn argument",
      "fn f(v: 0..3): 0..9 = v\naction A { x = f(y + 4) }",
      "argument 1 of f: 4 is outside 0..3",
    ],
    [
      "a fn result",
      "fn f(v: 0..9): 0..3 = v + 4\naction A { x = f(y) }",
      "the result of f: 4 is outside 0..3",
    ],
    [
      "a fn set argument",
      "fn f(s: set<0..3>): 0..9 = card(s)\naction A { x = f({y + 5}) }",
      "argument 1 of f: a set element falls outside the target set's type",
    ],
    [
      "a macro argument by value",
      "macro m(v: 0..3): 0..9 { return v }\naction A { x = m(y + 4) }",
      "argument 'v' of m: 4 is outside 0..3",
    ],
    [
      "a macro result",
      "macro m(v: 0..9): 0..3 { return v + 4 }\naction A { x = m(y) }",
      "the result of macro m: 4 is outside 0..3",
    ],
    [
      "a record inside a fn result",
      "fn f(v: 0..9): { n: 0..3 } = { n: v + 4 }\naction A { x = f(y).n }",
      "the result of f: 4 is outside 0..3",
    ],
    [
      "a proc result",
      "proc p(v: 0..9): 0..3 { step s { return v + 4 } }\nprocess P { step s { x = call p(y) } }",
      "the result of proc p: 4 is outside 0..3",
    ],
  ];
  for (const [what, decls, message] of misfits)
    it(`reports a value outside ${what}'s declared type as a runtime error`, async () => {
      const { runs } = await check(
        spec(
          `spec R\nvar x: 0..9 = 0\nvar y: 0..1 = 0\n${decls}\ncheck c { allow deadlock; expect violation runtime }\n`,
        ),
      );
      expect(runs[0]).toMatchObject({
        met: true,
        violation: { kind: "runtime", message },
      });
    });

  it("writes and replays sets, maps of sets and proc frames over shifted ranges in ITF", async () => {
    const dir = specDir(
      spec(`spec R
var t: set<4..6> = {4}
var m: [0..1 -> set<3..5>] = [i in 0..1 |-> {5}]
proc add(s: set<4..6>) { var keep: set<2..6> = s  step look { t = keep union {6} } }
process P {
  var l: set<7..9> = {9}
  step a { call add(t union {5}) }
  step b { m[1] = {3, 4}; l = {7, 8} }
}
action Choose(v in t) { await v == 6 && 4 in m[1]; assert false : "reached" }
check c { allow deadlock; expect violation assert }
`),
    );
    const file = join(dir, "main.vmaspec");
    const out = join(dir, "trace.itf.json");
    expect((await vmaspecInProcess(["check", file, "--out", out])).code).toBe(0);
    const itf = JSON.parse(readFileSync(out, "utf8")) as {
      states: Record<string, unknown>[];
    };
    const ints = (...xs: number[]) => ({
      "#set": xs.map((x) => ({ "#bigint": String(x) })),
    });
    expect(itf.states[0]).toMatchObject({ t: ints(4), "P.l": ints(9) });
    expect(itf.states[1]).toMatchObject({
      "P.add.s": ints(4, 5),
      "P.add.keep": ints(4, 5),
    });
    const last = itf.states[itf.states.length - 1];
    expect(last).toMatchObject({ t: ints(4, 5, 6), "P.l": ints(7, 8) });
    expect(last.m).toEqual({
      "#map": [
        [{ "#bigint": "0" }, ints(5)],
        [{ "#bigint": "1" }, ints(3, 4)],
      ],
    });
    const replay = await vmaspecInProcess(["replay", file, out]);
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
  });
});
