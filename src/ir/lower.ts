// The lowering: a checked spec and its layout become the tables code generation prints. In: a
// CheckedSpec and its Layout. Out: a LoweredSpec, where every step knows its function name, its
// program counter value, its step id and what happens when control falls off its end; action
// parameters and `var x in S` initial values are desugared into `choose` statements (their
// binders numbered by an allocator that starts past every id the type checker gave out); and the
// step table, parameter labels, state shape and symmetry shape are computed. codegen/ only prints
// what this file decided.

import type { StepInfo } from "../model/model.js";
import {
  cardinality,
  isFlatRecord,
  isScalar,
  isTupleFields,
  ordinalOffset,
  recordAt,
  type Type,
} from "../model/types.js";
import type { StateShape, SymmetryShape } from "../model/generated.js";
import type { CheckedSpec, TBinder, TExpr, TFn, TStep, TStmt, TVar } from "../typecheck/typed.js";
import type { FrameLayout, Layout, ProcessLayout } from "./layout.js";
import { pcOf } from "./steps.js";
import { symmetryShape } from "./symmetry.js";
import { dependencyShape } from "./dependency.js";
import type { DependencyShape } from "../model/dependency.js";
import { showExpr } from "../typecheck/show.js";
import { IRQ_DEPTH, IRQ_PC } from "../typecheck/interrupts.js";

/** Where a step sits: its process, its owner (null for the process body, else the proc) and its fall-through. */
export interface StepPlace {
  process: ProcessLayout;
  owner: string | null;
  /** Program counter value after this step when it falls through; -1 when it returns from its proc. */
  next: number;
  /** For a step of a proc with a result: the return point of each `x = call proc(..)` and its target x. */
  resultSites: readonly { pc: number; target: TExpr }[];
  /** For a handler's step: its goto and fall-through write the `irq` local, not the program counter. */
  handler?: HandlerPlace;
}

/** Where a handler's steps go: the instance's `irq` slot and the value of each of its steps there. */
export interface HandlerPlace {
  name: string;
  /** Relative to the instance base. */
  slot: number;
  /** `irq` values of the handler's steps by name; `done` (and falling off the last step) is 0, no handler. */
  values: ReadonlyMap<string, number>;
}

/** What a step does when control reaches its end without a goto, call or return. */
export type FallOff =
  /** The next step of the same body, or `done` after the process body's last step. */
  | { k: "goto"; pc: number }
  /** The end of a proc without a result: return to the caller. */
  | { k: "return"; frame: FrameLayout }
  /** The end of a proc that declares a result: a runtime error. */
  | { k: "noResult"; proc: string };

/** A function of the generated module: its name and the one-line doc comment above it. */
export interface Named {
  fnName: string;
  doc: string;
}

export interface LoweredStep extends Named {
  place: StepPlace;
  pc: number;
  stepId: number;
  step: TStep;
  fallOff: FallOff;
}

/** A handler's step: the value of `irq` that runs it and the value after it falls through. */
export interface LoweredHandlerStep extends Named {
  place: StepPlace & { handler: HandlerPlace };
  value: number;
  next: number;
  stepId: number;
  step: TStep;
}

/** The interrupts of a process: where its `irq` state lives, each handler's entry, and every handler step. */
export interface LoweredInterrupts {
  /** Relative to the instance base: the `irq` slot (0: no handler runs) and `irq_depth` (0: unmasked). */
  irqSlot: number;
  depthSlot: number;
  /** Each interrupt: the step that takes it (its first), and its `when` condition. */
  entries: { name: string; first: LoweredHandlerStep; guard?: Named & { body: TExpr } }[];
  /** By `irq` value - 1. */
  steps: LoweredHandlerStep[];
}

export interface LoweredProcess {
  layout: ProcessLayout;
  steps: LoweredStep[];
  interrupts?: LoweredInterrupts;
  guard?: Named & { body: TExpr };
  /** Each instance's index value (`self`) and the slot its block starts at. */
  instances: { self: number; base: number }[];
  /** Its initial program counter and locals, run once per instance. */
  init: Named & { body: TStmt[] };
  /** `process P at {s, t}`: the program counter values an instance may start with (one initial
   *  state each); absent: the first step's. */
  startPcs?: number[];
}

