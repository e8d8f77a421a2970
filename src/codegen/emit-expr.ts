// Emits TypeScript for typed expressions. In: a typed expression, the function being written.
// Out: a TypeScript expression string (lines it needs first are pushed to the function). Scalars
// are numbers (booleans as JS booleans); sets are bit masks; records, maps and sequences are
// Int32Arrays in slot encoding. State locations become direct slot reads named after their
// variable, `s[o + 3 /* refcnt */]` (codegen/slots.ts).

import type { Layout, ProcessLayout } from "../ir/layout.js";
import { fieldOffset } from "../ir/layout.js";
import type { TBinder, TExpr, TFn, TMacroCall } from "../typecheck/typed.js";
import {
  cardinality,
  isFlatRecord,
  isScalar,
  isWideSet,
  sameType,
  slotCount,
  type Type,
} from "../model/types.js";
import { joinTypes, MAX_SET_UNIVERSE } from "../typecheck/types.js";
import type { FunctionEmitter } from "./emitter.js";
import { leafResets } from "./module-consts.js";
import type { ModuleContext } from "./context.js";
import { fitsIn, sameLayout } from "../runtime/convert.js";
import { literal } from "./literal.js";
import {
  addDyn,
  addOff,
  base,
  boundName,
  fromSlot,
  hasEffects,
  offToString,
  ordinal,
  annotatedOff,
  slotComment,
  pcValue,
  toSlot,
  valueAt,
  type Loc,
  type Off,
} from "./slots.js";
import { showExpr } from "../typecheck/show.js";

export class ExprEmitter {
  /** Emits a macro call's body; provided by the statement emitter. Returns the result temp, if any. */
  inlineMacro!: (call: TMacroCall, f: FunctionEmitter) => string | undefined;

  constructor(
    readonly ctx: ModuleContext,
    readonly layout: Layout,
    readonly fileConst: string,
  ) {}

  /**
   * The state array that state locations are read from: `s`, or `n` (the next state) inside `x'`
   * in an action property, whose predicate is a function of both.
   */
  private stateArr: "s" | "n" = "s";

  /**
   * A map literal whose value the caller consumes at once (stores it, or copies it into an
   * enclosing map literal's value) before the literal can be evaluated again: it may then be
   * built in a module-level scratch array instead of a new one.
   */
  scratchFor: TExpr | null = null;

  /**
   * A compound location read as the argument of a `fn` whose result is a scalar: functions are
   * pure and the language has no recursion, so the callee is done with the value when it returns,
   * and it may be copied into a module-level scratch array instead of a new slice. A compound
   * result may be the argument itself, still in use when the call site runs again (a call inside
   * a function that one expression calls twice): those arguments stay slices.
   */
  private scratchRead: TExpr | null = null;

  /** The declared parameter and result types of each `fn`, for converting at its calls. */
  readonly fnTypes = new Map<string, { params: readonly Type[]; result: Type }>();
  /** The `fn` definitions, for the why-panel to explain a call by the fn's body. */
  readonly fnDefs = new Map<string, TFn>();

  /** The spec's own file (named by fileConst in generated code); code from an imported module
   * names its file, so that an error in a library macro points into the library. */
  specFile?: string;

  /** The generated-code expression naming a source file. */
  fileOf(file: string | undefined): string {
    return !file || !this.specFile || file === this.specFile ? this.fileConst : literal(file);
  }

  private err(e: TExpr): string {
    return `${this.fileOf(e.span.file)}, ${e.span.line}`;
  }

