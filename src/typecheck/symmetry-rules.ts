// Whether a spec with a symmetric process array is really symmetric. In: the typed spec. Out: T021
// diagnostics for every use of an instance id that tells instances apart.
//
// Symmetry reduction stores one state per orbit under renamings of P's instances and of values of
// its index type T (docs/language.md, "Symmetry"). That is sound only when nothing in the spec
// depends on which instance is which — Murphi's scalarsets. So a value of type T (same bounds for a
// range: the docs' definition of an instance id) may only be compared with == and !=, stored, used
// as a key of a map keyed by T, put in or looked up in a set of T, passed where T is expected,
// quantified or chosen over, and name an instance `P[x]`. Arithmetic, ordering, conversion to
// another type, literals and constants where an id is expected, parts of T (`1..2`), and ordered
// iteration (`min`, `max`, `pick`, `fold`) are refused. A rule keyed on the expression tree, not on
// expression types: integer expressions carry intervals, so `x % 3 + 1` may have T's very bounds.

import { error, withHint, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/diagnostic.js";
import { sameType, type Type } from "../model/types.js";
import type { TAction, TBinder, TExpr, TFn, TMacroCall, TProcess, TProperty, TStmt, TVar } from "./typed.js";
import { hasError, someType, typeToString } from "./types.js";

/** The parts of a typed spec the rule reads. */
export interface SymmetryInput {
  vars: readonly TVar[];
  fns: readonly TFn[];
  processes: readonly TProcess[];
  actions: readonly TAction[];
  invariants: readonly { body: TExpr }[];
  constraints: readonly { body: TExpr }[];
  properties: readonly TProperty[];
  init?: readonly TStmt[];
  /** A `symmetric type`: its values are renamed everywhere, as a symmetric array's ids are. */
  symmetricType?: { name: string; type: Type };
}

const TASK = "an instance is named as a task (`current`, `P[x]` as a value), which renaming does not reach";

function isTask(t: Type): t is Extract<Type, { kind: "enum" }> {
  return t.kind === "enum" && t.name === "task";
}

const HINT = "remove `symmetric`, or compare instance ids only with == and !=";

/** Every use of the symmetric array's index type (or of the symmetric type) that tells values apart. */
export function symmetryUseProblems(spec: SymmetryInput): Diagnostic[] {
  const p = spec.processes.find((x) => x.symmetric && x.indexed);
  const T = spec.symmetricType?.type ?? p?.indexType;
  if (!T || hasError(T)) return [];
  const owner = spec.symmetricType
    ? `symmetric type ${spec.symmetricType.name}`
    : `symmetric process ${p!.name}`;
  const checker = new SymmetryUses(p, T, owner, spec);
  checker.spec(spec);
  return checker.diagnostics;
}

/** Expression kinds that read a stored or bound value: their type is the value's declared type. */
const SOURCES = new Set<TExpr["k"]>([
  "global",
  "local",
  "frame",
  "bound",
  "param",
  "self",
  "field",
  "index",
  "the",
  "fnCall",
  "macroCall",
  "pick",
  "prime",
]);

class SymmetryUses {
  readonly diagnostics: Diagnostic[] = [];
  private readonly T: Type;
  /** The result type of the proc whose body is walked, and of the macros inlined in it (innermost last). */
  private procResult: Type | undefined;
  private readonly macroResults: (Type | undefined)[] = [];

  private readonly indexTypes = new Map<string, Type>();
  private readonly fnParams = new Map<string, readonly Type[]>();
  private readonly procs = new Map<string, { params: readonly Type[]; result?: Type }>();

  constructor(
    /** The symmetric process array whose instances are renamed, if any. */
    private readonly p: TProcess | undefined,
    T: Type,
    /** `symmetric process P` or `symmetric type T`, to open each message. */
    private readonly owner: string,
    s: SymmetryInput,
  ) {
    this.T = T;
    for (const q of s.processes) {
      if (q.indexed) this.indexTypes.set(q.name, q.indexType);
      for (const pr of q.procs)
        this.procs.set(pr.name, { params: pr.params.map((x) => x.type), result: pr.result });
    }
    for (const f of s.fns)
      this.fnParams.set(
        f.name,
        f.params.map((x) => x.type),
      );
  }

  spec(s: SymmetryInput): void {
    for (const v of s.vars) this.variable(v);
    for (const f of s.fns) {
      this.expr(f.body);
      this.expect(f.body, f.result);
    }
    for (const q of s.processes) this.process(q);
    for (const a of s.actions) {
      for (const b of a.params) this.binder(b);
      this.stmts(a.body);
    }
    for (const x of [...s.invariants, ...s.constraints]) this.expr(x.body);
    for (const x of s.properties) {
      if (x.lhs) this.expr(x.lhs);
      this.expr(x.rhs);
    }
    if (s.init) this.stmts(s.init);
  }

  private process(q: TProcess): void {
    if (q !== this.p && q.indexed && this.isT(q.indexType))
      this.report(
        this.p
          ? `process ${q.name} is indexed by it too, but only ${this.p.name}'s instances are renamed`
          : `process ${q.name} is indexed by it, but its instances are not renamed (make it symmetric)`,
        q.span,
      );
    if (q.guard) this.expr(q.guard);
    for (const v of q.locals) this.variable(v);
    for (const st of q.steps) this.stmts(st.body);
    for (const h of q.interrupts ?? []) {
      if (h.guard) this.expr(h.guard);
      for (const st of h.steps) this.stmts(st.body);
    }
    for (const pr of q.procs) {
      for (const v of pr.locals) this.variable(v);
      this.procResult = pr.result;
      for (const st of pr.steps) this.stmts(st.body);
      this.procResult = undefined;
    }
  }

  private variable(v: TVar): void {
    this.expr(v.init);
    this.expect(v.init, v.initIn ? { kind: "set", elem: v.type } : v.type);
  }

  // --- what a value of T may be ---------------------------------------------------------------

  /** Whether t is the index type itself (for a range, the same bounds). */
  private isT(t: Type): boolean {
    return t.kind === this.T.kind && !hasError(t) && sameType(t, this.T);
  }

  private containsT(t: Type): boolean {
    return !hasError(t) && someType(t, (x) => this.isT(x));
  }

  /** Whether e yields instance ids (or values holding them): a read of something typed with T, or
   *  a value built from such reads. */
  private carriesT(e: TExpr): boolean {
    if (SOURCES.has(e.k)) return this.containsT(e.type);
    switch (e.k) {
      case "ite":
        return this.carriesT(e.a) || this.carriesT(e.b);
      case "let":
        return this.carriesT(e.body);
      case "some":
        return this.carriesT(e.e);
      case "setLit":
      case "seqLit":
        return e.elems.some((x) => this.carriesT(x));
      case "record":
        return e.fields.some((x) => this.carriesT(x));
      case "setop":
        return this.carriesT(e.a) || this.carriesT(e.b);
      case "setFilter":
        return this.carriesT(e.binder.domain);
      case "setMap":
      case "mapLit":
        return this.carriesT(e.body) || (e.k === "mapLit" && this.containsT(e.binder.elemType));
      case "range":
        return this.wholeT(e);
      case "builtin":
        return !["card", "len", "min", "max"].includes(e.fn) && e.args.some((x) => this.carriesT(x));
      default:
        return false;
    }
  }

  /** Whether e is the whole of T written as a set (`Rid`, `1..N` with T's bounds). */
  private wholeT(e: TExpr): boolean {
    if (e.k !== "range" || e.lo.k !== "lit" || e.hi.k !== "lit") return false;
    const T = this.T;
    if (T.kind === "int") return e.lo.value === T.lo && e.hi.value === T.hi;
    if (T.kind === "enum") return e.lo.value === 0 && e.hi.value === T.members.length - 1;
    return false;
  }

  /**
   * e stands where a value of type `want` is expected. Where `want` holds T, e must give instance
   * ids (or `none`, `{}`, `[]`), not literals or computed numbers; where it does not, e must not
   * give instance ids (a conversion).
   */
  private expect(e: TExpr, want: Type | undefined): void {
    if (!want || hasError(want) || hasError(e.type)) return;
    if (!this.containsT(want)) {
      if (this.carriesT(e))
        this.report(`an instance id is used as a value of type ${typeToString(want)}`, e.span);
      return;
    }
    switch (e.k) {
      case "lit":
        return this.report("a literal or constant stands where an instance id is expected", e.span);
      case "none":
        return;
      case "ite":
        this.expect(e.a, want);
        return this.expect(e.b, want);
      case "let":
        return this.expect(e.body, want);
      case "some":
        if (want.kind === "option") return this.expect(e.e, want.inner);
        break;
      case "setLit":
      case "seqLit":
        if (want.kind === "set" || want.kind === "seq") {
          for (const x of e.elems) this.expect(x, want.elem);
          return;
        }
        break;
      case "record":
        if (want.kind === "record" && want.fields.length === e.fields.length) {
          e.fields.forEach((x, i) => this.expect(x, want.fields[i].type));
          return;
        }
        break;
      case "setop":
        this.expect(e.a, want);
        return this.expect(e.b, want);
      case "range":
        if (want.kind === "set" && this.isT(want.elem) && this.wholeT(e)) return;
        return this.report(
          `a part of ${typeToString(this.T)} stands where a set of instance ids is expected`,
          e.span,
        );
      case "setFilter":
        return this.expect(e.binder.domain, want);
      case "setMap":
        if (want.kind === "set") return this.expect(e.body, want.elem);
        break;
      case "mapLit":
        if (want.kind === "map") {
          if (this.isT(want.key) && !this.isT(e.binder.elemType))
            this.report("a map keyed by instance ids is built over other keys", e.binder.domain.span);
          return this.expect(e.body, want.value);
        }
        break;
      case "builtin":
        if (["tail", "subseq", "remove_at"].includes(e.fn)) return this.expect(e.args[0], want);
        if (e.fn === "append" && want.kind === "seq") {
          this.expect(e.args[0], want);
          return this.expect(e.args[1], want.elem);
        }
        if (e.fn === "concat") {
          for (const x of e.args) this.expect(x, want);
          return;
        }
        if (e.fn === "head" || e.fn === "subsets") {
          if (!e.args.some((x) => this.carriesT(x))) break;
          return;
        }
        break;
      default:
        if (SOURCES.has(e.k)) {
          if (sameType(e.type, want)) return;
          return this.report(
            `a value of type ${typeToString(e.type)} stands where ${typeToString(want)} (instance ids) is expected`,
            e.span,
          );
        }
    }
    this.report("a computed value stands where an instance id is expected", e.span);
  }

  /** Values that must agree in type: if one gives instance ids, all must. */
  private unify(xs: readonly TExpr[]): void {
    const carrier = xs.find((x) => this.carriesT(x));
    if (carrier) for (const x of xs) if (x !== carrier) this.expect(x, carrier.type);
  }

  /** A use that orders or does arithmetic on its operands. */
  private noIds(xs: readonly TExpr[], what: string, span: Span): void {
    if (xs.some((x) => this.carriesT(x))) this.report(`it is used in ${what}`, span);
  }

  // --- the walk ------------------------------------------------------------------------------

  private binder(b: TBinder): void {
    // The whole of T, or a set of T, is a symmetric domain. A part of T written as a range gives
    // the binder another type, so its values are not instance ids (and using them as ids is refused
    // where it happens); `{1, 3}` has T's type, so a domain of ids must be made of ids.
    if (this.wholeT(b.domain)) return;
    this.expr(b.domain);
    if (this.containsT(b.elemType)) this.expect(b.domain, { kind: "set", elem: b.elemType });
  }

  /** A let binds a name of its value's type: if that is T, the value must be an id, not a
   *  number that happens to have T's bounds (`let x = n % 3 + 1`). */
  private letValue(value: TExpr): void {
    this.expr(value);
    if (this.containsT(value.type)) this.expect(value, value.type);
  }

  private orderedBinder(b: TBinder, what: string, span: Span): void {
    this.binder(b);
    if (this.containsT(b.elemType)) this.report(`${what} visits instance ids in their order`, span);
  }

  private expr(e: TExpr): void {
    switch (e.k) {
      case "lit":
        if (this.p && isTask(e.type) && e.type.members[e.value as number]?.startsWith(`${this.p.name}[`))
          this.report(TASK, e.span);
        return;
      case "none":
      case "global":
      case "frame":
      case "bound":
      case "param":
      case "self":
        return;
      case "local":
        if (e.instance) {
          this.expr(e.instance);
          this.expect(e.instance, this.indexTypeOf(e.process));
        }
        return;
      case "at":
        if (e.instance) {
          this.expr(e.instance);
          this.expect(e.instance, this.indexTypeOf(e.process));
        }
        return;
      case "not":
        return this.expr(e.e);
      case "neg":
        this.noIds([e.e], "arithmetic, which tells instances apart", e.span);
        return this.expr(e.e);
      case "arith":
        // `current` and `P[x]` as values are `self` or x plus the array's base in the task type,
        // whose members renaming does not reach.
        if (isTask(e.type) && this.carriesT(e.a)) {
          this.report(TASK, e.span);
          return this.expr(e.a);
        }
        this.noIds([e.a, e.b], "arithmetic, which tells instances apart", e.span);
        this.expr(e.a);
        return this.expr(e.b);
      case "cmp":
        this.noIds([e.a, e.b], "an ordering (<, <=, >, >=), which tells instances apart", e.span);
        this.expr(e.a);
        return this.expr(e.b);
      case "eq":
      case "setop":
        this.unify([e.a, e.b]);
        this.expr(e.a);
        return this.expr(e.b);
      case "logic":
        this.expr(e.a);
        return this.expr(e.b);
      case "in":
        if (this.carriesT(e.elem) || this.carriesT(e.set)) {
          const elem = this.carriesT(e.elem)
            ? e.elem.type
            : e.set.type.kind === "set"
              ? e.set.type.elem
              : undefined;
          if (elem) {
            this.expect(e.elem, elem);
            this.expect(e.set, { kind: "set", elem });
          }
        }
        this.expr(e.elem);
        return this.expr(e.set);
      case "range":
        if (this.wholeT(e)) return;
        this.noIds([e.lo, e.hi], "the bounds of a range, which orders instances", e.span);
        this.expr(e.lo);
        return this.expr(e.hi);
      case "ite":
        this.expr(e.c);
        this.unify([e.a, e.b]);
        this.expr(e.a);
        return this.expr(e.b);
      case "let":
        this.letValue(e.value);
        return this.expr(e.body);
      case "quant":
        for (const b of e.binders) this.binder(b);
        if (e.q === "sum") this.expect(e.body, e.type);
        return this.expr(e.body);
      case "pick":
        this.orderedBinder(e.binder, "`pick` (the least witness)", e.span);
        return this.expr(e.pred);
      case "fold":
        this.orderedBinder(e.binder, "`fold`", e.span);
        this.expr(e.base);
        this.expect(e.base, e.type);
        this.expr(e.body);
        return this.expect(e.body, e.type);
      case "setLit":
      case "seqLit":
        this.unify(e.elems);
        for (const x of e.elems) this.expr(x);
        return;
      case "setFilter":
        this.binder(e.binder);
        return this.expr(e.pred);
      case "setMap":
        this.binder(e.binder);
        return this.expr(e.body);
      case "record":
        for (const x of e.fields) this.expr(x);
        return;
      case "field":
        return this.expr(e.target);
      case "mapLit":
        this.binder(e.binder);
        return this.expr(e.body);
      case "index": {
        this.expr(e.target);
        this.expr(e.key);
        const t = e.target.type;
        if (t.kind === "map") this.expect(e.key, t.key);
        else this.noIds([e.key], "a sequence position, which tells instances apart", e.key.span);
        return;
      }
      case "some":
      case "the":
      case "prime":
        return this.expr(e.e);
      case "fnSet":
        // The keys are every key of the map's type, in no order the check depends on.
        return this.expr(e.codomain);
      case "builtin":
        if (["min", "max", "minSet", "maxSet"].includes(e.fn))
          this.noIds(e.args, `\`${e.fn.replace("Set", "")}\`, which orders instances`, e.span);
        else if (e.fn === "append" && e.args[0].type.kind === "seq")
          this.expect(e.args[1], e.args[0].type.elem);
        else if (e.fn === "concat") this.unify(e.args);
        else if (e.fn === "subseq" || e.fn === "remove_at")
          this.noIds(e.args.slice(1), "a sequence position, which tells instances apart", e.span);
        for (const x of e.args) this.expr(x);
        return;
      case "fnCall": {
        const params = this.fnParams.get(e.fn) ?? [];
        e.args.forEach((x, i) => {
          this.expr(x);
          this.expect(x, params[i]);
        });
        return;
      }
      case "macroCall":
        return this.macro(e.call);
    }
  }

  private macro(call: TMacroCall): void {
    call.args.forEach((x, i) => {
      this.expr(x);
      if (call.params[i]) this.expect(x, call.params[i].type);
    });
    this.macroResults.push(call.resultType);
    this.stmts(call.body);
    this.macroResults.pop();
  }

  private stmts(body: readonly TStmt[]): void {
    for (const s of body) this.stmt(s);
  }

  private stmt(s: TStmt): void {
    switch (s.k) {
      case "assign":
        this.expr(s.target);
        this.expr(s.value);
        return this.expect(s.value, s.target.type);
      case "let":
        return this.letValue(s.value);
      case "if":
        this.expr(s.cond);
        this.stmts(s.then);
        return this.stmts(s.else);
      case "await":
      case "assert":
      case "while":
        this.expr(s.cond);
        if (s.k === "while") this.stmts(s.body);
        return;
      case "either":
        for (const b of s.branches) this.stmts(b);
        return;
      case "choose":
        this.binder(s.binder);
        return this.stmts(s.body);
      case "goto":
        return;
      case "call": {
        const proc = this.procs.get(s.proc);
        s.args.forEach((x, i) => {
          this.expr(x);
          this.expect(x, proc?.params[i]);
        });
        if (s.target) {
          this.expr(s.target);
          const result = proc?.result;
          if (
            result &&
            (this.containsT(result) || this.containsT(s.target.type)) &&
            !sameType(result, s.target.type)
          )
            this.report(
              `the result of ${s.proc} (${typeToString(result)}) goes to a ${typeToString(s.target.type)}`,
              s.target.span,
            );
        }
        return;
      }
      case "return":
      case "macroReturn":
        if (s.value) {
          this.expr(s.value);
          this.expect(
            s.value,
            s.k === "return" ? this.procResult : this.macroResults[this.macroResults.length - 1],
          );
        }
        return;
      case "macroStmt":
        return this.macro(s.call);
    }
  }

  private indexTypeOf(process: string): Type | undefined {
    return this.indexTypes.get(process);
  }

  private report(what: string, span: Span | undefined): void {
    // One diagnostic per mistake: `(i % 3) + 1` stored as an id is the arithmetic inside it, not
    // also a computed id, so nothing is reported around a place already reported.
    if (span && this.diagnostics.some((d) => d.span && within(d.span, span))) return;
    const message = `${this.owner}: ${what.startsWith("it is") ? `its index type ${typeToString(this.T)} ${what.slice(3)}` : `${what} (index type ${typeToString(this.T)})`}`;
    this.diagnostics.push(withHint(error("T021", message, span), HINT));
  }
}

function within(inner: Span, outer: Span): boolean {
  return inner.file === outer.file && inner.start >= outer.start && inner.end <= outer.end;
}
