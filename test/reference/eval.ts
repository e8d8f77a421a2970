// Expressions of the typed tree, evaluated by walking it. In: a TExpr and the context of the
// running step (the working state, the running process instance, bound names, macro arguments).
// Out: a plain value (values.ts), or the location a write goes to. Follows language.md directly:
// left-to-right evaluation, short-circuit `&&`/`||`/`=>`/`if`, floor division, TLA+'s modulus,
// structural equality, `pick` as the least witness, and a runtime error for every partial
// operation (division by zero, `the(none)`, an index outside its domain, an empty head/tail/min).

import type {
  CheckedSpec,
  TBinder,
  TExpr,
  TFn,
  TInterrupt,
  TProc,
  TProcess,
} from "../../src/typecheck/typed.js";
import type { Type } from "../../src/model/types.js";
import { callMacro } from "./exec.js";
import { getIn, type Oracle, type PathKey, type State } from "./state.js";
import { checkFits, makeSet, ordinalOf, runtimeError, subsetsOf, valuesEqual, type Value } from "./values.js";

/** Lookup tables over a checked spec, built once. */
export interface SpecIndex {
  spec: CheckedSpec;
  processes: Map<string, TProcess>;
  fns: Map<string, TFn>;
}

/** A macro argument: a state location (substituted textually at every use) or a value. */
export type MacroArg = { byRef: true; arg: TExpr; ctx: Ctx } | { byRef: false; value: Value };

/** Everything an expression or statement may consult while one path of a step runs. */
export interface Ctx {
  /** Shared by every nested context of the path: the working state and the choices. */
  run: { st: State; oracle: Oracle };
  index: SpecIndex;
  /** The process instance whose step runs (null in actions, invariants, initial globals, fns). */
  self: { process: TProcess; pos: number } | null;
  /** Where the running step lives: a process body (owner null) or a proc, and its position. */
  /** The step running: of the process body (owner null), of a proc, or of a handler. */
  place?: { owner: TProc | null; step: number; handler?: TInterrupt };
  env: Map<number, Value>;
  params: Map<number, MacroArg>;
  /** The state after the step, read by `x'` in an action property. */
  next?: State;
}

export function withBinding(ctx: Ctx, id: number, v: Value): Ctx {
  return { ...ctx, env: new Map(ctx.env).set(id, v) };
}

/** A state location: the path to it, its type (what a write must fit) and a name for messages. */
export interface Location {
  path: PathKey[];
  type: Type;
  what: string;
}

/** Position of a process instance among its instances; null `instance` is the running or the only one. */
export function instancePos(process: TProcess, instance: TExpr | null, ctx: Ctx): number {
  if (instance === null) {
    if (ctx.self?.process.name === process.name) return ctx.self.pos;
    if (process.indexed) throw new Error(`internal: ${process.name} needs an instance here`);
    return 0;
  }
  const v = evaluate(instance, ctx);
  const pos = process.indexValues.indexOf(asNumber(instance, v));
  if (pos < 0) runtimeError(`${process.name}[${String(v)}] is not an instance`);
  return pos;
}