  /** Emits `e` and returns a JS expression for its value. */
  expr(e: TExpr, f: FunctionEmitter): string {
    switch (e.k) {
      case "lit":
        if (typeof e.value === "boolean") return String(e.value);
        return e.value < 0 ? `(${e.value})` : String(e.value);
      case "none":
        return isScalar(e.type) ? "NONE" : this.ctx.consts.constArray(leafResets(e.type));
      case "self":
        return "self";
      case "bound":
        return boundName(e.name, e.id);
      case "param": {
        const b = f.params.get(e.id);
        if (!b) throw new Error(`internal: unbound macro parameter ${e.name}`);
        if (!b.byRef) return b.js;
        return this.read(e, f);
      }
      case "global":
      case "local":
      case "frame":
      case "field":
      case "index":
        return this.read(e, f);
      case "not": {
        const v = this.expr(e.e, f);
        return v === "true" ? "false" : v === "false" ? "true" : `!${v}`;
      }
      case "neg":
        return `(-${this.expr(e.e, f)})`;
      case "arith": {
        const [a, b] = this.operands([e.a, e.b], f);
        if (e.op === "/") return `rt.div(${a}, ${b}, ${this.err(e)})`;
        if (e.op === "%") return `rt.mod(${a}, ${b}, ${this.err(e)})`;
        return `(${a} ${e.op} ${b})`;
      }
      case "cmp": {
        const [a, b] = this.operands([e.a, e.b], f);
        if (e.op !== "<") return `(${a} ${e.op} ${b})`;
        // Never `a < b`: TypeScript reads `1 < (c > (-1)) ? ...` as a call with type arguments
        // (issue 12). `b > a` says the same when evaluating a cannot fail or have effects; else
        // `!(a >= b)` keeps the order (integers only, so no NaN).
        return isAtomic(a) ? `(${b} > ${a})` : `!(${a} >= ${b})`;
      }
      case "eq":
        return this.equality(e, f);
      case "logic":
        return this.logic(e, f);
      case "in":
        return this.membership(e, f);
      case "setop": {
        const t = e.type as Extract<Type, { kind: "set" }>;
        const [a, b] = this.operands([e.a, e.b], f);
        const ca = this.convertSet(a, e.a.type, t, e);
        const cb = this.convertSet(b, e.b.type, t, e);
        if (isWideSet(t))
          return `rt.${e.op === "union" ? "wideUnion" : e.op === "intersect" ? "wideIntersect" : "wideMinus"}(${ca}, ${cb})`;
        return e.op === "union"
          ? `(${ca} | ${cb})`
          : e.op === "intersect"
            ? `(${ca} & ${cb})`
            : `(${ca} & ~${cb})`;
      }
      case "range": {
        const t = e.type as Extract<Type, { kind: "set" }>;
        const [lo, hi] = this.operands([e.lo, e.hi], f);
        const b = base(t.elem);
        const fn = isWideSet(t) ? "wideRange" : "rangeMask";
        return `rt.${fn}(${lo} - ${b}, ${hi} - ${b}, ${cardinality(t.elem)})`;
      }
      case "ite":
        return this.ite(e, f);
      case "let": {
        const v = this.expr(e.value, f);
        f.line(`const ${boundName(e.name, e.id)} = ${v};`);
        return this.expr(e.body, f);
      }
      case "quant":
        return this.quantifier(e, f);
      case "fold":
        return this.generalFold(e, f);
      case "pick":
        return this.pick(e, f);
      case "setLit": {
        const t = e.type as Extract<Type, { kind: "set" }>;
        if (isWideSet(t)) {
          const ords = this.operands(e.elems, f).map((p) => this.elemOrdinal(t.elem, p));
          return `rt.wideOf(${slotCount(t)}, [${ords.join(", ")}])`;
        }
        if (e.elems.length === 0) return "0";
        const parts = this.operands(e.elems, f).map((p, i) => this.convertSet(p, e.elems[i].type, t.elem, e));
        return `(${parts.map((p) => `(1 << ${this.elemOrdinal(t.elem, p)})`).join(" | ")})`;
      }
      case "setFilter":
      case "setMap":
        return this.setBuilder(e, f);
      case "seqLit": {
        const t = e.type as Extract<Type, { kind: "seq" }>;
        const parts = this.operands(e.elems, f).map((p, i) => this.slotValue(p, e.elems[i].type, t.elem, e));
        return `rt.seqOf(${t.bound}, ${slotCount(t.elem)}, ${this.ctx.consts.constArray(leafResets(t.elem))}, [${parts.join(", ")}], ${this.err(e)})`;
      }
      case "record": {
        const t = e.type as Extract<Type, { kind: "record" }>;
        const parts = this.operands(e.fields, f).map((p, i) =>
          this.slotValue(p, e.fields[i].type, t.fields[i].type, e),
        );
        return `rt.concat(${slotCount(t)}, [${parts.join(", ")}])`;
      }
      case "mapLit":
        return this.mapLiteral(e, f);
      case "some": {
        const inner = this.expr(e.e, f);
        const t = e.type as Extract<Type, { kind: "option" }>;
        if (isScalar(t)) return toSlot(t.inner, inner);
        return `rt.concat(${slotCount(t)}, [1, ${this.slotValue(inner, e.e.type, t.inner, e)}])`;
      }
      case "the":
        return this.unwrap(e, f);
      case "builtin":
        return this.builtin(e, f);
      case "fnCall":
        return this.fnCall(e, f);
      case "macroCall": {
        const result = this.inlineMacro(e.call, f);
        return result ?? "0";
      }
      case "at":
        return this.atStep(e, f);
      case "fnSet":
        throw new Error("internal: [K -> S] is lowered to choices of the variable's entries");
      case "prime": {
        const outer = this.stateArr;
        this.stateArr = "n";
        try {
          return this.expr(e.e, f);
        } finally {
          this.stateArr = outer;
        }
      }
    }
  }

  /** `if c then a else b`: a conditional expression, or statements when a branch needs them. */
  private ite(e: Extract<TExpr, { k: "ite" }>, f: FunctionEmitter): string {
    const c = this.expr(e.c, f);
    // A constant condition keeps only the branch taken, unless the other inlines a macro
    // (whose `either` branches the coverage table must still list).
    if ((c === "true" && !hasEffects(e.b)) || (c === "false" && !hasEffects(e.a)))
      return this.constantIf(c === "true", e, f);
    const a = f.capture(() => this.expr(e.a, f));
    const b = f.capture(() => this.expr(e.b, f));
    // Each branch has its own type; the value has their join's (a set over the wider universe).
    const av = this.convert(a.value, e.a.type, e.type, e.a, "a branch of if");
    const bv = this.convert(b.value, e.b.type, e.type, e.b, "a branch of if");
    if (a.lines.length === 0 && b.lines.length === 0) return `(${c} ? ${av} : ${bv})`;
    const t = f.temp();
    f.line(`let ${t};`);
    f.open(`if (${c}) {`);
    f.emitCaptured(a.lines);
    f.line(`${t} = ${av};`);
    f.middle("} else {");
    f.emitCaptured(b.lines);
    f.line(`${t} = ${bv};`);
    f.close();
    return t;
  }