export interface LoweredAction extends Named {
  name: string;
  stepId: number;
  /** The parameters as `choose` statements, then the action's body. */
  body: TStmt[];
}

export interface LoweredPredicate extends Named {
  body: TExpr;
  /** For an invariant: its sub-formulas, outermost first, each a predicate of its own, so that a
   *  counterexample can say which of them is false in the violating state (`check` prints them). */
  parts?: LoweredPart[];
}

/** A sub-formula of an invariant: its text, how deep it sits, and its own predicate. */
export interface LoweredPart extends Named {
  text: string;
  depth: number;
  /** The connective it applies to the parts below it; absent for an atom. */
  op?: PartOp;
  body: TExpr;
  /** For a quantifier: what codegen needs to explain its body for one binding. */
  quant?: FormulaPart["quant"];
  call?: FormulaPart["call"];
}

export type PartOp = "&&" | "||" | "=>" | "!" | "forall" | "exists";

/** At most this many sub-formulas of one invariant are explained. */
const MAX_PARTS = 24;

/** A sub-formula of a boolean formula: its text, depth, connective and expression. */
export interface FormulaPart {
  text: string;
  depth: number;
  op?: PartOp;
  expr: TExpr;
  /** For `forall`/`exists`: its binders and its body's parts (two deeper: below the binding). */
  quant?: { q: "forall" | "exists"; binders: TBinder[]; body: TExpr; parts: FormulaPart[] };
  /** For a call of a boolean `fn` of scalar parameters: the call and the fn's body's parts (two
   *  deeper: below the parameters' values), one level of calls deep. */
  call?: { call: Extract<TExpr, { k: "fnCall" }>; fn: TFn; parts: FormulaPart[] };
}

/** The formula and its sub-formulas down through `&&`, `||`, `=>`, `!`, `forall` and `exists`,
 *  outermost first: the atoms below them (comparisons, `P at s`, calls) are explained as a whole.
 *  A quantifier's body is explained for one binding, found when it is explained (codegen). Used
 *  for invariants (lowered here) and asserts (codegen explains them where they fail). */
export function formulaParts(
  body: TExpr,
  fns?: (name: string) => TFn | undefined,
  depth = 0,
  count = { n: 0 },
): FormulaPart[] {
  const parts: FormulaPart[] = [];
  const visit = (e: TExpr, depth: number): void => {
    if (count.n >= MAX_PARTS) return;
    count.n++;
    const q = e.k === "quant" && (e.q === "forall" || e.q === "exists") ? e.q : undefined;
    const op = e.k === "logic" ? e.op : e.k === "not" ? "!" : q;
    const part: FormulaPart = { text: showExpr(e), depth, ...(op ? { op } : {}), expr: e };
    parts.push(part);
    if (e.k === "logic") {
      visit(e.a, depth + 1);
      visit(e.b, depth + 1);
    } else if (e.k === "not") visit(e.e, depth + 1);
    else if (q && e.k === "quant")
      part.quant = {
        q,
        binders: e.binders,
        body: e.body,
        parts: formulaParts(e.body, fns, depth + 2, count),
      };
    else if (e.k === "fnCall") {
      const fn = fns?.(e.fn);
      if (fn && fn.result.kind === "bool" && fn.params.every((p) => isScalar(p.type)))
        part.call = { call: e, fn, parts: formulaParts(fn.body, undefined, depth + 2, count) };
    }
  };
  visit(body, depth);
  return parts;
}

function invariantParts(fnName: string, doc: string, body: TExpr, fns: readonly TFn[]): LoweredPart[] {
  return formulaParts(body, (name) => fns.find((f) => f.name === name)).map((p, index) => ({
    fnName: `${fnName}_part${index}`,
    doc: `${doc}, part ${index}`,
    text: p.text,
    depth: p.depth,
    ...(p.op ? { op: p.op } : {}),
    body: p.expr,
    ...(p.quant ? { quant: p.quant } : {}),
    ...(p.call ? { call: p.call } : {}),
  }));
}

export interface LoweredProperty {
  name: string;
  /** `step`: an action property, whose predicate reads the old state and (as `x'`) the new one. */
  kind: "leadsTo" | "eventually" | "always" | "stable" | "persistent" | "step";
  lhs?: LoweredPredicate;
  initial?: boolean;
  rhs: LoweredPredicate;
}

