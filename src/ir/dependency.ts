// The dependency facts partial-order reduction builds on. In: the lowered processes and actions of
// a checked spec, and its layout. Out: a DependencyShape (model/dependency.ts): for each step of
// each process instance, and for each action, the slots it may read and may write; for each
// program counter, where control may go next; and the slots the invariants, properties and
// constraints read.
//
// Every answer over-approximates, which is what soundness needs. A location is found exactly when
// it is a variable, a record field, or a map entry whose key is a literal or `self`; any other
// index (a bound variable, an expression, a sequence position) counts as the whole variable. A
// step always reads its own instance's whole block (program counter, locals, frames) and writes
// its program counter and frames: private to the instance unless another step names that instance
// (`Reader[2].v`, `Reader[2] at s`). Function bodies are read through; a macro touches what its
// by-reference arguments denote and what its body names. A statement kind this file does not know
// touches every slot.

import type { DependencyShape, SlotRanges, StepAccess } from "../model/dependency.js";
import type { Type } from "../model/types.js";
import type { CheckedSpec, TExpr, TMacroCall, TStmt } from "../typecheck/typed.js";
import { fieldOffset, slotCount, type Layout, type ProcessLayout } from "./layout.js";
import type { LoweredAction, LoweredProcess, LoweredStep } from "./lower.js";
import { pcOf } from "./steps.js";

/** The dependency facts of a lowered spec. */
export function dependencyShape(
  spec: CheckedSpec,
  layout: Layout,
  processes: readonly LoweredProcess[],
  actions: readonly LoweredAction[],
): DependencyShape {
  const analysis = new AccessAnalysis(spec, layout);
  const observed = analysis.marks();
  // `P at s` in a property observes one value of P's program counter, not the whole slot.
  const observedPcs = new Map<number, Set<number>>();
  analysis.onAt = (pcSlot, pc) => {
    if (!observedPcs.has(pcSlot)) observedPcs.set(pcSlot, new Set());
    observedPcs.get(pcSlot)!.add(pc);
  };
  const noProcess: Where = {};
  for (const e of [
    ...spec.invariants.map((i) => i.body),
    ...spec.constraints.map((c) => c.body),
    ...spec.properties.flatMap((p) => (p.lhs ? [p.lhs, p.rhs] : [p.rhs])),
  ])
    analysis.readExpr(e, noProcess, observed);
  analysis.drainPendingWrites(analysis.marks());
  analysis.onAt = undefined;
  return {
    processes: processes.map((p) => ({
      name: p.layout.name,
      stepIds: p.steps.map((s) => s.stepId),
      done: p.layout.done,
      instances: p.instances.map(({ self, base }) => ({
        instance: p.layout.process.indexed ? self : -1,
        pcSlot: base + p.layout.pc,
        access: p.steps.map((s) => analysis.stepAccess(p, s, { process: p.layout, self, base })),
      })),
      next: controlGraph(p),
    })),
    actions: actions.map((a) => ({ stepId: a.stepId, access: analysis.actionAccess(a.body) })),
    observed: toRanges(observed),
    observedPcs: [...observedPcs].map(([pcSlot, pcs]) => ({ pcSlot, pcs: [...pcs].sort((a, b) => a - b) })),
  };
}

/** Where code runs: in a process instance (its layout, index value and first slot), or not. */
interface Where {
  process?: ProcessLayout;
  self?: number;
  base?: number;
}

/** Slots a location may occupy; `exact` when they are precisely the location (so a field or
 *  constant index below it can narrow them). */
interface Located {
  ranges: [number, number][];
  exact: boolean;
}

const EXPRESSION_KINDS = new Set([
  "lit", "none", "global", "local", "frame", "bound", "param", "self", "not", "neg", "arith", "cmp",
  "eq", "logic", "in", "setop", "range", "ite", "let", "quant", "pick", "setLit", "setFilter",
  "setMap", "seqLit", "record", "field", "mapLit", "index", "some", "the", "builtin", "fnCall",
  "macroCall", "at", "prime", "fnSet",
]); // prettier-ignore