  /**
   * The ordinal of set element `js` in element type `t` (its bit in a mask). A record's is computed
   * from its fields (-1 when a field lies outside `t`: no bit, so `in` is false).
   */
  elemOrdinal(t: Type, js: string): string {
    if (isFlatRecord(t)) return `rt.recordOrdinal(${js}, ${this.ctx.consts.constType(t)})`;
    return ordinal(t, js);
  }

  /** The element of ordinal `js` in element type `t` (inverse of elemOrdinal). */
  elemAt(t: Type, js: string): string {
    if (isFlatRecord(t)) return `rt.recordAt(${js}, ${this.ctx.consts.constType(t)})`;
    return valueAt(t, js);
  }

  /** `pick x in S: P`: the first element satisfying P, a runtime error when none does. A scalar
   *  element is held as a slot value (NONE until found), a record as the element itself. */
  private pick(e: Extract<TExpr, { k: "pick" }>, f: FunctionEmitter): string {
    const compound = !isScalar(e.binder.elemType);
    const t = f.temp("pick");
    const empty = compound ? "undefined" : "NONE";
    f.line(`let ${t}${compound ? this.ctx.ann(": Int32Array | undefined") : ""} = ${empty};`);
    this.loop(
      e.binder,
      f,
      (x) => {
        const p = f.capture(() => this.expr(e.pred, f));
        f.emitCaptured(p.lines);
        f.open(`if (${p.value}) {`);
        f.line(`${t} = ${compound ? x : toSlot(e.binder.elemType, x)};`);
        f.line(`break;`);
        f.close();
      },
      `L${t}`,
    );
    f.line(
      `if (${t} === ${empty}) rt.runtimeError("pick: no element satisfies the condition", ${this.err(e)});`,
    );
    return compound ? `${t}${this.ctx.ann("!")}` : fromSlot(e.type, t);
  }

  /** `{x in S | P}` and `{f(x) | x in S}`: a set built by a loop over the domain. */
  private setBuilder(e: Extract<TExpr, { k: "setFilter" | "setMap" }>, f: FunctionEmitter): string {
    const t = e.type as Extract<Type, { kind: "set" }>;
    const m = f.temp("set");
    if (isWideSet(t)) {
      f.line(`const ${m} = new Int32Array(${slotCount(t)});`);
      this.loop(e.binder, f, (x) => {
        const body = e.k === "setFilter" ? e.pred : e.body;
        const v = f.capture(() => this.expr(body, f));
        f.emitCaptured(v.lines);
        if (e.k === "setFilter") f.line(`if (${v.value}) rt.wideAdd(${m}, ${this.elemOrdinal(t.elem, x)});`);
        else f.line(`rt.wideAdd(${m}, ${this.elemOrdinal(t.elem, v.value)});`);
      });
      return m;
    }
    f.line(`let ${m} = 0;`);
    this.loop(e.binder, f, () => {
      const body = e.k === "setFilter" ? e.pred : e.body;
      const v = f.capture(() => this.expr(body, f));
      f.emitCaptured(v.lines);
      if (e.k === "setFilter")
        f.line(
          `if (${v.value}) ${m} |= 1 << ${this.elemOrdinal(t.elem, boundName(e.binder.name, e.binder.id))};`,
        );
      else
        f.line(`${m} |= 1 << ${this.elemOrdinal(t.elem, this.convertSet(v.value, e.body.type, t.elem, e))};`);
    });
    return m;
  }

  /** `[x in S |-> v]`: a map built by a loop, in a scratch array where its value is consumed at once. */
  private mapLiteral(e: Extract<TExpr, { k: "mapLit" }>, f: FunctionEmitter): string {
    const t = e.type as Extract<Type, { kind: "map" }>;
    const stride = slotCount(t.value);
    const scratch = this.scratchFor === e;
    this.scratchFor = null;
    const m = f.temp("map");
    // A scratch array is cleared: the keys the loop skips hold zeros, as in a new array.
    if (scratch) f.line(`const ${m} = ${this.ctx.consts.scratchArray(slotCount(t))}.fill(0);`);
    else f.line(`const ${m} = new Int32Array(${slotCount(t)});`);
    this.loop(e.binder, f, (x) => {
      if (e.body.k === "mapLit") this.scratchFor = e.body;
      const v = f.capture(() => this.expr(e.body, f));
      f.emitCaptured(v.lines);
      const at = `${ordinal(t.key, x)} * ${stride}`;
      const value = this.slotValue(v.value, e.body.type, t.value, e);
      if (isScalar(t.value)) f.line(`${m}[${at}] = ${value};`);
      else f.line(`${m}.set(${value}, ${at});`);
    });
    return m;
  }

