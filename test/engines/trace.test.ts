// Counterexamples rebuilt from the level log: searching back for a predecessor in each earlier
// level, then replaying the model's successors forward along the path.

import { describe, expect, it } from "vitest";
import { LevelLog } from "../../src/engines/bfs/level-log.js";
import { copyTransition, traceTo } from "../../src/engines/counterexample.js";
import { dieHard, replayProblems, traceStates, traceStepNames } from "./models.js";

/** A level log holding the given Die Hard states, one list of states per level. */
function logOf(levels: [number, number][][]): LevelLog {
  const model = dieHard();
  const log = new LevelLog(model.packedWords);
  const words = new Uint32Array(model.packedWords);
  for (const level of levels) {
    for (const s of level) {
      model.pack(Int32Array.from(s), words, 0);
      log.append(words, 0);
    }
    log.endLevel();
  }
  return log;
}

describe("traceTo", () => {
  it("finds the path to a logged state through a predecessor in each earlier level", () => {
    const model = dieHard();
    // Level 1 holds (0,3) first, which does not lead to (2,3); (5,0) does.
    const log = logOf([
      [[0, 0]],
      [
        [0, 3],
        [5, 0],
      ],
      [
        [3, 0],
        [2, 3],
      ],
    ]);
    const trace = traceTo(model, log, 2, 4);
    expect(traceStates(trace)).toEqual([
      [0, 0],
      [5, 0],
      [2, 3],
    ]);
    expect(traceStepNames(model, trace)).toEqual(["FillBig", "BigToSmall"]);
    expect(trace.failingStep).toBeUndefined();
    expect(replayProblems(model, trace)).toEqual([]);
  });

  it("takes the predecessor found first in its level", () => {
    const model = dieHard();
    // (5,3) follows from both (5,0) (FillSmall) and (0,3) (FillBig); (5,0) was found first.
    const log = logOf([
      [[0, 0]],
      [
        [5, 0],
        [0, 3],
      ],
      [[5, 3]],
    ]);
    expect(traceStates(traceTo(model, log, 2, 3))).toEqual([
      [0, 0],
      [5, 0],
      [5, 3],
    ]);
  });

  it("keeps its own copy of each transition though the model reuses one object", () => {
    const trace = traceTo(dieHard(), logOf([[[0, 0]], [[0, 3]], [[3, 0]]]), 2, 2);
    expect(trace.steps.map((s) => s.transition.step)).toEqual([0, 4]);
    expect(trace.steps[0].transition).not.toBe(trace.steps[1].transition);
  });

  it("gives an initial state alone as a trace without steps", () => {
    const trace = traceTo(dieHard(), logOf([[[0, 0]]]), 0, 0);
    expect(traceStates(trace)).toEqual([[0, 0]]);
    expect(trace.steps).toEqual([]);
  });

  it("reads levels back after the log moved them to its file", () => {
    const model = dieHard();
    const log = new LevelLog(model.packedWords, 0);
    const words = new Uint32Array(1);
    const path: [number, number][] = [
      [0, 0],
      [5, 0],
      [2, 3],
    ];
    // 9000 filler states in level 1 put the path's predecessor in the second chunk.
    for (const [level, s] of path.entries()) {
      if (level === 1) for (let i = 0; i < 9000; i++) log.append(Uint32Array.of(0xff), 0);
      model.pack(Int32Array.from(s), words, 0);
      log.append(words, 0);
      log.endLevel();
    }
    log.release(log.size);
    expect(log.bytes).toBe(8192 * 4); // the first chunk went to the file; the unfinished last stays

    expect(traceStates(traceTo(model, log, 2, log.size - 1))).toEqual(path);
    log.close();
  });

  it("fails loudly when no state of the level before leads to the state", () => {
    expect(() => traceTo(dieHard(), logOf([[[0, 0]], [[1, 1]]]), 1, 1)).toThrow(/trace search failed/);
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
