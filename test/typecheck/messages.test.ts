// Messages that point at the fix: one diagnostic per mistake (no cascades), every independent
// mistake still reported, and a hint where the checker can tell what was meant. Specs are
// written inline and checked in-process through the public front end (parse, resolve, type check).

import { describe, expect, it } from "vitest";
import { diagnose } from "../helpers/inprocess.js";

/** `line:col CODE message` of each diagnostic, and its hint on a line of its own. */
function report(main: string, others: Record<string, string> = {}): string[] {
  return diagnose(main, others).flatMap((d) => [
    `${d.span?.line}:${d.span?.col} ${d.code} ${d.message}`,
    ...(d.hint ? [`  help: ${d.hint}`] : []),
  ]);
}

const twoThreads = (steps: string, extra = "") =>
  `spec S\nvar n: 0..3 = 0\n${extra}\nprocess T[t in 1..2] {\n${steps}\n}\n`;

describe("one diagnostic per mistake", () => {
  it("reports an unbounded type once, not again at each use of the variable", () => {
    const spec = "spec S\nvar x: int = 0\nprocess P {\n  step s { await x == 0; x += 1 }\n}\n";
    expect(report(spec)).toEqual([
      "2:8 T002 type 'int' is unbounded: every type must be finite (use a range such as 0..7)",
    ]);
  });

  it("reports a misspelled name once, with the name it is close to", () => {
    const spec =
      "spec S\nvar owner: task? = none\nprocess T[t in 1..2] {\n  step a { owner = some(curent) }\n}\n";
    expect(report(spec)).toEqual(["4:25 N001 unknown name 'curent'", "  help: did you mean 'current'?"]);
  });

  it("reports a misspelled name on the right even when the left is misspelled too", () => {
    expect(report(twoThreads("  step a { nn = mm + 1 }"))).toEqual([
      "5:12 N001 unknown name 'nn'",
      "5:17 N001 unknown name 'mm'",
    ]);
  });

  it("reports a call of an unknown macro as a statement once", () => {
    const codes = diagnose(twoThreads("  step a { incr(n) }", "macro inc(v: 0..3) { v = v + 1 }"));
    expect(codes.map((d) => [d.code, d.message, d.hint])).toEqual([
      ["N001", "unknown function 'incr'", "did you mean 'inc'?"],
    ]);
  });

  it("folds the names one missing import explains into one error that says which import", () => {
    const spec = [
      "spec S",
      "var l: spinlock_t = none",
      "var m: mutex = none",
      "process T[t in 1..2] {",
      "  step a { spin_lock(l) }",
      "  step b { spin_unlock(l); mutex_lock(m) }",
      "  step c { mutex_unlock(m) }",
      "}",
      "invariant I: !mutex_is_locked(m) || n == 0",
    ].join("\n");
    const d = diagnose(spec);
    expect(d.map((x) => [x.code, x.span?.line])).toEqual([
      ["N001", 2],
      ["N001", 9],
    ]);
    expect(d[0].message).toBe("unknown type 'spinlock_t', and 6 more names declared in module locks");
    expect(d[0].hint).toBe(
      "add 'import locks' (the library module that declares spinlock_t, mutex, spin_lock, spin_unlock, mutex_lock, mutex_unlock, mutex_is_locked)",
    );
    // `n` is a real mistake of its own, not explained by the import.
    expect(d[1].message).toBe("unknown name 'n'");
  });

  it("says which library module declares a name a spec uses without importing it", () => {
    expect(report(twoThreads("  step a { n = 1 }", "var r: refcount_t = 0"))[1]).toMatch(
      /^ {2}help: add 'import refcount' \(the library module that declares type 'refcount_t'\)$/,
    );
  });

  it("adds nothing to a set used with '+' but one error that says to write 'union'", () => {
    const spec = "spec S\nvar s: set<1..2> = {}\nprocess T[t in 1..2] {\n  step a { s = s + {t} }\n}\n";
    expect(report(spec)).toEqual([
      "4:16 T001 '+' needs integers, but these are set<1..2> and set<1..2>",
      "  help: for sets, write 'union' instead of '+'",
    ]);
  });

  it("reports an unknown process local once, with the local it is close to", () => {
    const spec =
      twoThreads("  var mine: bool = false\n  step a { mine = true }") + "invariant I: T[1].min == true\n";
    expect(report(spec)).toEqual(["8:19 N012 process T has no local 'min'", "  help: did you mean 'mine'?"]);
  });

  it("still reports every independent mistake", () => {
    const spec = [
      "spec S",
      "var x: int = 0",
      "var y: 0..3 = 0",
      "process P {",
      "  step a { y = true }",
      "  step b { goto c }",
      "}",
      "invariant I: P at nowhere",
    ].join("\n");
    expect(diagnose(spec).map((d) => `${d.span?.line} ${d.code}`)).toEqual([
      "2 T002",
      "5 T001",
      "6 N005",
      "8 N006",
    ]);
  });
});