  /** `the(o)`: the value of an optional, a runtime error when it is none. */
  private unwrap(e: Extract<TExpr, { k: "the" }>, f: FunctionEmitter): string {
    const o = this.expr(e.e, f);
    const t = e.e.type as Extract<Type, { kind: "option" }>;
    if (isScalar(t)) return fromSlot(t.inner, `rt.unwrap(${o}, ${this.err(e)})`);
    const v = f.temp();
    f.line(`const ${v} = ${o};`);
    f.line(`if (${v}[0] === 0) rt.runtimeError("the(none): the optional value is none", ${this.err(e)});`);
    // An optional set is a flag and a mask: its value is the mask, not a one-slot array.
    if (isScalar(t.inner)) return fromSlot(t.inner, `${v}[1]`);
    return `${v}.slice(1)`;
  }

  /** A call of a `fn`, its arguments converted to the declared parameter types. */
  private fnCall(e: Extract<TExpr, { k: "fnCall" }>, f: FunctionEmitter): string {
    return `fn_${e.fn}(${this.stateArr}${this.fnArgs(e, f)
      .map((a) => `, ${a}`)
      .join("")})`;
  }

  /** The arguments of a `fn` call, evaluated left to right and converted to the parameter types. */
  fnArgs(e: Extract<TExpr, { k: "fnCall" }>, f: FunctionEmitter): string[] {
    const args = this.operands(e.args, f, (arg) => {
      if (isScalar(e.type) && !isScalar(arg.type)) this.scratchRead = arg;
    });
    const sig = this.fnTypes.get(e.fn);
    if (!sig) throw new Error(`internal: no signature for fn ${e.fn}`);
    return args.map((a, i) =>
      this.convert(a, e.args[i].type, sig.params[i], e.args[i], `argument ${i + 1} of ${e.fn}`),
    );
  }

  /** `P at step` / `P[i] at step`: a test of an instance's program counter. */
  private atStep(e: Extract<TExpr, { k: "at" }>, f: FunctionEmitter): string {
    const p = this.processLayout(e.process);
    const found = p.pcs.findIndex((x) => x.owner === null && x.step === e.step);
    const pc = found < 0 && e.step === "done" ? p.done : found;
    const o = this.instanceBase(p, e.instance, f, e);
    return `(${this.stateArr}[${offToString(addOff(o, p.pc))} ${slotComment(`${p.name}${e.instance ? "[..]" : ""} pc`)}] === ${pcValue(p, pc)})`;
  }

  /** Emits operands left to right; when a later one has effects, earlier ones are bound to temporaries first. */
  operands(es: TExpr[], f: FunctionEmitter, before?: (e: TExpr) => void): string[] {
    const out: string[] = [];
    es.forEach((e, i) => {
      before?.(e);
      const v = this.expr(e, f);
      this.scratchRead = null;
      if (es.slice(i + 1).some(hasEffects) && !/^[\w.]+$/.test(v)) {
        const t = f.temp();
        f.line(`const ${t} = ${v};`);
        out.push(t);
      } else out.push(v);
    });
    return out;
  }

  /**
   * The one conversion where a value of type `from` flows into a place of type `to` of the same
   * shape (a fn or macro parameter, a result, a branch of `if`): the value is re-laid out where
   * the layouts differ (a set over another universe, a sequence with another bound, anywhere
   * inside a compound value) and checked where `to` is narrower, a runtime error naming `what`.
   * Expression encoding in and out; writes use slotValue and their own checks.
   */
  convert(js: string, from: Type, to: Type, at: TExpr, what: string): string {
    if (to.kind === "set") return this.convertSet(js, from, to, at, what);
    if (isScalar(to)) {
      const range =
        to.kind === "int" ? to : to.kind === "option" && to.inner.kind === "int" ? to.inner : undefined;
      if (!range || fitsIn(from, to)) return js;
      const check = to.kind === "int" ? "checkRange" : "checkOptRange";
      return `rt.${check}(${js}, ${range.lo}, ${range.hi}, ${literal(what)}, ${this.err(at)})`;
    }
    if (sameLayout(from, to) && fitsIn(from, to)) return js;
    return `rt.convertValue(${js}, ${this.ctx.consts.constType(from)}, ${this.ctx.consts.constType(to)}, ${this.err(at)}, ${literal(what)})`;
  }

  /** A value in slot encoding, converted to the target type's layout where they differ. */
  slotValue(js: string, from: Type, to: Type, at: TExpr): string {
    if (isWideSet(to) || isWideSet(from)) return this.convertSet(js, from, to, at);
    if (isScalar(to)) {
      if (to.kind === "set") return this.convertSet(js, from, to, at);
      return toSlot(from.kind === "option" ? from : to, js);
    }
    if (!sameLayout(from, to))
      return `rt.convertValue(${js}, ${this.ctx.consts.constType(from)}, ${this.ctx.consts.constType(to)}, ${this.err(at)})`;
    return js;
  }

