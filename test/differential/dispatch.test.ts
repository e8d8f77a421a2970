// The generated `successors` dispatcher (codegen/emit-successors.ts) against the generic loop over
// the process and action tables it specialises (genericSuccessors below, once the runtime's): on
// every reachable state (up to a bound) of every fixture and acceptance spec, both must emit the
// same successors in the same order, with the same transitions, and fail with the same error
// naming the same step. Each successor is also packed as a delta (the parent's packed words with
// those its transition says changed packed again, as the checker does), which must equal a full pack.

import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileConfiguration, frontEnd } from "../../src/compile.js";
import { planOf } from "../../src/checks/plan.js";
import { ModelError, type Model } from "../../src/model/model.js";
import { buildModel } from "../../src/runtime/build-model.js";
import type { GeneratedSpec } from "../../src/model/generated.js";
import { acceptanceSpecs } from "../helpers/cli.js";

const root = path.resolve(import.meta.dirname, "../..");
const fixtures = path.join(root, "test/fixtures/lang");
const files = [
  ...readdirSync(fixtures)
    .filter((f) => f.endsWith(".vmaspec"))
    .sort()
    .map((f) => path.join(fixtures, f)),
  ...acceptanceSpecs.map((f) => path.join(root, "specs", f)),
];
/** States compared per configuration: enough to reach every step of these small specs. */
const MAX_STATES = 3000;

/** What `successors` emits from a state, as comparable text, or the error it throws. */
function emitted(model: Model, state: Int32Array): string[] {
  const out: string[] = [];
  try {
    model.successors(state, {
      next: (slots, t) => void out.push(`${t.step}/${t.instance}/${t.choices.join(",")}: ${slots.join(",")}`),
    });
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    out.push(`error ${e.message} at ${e.line} in ${JSON.stringify(e.transition)}`);
  }
  return out;
}

/**
 * The successors of `state` whose delta packing (the parent's packed words, `packWords` over the
 * words `changed` names) differs from a full pack, as text; and how many were compared.
 */
function deltaMismatches(model: Model, state: Int32Array): { wrong: string[]; compared: number } {
  const n = model.packedWords;
  const parent = new Uint32Array(n);
  model.pack(state, parent, 0);
  const wrong: string[] = [];
  let compared = 0;
  try {
    model.successors(state, {
      next: (slots, t) => {
        if (!model.packWords || t.changed === undefined) return;
        const full = new Uint32Array(n);
        model.pack(slots, full, 0);
        const delta = parent.slice();
        model.packWords(slots, delta, 0, t.changed);
        compared++;
        if (delta.join() !== full.join())
          wrong.push(
            `step ${t.step}/${t.instance} from ${state.join(",")}: ${delta.join()} ≠ ${full.join()}`,
          );
      },
    });
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
  }
  return { wrong, compared };
}

/** Every successor of a state by a loop over the tables: processes' instances, then actions. */
function genericSuccessors(g: GeneratedSpec): GeneratedSpec["successors"] {
  return (state, t, sink, tr, ch) => {
    const runPaths = (step: number, instance: number, run: (s: Int32Array) => number) => {
      ch.begin();
      do {
        ch.rerun();
        t.set(state);
        tr.step = step;
        tr.instance = instance;
        let produced: number;
        try {
          produced = run(t);
        } catch (e) {
          if (e instanceof ModelError) e.transition = { step, instance, choices: ch.shown.slice() };
          throw e;
        }
        if (produced) sink.next(t, tr);
      } while (ch.advance());
    };
    for (const p of g.processes)
      for (let i = 0; i < p.instances.length; i++) {
        const o = p.base + i * p.stride;
        const pc = state[o + p.pc];
        const self = p.instances[i];
        const instance = p.indexed ? self : -1;
        // A running handler's step, else the instance's own step, then each unmasked interrupt.
        const irq = p.irq ? state[o + p.irq.slot] : 0;
        if (irq !== 0) {
          runPaths(p.irq!.stepIds[irq - 1], instance, (s) => p.irq!.steps[irq - 1](s, self, o, ch));
          continue;
        }
        const guarded = (guard: typeof p.guard, step: number): boolean => {
          try {
            return !guard || guard(state, self, o);
          } catch (e) {
            if (e instanceof ModelError) e.transition = { step, instance, choices: [] };
            throw e;
          }
        };
        if (pc !== p.done && guarded(p.guard, p.stepIds[pc]))
          runPaths(p.stepIds[pc], instance, (s) => p.steps[pc](s, self, o, ch));
        if (p.irq && state[o + p.irq.depth] === 0)
          for (const e of p.irq.entries)
            if (guarded(e.guard, p.irq.stepIds[e.value - 1]))
              runPaths(p.irq.stepIds[e.value - 1], instance, (s) =>
                p.irq!.steps[e.value - 1](s, self, o, ch),
              );
      }
    for (const a of g.actions) runPaths(a.stepId, -1, (s) => a.run(s, ch));
  };
}

describe("the generated successors function", () => {
  for (const file of files) {
    it(`emits what the generic loop emits in ${path.basename(file)}`, () => {
      const front = frontEnd(file).front!;
      const checks = front.table.checks.length ? front.table.checks : [undefined];
      let compared = 0;
      let deltas = 0;
      for (const check of checks) {
        const compiled = compileConfiguration(front, planOf(check, { consts: [] }).overrides).compiled!;
        expect(compiled.generated.successors).toBeDefined();
        const dispatched = buildModel(compiled.generated);
        const generic = buildModel({
          ...compiled.generated,
          successors: genericSuccessors(compiled.generated),
        });
        // Breadth-first over the reachable states, by their slots as text.
        const queue: Int32Array[] = [];
        const seen = new Set<string>();
        const visit = (slots: Int32Array) => {
          const key = slots.join(",");
          if (seen.has(key) || seen.size >= MAX_STATES) return;
          seen.add(key);
          queue.push(slots.slice());
        };
        try {
          generic.initialStates({ next: visit });
        } catch (e) {
          if (!(e instanceof ModelError)) throw e;
        }
        for (let i = 0; i < queue.length; i++) {
          const expected = emitted(generic, queue[i]);
          expect(emitted(dispatched, queue[i])).toEqual(expected);
          compared += expected.length;
          const delta = deltaMismatches(dispatched, queue[i]);
          expect(delta.wrong).toEqual([]);
          deltas += delta.compared;
          try {
            generic.successors(queue[i], { next: visit });
          } catch (e) {
            if (!(e instanceof ModelError)) throw e; // compared above; the successors before it are queued
          }
        }
      }
      expect(compared).toBeGreaterThan(0);
      expect(deltas).toBeGreaterThan(0);
    });
  }
});
