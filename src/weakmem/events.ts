// The events of a program and what is fixed about them before any execution: each location's
// initial write, then each thread's reads, writes and fences in program order, with the kernel
// memory model's tags (acquire, release, lock read and write, unlock, non-value-returning RMW,
// syntactic RMW) and the relations that do not depend on what a read reads (`po`, `int`, `loc`,
// the fence relations, the data dependencies). An execution (graph.ts) then says which of these
// events have happened, which write each read read from and where each write sits in coherence.

import { registerSet, registersUsed, type FenceKind, type Op, type Program } from "./program.js";
import { addToSet, emptySet, Relation, type EventSet } from "./relation.js";

export const TAG = {
  acquire: 1,
  release: 2,
  /** The read of an RMW that returns no value (atomic_inc): smp_rmb does not order it. */
  noreturn: 4,
  lockRead: 8,
  lockWrite: 16,
  unlock: 32,
  /** Part of a read-modify-write operation as written, failed cmpxchg included. */
  syntacticRmw: 64,
} as const;

export interface WmEvent {
  id: number;
  kind: "R" | "W" | "F";
  /** The thread, or -1 for an initial write. */
  thread: number;
  /** The operation's index in its thread (-1 for an initial write). */
  op: number;
  /** The location (-1 for a fence). */
  loc: number;
  tags: number;
  fence?: FenceKind;
}

/** The events of one operation. */
export interface OpEvents {
  read?: number;
  write?: number;
  fence?: number;
}

export interface EventTable {
  program: Program;
  events: WmEvent[];
  /** For each thread, for each operation, its events. */
  opEvents: OpEvents[][];
  /** For each thread, for each operation, the operations whose registers it needs first. */
  needs: number[][][];
  /** Events by kind. */
  reads: EventSet;
  writes: EventSet;
  /** The initial writes. */
  initial: EventSet;
  po: Relation;
  /** Same thread (initial writes are external to every thread). */
  int: Relation;
  /** Same location. */
  loc: Relation;
  /** Data dependencies: a read whose register a later write's value uses. */
  data: Relation;
  /** Fence relations that hold whenever both ends happen (`rmb`, `wmb`, the `mb` forms, `gp`). */
  rmb: Relation;
  wmb: Relation;
  staticMb: Relation;
  gp: Relation;
  /** For each fully ordered RMW operation: the `mb` it adds when it succeeds (writes). */
  rmwMb: { write: number; mb: Relation }[];
  /** RCU read-side critical sections: rcu_read_lock event → matching rcu_read_unlock event. */
  rscs: Relation;
  syncRcu: EventSet;
}