describe("hints", () => {
  it("suggests the step a goto or an 'at' misspells", () => {
    const spec =
      twoThreads("  step a { goto critcal }\n  step critical { }") + "invariant I: !(T[1] at critcal)\n";
    expect(report(spec)).toEqual([
      "5:17 N005 goto: process T has no step 'critcal'",
      "  help: did you mean 'critical'?",
      "8:24 N006 process T has no step 'critcal'",
      "  help: did you mean 'critical'?",
    ]);
  });

  it("tells a user of another language how vmaspec writes null and a program counter", () => {
    const spec = twoThreads("  var o: 0..1? = none\n  step a { o = null }") + "invariant I: T[1].pc == a\n";
    expect(report(spec)).toEqual([
      "6:16 N001 unknown name 'null'",
      "  help: an absent optional value is 'none'",
      "8:19 N012 process T has no local 'pc'",
      "  help: test where an instance is with 'at': T[1] at a",
      "8:25 N001 unknown name 'a'",
      "  help: 'a' is a step of T: test where an instance is with 'T[i] at a'",
    ]);
  });

  it("says that a bool is not a number when one is compared with the other", () => {
    const spec = "spec S\nvar locked: bool = false\nprocess P {\n  step a { await locked == 0 }\n}\n";
    expect(report(spec)).toEqual([
      "4:18 T001 type mismatch: cannot compare bool with the integer 0",
      "  help: a bool is 'true' or 'false', not a number",
    ]);
  });

  it("suggests the library module a misspelled import means", () => {
    expect(report("spec S\nimport lock\n")).toEqual([
      "2:1 N011 cannot import 'lock': the library has no module 'lock'",
      "  help: did you mean 'locks'?",
    ]);
  });
});

describe("more first-hour mistakes", () => {
  it("does not call a process array empty when its bound is the mistake", () => {
    expect(report("spec S\nprocess T[t in 1..N] { step s { } }\ninvariant I: T[1] at s\n")).toEqual([
      "2:19 N001 unknown name 'N'",
    ]);
  });

  it("says what to write for a constant, a let name or a const used as a type", () => {
    const spec = twoThreads(
      "  step a { N = 3 }\n  step b { let y = n + 1; y = 2 }",
      "const N = 2\nvar z: N = 0",
    );
    expect(report(spec)).toEqual([
      "4:8 T009 'N' is a const, not a type",
      "  help: a range type is written with '..': 0..N",
      "6:12 T006 cannot assign to 'N': it is a constant",
      "  help: a value that changes is a state variable: 'var x: T = e'",
      "7:27 T006 cannot assign to 'y': it is a bound name, not a state variable",
      "  help: 'let' and quantifiers name values; a value that changes is a variable ('var' in the process for a local)",
    ]);
  });

  it("says how to name a process local, a map value, a field and a sequence's end", () => {
    const spec = [
      "spec S",
      "var m: [0..2 -> bool] = false",
      "var r: { a: bool, b: 0..2 } = { a: true, b: 0 }",
      "var q: seq<0..3, 2> = []",
      "process T[t in 1..2] { var mine: bool = false  step s { r.c = true; q = q + [1] } }",
      "invariant I: mine",
    ].join("\n");
    expect(report(spec)).toEqual([
      "2:25 T001 type mismatch: the initial value of 'm' should be [0..2 -> bool], but this is bool",
      "  help: a map with every key set to one value is written [k in 0..2 |-> value]",
      "5:59 N012 { a: bool, b: 0..2 } has no field 'c'",
      "  help: its fields are a, b",
      "5:73 T001 '+' needs integers, but these are seq<0..3, 2> and seq<1..1, 1>",
      "  help: append(s, e) adds an element at the end of a sequence",
      "6:14 N001 unknown name 'mine'",
      "  help: 'mine' is a local of process T: name the instance, as in 'T[i].mine'",
    ]);
  });

  it("says to write the file's extension of an import", () => {
    const [error, hint] = report('spec S\nimport "./other"\n', {
      "other.vmaspec": "module other\n",
    });
    expect(error).toMatch(/^2:1 N011 cannot import '\.\/other': no file '.*other'$/);
    expect(hint).toBe("  help: write './other.vmaspec'");
  });
});

describe("a constant index outside a static domain", () => {
  it("is a type error for a process instance, not a runtime error", () => {
    const spec = twoThreads("  step a { n = 1 }\n  step critical { }") + "invariant I: !(T[3] at critical)\n";
    expect(report(spec)).toEqual(["8:18 T019 process T has no instance T[3]: its index ranges over 1..2"]);
  });

  it("is a type error for a map key, also when it is a folded constant", () => {
    const spec = twoThreads(
      "  step a { flags[N + 1] = true }",
      "const N = 2\nvar flags: [1..2 -> bool] = [i in 1..2 |-> false]",
    );
    expect(report(spec)).toEqual(["6:18 T019 flags has no entry flags[3]: its keys range over 1..2"]);
  });

  it("leaves an index that is not a constant to the runtime check", () => {
    const spec =
      twoThreads("  step a { flags[t + n] = true }", "var flags: [1..2 -> bool] = [i in 1..2 |-> false]") +
      "invariant I: n > 0 => !(T[n] at a)\n";
    expect(diagnose(spec)).toEqual([]);
  });
});
