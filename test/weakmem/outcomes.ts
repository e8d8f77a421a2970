// Final states of a weak-memory program two ways, for tests: under sequential consistency, by a
// small interpreter independent of the model (every interleaving of the threads' operations in
// program order; spin_lock waits for 0; a grace period is one step that waits until no reader is
// inside a read-side critical section), and under the model, by its complete breadth-first search.

import { searchBreadthFirst } from "../../src/engines/bfs/search.js";
import { weakMemoryModel, type FinalState } from "../../src/weakmem/model.js";
import { evaluate, guardsHold, registerSet, registersUsed, type Program } from "../../src/weakmem/program.js";

/** A final state as text: every register of every thread, then memory. */
export function outcome(p: Program, f: FinalState): string {
  const regs = p.threads.flatMap((t, i) =>
    [...new Set(t.ops.map(registerSet).filter((r) => r !== undefined))].map(
      (r) => `${i}:${r}=${f.register(i, r!)}`,
    ),
  );
  return [...regs, ...p.locations.map((l, i) => `${l}=${f.memory(i)}`)].join(" ");
}

/** The final states of every interleaving in program order (spin_lock waits for 0). */
export function scOutcomes(p: Program): Set<string> {
  const out = new Set<string>();
  const inCriticalSection = (thread: number, pc: number) => {
    let depth = 0;
    for (const op of p.threads[thread].ops.slice(0, pc))
      if (op.kind === "fence") depth += op.fence === "rcu-lock" ? 1 : op.fence === "rcu-unlock" ? -1 : 0;
    return depth > 0;
  };
  const walk = (pcs: number[], mem: number[], regs: Map<string, number>[]) => {
    let moved = false;
    p.threads.forEach((t, i) => {
      const op = t.ops[pcs[i]];
      if (!op) return;
      const m = mem.slice();
      const r = new Map(regs[i]);
      // An operation in a branch not taken is passed over.
      const runs = guardsHold(op, r) !== false;
      const set = (v: number) => {
        const reg = registerSet(op);
        if (reg !== undefined) r.set(reg, v);
      };
      if (runs)
        switch (op.kind) {
          case "read":
            set(op.test ? (m[op.loc] !== 0 ? 1 : 0) : m[op.loc]);
            break;
          case "write":
            m[op.loc] = evaluate(op.value, r);
            break;
          case "lock":
            if (m[op.loc] !== 0) return;
            m[op.loc] = 1;
            break;
          case "unlock":
            m[op.loc] = 0;
            break;
          case "assign":
            set(evaluate(op.value, r));
            break;
          case "rmw": {
            const old = m[op.loc];
            const u = op.update;
            if (u.kind !== "cmpxchg" || old === evaluate(u.expected, r))
              m[op.loc] = u.kind === "add" ? old + evaluate(u.value, r) : evaluate(u.value, r);
            if (op.returns !== "none") set(op.returns === "old" ? old : m[op.loc]);
            break;
          }
          case "fence":
            // A grace period is one step here: it may happen only while no reader is inside a
            // read-side critical section (each began before it, so each must have ended).
            if (op.fence === "sync-rcu" && p.threads.some((_, j) => inCriticalSection(j, pcs[j]))) return;
            break;
        }
      moved = true;
      const next = pcs.slice();
      next[i]++;
      const nextRegs = regs.slice();
      nextRegs[i] = r;
      walk(next, m, nextRegs);
    });
    if (!moved && pcs.every((pc, i) => pc === p.threads[i].ops.length))
      out.add(
        outcome(p, {
          register: (t, name) => regs[t].get(name) ?? 0,
          memory: (loc) => mem[loc],
        }),
      );
  };
  walk(
    p.threads.map(() => 0),
    p.initial.slice(),
    p.threads.map(
      (t) => new Map(t.ops.flatMap((op) => [...registersUsed(op)].map((r): [string, number] => [r, 0]))),
    ),
  );
  return out;
}

/** The final states of the model's complete search (its `exists` records them and never holds). */
export function modelOutcomes(program: Program): Set<string> {
  const reached = new Set<string>();
  const model = weakMemoryModel(program, {
    file: program.name,
    exists: (f) => {
      reached.add(outcome(program, f));
      return false;
    },
  });
  if (searchBreadthFirst(model, { allowDeadlock: true }).outcome !== "ok")
    throw new Error("search not complete");
  return reached;
}