/** Reads and writes of statements and expressions, as marks over the slots. */
class AccessAnalysis {
  private readonly fnsBeingRead = new Set<string>();
  /** When set, `P at s` reports the program counter value it tests here instead of reading the slot. */
  onAt: ((pcSlot: number, pc: number) => void) | undefined;

  constructor(
    private readonly spec: CheckedSpec,
    private readonly layout: Layout,
  ) {}

  marks(): Uint8Array {
    return new Uint8Array(this.layout.slotCount);
  }

  /** What one step of one instance may touch. */
  stepAccess(p: LoweredProcess, step: LoweredStep, at: Where): StepAccess {
    const { owner } = step.place;
    const body = step.step.body;
    const fallsOff = step.fallOff.k !== "goto";
    const reads = this.marks();
    const writes = this.marks();
    const l = p.layout;
    const base = at.base!;
    mark(reads, base, base + l.stride);
    mark(writes, base + l.pc, base + l.pc + 1);
    if (l.frames.length) mark(writes, base + l.frames[0].start, base + l.stride);
    if (p.guard) this.readExpr(p.guard.body, at, reads);
    this.stmts(body, at, reads, writes);
    this.drainPendingWrites(writes);
    // A step of a proc that may return stores its result where some call asked for it.
    if (owner !== null && mayReturn(body, fallsOff))
      for (const step of p.steps)
        for (const site of step.place.resultSites) this.write(site.target, at, reads, writes);
    return { reads: toRanges(reads), writes: toRanges(writes) };
  }

  /** What an action may touch. */
  actionAccess(body: TStmt[]): StepAccess {
    const reads = this.marks();
    const writes = this.marks();
    this.stmts(body, {}, reads, writes);
    this.drainPendingWrites(writes);
    return { reads: toRanges(reads), writes: toRanges(writes) };
  }

  private stmts(body: readonly TStmt[], at: Where, reads: Uint8Array, writes: Uint8Array): void {
    for (const s of body) this.stmt(s, at, reads, writes);
  }

  private stmt(s: TStmt, at: Where, reads: Uint8Array, writes: Uint8Array): void {
    switch (s.k) {
      case "assign":
        this.write(s.target, at, reads, writes);
        return this.readExpr(s.value, at, reads);
      case "let":
        return this.readExpr(s.value, at, reads);
      case "if":
        this.readExpr(s.cond, at, reads);
        this.stmts(s.then, at, reads, writes);
        return this.stmts(s.else, at, reads, writes);
      case "while":
        this.readExpr(s.cond, at, reads);
        return this.stmts(s.body, at, reads, writes);
      case "await":
      case "assert":
        return this.readExpr(s.cond, at, reads);
      case "either":
        for (const b of s.branches) this.stmts(b, at, reads, writes);
        return;
      case "choose":
        this.readExpr(s.binder.domain, at, reads);
        return this.stmts(s.body, at, reads, writes);
      case "goto":
        return; // the program counter: already among the writes
      case "call":
        for (const a of s.args) this.readExpr(a, at, reads);
        return; // the frame and program counter: already among the writes
      case "return":
      case "macroReturn":
        if (s.value) this.readExpr(s.value, at, reads);
        return;
      case "macroStmt":
        return this.macro(s.call, at, reads, writes);
      default:
        // A statement this analysis does not know may do anything.
        mark(reads, 0, this.layout.slotCount);
        mark(writes, 0, this.layout.slotCount);
    }
  }

  /** A macro: by-reference arguments are read and written where they point; its body as written. */
  private macro(call: TMacroCall, at: Where, reads: Uint8Array, writes: Uint8Array): void {
    call.args.forEach((arg, i) => {
      if (call.params[i]?.byRef) this.write(arg, at, reads, writes, true);
      else this.readExpr(arg, at, reads);
    });
    this.stmts(call.body, at, reads, writes);
  }

