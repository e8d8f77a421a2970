// Random small programs (seeded; the seed is in each test's name) checked against two facts of
// LKMM that do not depend on any litmus row:
//   1. every final state sequential consistency reaches is reached by the model (nothing missing);
//   2. with smp_mb() between every two operations of every thread, the model reaches exactly the
//      final states of sequential consistency (full barriers everywhere restore SC: nothing extra).
// Programs mix READ_ONCE/WRITE_ONCE, acquire loads, release stores, xchg and cmpxchg (relaxed and
// fully ordered) over two locations: two threads of two or three operations, or three of two.

import { describe, expect, it } from "vitest";
import { Sfc32 } from "../../src/engines/simulate/prng.js";
import type { Op, Program, Thread } from "../../src/weakmem/program.js";
import { modelOutcomes, scOutcomes } from "./outcomes.js";

const SEED = 0x17a11;
const PROGRAMS = 30;

/** A random program from `rng`. */
function randomProgram(rng: Sfc32, name: string): Program {
  const pick = (n: number) => rng.nextU32() % n;
  const int = (value: number) => ({ kind: "int" as const, value });
  const threads: Thread[] = [];
  const count = 2 + pick(2);
  for (let t = 0; t < count; t++) {
    const ops: Op[] = [];
    // Three threads of three operations each take seconds: keep to seven operations at most.
    const length = count === 3 ? 2 : 2 + pick(2);
    for (let i = 0; i < length; i++) {
      const loc = pick(2);
      const reg = `r${i}`;
      const at = { line: i + 1, text: `op ${i}` };
      const value = int(t * 10 + i + 1);
      switch (pick(6)) {
        case 0:
        case 1:
          ops.push({ ...at, kind: "write", loc, value, order: pick(3) === 0 ? "release" : "once" });
          break;
        case 2:
        case 3:
          ops.push({ ...at, kind: "read", loc, reg, order: pick(3) === 0 ? "acquire" : "once" });
          break;
        case 4:
          ops.push({
            ...at,
            kind: "rmw",
            loc,
            reg,
            update: { kind: "set", value },
            order: pick(2) ? "mb" : "relaxed",
            returns: "old",
          });
          break;
        default:
          ops.push({
            ...at,
            kind: "rmw",
            loc,
            reg,
            update: { kind: "cmpxchg", expected: int(0), value },
            order: pick(2) ? "mb" : "relaxed",
            returns: "old",
          });
      }
    }
    threads.push({ name: `P${t}`, ops });
  }
  return { name, locations: ["x", "y"], initial: [0, 0], locks: [false, false], threads };
}

/** The program with smp_mb() between every two operations of each thread. */
function fenced(p: Program): Program {
  const mb = (line: number): Op => ({ kind: "fence", fence: "mb", line, text: "smp_mb()" });
  return {
    ...p,
    threads: p.threads.map((t) => ({
      ...t,
      ops: t.ops.flatMap((op, i) => (i === 0 ? [op] : [mb(op.line), op])),
    })),
  };
}

describe(`random programs (seed ${SEED})`, () => {
  const rng = new Sfc32(SEED);
  let weaker = 0;
  for (let k = 0; k < PROGRAMS; k++) {
    const program = randomProgram(rng, `random-${k}`);
    it(`program ${k}: SC's final states are reached; with smp_mb everywhere, exactly those`, () => {
      const sc = scOutcomes(program);
      const weak = modelOutcomes(program);
      expect([...sc].filter((o) => !weak.has(o))).toEqual([]);
      if (weak.size > sc.size) weaker++;
      const strong = modelOutcomes(fenced(program));
      expect([...strong].sort()).toEqual([...sc].sort());
    });
  }

  it("includes programs where the model allows more than SC (the tests above ran first)", () => {
    expect(weaker).toBeGreaterThan(5);
  });
});
