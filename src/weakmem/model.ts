// A program under the Linux kernel memory model as a `Model` (src/model/model.ts), so the
// breadth-first checker, its shortest counterexamples, replay and the lane printer run it like any
// compiled spec. A state is an execution graph under construction (graph.ts); a step adds one
// operation's events: a read chooses the write it reads from among those already in the graph, a
// write chooses its place in its location's coherence order, a read-modify-write does both at
// once. A thread may add its operations in any order, except that an operation waits for the
// reads whose registers it uses (in its values or in the conditions of the `if`s around it; an
// operation in a branch not taken never happens): that is the out-of-order execution the model allows, and the
// axioms (lkmm.ts), checked after every step, remove the graphs LKMM forbids. The invariant is the
// negation of the litmus test's final condition, so a violation is a witness of `Sometimes`.

import {
  ModelError,
  type Model,
  type ShownValue,
  type SuccessorSink,
  type Transition,
  type StepInfo,
} from "../model/model.js";
import { buildEvents, type EventTable } from "./events.js";
import { coherenceOrder, decode, NEVER, NOT_YET, statusSlot } from "./graph.js";
import { violatedAxiom } from "./lkmm.js";
import {
  evaluate,
  guardsHold,
  registerSet,
  registersOf,
  registersUsed,
  type Op,
  type Program,
} from "./program.js";

/** The final condition, evaluated once every thread has finished. */
export type FinalCondition = (final: FinalState) => boolean;

/** Registers and memory at the end of an execution. */
export interface FinalState {
  register(thread: number, name: string): number;
  memory(loc: number): number;
}

export interface WeakMemoryOptions {
  /** The source file, for step locations in traces. */
  file: string;
  /** `exists`: the condition whose reachability is the verdict. */
  exists: FinalCondition;
  /** `filter`: final states where it is false do not count. */
  filter?: FinalCondition;
  /**
   * A spec's invariants, checked in final states (every thread finished) instead of `exists`:
   * the first that is false there is the violation.
   */
  invariants?: { name: string; holds: FinalCondition }[];
}

/** A step of the model: one memory operation of one thread. */
interface OpStep {
  thread: number;
  op: number;
}

const isMemoryOp = (op: Op) => op.kind !== "fence" && op.kind !== "assign" && op.kind !== "assert";