  /** Marks the slots an assignment target (or a by-reference argument) may write. */
  private write(target: TExpr, at: Where, reads: Uint8Array, writes: Uint8Array, alsoRead = false): void {
    const loc = this.locate(target, at);
    if (!loc && rootOf(target).k === "param") return this.readPathKeys(target, at, reads); // the caller's argument: marked there
    if (!loc) {
      mark(writes, 0, this.layout.slotCount);
      return this.readExpr(target, at, reads);
    }
    for (const [from, to] of loc.ranges) {
      mark(writes, from, to);
      if (alsoRead) mark(reads, from, to);
    }
    this.readPathKeys(target, at, reads);
  }

  /** Marks every slot an expression may read. */
  readExpr(e: TExpr, at: Where, reads: Uint8Array): void {
    switch (e.k) {
      case "global":
      case "local":
      case "frame":
      case "field":
      case "index": {
        const loc = this.locate(e, at);
        if (!loc) break; // a field or index of a computed value: read its parts below
        for (const [from, to] of loc.ranges) mark(reads, from, to);
        return this.readPathKeys(e, at, reads);
      }
      case "at": {
        if (e.instance) this.readExpr(e.instance, at, reads);
        const p = this.processNamed(e.process);
        const onAt = this.onAt;
        const pc =
          onAt && p.pcs.some((x) => x.owner === null && x.step === e.step) ? pcOf(p, null, e.step) : -1;
        for (const base of this.instanceBases(p, e.instance, at))
          if (onAt && pc >= 0) onAt(base + p.pc, pc);
          else mark(reads, base + p.pc, base + p.pc + 1);
        return;
      }
      case "fnCall": {
        for (const a of e.args) this.readExpr(a, at, reads);
        const fn = this.spec.fns.find((f) => f.name === e.fn);
        if (!fn || this.fnsBeingRead.has(fn.name)) return;
        this.fnsBeingRead.add(fn.name);
        this.readExpr(fn.body, at, reads);
        this.fnsBeingRead.delete(fn.name);
        return;
      }
      case "macroCall": {
        // A macro used as an expression may still write through its by-reference parameters.
        const writes = this.marks();
        this.macro(e.call, at, reads, writes);
        for (let i = 0; i < writes.length; i++) if (writes[i]) reads[i] = 1;
        if (writes.some((w) => w === 1)) this.pendingWrites.push(writes);
        return;
      }
      default:
        break;
    }
    this.readChildren(e, at, reads);
  }

  /** Writes by macros called inside expressions, collected for the step that evaluates them. */
  private readonly pendingWrites: Uint8Array[] = [];