/** The location a state-location expression denotes (macro parameters resolved to their argument). */
export function locate(e: TExpr, ctx: Ctx): Location {
  switch (e.k) {
    case "global": {
      const v = ctx.index.spec.vars.find((x) => x.name === e.name)!;
      return { path: ["globals", e.name], type: v.type, what: e.name };
    }
    case "local": {
      const p = ctx.index.processes.get(e.process)!;
      const pos = instancePos(p, e.instance, ctx);
      const v = p.locals.find((x) => x.name === e.name)!;
      return {
        path: ["processes", p.name, pos, "locals", e.name],
        type: v.type,
        what: `${p.name}.${e.name}`,
      };
    }
    case "frame": {
      const self = ctx.self!;
      const stack = ctx.run.st.processes[self.process.name][self.pos].stack;
      const top = stack.length - 1;
      if (top < 0 || stack[top].proc !== e.proc) throw new Error(`internal: proc ${e.proc} is not running`);
      const proc = self.process.procs.find((x) => x.name === e.proc)!;
      const v = [...proc.params, ...proc.locals].find((x) => x.name === e.name)!;
      return {
        path: ["processes", self.process.name, self.pos, "stack", top, "vars", e.name],
        type: v.type,
        what: e.name,
      };
    }
    case "param": {
      const a = ctx.params.get(e.id);
      if (!a?.byRef) throw new Error(`internal: macro parameter ${e.name} is not a location`);
      return locate(a.arg, a.ctx);
    }
    case "field": {
      const base = locate(e.target, ctx);
      const f = (base.type as Extract<Type, { kind: "record" }>).fields[e.index];
      return { path: [...base.path, f.name], type: f.type, what: `${base.what}.${f.name}` };
    }
    case "index": {
      const base = locate(e.target, ctx);
      const key = evaluate(e.key, ctx);
      if (base.type.kind === "seq") {
        const s = getIn(ctx.run.st, base.path) as Value[];
        const i = seqPosition(s, key as number);
        return { path: [...base.path, i], type: base.type.elem, what: `${base.what}[${i + 1}]` };
      }
      const m = getIn(ctx.run.st, base.path) as Map<Value, Value>;
      if (!m.has(key)) runtimeError(`${base.what}[${String(key)}]: the index is outside the map's domain`);
      const t = base.type as Extract<Type, { kind: "map" }>;
      return { path: [...base.path, key], type: t.value, what: `${base.what}[${String(key)}]` };
    }
    default:
      throw new Error(`internal: ${e.k} is not a state location`);
  }
}