/** A spec ready to print: every decision code generation needs, made. */
export interface LoweredSpec {
  spec: CheckedSpec;
  layout: Layout;
  fns: (Named & { fn: TFn })[];
  processes: LoweredProcess[];
  actions: LoweredAction[];
  /** The globals' initial values (`var x in S` as a choice), then the `init` blocks. */
  init: { globals: TStmt[]; blocks: TStmt[] };
  invariants: LoweredPredicate[];
  constraints: LoweredPredicate[];
  properties: LoweredProperty[];
  /** `refines` mappings: for each abstract spec, one function per entry giving its value. */
  refinements: { name: string; entries: (Named & { name: string; body: TExpr })[] }[];
  /** By step id: what the engines print for a transition. */
  stepInfo: StepInfo[];
  /** By action step id: the member names of each enum or bool parameter (null for an integer). */
  paramLabels: Record<number, readonly (readonly string[] | null)[]>;
  shape: StateShape;
  symmetry: SymmetryShape | undefined;
  /** What each step may read and write, for partial-order reduction (ir/dependency.ts). */
  dependency: DependencyShape;
}

/** Lowers a checked spec with its layout into the tables code generation prints. */
export function lower(spec: CheckedSpec, layout: Layout): LoweredSpec {
  const ids = new BinderIds(spec);
  const stepInfo: StepInfo[] = [];
  const paramLabels: LoweredSpec["paramLabels"] = {};
  const processes = layout.processes.map((p) => lowerProcess(spec, p, stepInfo, ids));
  const actions = spec.actions.map((a): LoweredAction => {
    const stepId = stepInfo.length;
    const labels = a.params.map((b) => valueLabels(b.elemType));
    if (labels.some((l) => l)) paramLabels[stepId] = labels;
    stepInfo.push({
      owner: a.name,
      name: a.name,
      kind: "action",
      file: a.span.file ?? spec.file,
      line: a.span.line,
      params: a.params.map((b) => b.name),
      indexed: false,
      ...(a.fairness ? { ownFairness: a.fairness } : {}),
      ...(a.each ? { fairEach: a.each } : {}),
    });
    // Parameters are choice points at the start of the step; each binds its name for the rest.
    const choices = a.params.map((b): TStmt => ({ k: "choose", binder: b, body: [], span: a.span }));
    return {
      name: a.name,
      fnName: `action_${a.name}`,
      doc: `action ${a.name} (${a.span.file ?? spec.file}:${a.span.line})`,
      stepId,
      body: [...choices, ...a.body],
    };
  });
  const predicate = (kind: keyof typeof PREDICATE_KINDS, name: string, body: TExpr, at: Where) => ({
    fnName: `${kind}_${name}`,
    doc: `${PREDICATE_KINDS[kind]} ${name} (${at.file ?? spec.file}:${at.line})`,
    body,
  });
  return {
    spec,
    layout,
    fns: spec.fns.map((fn) => ({ fnName: `fn_${fn.name}`, doc: `fn ${fn.name}`, fn })),
    processes,
    actions,
    init: {
      globals: spec.vars.map((v) => initialValue(v, { k: "global", name: v.name }, ids)),
      blocks: spec.init ?? [],
    },
    invariants: spec.invariants.map((i) => {
      const p = predicate("inv", i.name, i.body, i.span);
      return { ...p, parts: invariantParts(p.fnName, p.doc, i.body, spec.fns) };
    }),
    constraints: spec.constraints.map((c) => predicate("constraint", c.name, c.body, c.span)),
    properties: spec.properties.map((p) => ({
      name: p.name,
      kind: p.kind,
      lhs: p.lhs ? predicate("premise", p.name, p.lhs, p.span) : undefined,
      ...(p.initial ? { initial: true } : {}),
      rhs: predicate(p.kind === "leadsTo" ? "goal" : "prop", p.name, p.rhs, p.span),
    })),
    refinements: (spec.refinements ?? []).map((r) => ({
      name: r.name,
      entries: r.entries.map((e) => ({
        name: e.name,
        fnName: `refines_${r.name}_${e.name}`,
        doc: `${e.name} of spec ${r.name} (${e.nameSpan.file ?? spec.file}:${e.nameSpan.line})`,
        body: e.expr,
      })),
    })),
    stepInfo,
    paramLabels,
    shape: stateShape(layout),
    symmetry: symmetryShape(spec, layout),
    dependency: dependencyShape(spec, layout, processes, actions),
  };
}

