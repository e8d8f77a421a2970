// Counterexamples rebuilt from parent links by replaying the model's successors.

import { describe, expect, it } from "vitest";
import { PackedStore } from "../../src/engines/packed-store.js";
import { copyTransition, traceTo } from "../../src/engines/trace.js";
import { dieHard, replayProblems, traceStates, traceStepNames } from "./models.js";

/** A store holding the given Die Hard states, each the parent of the next. */
function chain(states: [number, number][]): PackedStore {
  const model = dieHard();
  const store = new PackedStore(model.packedWords);
  const words = new Uint32Array(model.packedWords);
  states.forEach((s, i) => {
    model.pack(Int32Array.from(s), words, 0);
    store.append(words, 0, i - 1);
  });
  return store;
}

describe("traceTo", () => {
  it("rebuilds the path to a stored state and labels each step by replay", () => {
    const model = dieHard();
    const store = chain([
      [0, 0],
      [5, 0],
      [2, 3],
    ]);
    const trace = traceTo(model, store, 2);
    expect(traceStates(trace)).toEqual([
      [0, 0],
      [5, 0],
      [2, 3],
    ]);
    expect(traceStepNames(model, trace)).toEqual(["FillBig", "BigToSmall"]);
    expect(trace.failingStep).toBeUndefined();
    expect(replayProblems(model, trace)).toEqual([]);
  });

  it("keeps its own copy of each transition though the model reuses one object", () => {
    const model = dieHard();
    const trace = traceTo(
      model,
      chain([
        [0, 0],
        [0, 3],
        [3, 0],
      ]),
      2,
    );
    expect(trace.steps.map((s) => s.transition.step)).toEqual([0, 4]);
    expect(trace.steps[0].transition).not.toBe(trace.steps[1].transition);
  });

  it("gives an initial state alone as a trace without steps", () => {
    const trace = traceTo(dieHard(), chain([[0, 0]]), 0);
    expect(traceStates(trace)).toEqual([[0, 0]]);
    expect(trace.steps).toEqual([]);
  });

  it("fails loudly when no successor leads to the next state on the path", () => {
    expect(() =>
      traceTo(
        dieHard(),
        chain([
          [0, 0],
          [1, 1],
        ]),
        1,
      ),
    ).toThrow(/trace replay failed/);
  });
});

describe("copyTransition", () => {
  it("copies the choices, which the model may overwrite", () => {
    const choices = [1, 2];
    const copy = copyTransition({ step: 3, instance: 2, choices });
    choices[0] = 9;
    expect(copy).toEqual({ step: 3, instance: 2, choices: [1, 2] });
  });
});
