// A concurrent program as the weak-memory model runs it: shared locations with initial values,
// and threads, each a straight-line list of memory operations in program order (the kernel's
// marked accesses, fences, atomic read-modify-writes, spinlocks and RCU). The litmus reader
// (src/litmus/) builds one from a `.litmus` file; the model (model.ts) explores it. Registers are
// per thread; an operation's value may be an expression over registers read before it.

/** An integer expression over a thread's registers. */
export type Expr =
  | { kind: "int"; value: number }
  | { kind: "reg"; name: string }
  | { kind: "not"; operand: Expr }
  | { kind: "binary"; op: BinaryOp; left: Expr; right: Expr };

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "&"
  | "|"
  | "^"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "&&"
  | "||";

/** How an access orders: the kernel's READ_ONCE/WRITE_ONCE, acquire loads and release stores. */
export type AccessOrder = "once" | "acquire" | "release";

/** The orderings of an atomic read-modify-write: `_relaxed`, `_acquire`, `_release`, or full. */
export type RmwOrder = "relaxed" | "acquire" | "release" | "mb";

/** The fences and the non-memory markers the model knows. */
export type FenceKind =
  | "mb"
  | "rmb"
  | "wmb"
  | "before-atomic"
  | "after-atomic"
  | "after-spinlock"
  | "rcu-lock"
  | "rcu-unlock"
  | "sync-rcu";

/** The kernel's fence and RCU primitives by name: one table for litmus tests and specs. */
export const KERNEL_FENCES: Readonly<Record<string, FenceKind>> = {
  smp_mb: "mb",
  smp_rmb: "rmb",
  smp_wmb: "wmb",
  smp_mb__before_atomic: "before-atomic",
  smp_mb__after_atomic: "after-atomic",
  smp_mb__after_spinlock: "after-spinlock",
  rcu_read_lock: "rcu-lock",
  rcu_read_unlock: "rcu-unlock",
  synchronize_rcu: "sync-rcu",
};

/** What a read-modify-write stores, given the value it read. */
export type RmwUpdate =
  | { kind: "set"; value: Expr } // xchg
  | { kind: "add"; value: Expr } // atomic_add, _inc (+1), _sub and _dec (negated)
  | { kind: "cmpxchg"; expected: Expr; value: Expr }; // stores only when the old value is `expected`

/** Where an operation comes from, for traces: its source line and its text. */
export interface OpSource {
  line: number;
  text: string;
  /** The file the operation is written in, when not the program's own (a spec's stdlib macro). */
  file?: string;
}

/** A condition an operation runs under: inside `if (cond)` (value true) or its `else` (false). */
export interface Guard {
  cond: Expr;
  value: boolean;
}

export type Op = OpSource & {
  /** The enclosing `if` conditions, outermost first; the operation runs only when all hold. */
  guards?: Guard[];
} & (
    | {
        kind: "read";
        loc: number;
        reg?: string;
        order: "once" | "acquire";
        test?: "is-locked";
        /** An `await`: the read may only read a value for which this holds (with `reg` set to it). */
        require?: Expr;
      }
    | { kind: "write"; loc: number; value: Expr; order: "once" | "release" }
    | {
        kind: "rmw";
        loc: number;
        reg?: string;
        update: RmwUpdate;
        order: RmwOrder;
        /** What the register receives: the old value, the new one, or nothing (atomic_inc). */
        returns: "old" | "new" | "none";
      }
    | { kind: "lock"; loc: number }
    | { kind: "unlock"; loc: number }
    | { kind: "fence"; fence: FenceKind }
    | { kind: "assign"; reg: string; value: Expr }
    /** A spec's `assert`: a violation as soon as its registers are known and it is false. */
    | { kind: "assert"; cond: Expr; message: string }
  );

export interface Thread {
  name: string;
  ops: Op[];
}

export interface Program {
  name: string;
  /** Location names; an operation's `loc` indexes this list. */
  locations: string[];
  /** Initial value of each location (0 unless the init block says otherwise). */
  initial: number[];
  /** Locations that are spinlocks (for display: their values read as locked/unlocked). */
  locks: boolean[];
  threads: Thread[];
}

/** The registers `e` reads. */
export function registersOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  if (e.kind === "reg") out.add(e.name);
  else if (e.kind === "not") registersOf(e.operand, out);
  else if (e.kind === "binary") {
    registersOf(e.left, out);
    registersOf(e.right, out);
  }
  return out;
}

/** The registers an operation's values and its guards read. */
export function registersUsed(op: Op): Set<string> {
  const out = new Set<string>();
  for (const g of op.guards ?? []) registersOf(g.cond, out);
  if (op.kind === "write" || op.kind === "assign") registersOf(op.value, out);
  if (op.kind === "assert") registersOf(op.cond, out);
  if (op.kind === "rmw") {
    registersOf(op.update.value, out);
    if (op.update.kind === "cmpxchg") registersOf(op.update.expected, out);
  }
  return out;
}

/** The register an operation sets, if any. */
export function registerSet(op: Op): string | undefined {
  return op.kind === "read" || op.kind === "rmw" || op.kind === "assign" ? op.reg : undefined;
}

/** Whether the guards hold with `regs` (undefined while a register they read has no value). */
export function guardsHold(op: Op, regs: ReadonlyMap<string, number>): boolean | undefined {
  for (const g of op.guards ?? []) {
    if (![...registersOf(g.cond)].every((r) => regs.has(r))) return undefined;
    if ((evaluate(g.cond, regs) !== 0) !== g.value) return false;
  }
  return true;
}

/** Evaluates `e` with `regs`; an unknown register is an internal error (the model waits for it). */
export function evaluate(e: Expr, regs: ReadonlyMap<string, number>): number {
  switch (e.kind) {
    case "int":
      return e.value;
    case "reg": {
      const v = regs.get(e.name);
      if (v === undefined) throw new Error(`register ${e.name} has no value yet`);
      return v;
    }
    case "not":
      return evaluate(e.operand, regs) === 0 ? 1 : 0;
    case "binary": {
      const a = evaluate(e.left, regs);
      const b = evaluate(e.right, regs);
      switch (e.op) {
        case "+":
          return (a + b) | 0;
        case "-":
          return (a - b) | 0;
        case "*":
          return Math.imul(a, b);
        case "&":
          return a & b;
        case "|":
          return a | b;
        case "^":
          return a ^ b;
        case "==":
          return a === b ? 1 : 0;
        case "!=":
          return a !== b ? 1 : 0;
        case "<":
          return a < b ? 1 : 0;
        case "<=":
          return a <= b ? 1 : 0;
        case ">":
          return a > b ? 1 : 0;
        case ">=":
          return a >= b ? 1 : 0;
        case "&&":
          return a !== 0 && b !== 0 ? 1 : 0;
        case "||":
          return a !== 0 || b !== 0 ? 1 : 0;
      }
    }
  }
}