/** Builds the event table of a program. */
export function buildEvents(program: Program): EventTable {
  const events: WmEvent[] = [];
  const add = (e: Omit<WmEvent, "id">) => events.push({ ...e, id: events.length }) - 1;
  program.locations.forEach((_, loc) => add({ kind: "W", thread: -1, op: -1, loc, tags: 0 }));
  const opEvents = program.threads.map((t, thread) =>
    t.ops.map((op, i): OpEvents => {
      const at = { thread, op: i };
      switch (op.kind) {
        case "read":
          return {
            read: add({ ...at, kind: "R", loc: op.loc, tags: op.order === "acquire" ? TAG.acquire : 0 }),
          };
        case "write":
          return {
            write: add({ ...at, kind: "W", loc: op.loc, tags: op.order === "release" ? TAG.release : 0 }),
          };
        case "rmw": {
          const base = TAG.syntacticRmw;
          const r =
            base | (op.order === "acquire" ? TAG.acquire : 0) | (op.returns === "none" ? TAG.noreturn : 0);
          const w = base | (op.order === "release" ? TAG.release : 0);
          return {
            read: add({ ...at, kind: "R", loc: op.loc, tags: r }),
            write: add({ ...at, kind: "W", loc: op.loc, tags: w }),
          };
        }
        case "lock":
          return {
            read: add({ ...at, kind: "R", loc: op.loc, tags: TAG.lockRead | TAG.acquire }),
            write: add({ ...at, kind: "W", loc: op.loc, tags: TAG.lockWrite }),
          };
        case "unlock":
          return { write: add({ ...at, kind: "W", loc: op.loc, tags: TAG.unlock | TAG.release }) };
        case "fence":
          return { fence: add({ ...at, kind: "F", loc: -1, tags: 0, fence: op.fence }) };
        case "assign":
        case "assert":
          return {};
      }
    }),
  );
  const n = events.length;
  const set = (p: (e: WmEvent) => boolean) => {
    const s = emptySet(n);
    for (const e of events) if (p(e)) addToSet(s, e.id);
    return s;
  };
  const reads = set((e) => e.kind === "R");
  const writes = set((e) => e.kind === "W");
  const memory = set((e) => e.kind !== "F");
  const po = new Relation(n);
  const int = new Relation(n);
  const loc = new Relation(n);
  for (const a of events)
    for (const b of events) {
      if (a.thread >= 0 && a.thread === b.thread) {
        int.add(a.id, b.id);
        if (a.id < b.id) po.add(a.id, b.id);
      }
      if (a.loc >= 0 && a.loc === b.loc) loc.add(a.id, b.id);
    }

  const needs = program.threads.map((t) => t.ops.map((op, i) => needsOf(t.ops, i, op)));
  const data = new Relation(n);
  program.threads.forEach((t, thread) =>
    t.ops.forEach((_, i) => {
      const target = opEvents[thread][i].write;
      if (target === undefined) return;
      for (const src of readsBehind(t.ops, needs[thread], i)) {
        const r = opEvents[thread][src].read;
        if (r !== undefined) data.add(r, target);
      }
    }),
  );

  // fencerel(F) = po ; [F] ; po, between memory events.
  const fencerel = (kinds: FenceKind[]) => {
    const f = set((e) => e.kind === "F" && kinds.includes(e.fence!));
    return po.to(f).then(po).from(memory).to(memory);
  };
  const srmw = set((e) => (e.tags & TAG.syntacticRmw) !== 0);
  const lkw = set((e) => (e.tags & TAG.lockWrite) !== 0);
  const poq = po.orIdentity();
  const noreturn = set((e) => (e.tags & TAG.noreturn) !== 0);
  const r4rmb = reads.map((w, k) => w & ~noreturn[k]);
  const rmb = fencerel(["rmb"]).from(r4rmb).to(r4rmb);
  const wmb = fencerel(["wmb"]).from(writes).to(writes);
  const staticMb = fencerel(["mb"]).union(
    fencerel(["before-atomic"]).to(srmw).then(poq).to(memory),
    poq
      .from(memory)
      .to(srmw)
      .then(fencerel(["after-atomic"])),
    poq
      .from(memory)
      .to(lkw)
      .then(fencerel(["after-spinlock"])),
  );
  const gp = fencerel(["sync-rcu"]);

  // A fully ordered RMW (xchg, cmpxchg, atomic_*_return) is `F[mb]; R; W; F[mb]` when it succeeds.
  const rmwMb: EventTable["rmwMb"] = [];
  program.threads.forEach((t, thread) =>
    t.ops.forEach((op, i) => {
      if (op.kind !== "rmw" || op.order !== "mb") return;
      const { read, write } = opEvents[thread][i];
      const mb = new Relation(n);
      const own = [read!, write!];
      for (const a of events) {
        if (a.thread !== thread || a.kind === "F") continue;
        const before = a.op < i;
        for (const b of events) {
          if (b.thread !== thread || b.kind === "F") continue;
          const bAfter = b.op > i;
          if ((before && (bAfter || own.includes(b.id))) || (own.includes(a.id) && bAfter))
            mb.add(a.id, b.id);
        }
      }
      rmwMb.push({ write: write!, mb });
    }),
  );

  const rscs = new Relation(n);
  program.threads.forEach((_, thread) => {
    const open: number[] = [];
    for (const e of events) {
      if (e.thread !== thread || e.kind !== "F") continue;
      if (e.fence === "rcu-lock") open.push(e.id);
      if (e.fence === "rcu-unlock" && open.length) {
        const l = open.pop()!;
        // Nested sections count as the outermost one, as in the kernel's model.
        if (!open.length) rscs.add(l, e.id);
      }
    }
  });
  const syncRcu = set((e) => e.fence === "sync-rcu");
  const initial = set((e) => e.thread < 0);
  return {
    program,
    events,
    opEvents,
    needs,
    reads,
    writes,
    initial,
    po,
    int,
    loc,
    data,
    rmb,
    wmb,
    staticMb,
    gp,
    rmwMb,
    rscs,
    syncRcu,
  };
}

/** The operations before `i` that set a register `op` uses (the last setter of each). */
function needsOf(ops: Op[], i: number, op: Op): number[] {
  const out: number[] = [];
  for (const reg of registersUsed(op)) {
    for (let j = i - 1; j >= 0; j--)
      if (registerSet(ops[j]) === reg) {
        out.push(j);
        break;
      }
  }
  return out;
}

/** The reads whose values flow into operation `i` (through register assignments). */
function readsBehind(ops: Op[], needs: number[][], i: number): Set<number> {
  const out = new Set<number>();
  const visit = (j: number) => {
    for (const k of needs[j]) {
      if (ops[k].kind === "assign") visit(k);
      else out.add(k);
    }
  };
  visit(i);
  return out;
}