  /** Re-bases a set mask of type `from` to the universe of `to`. */
  convertSet(js: string, from: Type, to: Type, at: TExpr, what?: string): string {
    if (from.kind !== "set" || to.kind !== "set") return js;
    if (isWideSet(from) || isWideSet(to)) {
      // A multi-word set on either side: re-based element by element unless the universes agree.
      const shift = base(from.elem) - base(to.elem);
      if (shift === 0 && cardinality(from.elem) === cardinality(to.elem)) return js;
      const named = what ? `, ${literal(what)}` : "";
      const cast = this.ctx.ann(isWideSet(to) ? " as Int32Array" : " as number");
      return `(rt.wideRebase(${js}, ${shift}, ${cardinality(to.elem)}, ${this.err(at)}${named})${cast})`;
    }
    if ((from.elem.kind === "set" || from.elem.kind === "record") && !sameType(from.elem, to.elem))
      return `rt.convertScalar(${js}, ${this.ctx.consts.constType(from)}, ${this.ctx.consts.constType(to)}, ${this.err(at)})`;
    const shift = base(from.elem) - base(to.elem);
    const fits = shift >= 0 && shift + cardinality(from.elem) <= cardinality(to.elem);
    if (shift === 0 && fits) return js;
    if (fits) return `(${js} << ${shift})`;
    const named = what ? `, ${literal(what)}` : "";
    return `rt.shiftSet(${js}, ${shift}, ${cardinality(to.elem)}, ${this.err(at)}${named})`;
  }

  private equality(e: Extract<TExpr, { k: "eq" }>, f: FunctionEmitter): string {
    // Two literals (`MODE == 2` once constants are substituted) are folded: strict tsc rejects `2 === 0`.
    if (e.a.k === "lit" && e.b.k === "lit") return String((e.a.value === e.b.value) !== e.negated);
    const [a, b] = this.operands([e.a, e.b], f);
    const op = e.negated ? "!==" : "===";
    const t = joinTypes(e.a.type, e.b.type);
    if (t.kind === "set") {
      const ca = this.convertSet(a, e.a.type, t, e);
      const cb = this.convertSet(b, e.b.type, t, e);
      if (isWideSet(t)) return `${e.negated ? "!" : ""}rt.eqArrays(${ca}, ${cb})`;
      return `(${ca} ${op} ${cb})`;
    }
    if (isScalar(t)) return `(${a} ${op} ${b})`;
    const ca = this.slotValue(a, e.a.type, t, e);
    const cb = this.slotValue(b, e.b.type, t, e);
    return `${e.negated ? "!" : ""}rt.eqArrays(${ca}, ${cb})`;
  }

  /** `if c then a else b` with a constant condition (a constant the configuration set): only the branch taken. */
  private constantIf(c: boolean, e: Extract<TExpr, { k: "ite" }>, f: FunctionEmitter): string {
    const branch = c ? e.a : e.b;
    return this.convert(this.expr(branch, f), branch.type, e.type, branch, "a branch of if");
  }

  private logic(e: Extract<TExpr, { k: "logic" }>, f: FunctionEmitter): string {
    const a = this.expr(e.a, f);
    // A constant left operand (`!SKIP_SEQ_CHECK && ...` with the constant false) decides or drops out.
    // The right operand is dropped only when it inlines no macro (see constantIf).
    if (a === "true" || a === "false") {
      const decided = e.op === "||" ? a === "true" : a === "false";
      if (!decided) return this.expr(e.b, f);
      if (!hasEffects(e.b)) return e.op === "&&" ? "false" : "true";
    }
    const b = f.capture(() => this.expr(e.b, f));
    const lhs = e.op === "=>" ? `!${a}` : a;
    const op = e.op === "&&" ? "&&" : "||";
    if (b.lines.length === 0) return `(${lhs} ${op} ${b.value})`;
    const t = f.temp();
    f.line(`let ${t} = ${lhs};`);
    f.open(e.op === "&&" ? `if (${t}) {` : `if (!${t}) {`);
    f.emitCaptured(b.lines);
    f.line(`${t} = ${b.value};`);
    f.close();
    return t;
  }

  private membership(e: Extract<TExpr, { k: "in" }>, f: FunctionEmitter): string {
    const set = e.set;
    if (set.k === "range" && !hasEffects(set)) {
      const x = this.expr(e.elem, f);
      const xs = /^[\w]+$/.test(x) ? x : f.temp();
      if (xs !== x) f.line(`const ${xs} = ${x};`);
      const lo = this.expr(set.lo, f);
      const hi = this.expr(set.hi, f);
      return `(${lo} <= ${xs} && ${xs} <= ${hi})`;
    }
    const [x, m] = this.operands([e.elem, set], f);
    const t = set.type as Extract<Type, { kind: "set" }>;
    if (t.elem.kind === "set" && !sameType(e.elem.type, t.elem))
      return `rt.hasSetElem(${m}, ${x}, ${this.ctx.consts.constType(e.elem.type)}, ${this.ctx.consts.constType(t.elem)})`;
    const fn = isWideSet(t) ? "wideHas" : "hasBit";
    return `rt.${fn}(${m}, ${this.elemOrdinal(t.elem, x)}, ${cardinality(t.elem)})`;
  }