  /** Any node's children, whatever its kind (so that a new expression kind is still read through). */
  private readChildren(node: object, at: Where, reads: Uint8Array): void {
    for (const [key, value] of Object.entries(node)) {
      if (key === "type" || key === "elemType" || key === "span" || key === "resultType") continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (typeof child !== "object" || child === null) continue;
        const k = (child as { k?: unknown }).k;
        if (typeof k === "string" && EXPRESSION_KINDS.has(k)) this.readExpr(child as TExpr, at, reads);
        else if (typeof k === "string" && "type" in child) this.readChildren(child, at, reads);
        else if (typeof k === "string") {
          // A statement inside an expression: whatever it writes, the step writes.
          const writes = this.marks();
          this.stmt(child as TStmt, at, reads, writes);
          this.pendingWrites.push(writes);
        } else this.readChildren(child, at, reads);
      }
    }
  }

  /** The index keys and instance expressions along a location's path: they are read. */
  private readPathKeys(e: TExpr, at: Where, reads: Uint8Array): void {
    if (e.k === "index") {
      this.readExpr(e.key, at, reads);
      this.readPathKeys(e.target, at, reads);
    } else if (e.k === "field") this.readPathKeys(e.target, at, reads);
    else if (e.k === "local" && e.instance) this.readExpr(e.instance, at, reads);
    else if (e.k !== "global" && e.k !== "local" && e.k !== "frame") this.readExpr(e, at, reads);
  }

  /** The slots a location expression denotes, or null when the expression is no location. */
  private locate(e: TExpr, at: Where): Located | null {
    switch (e.k) {
      case "global": {
        const g = this.layout.globals.find((x) => x.name === e.name);
        return g ? { ranges: [[g.offset, g.offset + slotCount(g.type)]], exact: true } : null;
      }
      case "local": {
        const p = this.processNamed(e.process);
        const v = p.locals.find((x) => x.name === e.name);
        if (!v) return null;
        const size = slotCount(v.type);
        const bases = this.instanceBases(p, e.instance, at);
        return { ranges: bases.map((b) => [b + v.offset, b + v.offset + size]), exact: true };
      }
      case "frame": {
        const p = at.process;
        if (!p || at.base === undefined) return null;
        const frame = p.frames.find((f) => f.proc === e.proc);
        const v = frame && [...frame.params, ...frame.locals].find((x) => x.name === e.name);
        if (!v) return { ranges: [[at.base, at.base + p.stride]], exact: false };
        return { ranges: [[at.base + v.offset, at.base + v.offset + slotCount(v.type)]], exact: true };
      }
      case "field": {
        const t = this.locate(e.target, at);
        if (!t) return null;
        const rec = e.target.type;
        if (!t.exact || rec.kind !== "record") return { ranges: t.ranges, exact: false };
        const off = fieldOffset(rec, e.index);
        const size = slotCount(rec.fields[e.index].type);
        return { ranges: t.ranges.map(([from]) => [from + off, from + off + size]), exact: true };
      }
      case "index": {
        const t = this.locate(e.target, at);
        if (!t) return null;
        const map = e.target.type;
        const key = this.constantKey(e.key, at);
        if (!t.exact || map.kind !== "map" || key === null) return { ranges: t.ranges, exact: false };
        const ordinal = ordinalOf(map.key, key);
        const size = slotCount(map.value);
        if (ordinal === null) return { ranges: t.ranges, exact: false };
        return {
          ranges: t.ranges.map(([from]) => [from + ordinal * size, from + ordinal * size + size]),
          exact: true,
        };
      }
      default:
        return null;
    }
  }

  /** A map key known without running the step: a literal, or `self` in a process instance. */
  private constantKey(e: TExpr, at: Where): number | null {
    if (e.k === "lit") return typeof e.value === "boolean" ? (e.value ? 1 : 0) : e.value;
    if (e.k === "self" && at.self !== undefined) return at.self;
    return null;
  }

  private processNamed(name: string): ProcessLayout {
    const p = this.layout.processes.find((x) => x.name === name);
    if (!p) throw new Error(`internal: no process ${name} in the layout`);
    return p;
  }

  /** First slots of the instances `instance` may denote (null: the running one, or the only one). */
  private instanceBases(p: ProcessLayout, instance: TExpr | null, at: Where): number[] {
    const values = p.process.indexValues;
    const all = values.map((_, i) => p.base + i * p.stride);
    if (instance === null) {
      if (at.process === p && at.base !== undefined) return [at.base];
      return values.length === 1 ? [p.base] : all;
    }
    const value = this.constantKey(instance, at);
    const i = value === null ? -1 : values.indexOf(value);
    if (value !== null && instance.k === "self" && at.process === p && at.base !== undefined)
      return [at.base];
    return i >= 0 ? [all[i]] : all;
  }

  /** Writes made by macros inside expressions since the last call: merged into `writes`. */
  drainPendingWrites(writes: Uint8Array): void {
    for (const w of this.pendingWrites.splice(0)) for (let i = 0; i < w.length; i++) if (w[i]) writes[i] = 1;
  }
}

/** The 0-based position of key value `v` among the values of `t`, or null when out of its range. */
function ordinalOf(t: Type, v: number): number | null {
  const n = t.kind === "int" ? v - t.lo : v;
  const count =
    t.kind === "int" ? t.hi - t.lo + 1 : t.kind === "enum" ? t.members.length : t.kind === "bool" ? 2 : 0;
  return n >= 0 && n < count ? n : null;
}

