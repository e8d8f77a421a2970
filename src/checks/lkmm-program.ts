// A spec under `memory lkmm` as a weak-memory program (src/weakmem/program.ts): each process
// instance becomes a thread whose operations are its steps' marked accesses, barriers and atomics
// (the macros of stdlib/lkmm.vmaspec, recognised by name), in program order, with its locals as
// registers, `if`s as guards, `await` as a read that may only read a satisfying value and
// `assert` as a check on registers. Global integer variables are the shared locations; the
// invariants become predicates on the final state of each complete execution. What the weak-
// memory model cannot run (loops, `goto`, `either`, plain accesses to shared variables, ...) is a
// located W002 error, never a silent approximation. docs/weak-memory.md describes the subset.

import { error, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { CheckedSpec, TExpr, TMacroCall, TProcess, TStmt } from "../typecheck/typed.js";
import type { FinalState } from "../weakmem/model.js";
import { evaluate, KERNEL_FENCES as FENCES, registersOf } from "../weakmem/program.js";
import type { Expr, Guard, Op, Program, RmwOrder, RmwUpdate, Thread } from "../weakmem/program.js";

/** A spec's program and its invariants as predicates on final states. */
export interface LkmmProgram {
  program: Program;
  invariants: { name: string; holds: (f: FinalState) => boolean }[];
}

type ReadKind = { order: "once" | "acquire"; test?: "is-locked" };
const READS: Record<string, ReadKind> = {
  READ_ONCE: { order: "once" },
  smp_load_acquire: { order: "acquire" },
  rcu_dereference: { order: "once" },
  atomic_read: { order: "once" },
  atomic_read_acquire: { order: "acquire" },
  spin_is_locked: { order: "once", test: "is-locked" },
};
const WRITES: Record<string, "once" | "release"> = {
  WRITE_ONCE: "once",
  smp_store_release: "release",
  rcu_assign_pointer: "release",
  atomic_set: "once",
  atomic_set_release: "release",
};

/** A read-modify-write macro: how its arguments map to the location and the update. */
interface RmwKind {
  order: RmwOrder;
  returns: "old" | "new" | "none";
  update: (args: Expr[]) => RmwUpdate;
  /** The argument that is the location. */
  loc: "first" | "last";
}
const RMWS: Record<string, RmwKind> = {};
const orders: [string, RmwOrder][] = [
  ["", "mb"],
  ["_relaxed", "relaxed"],
  ["_acquire", "acquire"],
  ["_release", "release"],
];
const negate = (e: Expr): Expr => ({ kind: "binary", op: "-", left: { kind: "int", value: 0 }, right: e });
const one: Expr = { kind: "int", value: 1 };
for (const [suffix, order] of orders) {
  RMWS[`xchg${suffix}`] = {
    order,
    returns: "old",
    loc: "first",
    update: (a) => ({ kind: "set", value: a[1] }),
  };
  RMWS[`cmpxchg${suffix}`] = {
    order,
    returns: "old",
    loc: "first",
    update: (a) => ({ kind: "cmpxchg", expected: a[1], value: a[2] }),
  };
  const adds: [string, (a: Expr[]) => Expr][] = [
    ["add", (a) => a[0]],
    ["sub", (a) => negate(a[0])],
    ["inc", () => one],
    ["dec", () => negate(one)],
  ];
  for (const [name, delta] of adds) {
    const update = (a: Expr[]): RmwUpdate => ({ kind: "add", value: delta(a) });
    RMWS[`atomic_${name}_return${suffix}`] = { order, returns: "new", loc: "last", update };
    RMWS[`atomic_fetch_${name}${suffix}`] = { order, returns: "old", loc: "last", update };
    if (suffix === "") RMWS[`atomic_${name}`] = { order: "relaxed", returns: "none", loc: "last", update };
  }
}
RMWS.atomic_xchg = RMWS.xchg;
RMWS.atomic_cmpxchg = RMWS.cmpxchg;

/** Whether a macro of this name is one of stdlib lkmm's that `memory lkmm` runs as an event. */
export function isLkmmPrimitive(name: string): boolean {
  return (
    name in READS ||
    name in WRITES ||
    name in FENCES ||
    name in RMWS ||
    name === "spin_lock" ||
    name === "spin_unlock"
  );
}

/** A construct outside the subset, at its place in the spec. */
class Unsupported extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

/** Translates a type-checked spec into the weak-memory model's program, or says what it cannot run. */
export function lkmmProgram(
  spec: CheckedSpec,
  sourceOf: (span: Span) => string,
): { result?: LkmmProgram; diagnostics: Diagnostic[] } {
  try {
    return { result: new Translator(spec, sourceOf).run(), diagnostics: [] };
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return { diagnostics: [error("W002", `memory lkmm: ${e.message}`, e.span)] };
  }
}

/**
 * Under memory lkmm an invariant is judged only in final states (a shared variable has no single
 * value in the middle of a weak execution), so it must say so: `P at done && ... => Q`. An
 * unguarded invariant such as `x != 1` would otherwise pass where an SC reader expects every
 * state checked.
 */
function requireFinalGuard(body: TExpr, span: Span): void {
  const conjuncts = (e: TExpr): TExpr[] =>
    e.k === "logic" && e.op === "&&" ? [...conjuncts(e.a), ...conjuncts(e.b)] : [e];
  const guarded =
    body.k === "logic" &&
    body.op === "=>" &&
    conjuncts(body.a).some((c) => c.k === "at" && c.step === "done");
  if (!guarded)
    throw new Unsupported(
      "an invariant is judged only in the final state of each complete execution: write it as `P at done && ... => condition`",
      body.span ?? span,
    );
}

class Translator {
  private readonly locations: string[] = [];
  private readonly initial: number[] = [];
  private readonly threads: Thread[] = [];
  /** Thread index of each process instance: `P` or `P[2]`. */
  private readonly threadOf = new Map<string, number>();

  constructor(
    private readonly spec: CheckedSpec,
    private readonly sourceOf: (span: Span) => string,
  ) {}

  run(): LkmmProgram {
    const s = this.spec;
    if (s.actions.length)
      throw new Unsupported("actions are not run (write the behaviour as a process)", s.actions[0].span);
    if (s.properties.length)
      throw new Unsupported("liveness properties are not checked", s.properties[0].span);
    if (s.constraints.length) throw new Unsupported("constraints are not supported", s.constraints[0].span);
    if (s.init?.length)
      throw new Unsupported(
        "`init` blocks are not run (give each variable its initial value)",
        s.init[0].span,
      );
    for (const v of s.vars) {
      if (v.type.kind !== "int" && v.type.kind !== "bool") continue;
      if (v.initIn || v.init.k !== "lit")
        throw new Unsupported(`shared variable '${v.name}' needs one constant initial value`, v.span);
      this.locations.push(v.name);
      this.initial.push(Number(v.init.value));
    }
    for (const p of s.processes) {
      const instances = p.indexed ? p.indexValues : [undefined];
      for (const i of instances) {
        this.threadOf.set(i === undefined ? p.name : `${p.name}[${i}]`, this.threads.length);
        this.threads.push(new ThreadBuilder(this, p, i).build());
      }
    }
    const program: Program = {
      name: s.name,
      locations: this.locations,
      initial: this.initial,
      locks: this.locations.map(() => false),
      threads: this.threads,
    };
    const invariants = s.invariants.map((inv) => {
      requireFinalGuard(inv.body, inv.span);
      const holds = this.finalPredicate(inv.body);
      return { name: inv.name, holds: (f: FinalState) => holds(f, new Map()) !== 0 };
    });
    return { program, invariants };
  }

  /** The location a marked access's argument names: a global integer variable. */
  location(e: TExpr): number {
    if (e.k !== "global") throw new Unsupported("a marked access takes a global integer variable", e.span);
    const loc = this.locations.indexOf(e.name);
    if (loc < 0) throw new Unsupported(`'${e.name}' is not an integer or bool variable`, e.span);
    return loc;
  }

  text(span: Span): string {
    return this.sourceOf(span).replace(/\s+/g, " ");
  }

  fileOf(span: Span): string | undefined {
    return span.file === this.spec.file ? undefined : span.file;
  }

  /** An invariant (or a part of one) as a function of the final state and the bound names. */
  private finalPredicate(e: TExpr): (f: FinalState, env: Map<number, number>) => number {
    const sub = (x: TExpr) => this.finalPredicate(x);
    const bool = (b: boolean) => (b ? 1 : 0);
    switch (e.k) {
      case "lit":
        return () => Number(e.value);
      case "global": {
        const loc = this.location(e);
        return (f) => f.memory(loc);
      }
      case "local": {
        const thread = this.instanceThread(e.process, e.instance, e.span);
        return (f) => f.register(thread, e.name);
      }
      case "at": {
        this.instanceThread(e.process, e.instance, e.span);
        // Invariants are checked in final states, where every instance is done: `P at s` for any
        // other step would be false there, and an invariant built on it would pass unchecked.
        if (e.step !== "done")
          throw new Unsupported(
            `an invariant is judged only in the final state of each complete execution, where '${e.step}' is never the step a process is at (assert inside the step instead)`,
            e.span,
          );
        return () => 1;
      }
      case "bound":
        return (_, env) => env.get(e.id)!;
      case "not": {
        const a = sub(e.e);
        return (f, env) => bool(a(f, env) === 0);
      }
      case "neg": {
        const a = sub(e.e);
        return (f, env) => -a(f, env);
      }
      case "arith": {
        const [a, b] = [sub(e.a), sub(e.b)];
        if (e.op === "/" || e.op === "%") throw new Unsupported(`'${e.op}' is not supported`, e.span);
        return (f, env) =>
          e.op === "+" ? a(f, env) + b(f, env) : e.op === "-" ? a(f, env) - b(f, env) : a(f, env) * b(f, env);
      }
      case "cmp": {
        const [a, b] = [sub(e.a), sub(e.b)];
        const test = {
          "<": (x: number, y: number) => x < y,
          "<=": (x: number, y: number) => x <= y,
          ">": (x: number, y: number) => x > y,
          ">=": (x: number, y: number) => x >= y,
        }[e.op];
        return (f, env) => bool(test(a(f, env), b(f, env)));
      }
      case "eq": {
        const [a, b] = [sub(e.a), sub(e.b)];
        return (f, env) => bool((a(f, env) === b(f, env)) !== e.negated);
      }
      case "logic": {
        const [a, b] = [sub(e.a), sub(e.b)];
        if (e.op === "&&") return (f, env) => bool(a(f, env) !== 0 && b(f, env) !== 0);
        if (e.op === "||") return (f, env) => bool(a(f, env) !== 0 || b(f, env) !== 0);
        return (f, env) => bool(a(f, env) === 0 || b(f, env) !== 0);
      }
      case "ite": {
        const [c, a, b] = [sub(e.c), sub(e.a), sub(e.b)];
        return (f, env) => (c(f, env) !== 0 ? a(f, env) : b(f, env));
      }
      case "quant": {
        if (e.q !== "forall" && e.q !== "exists") break;
        const domains = e.binders.map((b) => {
          if (b.domain.k !== "range" || b.domain.lo.k !== "lit" || b.domain.hi.k !== "lit")
            throw new Unsupported("a quantifier in an invariant ranges over constants lo..hi", b.domain.span);
          return { id: b.id, lo: Number(b.domain.lo.value), hi: Number(b.domain.hi.value) };
        });
        const body = sub(e.body);
        const forall = e.q === "forall";
        return (f, env) => {
          const visit = (k: number): boolean => {
            if (k === domains.length) return (body(f, env) !== 0) === forall;
            const d = domains[k];
            for (let v = d.lo; v <= d.hi; v++) {
              env.set(d.id, v);
              if (!visit(k + 1)) return false;
            }
            return true;
          };
          return bool(visit(0) === forall);
        };
      }
      default:
        break;
    }
    throw new Unsupported("this expression is not supported in an invariant", e.span);
  }

  /** The thread of `P` or `P[i]` (i a constant). */
  private instanceThread(process: string, instance: TExpr | null, span: Span): number {
    const key =
      instance === null
        ? process
        : instance.k === "lit"
          ? `${process}[${Number(instance.value)}]`
          : undefined;
    const thread = key === undefined ? undefined : this.threadOf.get(key);
    if (thread === undefined) throw new Unsupported("name a process instance by a constant index", span);
    return thread;
  }
}

/** One process instance's operations, step by step, in program order. */
class ThreadBuilder {
  private readonly ops: Op[] = [];
  private readonly guards: Guard[] = [];
  /** `let` names and macro parameters bound so far. */
  private readonly lets = new Map<number, Expr>();
  private readonly params = new Map<number, TExpr>();
  private temps = 0;

  constructor(
    private readonly t: Translator,
    private readonly p: TProcess,
    private readonly index: number | undefined,
  ) {}

  build(): Thread {
    if (this.p.guard) throw new Unsupported("a process guard (`when`) is not supported", this.p.guard.span);
    for (const v of this.p.locals) {
      if (v.initIn) throw new Unsupported("a local with several initial values is not supported", v.span);
      this.push(
        v.span,
        { kind: "assign", reg: v.name, value: this.expr(v.init) },
        `${v.name} = ${this.t.text(v.init.span)}`,
      );
    }
    for (const step of this.p.steps) this.stmts(step.body);
    const name = this.index === undefined ? this.p.name : `${this.p.name}[${this.index}]`;
    return { name, ops: this.ops };
  }

  private push(span: Span, op: Record<string, unknown> & { kind: Op["kind"] }, text = this.t.text(span)): Op {
    const full = {
      ...op,
      line: span.line,
      text,
      file: this.t.fileOf(span),
      guards: this.guards.length ? [...this.guards] : undefined,
    } as Op;
    this.ops.push(full);
    return full;
  }

  private stmts(list: TStmt[]): void {
    for (const s of list) this.stmt(s);
  }

  private stmt(s: TStmt): void {
    switch (s.k) {
      case "assign": {
        const target = s.target;
        if (target.k === "global")
          throw new Unsupported(
            `a plain write of shared variable '${target.name}': use WRITE_ONCE or another marked access`,
            s.span,
          );
        if (target.k !== "local" || target.instance !== null)
          throw new Unsupported("only the process's own locals can be assigned", target.span);
        if (s.value.k === "macroCall" && this.valueOp(s.value.call, target.name, s.span) !== undefined)
          return;
        this.push(s.span, { kind: "assign", reg: target.name, value: this.expr(s.value) });
        return;
      }
      case "let":
        this.lets.set(s.id, this.expr(s.value));
        return;
      case "if": {
        const cond = this.expr(s.cond);
        // A condition over constants only (`if WITH_RCU`) picks its branch here.
        if (registersOf(cond).size === 0)
          return this.stmts(evaluate(cond, new Map()) !== 0 ? s.then : s.else);
        this.guards.push({ cond, value: true });
        this.stmts(s.then);
        this.guards.pop();
        this.guards.push({ cond, value: false });
        this.stmts(s.else);
        this.guards.pop();
        return;
      }
      case "await": {
        const before = this.ops.length;
        const cond = this.expr(s.cond);
        const added = this.ops.slice(before);
        const read = added[0];
        if (added.length !== 1 || read.kind !== "read")
          throw new Unsupported("an await reads exactly one shared variable with a marked read", s.span);
        (read as Op & { require?: Expr }).require = cond;
        return;
      }
      case "assert":
        this.push(s.span, { kind: "assert", cond: this.expr(s.cond), message: s.message });
        return;
      case "macroStmt": {
        const call = s.call;
        if (this.valueOp(call, undefined, s.span) !== undefined) return;
        if (isLkmmPrimitive(call.macro)) return this.primitive(call, s.span);
        // A macro of the spec's own: its body, with its parameters bound to the arguments.
        call.params.forEach((p, i) => this.params.set(p.id, call.args[i]));
        return this.stmts(call.body.filter((b) => !(b.k === "macroReturn" && !b.value)));
      }
      default:
        throw new Unsupported(
          `'${s.k}' is not supported (a process is straight-line code: steps, if, await, assert)`,
          s.span,
        );
    }
  }

  /** A statement macro of stdlib lkmm: a write, a fence, a lock or an unlock. */
  private primitive(call: TMacroCall, span: Span): void {
    const name = call.macro;
    const args = call.args.map((a) => this.param(a));
    if (name in WRITES) {
      this.push(span, {
        kind: "write",
        loc: this.t.location(args[0]),
        value: this.expr(args[1]),
        order: WRITES[name],
      });
    } else if (name in FENCES) {
      // The model's barriers are present in every execution: one in a branch not taken would
      // still order, hiding behaviours, so a barrier under a condition is not run.
      if (this.guards.length) throw new Unsupported(`'${name}' under a condition is not supported`, span);
      this.push(span, { kind: "fence", fence: FENCES[name] });
    } else if (name === "spin_lock") this.push(span, { kind: "lock", loc: this.t.location(args[0]) });
    else if (name === "spin_unlock") this.push(span, { kind: "unlock", loc: this.t.location(args[0]) });
    else throw new Unsupported(`'${name}' is not supported`, span);
  }

  /** A read or an RMW primitive into `reg` (or a fresh register; "" for an RMW without a value); undefined if `call` is neither. */
  private valueOp(call: TMacroCall, reg: string | undefined, span: Span): string | undefined {
    const name = call.macro;
    const args = call.args.map((a) => this.param(a));
    if (name in READS) {
      reg ??= this.temp();
      this.push(span, { kind: "read", loc: this.t.location(args[0]), reg, ...READS[name] });
      return reg;
    }
    const rmw = RMWS[name];
    if (!rmw) return undefined;
    const locArg = rmw.loc === "first" ? args[0] : args[args.length - 1];
    const values = args.map((a) => (a === locArg ? ({ kind: "int", value: 0 } as Expr) : this.expr(a)));
    if (rmw.returns !== "none") reg ??= this.temp();
    this.push(span, {
      kind: "rmw",
      loc: this.t.location(locArg),
      reg,
      update: rmw.update(values),
      order: rmw.order,
      returns: rmw.returns,
    });
    return reg ?? "";
  }

  private temp(): string {
    return `$${++this.temps}`;
  }

  /** A macro parameter replaced by the caller's argument. */
  private param(e: TExpr): TExpr {
    let x = e;
    while (x.k === "param" && this.params.has(x.id)) x = this.params.get(x.id)!;
    return x;
  }

  /** A value expression over the thread's registers; marked reads in it become reads first. */
  private expr(e0: TExpr): Expr {
    const e = this.param(e0);
    switch (e.k) {
      case "lit":
        return { kind: "int", value: Number(e.value) };
      case "self":
        if (this.index === undefined) break;
        return { kind: "int", value: this.index };
      case "local":
        if (e.instance !== null || e.process !== this.p.name) break;
        return { kind: "reg", name: e.name };
      case "bound": {
        const v = this.lets.get(e.id);
        if (!v) break;
        return v;
      }
      case "global":
        throw new Unsupported(
          `a plain read of shared variable '${e.name}': use READ_ONCE or another marked access`,
          e.span,
        );
      case "not":
        return { kind: "not", operand: this.expr(e.e) };
      case "neg":
        return negate(this.expr(e.e));
      case "arith":
        if (e.op === "/" || e.op === "%") break;
        return { kind: "binary", op: e.op, left: this.expr(e.a), right: this.expr(e.b) };
      case "cmp":
        return { kind: "binary", op: e.op, left: this.expr(e.a), right: this.expr(e.b) };
      case "eq":
        return { kind: "binary", op: e.negated ? "!=" : "==", left: this.expr(e.a), right: this.expr(e.b) };
      case "logic": {
        const [a, b] = [this.expr(e.a), this.expr(e.b)];
        if (e.op === "=>") return { kind: "binary", op: "||", left: { kind: "not", operand: a }, right: b };
        return { kind: "binary", op: e.op, left: a, right: b };
      }
      case "macroCall": {
        const reg = this.valueOp(e.call, undefined, e.span);
        if (reg) return { kind: "reg", name: reg };
        break;
      }
      default:
        break;
    }
    throw new Unsupported("this expression is not supported in a process under memory lkmm", e.span);
  }
}
