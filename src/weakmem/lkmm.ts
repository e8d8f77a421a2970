// The Linux kernel memory model's axioms (tools/memory-model/linux-kernel.cat, for marked
// accesses: there are no plain C accesses in the programs we run), checked on an execution graph
// that may still be partial. Every relation below grows when events or edges are added, so an
// axiom broken by a partial graph stays broken in every completion: the model (model.ts) drops
// such states at once instead of finishing them. Names follow the cat file, so the two can be
// read side by side; deviations are listed in docs/weak-memory.md.

import { TAG, type EventTable } from "./events.js";
import type { Execution } from "./graph.js";
import { emptySet, inSet, addToSet, removeFromSet, Relation, type EventSet } from "./relation.js";

export type Axiom = "coherence" | "atomicity" | "happens-before" | "propagation" | "rcu";

/** The first axiom `ex` breaks, or undefined when it is consistent (so far). */
export function violatedAxiom(table: EventTable, ex: Execution): Axiom | undefined {
  const n = table.events.length;
  const P = ex.present;
  const on = (r: Relation) => r.from(P).to(P);
  const setOf = (base: EventSet, tag?: number) => {
    const s = emptySet(n);
    for (const e of table.events)
      if (inSet(base, e.id) && inSet(P, e.id) && (tag === undefined || (e.tags & tag) !== 0))
        addToSet(s, e.id);
    return s;
  };
  const R = setOf(table.reads);
  const W = setOf(table.writes);
  const M = R.map((r, k) => r | W[k]);
  const po = on(table.po);
  const int = table.int;
  const ext = Relation.product(n, M, M).minus(int);
  const { rf, co, rmw } = ex;
  const fr = rf.inverse().then(co);

  // Coherence: sc-per-location.
  const poLoc = po.inter(table.loc).from(M).to(M);
  if (!poLoc.union(rf, co, fr).isAcyclic()) return "coherence";

  const rfe = rf.inter(ext);
  const rfi = rf.inter(int);
  const fre = fr.inter(ext);
  const coe = co.inter(ext);
  // Atomicity: nothing comes between the read and the write of a read-modify-write.
  if (!rmw.inter(fre.then(coe)).isEmpty()) return "atomicity";

  // Preserved program order.
  const dep = on(table.data);
  const overwrite = co.union(fr);
  const toW = dep.to(W).union(overwrite.inter(int));
  const toR = dep.then(rfi);
  let mb = on(table.staticMb);
  for (const { write, mb: m } of table.rmwMb) if (inSet(P, write)) mb = mb.union(on(m));
  const strongFence = mb.union(on(table.gp));
  // A failing cmpxchg_acquire() orders nothing: its read is no acquire (the read of an RMW whose
  // write never happens; the write always happens in the same step as the read).
  const acquire = setOf(table.reads, TAG.acquire);
  const srmw = setOf(table.reads, TAG.syntacticRmw);
  for (let e = 0; e < n; e++) if (inSet(srmw, e) && !rmw.relatesFrom(e)) removeFromSet(acquire, e);
  const release = setOf(table.writes, TAG.release);
  const poRel = po.from(M).to(release);
  const acqPo = po.from(acquire).to(M);
  const wmb = on(table.wmb);
  const rmb = on(table.rmb);
  const fence = strongFence.union(poRel, acqPo, wmb, rmb);
  const unlock = setOf(table.writes, TAG.unlock);
  const lockRead = setOf(table.reads, TAG.lockRead);
  const poUnlockLockPo = po.to(unlock).then(po.union(rf)).to(lockRead).then(po).from(M).to(M);
  const ppo = toR.union(toW, fence.inter(int), poUnlockLockPo.inter(int));

  // Cumulativity and propagation.
  const aCumul = (r: Relation) => rfe.orIdentity().then(r);
  const cumulFence = aCumul(strongFence.union(poRel)).union(wmb, poUnlockLockPo).from(M).to(M);
  const prop = overwrite.inter(ext).orIdentity().then(cumulFence.star()).then(rfe.orIdentity()).from(M).to(M);
  const hb = ppo.union(rfe, prop.withoutIdentity().inter(int)).from(M).to(M);
  if (!hb.isAcyclic()) return "happens-before";
  const hbStar = hb.star();
  const pb = prop.then(strongFence).then(hbStar).to(M);
  if (!pb.isAcyclic()) return "propagation";

  if (!table.syncRcu.some((w) => w !== 0)) return undefined;
  // RCU: a chain with at least as many grace periods as read-side critical sections orders like a
  // strong fence.
  const gpId = Relation.identity(n, table.syncRcu);
  const rscsi = on(table.rscs).inverse();
  const link = po.orIdentity().then(hbStar).then(pb.star()).then(prop).then(po);
  let order = gpId;
  for (;;) {
    const ol = order.then(link);
    const next = gpId.union(
      gpId.then(link).then(rscsi),
      rscsi.then(link).then(gpId),
      gpId.then(link).then(ol).then(rscsi),
      rscsi.then(link).then(ol).then(gpId),
      ol.then(order),
    );
    if (next.equals(order)) break;
    order = next;
  }
  const rcuFence = po.then(order).then(po.orIdentity());
  const rb = prop.then(rcuFence).then(hbStar).then(pb.star()).to(M);
  if (!rb.isIrreflexive()) return "rcu";
  return undefined;
}