type Where = { file?: string; line: number };

const PREDICATE_KINDS = {
  inv: "invariant",
  constraint: "constraint",
  premise: "premise of property",
  goal: "goal of property",
  prop: "property",
} as const;

function lowerProcess(
  spec: CheckedSpec,
  p: ProcessLayout,
  stepInfo: StepInfo[],
  ids: BinderIds,
): LoweredProcess {
  const bodies: TStep[] = [...p.process.steps, ...p.process.procs.flatMap((proc) => proc.steps)];
  const sites = new Map(p.process.procs.map((proc) => [proc.name, resultSites(p, proc.name)]));
  const steps = bodies.map((step, pc): LoweredStep => {
    const owner = p.pcs[pc].owner;
    const sameOwner = (i: number) => i < p.pcs.length && p.pcs[i].owner === owner;
    // Falling off the process body's last step finishes the process; falling off a proc's last step returns.
    const next = sameOwner(pc + 1) ? pc + 1 : owner === null ? p.done : -1;
    const stepId = stepInfo.length;
    stepInfo.push({
      owner: p.name,
      name: step.name,
      proc: owner ?? undefined,
      kind: "step",
      file: step.span.file ?? spec.file,
      line: step.span.line,
      params: [],
      indexed: p.process.indexed,
      fair: p.process.fair,
      ...(p.process.strong ? { strong: true } : {}),
      ...(step.fairness ? { ownFairness: step.fairness } : {}),
    });
    return {
      fnName: `${p.name}_${owner ? `${owner}_` : ""}${step.name}`,
      doc: `${owner ? `proc ${owner}, ` : ""}process ${p.name}, step ${step.name} (${step.span.file ?? spec.file}:${step.span.line})`,
      place: { process: p, owner, next, resultSites: (owner && sites.get(owner)) || [] },
      pc,
      stepId,
      step,
      fallOff: fallOff(p, owner, next),
    };
  });
  const guard = p.process.guard && {
    fnName: `guard_${p.name}`,
    doc: `process ${p.name}: when`,
    body: p.process.guard,
  };
  const locals = p.process.locals.map((l) =>
    initialValue(l, { k: "local", process: p.name, name: l.name, instance: null }, ids),
  );
  return {
    layout: p,
    steps,
    ...(p.process.interrupts ? { interrupts: lowerInterrupts(spec, p, stepInfo) } : {}),
    guard,
    instances: p.process.indexValues.map((self, i) => ({ self, base: p.base + i * p.stride })),
    init: { fnName: `init_${p.name}`, doc: `initial program counter and locals of ${p.name}`, body: locals },
    ...(p.process.startsAt ? { startPcs: p.process.startsAt.map((s) => startPc(p, s)) } : {}),
  };
}

/**
 * A process's handlers: each handler step is a step of the process instance (its lane in a
 * trace, `Cpu[1] Tick.enter`) dispatched on the `irq` slot instead of the program counter. Handler
 * steps are not covered by the process's fairness: an interrupt may never come (see below).
 */
function lowerInterrupts(spec: CheckedSpec, p: ProcessLayout, stepInfo: StepInfo[]): LoweredInterrupts {
  const slotOf = (name: string) => p.locals.find((l) => l.name === name)!.offset;
  const irqSlot = slotOf(IRQ_PC);
  const steps: LoweredHandlerStep[] = [];
  const entries: LoweredInterrupts["entries"] = [];
  for (const h of p.process.interrupts ?? []) {
    const base = steps.length + 1;
    const values = new Map(h.steps.map((st, i) => [st.name, base + i]));
    const handler: HandlerPlace = { name: h.name, slot: irqSlot, values };
    h.steps.forEach((step, i) => {
      const stepId = stepInfo.length;
      stepInfo.push({
        owner: p.name,
        name: step.name,
        proc: h.name,
        handler: true,
        kind: "step",
        file: step.span.file ?? spec.file,
        line: step.span.line,
        params: [],
        indexed: p.process.indexed,
        // In a fair process a handler, once taken, runs to its end: its later steps are weakly
        // fair each. Taking the interrupt (the first step) is never forced.
        ...(p.process.fair && i > 0 ? { ownFairness: "weak" as const } : {}),
      });
      steps.push({
        fnName: `${p.name}_irq_${h.name}_${step.name}`,
        doc: `interrupt ${h.name} on process ${p.name}, step ${step.name} (${step.span.file ?? spec.file}:${step.span.line})`,
        place: { process: p, owner: null, next: -1, resultSites: [], handler },
        value: base + i,
        next: i + 1 < h.steps.length ? base + i + 1 : 0,
        stepId,
        step,
      });
    });
    if (h.steps.length === 0) continue;
    const guard = h.guard && {
      fnName: `irq_guard_${p.name}_${h.name}`,
      doc: `interrupt ${h.name} on process ${p.name}: when`,
      body: h.guard,
    };
    entries.push({ name: h.name, first: steps[base - 1], ...(guard ? { guard } : {}) });
  }
  return { irqSlot, depthSlot: slotOf(IRQ_DEPTH), entries, steps };
}