  private quantifier(e: Extract<TExpr, { k: "quant" }>, f: FunctionEmitter): string {
    if (e.q === "sum" || e.q === "count") return this.fold(e, e.q, f);
    const forall = e.q === "forall";
    const r = f.temp(forall ? "all" : "any");
    f.line(`let ${r} = ${forall};`);
    const label = `L${r}`;
    const nest = (i: number): void => {
      if (i === e.binders.length) {
        const body = f.capture(() => this.expr(e.body, f));
        f.emitCaptured(body.lines);
        f.open(`if (${forall ? "!" : ""}${body.value}) {`);
        f.line(`${r} = ${!forall};`);
        f.line(`break ${label};`);
        f.close();
        return;
      }
      this.loop(e.binders[i], f, () => nest(i + 1), i === 0 ? label : undefined);
    };
    nest(0);
    return r;
  }

  /** `sum` adds the body over every binding; `count` counts the bindings where it holds. */
  private fold(e: Extract<TExpr, { k: "quant" }>, q: "sum" | "count", f: FunctionEmitter): string {
    const r = f.temp(q);
    f.line(`let ${r} = 0;`);
    const nest = (i: number): void => {
      if (i === e.binders.length) {
        const body = f.capture(() => this.expr(e.body, f));
        f.emitCaptured(body.lines);
        f.line(q === "sum" ? `${r} += ${body.value};` : `if (${body.value}) ${r}++;`);
        return;
      }
      this.loop(e.binders[i], f, () => nest(i + 1));
    };
    nest(0);
    return r;
  }

  /**
   * `fold acc: T = base, x in S: body`, as TLA+'s recursive fold whose CHOOSE takes the least
   * element: body(x1, body(x2, ... body(xn, base))) for x1 < ... < xn, so the elements are taken
   * from the greatest down. Each value is converted into T (checked where T is narrower).
   */
  private generalFold(e: Extract<TExpr, { k: "fold" }>, f: FunctionEmitter): string {
    const acc = boundName(e.acc, e.accId);
    const what = `fold ${e.acc}`;
    f.line(`let ${acc} = ${this.convert(this.expr(e.base, f), e.base.type, e.type, e, what)};`);
    const xs = f.temp("elems");
    const elemTs =
      e.binder.elemType.kind === "bool" ? "boolean" : isScalar(e.binder.elemType) ? "number" : "Int32Array";
    f.line(`const ${xs}${this.ctx.ann(`: ${elemTs}[]`)} = [];`);
    this.loop(e.binder, f, (x) => f.line(`${xs}.push(${x});`));
    const i = f.temp("i");
    f.open(`for (let ${i} = ${xs}.length - 1; ${i} >= 0; ${i}--) {`);
    f.line(`const ${boundName(e.binder.name, e.binder.id)} = ${xs}[${i}];`);
    const body = f.capture(() => this.expr(e.body, f));
    f.emitCaptured(body.lines);
    f.line(`${acc} = ${this.convert(body.value, e.body.type, e.type, e, what)};`);
    f.close();
    return acc;
  }

  /**
   * The elements of a comprehension too large for a set value, in an array, in the element type's
   * order (a map comprehension's values sorted, each once), as the bit mask would give them.
   */
  iteratedElements(d: Extract<TExpr, { k: "setFilter" | "setMap" }>, f: FunctionEmitter): string {
    const elem = (d.type as Extract<Type, { kind: "set" }>).elem;
    const elems = f.temp("elems");
    f.line(`const ${elems}${this.ctx.ann(`: ${elem.kind === "bool" ? "boolean" : "number"}[]`)} = [];`);
    this.loop(d.binder, f, (y) => {
      const v = f.capture(() => this.expr(d.k === "setFilter" ? d.pred : d.body, f));
      f.emitCaptured(v.lines);
      if (d.k === "setFilter") f.line(`if (${v.value}) ${elems}.push(${y});`);
      else f.line(`${elems}.push(${v.value});`);
    });
    if (d.k === "setMap") f.line(`rt.sortUnique(${elems});`);
    return elems;
  }