/** The value of `e` in the context; may have effects (macro calls) and may throw a RefError. */
export function evaluate(e: TExpr, ctx: Ctx): Value {
  switch (e.k) {
    case "lit":
      return e.type.kind === "enum" ? e.type.members[e.value as number] : e.value;
    case "none":
      return null;
    case "self": {
      const { process, pos } = ctx.self!;
      const v = process.indexValues[pos];
      return process.indexType.kind === "enum" ? process.indexType.members[v] : v;
    }
    case "global":
    case "local":
    case "frame":
      return getIn(ctx.run.st, locate(e, ctx).path);
    case "bound":
      if (!ctx.env.has(e.id)) throw new Error(`internal: unbound name ${e.name}`);
      return ctx.env.get(e.id)!;
    case "param": {
      const a = ctx.params.get(e.id)!;
      return a.byRef ? evaluate(a.arg, a.ctx) : a.value;
    }
    case "not":
      return !evaluate(e.e, ctx);
    case "neg":
      return -(evaluate(e.e, ctx) as number);
    case "arith": {
      const n = arith(e.op, asNumber(e.a, evaluate(e.a, ctx)), asNumber(e.b, evaluate(e.b, ctx)));
      // `current` and `Reader[i]` as values of the built-in enum `task` are `self + offset`.
      return e.type.kind === "enum" ? e.type.members[n] : n;
    }
    case "cmp": {
      const a = evaluate(e.a, ctx) as number;
      const b = evaluate(e.b, ctx) as number;
      return e.op === "<" ? a < b : e.op === "<=" ? a <= b : e.op === ">" ? a > b : a >= b;
    }
    case "eq": {
      const a = evaluate(e.a, ctx);
      return valuesEqual(a, evaluate(e.b, ctx)) !== e.negated;
    }
    case "logic": {
      const a = evaluate(e.a, ctx) as boolean;
      if (e.op === "&&") return a && (evaluate(e.b, ctx) as boolean);
      if (e.op === "||") return a || (evaluate(e.b, ctx) as boolean);
      return !a || (evaluate(e.b, ctx) as boolean);
    }
    case "in": {
      const x = evaluate(e.elem, ctx);
      return (evaluate(e.set, ctx) as Value[]).some((y) => valuesEqual(x, y));
    }
    case "setop": {
      const a = evaluate(e.a, ctx) as Value[];
      const b = evaluate(e.b, ctx) as Value[];
      const inB = (x: Value) => b.some((y) => valuesEqual(x, y));
      const elems =
        e.op === "union" ? [...a, ...b] : e.op === "intersect" ? a.filter(inB) : a.filter((x) => !inB(x));
      return makeSet(elemOf(e.type), elems);
    }
    case "range": {
      const t = elemOf(e.type);
      const lo = ordinalOf(t, evaluate(e.lo, ctx));
      const hi = ordinalOf(t, evaluate(e.hi, ctx));
      if (t.kind === "enum") return t.members.slice(lo, hi + 1);
      const out: number[] = [];
      for (let v = lo; v <= hi; v++) out.push(v);
      return out;
    }
    case "ite":
      return evaluate(e.c, ctx) ? evaluate(e.a, ctx) : evaluate(e.b, ctx);
    case "let":
      return evaluate(e.body, withBinding(ctx, e.id, evaluate(e.value, ctx)));
    case "quant":
      if (e.q === "sum" || e.q === "count") return fold(e.q, e.binders, 0, e.body, ctx);
      return quantify(e.q, e.binders, 0, e.body, ctx);
    case "fold": {
      // TLA+'s recursive fold, CHOOSE taking the least: body(x1, body(x2, ... body(xn, base))).
      let acc = checkFits(e.type, evaluate(e.base, ctx), `fold ${e.acc}`);
      for (const x of [...domainOf(e.binder, ctx)].reverse()) {
        const inner = withBinding(withBinding(ctx, e.binder.id, x), e.accId, acc);
        acc = checkFits(e.type, evaluate(e.body, inner), `fold ${e.acc}`);
      }
      return acc;
    }
    case "pick": {
      for (const x of domainOf(e.binder, ctx))
        if (evaluate(e.pred, withBinding(ctx, e.binder.id, x))) return x;
      return runtimeError("pick: no element satisfies the condition");
    }
    case "setLit":
      return makeSet(
        elemOf(e.type),
        e.elems.map((x) => evaluate(x, ctx)),
      );
    case "setFilter":
      return makeSet(
        elemOf(e.type),
        domainOf(e.binder, ctx).filter((x) => evaluate(e.pred, withBinding(ctx, e.binder.id, x))),
      );
    case "setMap":
      return makeSet(
        elemOf(e.type),
        domainOf(e.binder, ctx).map((x) => evaluate(e.body, withBinding(ctx, e.binder.id, x))),
      );
    case "seqLit":
      return e.elems.map((x) => evaluate(x, ctx));
    case "record": {
      const t = e.type as Extract<Type, { kind: "record" }>;
      const out: Record<string, Value> = {};
      e.fields.forEach((f, i) => (out[t.fields[i].name] = evaluate(f, ctx)));
      return out;
    }
    case "field": {
      const t = e.target.type as Extract<Type, { kind: "record" }>;
      return (evaluate(e.target, ctx) as Record<string, Value>)[t.fields[e.index].name];
    }
    case "mapLit": {
      const m = new Map<Value, Value>();
      for (const k of domainOf(e.binder, ctx)) m.set(k, evaluate(e.body, withBinding(ctx, e.binder.id, k)));
      return m;
    }
    case "index": {
      if (e.target.type.kind === "seq") {
        const s = evaluate(e.target, ctx) as Value[];
        return s[seqPosition(s, evaluate(e.key, ctx) as number)];
      }
      const m = evaluate(e.target, ctx) as Map<Value, Value>;
      const k = evaluate(e.key, ctx);
      if (!m.has(k)) runtimeError(`index ${String(k)} is outside the map's domain`);
      return m.get(k)!;
    }
    case "some":
      return evaluate(e.e, ctx);
    case "the": {
      const v = evaluate(e.e, ctx);
      return v === null ? runtimeError("the(none): the optional value is none") : v;
    }
    case "builtin":
      return builtin(e, ctx);
    case "fnCall": {
      const fn = ctx.index.fns.get(e.fn)!;
      // Arguments and the result must fit the declared types (a runtime error where they do not).
      const args = e.args.map((a, i) => checkFits(fn.params[i].type, evaluate(a, ctx), `argument ${i + 1}`));
      const env = new Map<number, Value>(fn.params.map((p, i) => [p.id, args[i]]));
      const body = { run: ctx.run, index: ctx.index, self: null, env, params: new Map() };
      return checkFits(fn.result, evaluate(fn.body, body), `the result of ${e.fn}`);
    }
    case "macroCall":
      return callMacro(e.call, ctx)!;
    case "at": {
      const p = ctx.index.processes.get(e.process)!;
      return ctx.run.st.processes[p.name][instancePos(p, e.instance, ctx)].pc === e.step;
    }
    case "prime": {
      if (!ctx.next) throw new Error("internal: x' outside an action property");
      return evaluate(e.e, { ...ctx, run: { st: ctx.next, oracle: ctx.run.oracle } });
    }
    case "fnSet":
      throw new Error("internal: [K -> S] is a variable's initial values, not a value");
  }
}