/** The program counter value of a process step (not a proc's), or of `done`. */
function startPc(p: ProcessLayout, step: string): number {
  const found = p.pcs.findIndex((x) => x.owner === null && x.step === step);
  return found >= 0 ? found : p.done;
}

/** The calls `x = call proc(...)` in a process and its procs: each one's return point and target. */
function resultSites(p: ProcessLayout, proc: string): { pc: number; target: TExpr }[] {
  const sites: { pc: number; target: TExpr }[] = [];
  const owners: { owner: string | null; steps: { name: string; body: TStmt[] }[] }[] = [
    { owner: null, steps: p.process.steps },
    ...p.process.procs.map((x) => ({ owner: x.name, steps: x.steps })),
  ];
  for (const { owner, steps } of owners)
    steps.forEach((step, i) => {
      const next = i + 1 < steps.length ? pcOf(p, owner, steps[i + 1].name) : owner === null ? p.done : -1;
      const visit = (stmts: TStmt[]): void => {
        for (const s of stmts) {
          if (s.k === "call" && s.proc === proc && s.target)
            sites.push({
              pc: s.then.kind === "goto" ? pcOf(p, owner, s.then.step) : next,
              target: s.target,
            });
          else if (s.k === "if") (visit(s.then), visit(s.else));
          else if (s.k === "either") s.branches.forEach(visit);
          else if (s.k === "choose" || s.k === "while") visit(s.body);
          else if (s.k === "macroStmt") visit(s.call.body);
        }
      };
      visit(step.body);
    });
  return sites;
}

function fallOff(p: ProcessLayout, owner: string | null, next: number): FallOff {
  if (next >= 0) return { k: "goto", pc: next };
  if (p.process.procs.find((x) => x.name === owner)?.result) return { k: "noResult", proc: owner! };
  return { k: "return", frame: p.frames.find((fr) => fr.proc === owner)! };
}

/**
 * A variable's initial value as a statement: an assignment, or for `var x in S` a choice of one
 * element of S assigned to x. The chosen element has the set's element type, so the write is
 * checked against the variable's type.
 */
function initialValue(
  v: TVar,
  target: { k: "global"; name: string } | { k: "local"; process: string; name: string; instance: null },
  ids: BinderIds,
): TStmt {
  const t = { ...target, type: v.type, span: v.span } as TExpr;
  if (!v.initIn) return { k: "assign", target: t, value: v.init, span: v.span };
  if (v.init.k === "fnSet") return functionSetChoices(v, t, v.init, ids);
  const id = ids.fresh();
  const elemType = v.init.type.kind === "set" ? v.init.type.elem : v.type;
  const binder: TBinder = { id, name: "init", domain: v.init, elemType };
  const value: TExpr = { k: "bound", id, name: "init", type: elemType, span: v.span };
  return { k: "choose", binder, body: [{ k: "assign", target: t, value, span: v.span }], span: v.span };
}

/**
 * `var m: [K -> V] in [K -> S]`: for each key in order, a choice of its entry among S, nested so
 * that every combination is one initial state (|S| to the power |K| of them).
 */