  /** Emits a loop over a binder's domain, binding its JS name; `body` emits the loop body. */
  loop(b: TBinder, f: FunctionEmitter, body: (x: string) => void, label?: string): void {
    const x = boundName(b.name, b.id);
    const prefix = label ? `${label}: ` : "";
    if (b.domain.k === "range") {
      const [lo, hi] = this.operands([b.domain.lo, b.domain.hi], f);
      f.open(`${prefix}for (let ${x} = ${lo}; ${x} <= ${hi}; ${x}++) {`);
      body(x);
      f.close();
      return;
    }
    if (isIteratedOnly(b)) {
      const elems = this.iteratedElements(b.domain as Extract<TExpr, { k: "setFilter" | "setMap" }>, f);
      const i = f.temp("i");
      f.open(`${prefix}for (let ${i} = 0; ${i} < ${elems}.length; ${i}++) {`);
      f.line(`const ${x} = ${elems}[${i}];`);
      body(x);
      f.close();
      return;
    }
    if (b.domain.k === "builtin" && b.domain.fn === "subsets") {
      // Every submask of the set, in increasing order (the order of set values), never stored.
      // `last` is set before the body, so a `continue` in it cannot run past the last submask.
      const m = f.temp("of");
      const last = f.temp("last");
      f.line(`const ${m} = ${this.expr(b.domain.args[0], f)};`);
      f.open(`${prefix}for (let ${x} = 0, ${last} = false; !${last}; ${x} = (${x} - ${m}) & ${m}) {`);
      f.line(`${last} = ${x} === ${m};`);
      body(x);
      f.close();
      return;
    }
    const m = f.temp("dom");
    f.line(`const ${m} = ${this.expr(b.domain, f)};`);
    const i = f.temp("i");
    f.open(`${prefix}for (let ${i} = 0; ${i} < ${cardinality(b.elemType)}; ${i}++) {`);
    if (isWideSet(b.domain.type)) f.line(`if (((${m}[${i} >>> 5] >>> (${i} & 31)) & 1) === 0) continue;`);
    else f.line(`if (((${m} >>> ${i}) & 1) === 0) continue;`);
    f.line(`const ${x} = ${this.elemAt(b.elemType, i)};`);
    body(x);
    f.close();
  }

  private builtin(e: Extract<TExpr, { k: "builtin" }>, f: FunctionEmitter): string {
    const args = this.operands(e.args, f);
    switch (e.fn) {
      case "card":
        return isWideSet(e.args[0].type) ? `rt.wideCard(${args[0]})` : `rt.popcount(${args[0]})`;
      case "subsets":
        return `rt.subsetsMask(${args[0]})`;
      case "min":
        return `Math.min(${args[0]}, ${args[1]})`;
      case "max":
        return `Math.max(${args[0]}, ${args[1]})`;
      case "minSet":
      case "maxSet": {
        const t = e.args[0].type as Extract<Type, { kind: "set" }>;
        const fn = isWideSet(t)
          ? e.fn === "minSet"
            ? "wideLowest"
            : "wideHighest"
          : e.fn === "minSet"
            ? "lowestBit"
            : "highestBit";
        return `(rt.${fn}(${args[0]}, ${this.err(e)}) + ${base(t.elem)})`;
      }
      case "len":
        return `${args[0]}[0]`;
      case "head": {
        const t = e.args[0].type as Extract<Type, { kind: "seq" }>;
        const elem = `rt.seqElem(${args[0]}, 0, ${slotCount(t.elem)}, ${this.err(e)})`;
        return isScalar(t.elem) ? fromSlot(t.elem, `${elem}[0]`) : elem;
      }
      case "tail": {
        const t = e.args[0].type as Extract<Type, { kind: "seq" }>;
        return `rt.seqTail(${args[0]}, ${slotCount(t.elem)}, ${this.ctx.consts.constArray(leafResets(t.elem))}, ${this.err(e)})`;
      }
      case "concat": {
        const t = e.type as Extract<Type, { kind: "seq" }>;
        const [a, b] = args.map((js, i) => this.slotValue(js, e.args[i].type, t, e));
        return `rt.seqConcat(${a}, ${b}, ${slotCount(t.elem)})`;
      }
      case "subseq":
      case "remove_at": {
        const t = e.type as Extract<Type, { kind: "seq" }>;
        const fn = e.fn === "subseq" ? "seqSub" : "seqRemoveAt";
        return `rt.${fn}(${args.join(", ")}, ${slotCount(t.elem)}, ${this.ctx.consts.constArray(leafResets(t.elem))}, ${this.err(e)})`;
      }
      case "append": {
        const t = e.type as Extract<Type, { kind: "seq" }>;
        const seq = this.slotValue(args[0], e.args[0].type, t, e);
        const x = this.slotValue(args[1], e.args[1].type, t.elem, e);
        return `rt.seqAppend(${seq}, ${x}, ${t.bound}, ${slotCount(t.elem)}, ${this.err(e)})`;
      }
    }
  }

  processLayout(name: string): ProcessLayout {
    const p = this.layout.processes.find((x) => x.name === name);
    if (!p) throw new Error(`internal: no layout for process ${name}`);
    return p;
  }

  /** The slot offset where an instance's block starts: `o` for the running instance. */
  instanceBase(p: ProcessLayout, instance: TExpr | null, f: FunctionEmitter, at: TExpr): Off {
    if (!instance) {
      if (f.process?.name === p.name) return { dyn: "o", k: 0 };
      return { k: p.base };
    }
    const values = p.process.indexValues;
    const lo = values[0];
    const hi = values[values.length - 1];
    const i = this.expr(instance, f);
    const t = instance.type;
    const safe = t.kind === "int" && t.lo >= lo && t.hi <= hi;
    const index = safe
      ? lo === 0
        ? i
        : `(${i} - ${lo})`
      : `rt.keyIndex(${i}, ${lo}, ${hi}, ${literal(`${p.name}[${showExpr(instance)}]`)}, ${this.err(at)})`;
    return { dyn: p.stride === 1 ? index : `${index} * ${p.stride}`, k: p.base };
  }