/** The variable (or parameter) a location expression starts from. */
function rootOf(e: TExpr): TExpr {
  return e.k === "field" || e.k === "index" ? rootOf(e.target) : e;
}

function mark(marks: Uint8Array, from: number, to: number): void {
  marks.fill(1, from, to);
}

function toRanges(marks: Uint8Array): SlotRanges {
  const out: number[] = [];
  for (let i = 0; i < marks.length; i++) {
    if (!marks[i]) continue;
    let j = i;
    while (j < marks.length && marks[j]) j++;
    out.push(i, j);
    i = j;
  }
  return out;
}

/** Whether a step of a proc may return from it: a `return`, a tail call, or falling off its end. */
function mayReturn(body: readonly TStmt[], fallsOff: boolean): boolean {
  return (
    fallsOff || statementsOf(body).some((s) => s.k === "return" || (s.k === "call" && s.then.kind === "tail"))
  );
}

/** The statements of a step, nested ones included, in source order (expressions are not entered). */
function statementsOf(body: readonly TStmt[], out: TStmt[] = []): TStmt[] {
  for (const s of body) {
    out.push(s);
    if (s.k === "if") (statementsOf(s.then, out), statementsOf(s.else, out));
    else if (s.k === "either") for (const b of s.branches) statementsOf(b, out);
    else if (s.k === "choose" || s.k === "while") statementsOf(s.body, out);
    else if (s.k === "macroStmt") statementsOf(s.call.body, out);
  }
  return out;
}

/**
 * The control graph of a process: for each program counter, where its step may leave the
 * instance. A step goes to its gotos, its fall-through, and the first step of each proc it calls;
 * a step that may return from its proc goes to every return point of that proc: after each call
 * of it (its fall-through or goto), or, for a tail call or a call from a proc's last step, the
 * return points of the calling proc in turn (a fixpoint, so recursion is covered).
 */
function controlGraph(p: LoweredProcess): number[][] {
  const l = p.layout;
  const all = Array.from({ length: l.done + 1 }, (_, pc) => pc);
  const first = (proc: string) => l.pcs.findIndex((x) => x.owner === proc);
  const sites: { proc: string; owner: string | null; to: number }[] = [];
  const stmts = p.steps.map((s) => statementsOf(s.step.body));
  p.steps.forEach((s, pc) => {
    const fall = s.fallOff.k === "goto" ? s.fallOff.pc : -1;
    for (const st of stmts[pc])
      if (st.k === "call") {
        const to =
          st.then.kind === "goto"
            ? pcOf(l, s.place.owner, st.then.step)
            : st.then.kind === "tail"
              ? -1
              : fall;
        sites.push({ proc: st.proc, owner: s.place.owner, to });
      }
  });
  // Return points by proc: a site's `to`, or (-1) the return points of the proc the call is in.
  const returns = new Map<string, Set<number>>(l.process.procs.map((x) => [x.name, new Set<number>()]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const site of sites) {
      const into = returns.get(site.proc);
      if (!into) continue;
      const from =
        site.to >= 0 ? [site.to] : site.owner === null ? all : [...(returns.get(site.owner) ?? all)];
      for (const pc of from) if (!into.has(pc)) (into.add(pc), (changed = true));
    }
  }
  return p.steps.map((s, pc) => {
    const owner = s.place.owner;
    const out = new Set<number>();
    const back = () => (owner === null ? all : [...(returns.get(owner) ?? all)]).forEach((x) => out.add(x));
    if (s.fallOff.k === "goto") out.add(s.fallOff.pc);
    else back();
    for (const st of stmts[pc]) {
      if (st.k === "goto") out.add(pcOf(l, owner, st.step));
      else if (st.k === "return") back();
      else if (st.k === "call") {
        const entry = first(st.proc);
        if (entry >= 0) out.add(entry);
        else all.forEach((x) => out.add(x));
        if (st.then.kind === "goto") out.add(pcOf(l, owner, st.then.step));
      }
    }
    return [...out].sort((a, b) => a - b);
  });
}
