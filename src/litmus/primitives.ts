// The kernel primitives a litmus body may call, and the operation each becomes in the weak-memory
// model's program (src/weakmem/program.ts). Names follow include/linux/atomic.h and the kernel's
// tools/memory-model/linux-kernel.def: an RMW without suffix is fully ordered when it returns a
// value, `_relaxed`, `_acquire` and `_release` weaken it, and the non-value-returning ones
// (atomic_inc, atomic_add, ...) are unordered. Names listed in UNSUPPORTED are kernel primitives
// the model does not run: they are rejected with a located error rather than misread.

import { KERNEL_FENCES as FENCES, type Expr, type FenceKind, type RmwOrder } from "../weakmem/program.js";

/** What a call becomes, given its location arguments and value arguments. */
export type Primitive =
  | { kind: "read"; order: "once" | "acquire"; test?: "is-locked" }
  | { kind: "write"; order: "once" | "release" }
  | {
      kind: "rmw";
      update: "set" | "add" | "sub" | "cmpxchg";
      constant?: number;
      order: RmwOrder;
      returns: "old" | "new" | "none";
      locFirst: boolean;
    }
  | { kind: "lock" }
  | { kind: "unlock" }
  | { kind: "fence"; fence: FenceKind };

const FIXED: Record<string, Primitive> = {
  READ_ONCE: { kind: "read", order: "once" },
  rcu_dereference: { kind: "read", order: "once" },
  atomic_read: { kind: "read", order: "once" },
  smp_load_acquire: { kind: "read", order: "acquire" },
  atomic_read_acquire: { kind: "read", order: "acquire" },
  spin_is_locked: { kind: "read", order: "once", test: "is-locked" },
  WRITE_ONCE: { kind: "write", order: "once" },
  atomic_set: { kind: "write", order: "once" },
  smp_store_release: { kind: "write", order: "release" },
  atomic_set_release: { kind: "write", order: "release" },
  rcu_assign_pointer: { kind: "write", order: "release" },
  spin_lock: { kind: "lock" },
  spin_unlock: { kind: "unlock" },
  atomic_inc: { kind: "rmw", update: "add", constant: 1, order: "relaxed", returns: "none", locFirst: true },
  atomic_dec: { kind: "rmw", update: "add", constant: -1, order: "relaxed", returns: "none", locFirst: true },
  atomic_add: { kind: "rmw", update: "add", order: "relaxed", returns: "none", locFirst: false },
  atomic_sub: { kind: "rmw", update: "sub", order: "relaxed", returns: "none", locFirst: false },
};

/** Kernel primitives that exist but that the model does not run. */
export const UNSUPPORTED = new Set([
  "spin_trylock",
  "spin_lock_irqsave",
  "spin_unlock_irqrestore",
  "smp_mb__after_unlock_lock",
  "smp_mb__after_srcu_read_unlock",
  "srcu_read_lock",
  "srcu_read_unlock",
  "synchronize_srcu",
  "synchronize_srcu_expedited",
  "call_rcu",
  "rcu_dereference_protected",
  "atomic_dec_and_test",
  "atomic_inc_and_test",
  "atomic_sub_and_test",
  "atomic_add_negative",
  "atomic_add_unless",
  "atomic_inc_not_zero",
  "atomic_try_cmpxchg",
  "try_cmpxchg",
  "smp_cond_load_acquire",
  "smp_cond_load_relaxed",
  "smp_store_mb",
  "xchg_release_local",
]);

const ORDERS: [string, RmwOrder][] = [
  ["_relaxed", "relaxed"],
  ["_acquire", "acquire"],
  ["_release", "release"],
  ["", "mb"],
];

/** The primitive called `name`, or undefined for a name that is none. */
export function primitive(name: string): Primitive | undefined {
  if (name in FENCES) return { kind: "fence", fence: FENCES[name] };
  if (name in FIXED) return FIXED[name];
  for (const [suffix, order] of ORDERS) {
    if (!name.endsWith(suffix)) continue;
    const stem = name.slice(0, name.length - suffix.length);
    const rmw = (
      update: "set" | "add" | "sub" | "cmpxchg",
      returns: "old" | "new",
      locFirst: boolean,
      constant?: number,
    ): Primitive => ({
      kind: "rmw",
      update,
      order,
      returns,
      locFirst,
      constant,
    });
    switch (stem) {
      case "xchg":
      case "atomic_xchg":
        return rmw("set", "old", true);
      case "cmpxchg":
      case "atomic_cmpxchg":
        return rmw("cmpxchg", "old", true);
      case "atomic_add_return":
        return rmw("add", "new", false);
      case "atomic_sub_return":
        return rmw("sub", "new", false);
      case "atomic_inc_return":
        return rmw("add", "new", true, 1);
      case "atomic_dec_return":
        return rmw("add", "new", true, -1);
      case "atomic_fetch_add":
        return rmw("add", "old", false);
      case "atomic_fetch_sub":
        return rmw("sub", "old", false);
      case "atomic_fetch_inc":
        return rmw("add", "old", true, 1);
      case "atomic_fetch_dec":
        return rmw("add", "old", true, -1);
    }
  }
  return undefined;
}

/** How many location and value arguments a primitive takes. */
export function arity(p: Primitive): { locs: number; values: number } {
  switch (p.kind) {
    case "read":
    case "lock":
    case "unlock":
      return { locs: 1, values: 0 };
    case "write":
      return { locs: 1, values: 1 };
    case "fence":
      return { locs: 0, values: 0 };
    case "rmw":
      return { locs: 1, values: p.constant !== undefined ? 0 : p.update === "cmpxchg" ? 2 : 1 };
  }
}

/** A constant expression. */
export const int = (value: number): Expr => ({ kind: "int", value });