  /** The slot location of a state location expression, or of a computed compound value. */
  loc(e: TExpr, f: FunctionEmitter): Loc {
    switch (e.k) {
      case "global": {
        const g = this.layout.globals.find((v) => v.name === e.name)!;
        return { arr: this.stateArr, off: { k: g.offset }, name: e.name };
      }
      case "local": {
        const p = this.processLayout(e.process);
        const l = p.locals.find((v) => v.name === e.name)!;
        const name = e.instance ? `${e.process}[..].${e.name}` : e.name;
        return { arr: this.stateArr, off: addOff(this.instanceBase(p, e.instance, f, e), l.offset), name };
      }
      case "frame": {
        const frame = f.process?.frames.find((fr) => fr.proc === e.proc);
        const v = frame && [...frame.params, ...frame.locals].find((x) => x.name === e.name);
        if (!v) throw new Error(`internal: no frame slot for ${e.proc}.${e.name}`);
        return { arr: "s", off: { dyn: "o", k: v.offset }, name: e.name };
      }
      case "param": {
        const b = f.params.get(e.id);
        if (b?.byRef) return this.loc(b.arg, f);
        break;
      }
      case "field": {
        const outer = this.loc(e.target, f);
        const t = e.target.type as Extract<Type, { kind: "record" }>;
        const name = outer.name === undefined ? undefined : `${outer.name}.${t.fields[e.index].name}`;
        return { arr: outer.arr, off: addOff(outer.off, fieldOffset(t, e.index)), name };
      }
      case "index": {
        const outer = this.loc(e.target, f);
        if (e.target.type.kind === "seq") {
          // Element i (1-based) sits after the length slot; i must lie in 1..len.
          const stride = slotCount(e.target.type.elem);
          const len = `${outer.arr}[${offToString(outer.off)}]`;
          const i = `rt.seqIndex(${this.expr(e.key, f)}, ${len}, ${literal(showExpr(e))}, ${this.err(e)})`;
          const name = outer.name === undefined ? undefined : `${outer.name}[..]`;
          return {
            arr: outer.arr,
            off: addDyn(addOff(outer.off, 1), stride === 1 ? i : `${i} * ${stride}`),
            name,
          };
        }
        const t = e.target.type as Extract<Type, { kind: "map" }>;
        const key = this.expr(e.key, f);
        const stride = slotCount(t.value);
        const kt = e.key.type;
        const keyLo = base(t.key);
        const keyHi = keyLo + cardinality(t.key) - 1;
        const safe = t.key.kind !== "int" || (kt.kind === "int" && kt.lo >= keyLo && kt.hi <= keyHi);
        const ord = safe
          ? ordinal(t.key, key)
          : `rt.keyIndex(${key}, ${keyLo}, ${keyHi}, ${literal(showExpr(e))}, ${this.err(e)})`;
        const name = outer.name === undefined ? undefined : `${outer.name}[..]`;
        if (/^\(?-?\d+\)?$/.test(ord))
          return { arr: outer.arr, off: addOff(outer.off, Number(ord.replace(/[()]/g, "")) * stride), name };
        return { arr: outer.arr, off: addDyn(outer.off, stride === 1 ? ord : `${ord} * ${stride}`), name };
      }
      default:
        break;
    }
    const t = f.temp("v");
    f.line(`const ${t} = ${this.expr(e, f)};`);
    return { arr: t, off: { k: 0 } };
  }

  /** Reads the value at a location expression. */
  read(e: TExpr, f: FunctionEmitter): string {
    const l = this.loc(e, f);
    const off = offToString(l.off);
    if (isScalar(e.type)) return fromSlot(e.type, `${l.arr}[${annotatedOff(l)}]`);
    const n = slotCount(e.type);
    if (this.scratchRead === e) {
      this.scratchRead = null;
      return `rt.copyInto(${this.ctx.consts.scratchArray(n)}, ${l.arr}, ${annotatedOff(l)}, ${n})`;
    }
    if (l.arr !== "s" && l.arr !== "n" && !l.off.dyn && l.off.k === 0) return `${l.arr}.slice(0, ${n})`;
    return `${l.arr}.slice(${annotatedOff(l)}, ${l.off.dyn ? `${off} + ${n}` : l.off.k + n})`;
  }
}

/** Whether a generated expression is a name, a number or a slot read: nothing in it can throw. */
function isAtomic(js: string): boolean {
  return /^(?:[\w.]+|\(-\d+\)|[\w]+\[[\w +*]+(?: \/\*(?:(?!\*\/).)*\*\/)?\])$/.test(js);
}

/** Whether a binder ranges over a comprehension too large for a set value: iterated, never stored. */
export function isIteratedOnly(b: TBinder): boolean {
  return (
    (b.domain.k === "setFilter" || b.domain.k === "setMap") && cardinality(b.elemType) > MAX_SET_UNIVERSE
  );
}
