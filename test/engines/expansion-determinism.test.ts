// A state expands to the same successors whatever ran before it, including a step that threw a
// runtime error part-way. Generated models keep scratch arrays between calls (compound fn
// arguments, map literals, choices); one left dirty by an interrupted step would make the state
// space depend on the order of expansion: a wrong verdict in the parallel search, a counterexample
// that cannot be rebuilt in the serial one (issue 13, H1).
//
// For three seed specs, each spec of test/fixtures/lang and hand-written specs that throw mid-step, the
// test records every reachable state's successors (up to a bound) in breadth-first order, then
// re-expands the states in a seeded random order with an expansion that throws before each, and
// compares.

import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileConfiguration, frontEnd, modelOf } from "../../src/index.js";
import type { Model } from "../../src/index.js";

const SEED = 13013;
const MAX_STATES = 600;
const root = path.resolve(import.meta.dirname, "../..");

/** Specs whose steps throw after changing some of the state and the scratch space. */
const THROWING: Record<string, string> = {
  "throw_after_choose.vmaspec": `spec ThrowAfterChoose
var m: [0..1 -> 0..3] = [k in 0..1 |-> 0]
var s: set<0..3> = {}
var c: 0..3 = 0
var q: seq<0..3, 2> = []
fn total(r: [0..1 -> 0..3], extra: set<0..3>): 0..9 = r[0] + r[1] + (if 3 in extra then 1 else 0)
process P[i in 0..1] {
  step a {
    choose v in 0..3 {
      s = s union {v}
      m[i] = m[i] + 1
      q = [v]
    }
  }
  step b {
    c = total(m, s)
    goto a
  }
}
check run { expect ok }
`,
  "throw_in_map_literal.vmaspec": `spec ThrowInMapLiteral
var m: [0..2 -> 0..2] = [k in 0..2 |-> 0]
var n: 0..4 = 0
action Bump(d in 0..2) {
  n = n + 1
  m = [k in 0..2 |-> if k == d then n else m[k]]
}
check run { expect ok }
`,
};

function specFiles(): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "vmaspec-expansion-"));
  const written = Object.entries(THROWING).map(([name, text]) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  });
  const listed = (d: string) =>
    readdirSync(path.join(root, d))
      .filter((f) => f.endsWith(".vmaspec"))
      .map((f) => path.join(root, d, f));
  // The seed specs stand for specs/: the others use the same constructs on smaller states.
  const seeds = ["lock_order", "vm_refcnt_v6", "slab_reuse_e2"].map((n) =>
    path.join(root, "specs", `${n}.vmaspec`),
  );
  return [...written, ...seeds, ...listed("test/fixtures/lang")];
}

function modelFor(file: string): Model | undefined {
  const { front } = frontEnd(file);
  if (!front) return undefined;
  const { compiled } = compileConfiguration(front, []);
  return compiled && modelOf(compiled);
}

/** What expanding `state` gives: its successors' packed words and transitions, or the error. */
function expand(model: Model, state: Int32Array): string {
  const out: string[] = [];
  const words = new Uint32Array(model.packedWords);
  try {
    model.successors(state, {
      next(slots, t) {
        model.pack(slots, words, 0);
        out.push(`${words.join(",")}/${t.step}/${t.instance}/${t.choices.join(",")}`);
      },
    });
    out.push(`inv ${model.firstViolatedInvariant(state)}`);
  } catch (e) {
    out.push(`threw ${(e as Error).message}`);
  }
  return out.join(" ");
}

function reachable(model: Model): Int32Array[] {
  const seen = new Set<string>();
  const states: Int32Array[] = [];
  const words = new Uint32Array(model.packedWords);
  const add = (slots: Int32Array) => {
    model.pack(slots, words, 0);
    const key = words.join(",");
    if (seen.has(key) || states.length >= MAX_STATES) return;
    seen.add(key);
    states.push(Int32Array.from(slots));
  };
  try {
    model.initialStates({ next: add });
  } catch {
    return states;
  }
  for (let i = 0; i < states.length; i++) {
    try {
      model.successors(states[i], { next: add });
    } catch {
      // a state whose expansion throws: kept, its successors so far too
    }
  }
  return states;
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe(`expansion does not depend on what ran before (seed ${SEED})`, () => {
  it("gives each state the same successors after an expansion that threw", () => {
    const random = prng(SEED);
    let throwingSpecs = 0;
    for (const file of specFiles()) {
      const model = modelFor(file);
      if (!model) continue;
      const states = reachable(model);
      const first = states.map((s) => expand(model, s));
      const throwing = states.filter((_, i) => first[i].includes("threw "));
      if (throwing.length) throwingSpecs++;
      const order = states.map((_, i) => i).sort(() => random() - 0.5);
      for (const i of order) {
        if (throwing.length) expand(model, throwing[Math.floor(random() * throwing.length)]);
        expect(expand(model, states[i]), `${path.basename(file)} state ${i}`).toBe(first[i]);
      }
    }
    console.log(`${throwingSpecs} specs have a state whose expansion throws`);
    expect(throwingSpecs).toBeGreaterThanOrEqual(Object.keys(THROWING).length);
  });
});