function functionSetChoices(
  v: TVar,
  target: TExpr,
  fnSet: Extract<TExpr, { k: "fnSet" }>,
  ids: BinderIds,
): TStmt {
  const map = v.type as Extract<TExpr["type"], { kind: "map" }>;
  const elemType = fnSet.codomain.type.kind === "set" ? fnSet.codomain.type.elem : map.value;
  let inner: TStmt[] = [];
  for (const key of [...fnSet.keys].reverse()) {
    const id = ids.fresh();
    const binder: TBinder = { id, name: "init", domain: fnSet.codomain, elemType };
    const entry: TExpr = { k: "index", target, key, type: map.value, span: v.span };
    const value: TExpr = { k: "bound", id, name: "init", type: elemType, span: v.span };
    inner = [
      {
        k: "choose",
        binder,
        body: [{ k: "assign", target: entry, value, span: v.span }, ...inner],
        span: v.span,
      },
    ];
  }
  return inner[0] ?? { k: "assign", target, value: v.init, span: v.span };
}

/**
 * Ids for binders the lowering introduces. The type checker numbers binders, lets and macro
 * parameters from one counter but does not hand it on; this allocator starts past the largest id
 * in the checked spec, so a new binder's generated name (`init_57`) can never shadow another's.
 */
class BinderIds {
  private next: number;

  constructor(spec: CheckedSpec) {
    this.next = maxId(spec, new WeakSet()) + 1;
  }

  fresh(): number {
    return this.next++;
  }
}

/** The largest numeric `id` anywhere in a typed tree (which may share subtrees: each is visited once). */
function maxId(value: unknown, seen: WeakSet<object>): number {
  if (typeof value !== "object" || value === null || seen.has(value)) return 0;
  seen.add(value);
  let max = 0;
  if (value instanceof Map) {
    for (const v of value.values()) max = Math.max(max, maxId(v, seen));
    return max;
  }
  for (const [key, v] of Object.entries(value)) {
    if (key === "id" && typeof v === "number") max = Math.max(max, v);
    else if (typeof v === "object") max = Math.max(max, maxId(v, seen));
  }
  return max;
}

/** How to print a state: each variable's name, type and slot, by process instance. */
function stateShape(layout: Layout): StateShape {
  return {
    globals: layout.globals.map((g) => ({ name: g.name, type: g.type, offset: g.offset })),
    processes: layout.processes.map((p) => ({
      name: p.name,
      indexed: p.process.indexed,
      instances: p.process.indexValues,
      base: p.base,
      stride: p.stride,
      pc: p.pc,
      pcNames: [...p.pcs.map((x) => (x.owner ? `${x.owner}.${x.step}` : x.step)), "done"],
      locals: p.locals.map((l) => ({ name: l.name, type: l.type, offset: l.offset })),
      frames: p.frames.map((fr) => ({
        proc: fr.proc,
        ret: fr.ret,
        vars: [...fr.params, ...fr.locals].map((v) => ({ name: v.name, type: v.type, offset: v.offset })),
      })),
    })),
  };
}

/** How an action parameter's values print in a trace (by value), where a number would not say it. */
function valueLabels(t: Type): readonly string[] | null {
  if (t.kind === "enum") return t.members;
  if (t.kind === "bool") return ["false", "true"];
  // A record parameter (`r in reqs`) is chosen as its ordinal: print its fields.
  if (isFlatRecord(t) && cardinality(t) <= 1024)
    return Array.from({ length: cardinality(t) }, (_, n) => {
      const slots = recordAt(t, n);
      const fields = t.fields.map(
        (f, i) => `${f.name}: ${(valueLabels(f.type) ?? [])[slots[i]] ?? slots[i]}`,
      );
      if (isTupleFields(t.fields.map((f) => f.name)))
        return `<<${t.fields.map((f, i) => (valueLabels(f.type) ?? [])[slots[i]] ?? slots[i]).join(", ")}>>`;
      return `{ ${fields.join(", ")} }`;
    });
  // A set parameter (`q in subsets(Node)`) is chosen as its mask: print its elements.
  if (t.kind !== "set" || cardinality(t.elem) > 10) return null;
  const elems =
    valueLabels(t.elem) ??
    Array.from({ length: cardinality(t.elem) }, (_, i) => String(i + ordinalOffset(t.elem)));
  return Array.from(
    { length: 2 ** elems.length },
    (_, m) => `{${elems.filter((_, i) => (m >> i) & 1).join(", ")}}`,
  );
}