/** The model of `program` under LKMM, with the final condition as its one invariant (negated). */
export function weakMemoryModel(program: Program, options: WeakMemoryOptions): Model & { table: EventTable } {
  const table = buildEvents(program);
  const ops: OpStep[] = [];
  program.threads.forEach((t, thread) =>
    t.ops.forEach((op, i) => {
      if (isMemoryOp(op)) ops.push({ thread, op: i });
    }),
  );
  const steps: StepInfo[] = ops.map(({ thread, op }) => {
    const o = program.threads[thread].ops[op];
    return {
      owner: program.threads[thread].name,
      name: o.text,
      kind: "step",
      file: o.file ?? options.file,
      line: o.line,
      params: [],
      indexed: false,
    };
  });
  const slotCount = 2 * table.events.length;
  const threadRegisters = program.threads.map((t) => [
    ...new Set(t.ops.flatMap((op) => [...registersUsed(op)])),
  ]);

  /** Register values of `thread` before operation `upto` (all of them by default); unread ones absent. */
  const registers = (state: Int32Array, thread: number, upto = Infinity) => {
    // A register nothing has set yet is 0, as in herd7; one whose setter has not run is unknown.
    const regs = new Map<string, number>(threadRegisters[thread].map((r) => [r, 0]));
    program.threads[thread].ops.forEach((op, i) => {
      if (i >= upto) return;
      const reg = registerSet(op);
      if (reg === undefined) return;
      const runs = guardsHold(op, regs);
      if (runs === false) return; // a branch not taken leaves the register as it was
      const value = runs ? registerValue(state, thread, i, regs) : undefined;
      if (value === undefined) regs.delete(reg);
      else regs.set(reg, value);
    });
    return regs;
  };
  const registerValue = (state: Int32Array, thread: number, i: number, regs: Map<string, number>) => {
    const op = program.threads[thread].ops[i];
    const ev = table.opEvents[thread][i];
    if (op.kind === "assign") {
      return [...registersUsed(op)].every((r) => regs.has(r)) ? evaluate(op.value, regs) : undefined;
    }
    if (ev.read === undefined || state[statusSlot(ev.read)] < 0) return undefined;
    const old = state[statusSlot(ev.read) + 1];
    if (op.kind === "read") return op.test === "is-locked" ? (old !== 0 ? 1 : 0) : old;
    if (op.kind !== "rmw") return undefined;
    if (op.returns === "old") return old;
    const w = ev.write!;
    return state[statusSlot(w)] >= 0 ? state[statusSlot(w) + 1] : old;
  };
  const done = (state: Int32Array, s: OpStep) => {
    const ev = table.opEvents[s.thread][s.op];
    return state[statusSlot((ev.read ?? ev.write)!)] !== NOT_YET;
  };
  /** Whether an operation's guards are known to be false: its branch is not taken. */
  const skipped = (state: Int32Array, s: OpStep) => {
    const op = program.threads[s.thread].ops[s.op];
    return op.guards !== undefined && guardsHold(op, registers(state, s.thread, s.op)) === false;
  };
  const allFinished = (state: Int32Array) => ops.every((s) => done(state, s) || skipped(state, s));

  /** Adds a write at coherence position `rank` of its location, moving later writes up. */
  const placeWrite = (next: Int32Array, w: number, rank: number, value: number) => {
    const loc = table.events[w].loc;
    for (const other of coherenceOrder(table, next, loc))
      if (next[statusSlot(other)] >= rank) next[statusSlot(other)]++;
    next[statusSlot(w)] = rank;
    next[statusSlot(w) + 1] = value;
  };

  const asserts = program.threads.flatMap((t, thread) =>
    t.ops.flatMap((op, i) => (op.kind === "assert" ? [{ thread, i, op }] : [])),
  );
  /** A spec's assert that is false in `state` (its registers known, its guards true). */
  const failedAssert = (state: Int32Array) => {
    for (const { thread, i, op } of asserts) {
      if (op.kind !== "assert") continue;
      const regs = registers(state, thread, i);
      if (guardsHold(op, regs) !== true || ![...registersOf(op.cond)].every((r) => regs.has(r))) continue;
      if (evaluate(op.cond, regs) === 0) return op;
    }
    return undefined;
  };

  /**
   * Whether every thread has run a prefix of its operations in program order. Such a graph can
   * always be completed (each later operation can read or be placed coherence-last), so an assert
   * failing in it fails in a real execution; in a graph built out of order it may not (a read of an
   * old value that a write still to come in another thread would make inconsistent), so asserts
   * are judged there only once the execution is complete.
   */
  const programOrderPrefix = (state: Int32Array) => {
    let s = 0;
    return program.threads.every((_, thread) => {
      let gap = false;
      for (; s < ops.length && ops[s].thread === thread; s++) {
        const finished = done(state, ops[s]) || skipped(state, ops[s]);
        if (finished && gap) return false;
        if (!finished) gap = true;
      }
      return true;
    });
  };

  const emit = (next: Int32Array, t: Transition, sink: SuccessorSink) => {
    if (violatedAxiom(table, decode(table, next)) !== undefined) return;
    const judged = asserts.length && (programOrderPrefix(next) || allFinished(next));
    const failed = judged ? failedAssert(next) : undefined;
    if (failed)
      throw new ModelError(
        "assert",
        failed.kind === "assert" ? failed.message : "",
        failed.line,
        failed.file ?? options.file,
        t,
      );
    sink.next(next, t);
  };

  const successorsOf = (state: Int32Array, sink: SuccessorSink) => {
    ops.forEach((s, step) => {
      if (done(state, s)) return;
      const op = program.threads[s.thread].ops[s.op];
      const regs = registers(state, s.thread, s.op);
      if (![...registersUsed(op)].every((r) => regs.has(r)) || guardsHold(op, regs) !== true) return;
      const ev = table.opEvents[s.thread][s.op];
      const transition = (choice: number): Transition => ({ step, instance: -1, choices: [choice] });
      if (op.kind === "write" || op.kind === "unlock") {
        const value = op.kind === "write" ? evaluate(op.value, regs) : 0;
        const count = coherenceOrder(table, state, op.loc).length;
        for (let rank = 1; rank <= count; rank++) {
          const next = state.slice();
          placeWrite(next, ev.write!, rank, value);
          emit(next, transition(rank), sink);
        }
        return;
      }
      if (op.kind !== "read" && op.kind !== "rmw" && op.kind !== "lock") return;
      for (const source of coherenceOrder(table, state, op.loc)) {
        const old = state[statusSlot(source) + 1];
        if (op.kind === "read" && op.require) {
          // An await: only a value that satisfies it ends the wait.
          const seen = new Map(regs);
          if (op.reg !== undefined) seen.set(op.reg, op.test === "is-locked" ? (old !== 0 ? 1 : 0) : old);
          if (![...registersOf(op.require)].every((r) => seen.has(r))) return;
          if (evaluate(op.require, seen) === 0) continue;
        }
        const next = state.slice();
        next[statusSlot(ev.read!)] = source;
        next[statusSlot(ev.read!) + 1] = old;
        if (op.kind === "lock") {
          if (old !== 0) continue; // spin_lock waits for an unlocked value
          placeWrite(next, ev.write!, next[statusSlot(source)] + 1, 1);
        } else if (op.kind === "rmw") {
          const u = op.update;
          if (u.kind === "cmpxchg" && old !== evaluate(u.expected, regs)) next[statusSlot(ev.write!)] = NEVER;
          else {
            const value = u.kind === "add" ? (old + evaluate(u.value, regs)) | 0 : evaluate(u.value, regs);
            placeWrite(next, ev.write!, next[statusSlot(source)] + 1, value);
          }
        }
        emit(next, transition(source), sink);
      }
    });
  };

  const finalState = (state: Int32Array): FinalState => {
    const regs = program.threads.map((_, t) => registers(state, t));
    return {
      register: (thread, name) => regs[thread]?.get(name) ?? 0,
      memory: (loc) => {
        const order = coherenceOrder(table, state, loc);
        return state[statusSlot(order[order.length - 1]) + 1];
      },
    };
  };

  /** A write as traces name it: `init`, or its thread and line (`P0 line 15`). */
  const describeEvent = (e: number) => {
    const ev = table.events[e];
    if (ev.thread < 0) return "init";
    return `${program.threads[ev.thread].name} line ${program.threads[ev.thread].ops[ev.op].line}`;
  };

  const show = (state: Int32Array): [string, ShownValue][] => {
    const out: [string, ShownValue][] = [];
    program.locations.forEach((name, loc) => {
      const order = coherenceOrder(table, state, loc).map((w): ShownValue => {
        const ev = table.events[w];
        const who = ev.thread < 0 ? "init" : program.threads[ev.thread].name;
        return { kind: "enum", value: `${state[statusSlot(w) + 1]}(${who})` };
      });
      out.push([`${name} coherence`, { kind: "seq", elems: order }]);
    });
    program.threads.forEach((t, thread) => {
      const regs = registers(state, thread);
      const names = new Set(t.ops.map(registerSet).filter((r): r is string => r !== undefined));
      for (const r of names) {
        const v = regs.get(r);
        out.push([
          `${t.name}.${r}`,
          v === undefined ? { kind: "none" } : { kind: "some", value: { kind: "int", value: v } },
        ]);
      }
      // What this CPU has seen of each location: the coherence-latest write it read or wrote.
      program.locations.forEach((name, loc) => {
        let seen = -1;
        for (const ev of table.events) {
          if (ev.thread !== thread || ev.loc !== loc) continue;
          const s = state[statusSlot(ev.id)];
          if (s < 0) continue;
          const w = ev.kind === "R" ? s : ev.id;
          if (seen < 0 || state[statusSlot(w)] > state[statusSlot(seen)]) seen = w;
        }
        if (seen >= 0)
          out.push([
            `${t.name}.sees ${name}`,
            { kind: "enum", value: `${state[statusSlot(seen) + 1]} from ${describeEvent(seen)}` },
          ]);
      });
    });
    return out;
  };

  const describeTransition = (t: Transition): string => {
    const s = ops[t.step];
    const owner = program.threads[s.thread].name;
    const op = program.threads[s.thread].ops[s.op];
    const choice = t.choices[0];
    if (op.kind === "write" || op.kind === "unlock")
      return `${owner} ${op.text}, coherence position ${choice}`;
    return `${owner} ${op.text}, reads from ${describeEvent(choice)}`;
  };

  const model: Model & { table: EventTable } = {
    table,
    name: program.name,
    slotCount,
    packedWords: slotCount,
    packedBits: 32 * slotCount,
    steps,
    invariantNames: options.invariants?.map((i) => i.name) ?? ["exists clause not reached"],
    properties: [],
    hasProcesses: true,
    pack: (slots, out, offset) => {
      for (let i = 0; i < slotCount; i++) out[offset + i] = slots[i];
    },
    unpack: (words, offset, out) => {
      for (let i = 0; i < slotCount; i++) out[i] = words[offset + i] | 0;
    },
    initialStates: (sink) => {
      const s = new Int32Array(slotCount).fill(NOT_YET);
      for (const ev of table.events) {
        if (ev.thread < 0) {
          s[statusSlot(ev.id)] = 0;
          s[statusSlot(ev.id) + 1] = program.initial[ev.loc];
        } else if (ev.kind === "F") s[statusSlot(ev.id)] = 0;
      }
      sink.next(s, { step: -1, instance: -1, choices: [] });
    },
    successors: successorsOf,
    firstViolatedInvariant: (state) => {
      if (!allFinished(state)) return -1;
      const f = finalState(state);
      if (options.filter && !options.filter(f)) return -1;
      if (options.invariants) return options.invariants.findIndex((inv) => !inv.holds(f));
      return options.exists(f) ? 0 : -1;
    },
    withinConstraints: () => true,
    allFinished,
    branches: [],
    branchHits: new Uint32Array(0),
    waiting: () => [],
    show,
    describeTransition,
  };
  return model;
}