/** An integer, or an enum member's ordinal (an enum-indexed `self` inside `current`'s arithmetic). */
function asNumber(e: TExpr, v: Value): number {
  return e.type.kind === "enum" ? e.type.members.indexOf(v as string) : (v as number);
}

function arith(op: "+" | "-" | "*" | "/" | "%", a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      if (b === 0) runtimeError("division by zero");
      return Math.floor(a / b);
    case "%":
      if (b === 0) runtimeError("modulus by zero");
      return a - b * Math.floor(a / b);
  }
}

function builtin(e: Extract<TExpr, { k: "builtin" }>, ctx: Ctx): Value {
  const args = e.args.map((a) => evaluate(a, ctx));
  switch (e.fn) {
    case "card":
    case "len":
      return (args[0] as Value[]).length;
    case "min":
      return Math.min(args[0] as number, args[1] as number);
    case "max":
      return Math.max(args[0] as number, args[1] as number);
    case "minSet":
    case "maxSet": {
      const s = args[0] as number[];
      if (s.length === 0) runtimeError(`${e.fn === "minSet" ? "min" : "max"} of an empty set`);
      return e.fn === "minSet" ? Math.min(...s) : Math.max(...s);
    }
    case "head": {
      const s = args[0] as Value[];
      return s.length === 0 ? runtimeError("head of an empty sequence") : s[0];
    }
    case "tail": {
      const s = args[0] as Value[];
      return s.length === 0 ? runtimeError("tail of an empty sequence") : s.slice(1);
    }
    case "subsets":
      return subsetsOf(args[0] as Value[]);
    case "concat":
      return [...(args[0] as Value[]), ...(args[1] as Value[])];
    case "subseq": {
      // TLA+'s SubSeq(s, m, n): <<>> when m > n, else m..n must lie within 1..Len(s).
      const [s, m, n] = args as [Value[], number, number];
      if (m > n) return [];
      if (m < 1 || n > s.length) runtimeError(`subseq(s, ${m}, ${n}) of a sequence of length ${s.length}`);
      return s.slice(m - 1, n);
    }
    case "remove_at": {
      const [s, i] = args as [Value[], number];
      if (i < 1 || i > s.length) runtimeError(`remove_at(s, ${i}) of a sequence of length ${s.length}`);
      return [...s.slice(0, i - 1), ...s.slice(i)];
    }
    case "append": {
      const s = args[0] as Value[];
      const bound = (e.type as Extract<Type, { kind: "seq" }>).bound;
      if (s.length >= bound) runtimeError(`append to a full sequence (bound ${bound})`);
      return [...s, args[1]];
    }
  }
}

function quantify(q: "forall" | "exists", binders: TBinder[], i: number, body: TExpr, ctx: Ctx): boolean {
  if (i === binders.length) return evaluate(body, ctx) as boolean;
  for (const x of domainOf(binders[i], ctx)) {
    const holds = quantify(q, binders, i + 1, body, withBinding(ctx, binders[i].id, x));
    if (q === "forall" && !holds) return false;
    if (q === "exists" && holds) return true;
  }
  return q === "forall";
}

/** `sum` of the body, or `count` of the bindings where it holds, over every binding. */
function fold(q: "sum" | "count", binders: TBinder[], i: number, body: TExpr, ctx: Ctx): number {
  if (i === binders.length) {
    const v = evaluate(body, ctx);
    return q === "sum" ? (v as number) : v ? 1 : 0;
  }
  let total = 0;
  for (const x of domainOf(binders[i], ctx))
    total += fold(q, binders, i + 1, body, withBinding(ctx, binders[i].id, x));
  return total;
}

/** The elements a binder ranges over, in the element type's order. */
export function domainOf(b: TBinder, ctx: Ctx): Value[] {
  return evaluate(b.domain, ctx) as Value[];
}

function elemOf(t: Type): Type {
  if (t.kind !== "set") throw new Error(`internal: expected a set type, not ${t.kind}`);
  return t.elem;
}

/** The array position of element `i` (1-based) of a sequence, or a runtime error. */
function seqPosition(s: Value[], i: number): number {
  if (i < 1 || i > s.length) runtimeError(`index ${i} is outside 1..${s.length}`);
  return i - 1;
}
