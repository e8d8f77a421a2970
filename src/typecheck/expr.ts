// Types expressions. In: an AST expression, the context, optionally the type the context expects
// (which gives `none`, `{}`, `[]` and set literals their types). Out: a typed expression, with
// names resolved and constants folded; mistakes become diagnostics and a placeholder of the
// error type (types.ts), which every later check accepts silently: checking carries on, one run
// reports every independent error, and no error is reported twice under two names.

import type { Binder, Expr } from "../ast/ast.js";
import { error, withHint, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { EnumMember, SymbolTable } from "../resolve/symbols.js";
import type { ConstValue } from "./consts.js";
import { type Ctx, type ProcessInfo, withScope } from "./context.js";
import type { TypeResolver } from "./resolve-type.js";
import { IRQ_PC } from "./interrupts.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { unknownNameHint } from "./hints.js";
import type { TBinder, TExpr, TExprKind, TMacroCall } from "./typed.js";
import { cardinality, intType, isSetElement, isTupleFields, sameType, type Type } from "../model/types.js";
import {
  BOOL,
  describeType,
  ERROR,
  hasError,
  joinTypes,
  MAX_SET_UNIVERSE,
  setLimitText,
  setUniverseLimit,
  sameShape,
  typeToString,
  UNKNOWN,
} from "./types.js";
import type { DiagnosticCode } from "../diagnostics/codes.js";

/** Checks a macro call at its call site (implemented by the statement checker, which inlines bodies). */
export type MacroCallChecker = (
  name: string,
  args: Expr[],
  span: Span,
  ctx: Ctx,
  asExpression: boolean,
) => TMacroCall | undefined;

export class ExprChecker {
  private nextId = 1;
  macroCall!: MacroCallChecker;

  constructor(
    readonly table: SymbolTable,
    readonly consts: Map<string, ConstValue>,
    readonly types: TypeResolver,
    readonly processes: Map<string, ProcessInfo>,
    readonly fnTypes: Map<string, { params: Type[]; result: Type }>,
    readonly diagnostics: Diagnostic[],
  ) {}

  freshId(): number {
    return this.nextId++;
  }

  report(
    code: DiagnosticCode,
    message: string,
    span: Span,
    related?: { message: string; span: Span }[],
    hint?: string,
  ): void {
    this.diagnostics.push(withHint(error(code, message, span, related), hint));
  }

  /** How many placeholders were made: none may reach a spec that has no error to show. */
  failures = 0;

  /** A placeholder for an expression whose error has been reported. */
  failed(span: Span): TExpr {
    this.failures++;
    return { k: "lit", value: 0, type: ERROR, span };
  }

  /** Checks `e` and reports a mismatch when its type cannot flow into `want`. */
  expectType(e: Expr, ctx: Ctx, want: Type, what = "value"): TExpr {
    const t = this.check(e, ctx, want);
    if (!sameShape(t.type, want)) {
      this.report(
        "T001",
        `type mismatch: ${what} should be ${typeToString(want)}, but this is ${describeType(t.type)}`,
        e.span,
        undefined,
        literalHint(want, t.type),
      );
    } else refineEmpty(t, want);
    return t;
  }

  /** The set `S` of `var x: T in S`: iterated like a binder's domain, so `subsets(S)` may be large. */
  initialValues(e: Expr, ctx: Ctx, type: Type, what: string): TExpr {
    if (e.kind === "fnSet") return this.functionSet(e, ctx, type, what);
    const domain = this.powersetDomain(e, ctx);
    if (!domain) return this.expectType(e, ctx, { kind: "set", elem: type }, what);
    if (domain.type.kind === "set" && !sameShape(domain.type.elem, type))
      this.report(
        "T001",
        `type mismatch: ${what} should be ${typeToString(type)}, but they are ${typeToString(domain.type.elem)}`,
        e.span,
      );
    return domain;
  }

  bool(e: Expr, ctx: Ctx): TExpr {
    return this.expectType(e, ctx, BOOL, "condition");
  }

  /**
   * `var m: [K -> V] in [D -> S]`: every map from the keys to S. D must be every key of the map's
   * type (a type name, or the constant range of its bounds), as TLA+'s `m \in [K -> S]` gives
   * functions on all of K.
   */
  private functionSet(e: Extract<Expr, { kind: "fnSet" }>, ctx: Ctx, type: Type, what: string): TExpr {
    if (type.kind !== "map") {
      if (!hasError(type))
        this.report("T001", `[K -> S] gives maps, but ${what} should be ${typeToString(type)}`, e.span);
      return this.failed(e.span);
    }
    const domain = this.check(e.domain, ctx);
    const codomain = this.expectType(e.codomain, ctx, { kind: "set", elem: type.value }, what);
    const keys = keyLiterals(type.key, e.domain.span);
    const values = staticValues(domain);
    const whole =
      values !== undefined &&
      values.length === keys.length &&
      keys.every((k, i) => k.k === "lit" && k.value === values[i]);
    if (!whole) {
      if (!hasError(domain.type))
        this.report(
          "T013",
          `the keys of [K -> S] must be every key of ${typeToString(type)}: write its key type's name or its bounds`,
          e.domain.span,
        );
      return this.failed(e.span);
    }
    return { k: "fnSet", keys, codomain, type: { kind: "set", elem: type }, span: e.span };
  }

  int(e: Expr, ctx: Ctx): TExpr {
    const t = this.check(e, ctx);
    if (t.type.kind !== "int" && !hasError(t.type)) {
      this.report("T001", `expected an integer, but this is ${describeType(t.type)}`, e.span);
      return { ...t, type: ERROR };
    }
    return t;
  }

  /**
   * `sum x in S: e` (e an integer) or `count x in S: p` (p a condition): an integer whose range
   * covers every subset of the binders' element types, empty included.
   */
  private fold(q: "sum" | "count", binders: TBinder[], body: Expr, ctx: Ctx, span: Span): TExpr {
    const typed = q === "sum" ? this.int(body, ctx) : this.bool(body, ctx);
    const n = binders.reduce(
      (product, b) => product * (hasError(b.elemType) ? 1 : cardinality(b.elemType)),
      1,
    );
    const t = typed.type;
    const [lo, hi] =
      q === "count" ? [0, n] : t.kind === "int" ? [Math.min(0, n * t.lo), Math.max(0, n * t.hi)] : [0, 0];
    if (hi - lo >= 2 ** 30) {
      this.report(
        "T002",
        `this ${q} may range over ${lo}..${hi}: more than 2^30 values for a state slot`,
        span,
      );
      return { k: "quant", q, binders, body: typed, type: ERROR, span };
    }
    return { k: "quant", q, binders, body: typed, type: hasError(t) ? ERROR : intType(lo, hi), span };
  }

  /**
   * `fold acc: T = base, x in S: body`: `base` and every value of `body` (which sees `acc` and `x`)
   * flow into T, checked at run time where T is narrower, as a write to a variable of type T is.
   */
  private generalFold(
    e: Extract<Expr, { kind: "fold" }>,
    ctx: Ctx,
    at: (k: TExprKind, t: Type) => TExpr,
  ): TExpr {
    const type = this.types.resolve(e.accType);
    const base = this.expectType(e.base, ctx, type, `the base of fold ${e.acc.name}`);
    const binder = this.binder(e.binder, ctx);
    const accId = this.freshId();
    const scope = this.bindIn(ctx, binder).scope.child();
    scope.define(e.acc.name, { kind: "bound", id: accId, type });
    const body = this.expectType(e.body, withScope(ctx, scope), type, `the body of fold ${e.acc.name}`);
    return at({ k: "fold", accId, acc: e.acc.name, base, binder, body }, type);
  }

  /** Checks a binder's domain (a set) and returns the binder with a fresh id. */
  binder(b: Binder, ctx: Ctx): TBinder {
    const domain =
      this.powersetDomain(b.domain, ctx) ?? this.iterationDomain(b.domain, ctx) ?? this.check(b.domain, ctx);
    let elemType: Type = ERROR;
    if (domain.type.kind === "set") elemType = domain.type.elem;
    else if (!hasError(domain.type))
      this.report(
        "T001",
        `'${b.name.name}' must range over a set, but this is ${typeToString(domain.type)}`,
        b.domain.span,
      );
    return { id: this.freshId(), name: b.name.name, domain, elemType };
  }

  /**
   * `subsets(S)` as a binder's domain: only iterated (submask by submask), never stored, so S may
   * range over up to 32 elements, where the value `subsets(S)` is a set of at most 32 sets.
   */
  private powersetDomain(e: Expr, ctx: Ctx): TExpr | undefined {
    if (e.kind !== "call" || e.callee.name !== "subsets" || e.args.length !== 1) return undefined;
    if (ctx.scope.lookup("subsets") || this.table.decls.has("subsets")) return undefined;
    const s = this.check(e.args[0], ctx);
    if (s.type.kind !== "set") return this.subsetsOfNonSet(s);
    if (cardinality(s.type.elem) > MAX_SET_UNIVERSE) {
      this.report(
        "T008",
        `subsets of a set over ${cardinality(s.type.elem)} possible elements: subsets(S) is iterated submask by submask, and S may range over at most ${MAX_SET_UNIVERSE}`,
        e.span,
      );
      return this.failed(e.span);
    }
    return { k: "builtin", fn: "subsets", args: [s], type: { kind: "set", elem: s.type }, span: e.span };
  }

  /**
   * A comprehension `{x in S: p}` or `{e : x in S}` as a binder's domain: only iterated, never
   * stored, so its elements may range over more than a set value holds (`choose w in {x in
   * 0..1000: p(x)}`).
   */
  private iterationDomain(e: Expr, ctx: Ctx): TExpr | undefined {
    if (e.kind !== "setFilter" && e.kind !== "setMap") return undefined;
    const binder = this.binder(e.binder, ctx);
    const inner = this.bindIn(ctx, binder);
    const domainOf = (elem: Type): Type =>
      (isSetElement(elem) && elem.kind !== "record") || hasError(elem)
        ? { kind: "set", elem }
        : this.setOf(elem, e.span); // records: numbered by one mask even when only iterated
    if (e.kind === "setFilter") {
      const pred = this.bool(e.pred, inner);
      return { k: "setFilter", binder, pred, type: domainOf(binder.elemType), span: e.span };
    }
    const body = this.check(e.body, inner);
    return { k: "setMap", binder, body, type: domainOf(body.type), span: e.span };
  }

  private subsetsOfNonSet(s: TExpr): TExpr {
    if (!hasError(s.type)) this.report("T001", `subsets needs a set, not ${typeToString(s.type)}`, s.span);
    return this.failed(s.span);
  }

  bindIn(ctx: Ctx, b: TBinder): Ctx {
    const scope = ctx.scope.child();
    scope.define(b.name, { kind: "bound", id: b.id, type: b.elemType });
    return withScope(ctx, scope);
  }

  /** Types an expression. */
  check(e: Expr, ctx: Ctx, expected?: Type): TExpr {
    const at = (kind: TExprKind, type: Type): TExpr => ({ ...kind, type, span: e.span }) as TExpr;
    switch (e.kind) {
      case "number":
        return at({ k: "lit", value: e.value }, intType(e.value, e.value));
      case "bool":
        return at({ k: "lit", value: e.value }, BOOL);
      case "string":
        this.report("T001", "a string may only be an assert message", e.span);
        return this.failed(e.span);
      case "none":
        // An enum may have a member `none`: where an enum of it is expected, `none` is that member.
        if (expected?.kind === "enum" && expected.members.includes("none"))
          return at({ k: "lit", value: expected.members.indexOf("none") }, expected);
        return at({ k: "none" }, expected?.kind === "option" ? expected : { kind: "option", inner: UNKNOWN });
      case "self":
        if (!ctx.process || !ctx.process.indexed) {
          this.report(
            "N001",
            "'self' is only defined inside the steps of a process array",
            e.span,
            undefined,
            ctx.process ? `process ${ctx.process.name} has one instance: use 'current' for it` : undefined,
          );
          return this.failed(e.span);
        }
        return at({ k: "self" }, ctx.process.indexType);
      case "name":
        return this.name(e.name.name, e.span, ctx, at, expected);
      case "unary":
        if (e.op === "!") return at({ k: "not", e: this.bool(e.operand, ctx) }, BOOL);
        {
          const x = this.int(e.operand, ctx);
          if (x.k === "lit" && typeof x.value === "number")
            return at({ k: "lit", value: -x.value }, intType(-x.value, -x.value));
          const t = x.type.kind === "int" ? intType(-x.type.hi, -x.type.lo) : ERROR;
          return at({ k: "neg", e: x }, t);
        }
      case "binary":
        return this.binary(e, ctx, expected, at);
      case "at":
        return this.atExpr(e, ctx, at);
      case "ite": {
        const c = this.bool(e.cond, ctx);
        const a = this.check(e.then, ctx, expected);
        const b = this.check(e.else, ctx, expected ?? a.type);
        return at({ k: "ite", c, a, b }, this.join(a, b, e.span));
      }
      case "let": {
        const value = this.check(e.value, ctx);
        const id = this.freshId();
        const scope = ctx.scope.child();
        scope.define(e.name.name, { kind: "bound", id, type: value.type });
        const body = this.check(e.body, withScope(ctx, scope), expected);
        return at({ k: "let", id, name: e.name.name, value, body }, body.type);
      }
      case "quant": {
        let inner = ctx;
        const binders: TBinder[] = [];
        for (const b of e.binders) {
          const tb = this.binder(b, inner);
          binders.push(tb);
          inner = this.bindIn(inner, tb);
        }
        if (e.quantifier === "forall" || e.quantifier === "exists")
          return at({ k: "quant", q: e.quantifier, binders, body: this.bool(e.body, inner) }, BOOL);
        return this.fold(e.quantifier, binders, e.body, inner, e.span);
      }
      case "fold":
        return this.generalFold(e, ctx, at);
      case "pick": {
        const binder = this.binder(e.binder, ctx);
        return at({ k: "pick", binder, pred: this.bool(e.pred, this.bindIn(ctx, binder)) }, binder.elemType);
      }
      case "setLit": {
        const want = expected?.kind === "set" ? expected.elem : undefined;
        const elems = e.elems.map((x) => this.check(x, ctx, want));
        let elem: Type = want ?? UNKNOWN;
        for (const x of elems) elem = this.join({ ...x, type: elem } as TExpr, x, x.span);
        return at({ k: "setLit", elems }, this.setOf(elem, e.span));
      }
      case "setFilter": {
        const binder = this.binder(e.binder, ctx);
        const pred = this.bool(e.pred, this.bindIn(ctx, binder));
        return at({ k: "setFilter", binder, pred }, this.setOf(binder.elemType, e.span));
      }
      case "setMap": {
        const binder = this.binder(e.binder, ctx);
        const body = this.check(
          e.body,
          this.bindIn(ctx, binder),
          expected?.kind === "set" ? expected.elem : undefined,
        );
        return at({ k: "setMap", binder, body }, this.setOf(body.type, e.span));
      }
      case "seqLit": {
        const want = expected?.kind === "seq" ? expected : undefined;
        const elems = e.elems.map((x) => this.check(x, ctx, want?.elem));
        let elem: Type = want?.elem ?? UNKNOWN;
        for (const x of elems) elem = this.join({ ...x, type: elem } as TExpr, x, x.span);
        return at(
          { k: "seqLit", elems },
          { kind: "seq", elem, bound: Math.max(want?.bound ?? 0, elems.length) },
        );
      }
      case "record":
        return this.record(e, ctx, expected, at);
      case "field":
        return this.field(e, ctx, at);
      case "mapLit": {
        const binder = this.binder(e.binder, ctx);
        const key = binder.elemType;
        if (!isStaticDomain(binder.domain) && !hasError(binder.domain.type))
          this.report(
            "T013",
            "a map literal's domain must be a type or a constant range",
            e.binder.domain.span,
          );
        const keyType =
          binder.domain.k === "range" && binder.domain.type.kind === "set" ? binder.domain.type.elem : key;
        const body = this.check(
          e.body,
          this.bindIn(ctx, binder),
          expected?.kind === "map" ? expected.value : undefined,
        );
        const value =
          expected?.kind === "map" && sameShape(expected.value, body.type)
            ? joinTypes(expected.value, body.type)
            : body.type;
        refineEmpty(body, value);
        return at({ k: "mapLit", binder, body }, { kind: "map", key: keyType, value });
      }
      case "index":
        return this.index(e, ctx, at);
      case "call":
        return this.call(e, ctx, expected, at);
      case "fnSet":
        this.report(
          "T009",
          "[K -> S] (every map from K to S) is only allowed as a map variable's initial values: var m: [K -> V] in [K -> S]",
          e.span,
        );
        return this.failed(e.span);
      case "prime": {
        if (ctx.primes !== "allowed") {
          const where =
            ctx.primes === "inside"
              ? "a prime inside a primed expression: x'' is not a state"
              : "x' (a value in the next state) is only allowed in an action property: property P: always [x' >= x]_x";
          this.report("T024", where, e.span);
          return this.failed(e.span);
        }
        const inner = this.check(e.target, { ...ctx, primes: "inside" }, expected);
        return at({ k: "prime", e: inner }, inner.type);
      }
    }
  }

  private name(
    name: string,
    span: Span,
    ctx: Ctx,
    at: (k: TExprKind, t: Type) => TExpr,
    expected?: Type,
  ): TExpr {
    const local = ctx.scope.lookup(name);
    if (local) {
      switch (local.kind) {
        case "self":
          return at({ k: "self", name }, local.type);
        case "bound":
          return at({ k: "bound", id: local.id, name }, local.type);
        case "param":
          return at({ k: "param", id: local.id, name }, local.type);
        case "local":
          return at({ k: "local", process: local.process, name, instance: null }, local.type);
        case "frame":
          return at({ k: "frame", proc: local.proc, name }, local.type);
      }
    }
    const c = this.consts.get(name);
    if (c !== undefined) return at({ k: "lit", value: c }, typeof c === "boolean" ? BOOL : intType(c, c));
    const members = this.table.enumMembers.get(name);
    if (members) return this.member(name, members, span, at, expected);
    const decl = this.table.decls.get(name);
    if (decl?.kind === "var") {
      return at({ k: "global", name }, this.types.resolve(decl.type));
    }
    if (decl?.kind === "type" || name === "bool") {
      const t = name === "bool" ? BOOL : this.types.named_(name)!;
      return this.typeAsSet(t, span, at);
    }
    if (!decl && name === "task" && this.types.taskType())
      return this.typeAsSet(this.types.taskType()!, span, at);
    if (decl?.kind === "process" && this.types.taskType()) {
      const info = this.processes.get(name);
      if (info && !info.indexed) return at({ k: "lit", value: info.taskBase }, this.types.taskType()!);
    }
    if (!decl && name === "current") return this.current(ctx, span, at);
    if (decl) {
      this.report(
        "T009",
        `'${name}' is a ${decl.kind}, not a value`,
        span,
        undefined,
        valueHint(decl.kind, name),
      );
    } else {
      this.report("N001", `unknown name '${name}'`, span, undefined, this.nameHint(name, ctx));
    }
    return this.failed(span);
  }

  /**
   * A bare enum member. Where enums share the name, the expected type picks one (`phase =
   * committed` with `phase: Phase`); otherwise the member must be qualified (`Phase.committed`).
   */
  private member(
    name: string,
    members: EnumMember[],
    span: Span,
    at: (k: TExprKind, t: Type) => TExpr,
    expected?: Type,
  ): TExpr {
    const typed = members.map((m) => ({ m, type: this.memberType(m) }));
    const fit =
      typed.length === 1
        ? typed[0]
        : typed.find((c) => expected?.kind === "enum" && sameType(c.type, expected));
    if (fit) return at({ k: "lit", value: fit.m.index }, fit.type);
    const owners = members.map((m) => m.typeName || "an unnamed enum");
    this.report(
      "N015",
      `'${name}' is a member of several enums (${owners.join(", ")}): say which`,
      span,
      undefined,
      `write ${members
        .filter((m) => m.typeName)
        .map((m) => `${m.typeName}.${name}`)
        .join(" or ")}`,
    );
    return this.failed(span);
  }

  private memberType(m: EnumMember): Type {
    return (m.typeName && this.types.named_(m.typeName)) || { kind: "enum", name: "", members: m.members };
  }

  /** `E.m`: the member m of the enum type E, or undefined when E is not an enum type's name. */
  private qualifiedMember(e: Extract<Expr, { kind: "field" }>, ctx: Ctx): TExpr | undefined {
    if (e.target.kind !== "name" || ctx.scope.lookup(e.target.name.name)) return undefined;
    const decl = this.table.decls.get(e.target.name.name);
    const type = decl?.kind === "type" ? this.types.named_(decl.name.name) : undefined;
    if (type?.kind !== "enum") return undefined;
    const index = type.members.indexOf(e.name.name);
    if (index < 0) {
      this.report(
        "N012",
        `enum ${type.name} has no member '${e.name.name}'`,
        e.name.span,
        undefined,
        didYouMean(e.name.name, type.members) ?? `its members are ${type.members.join(", ")}`,
      );
      return this.failed(e.span);
    }
    return { k: "lit", value: index, type, span: e.span };
  }

  /** The hint for an unknown name in an expression: a close name in scope, or a stdlib import. */
  private nameHint(name: string, ctx: Ctx): string | undefined {
    const owner = ctx.process?.steps.has(name)
      ? ctx.process
      : [...this.processes.values()].find((p) => p.steps.has(name));
    if (owner)
      return `'${name}' is a step of ${owner.name}: test where an instance is with '${owner.name}${owner.indexed ? "[i]" : ""} at ${name}'`;
    const holder = [...this.processes.values()].find((p) => p.locals.has(name));
    if (holder && holder !== ctx.process)
      return `'${name}' is a local of process ${holder.name}: name the instance, as in '${holder.name}${holder.indexed ? "[i]" : ""}.${name}'`;
    const values = [...this.table.decls.values()]
      .filter((d) => d.kind === "var" || d.kind === "const" || d.kind === "type" || d.kind === "process")
      .map((d) => d.name.name);
    const builtins = ["true", "false", "none", "bool"];
    if (ctx.process) builtins.push("current");
    if (ctx.process?.indexed) builtins.push("self");
    if (this.types.taskType()) builtins.push("task");
    return unknownNameHint(
      name,
      [...ctx.scope.allNames(), ...values, ...this.table.enumMembers.keys(), ...builtins],
      ["var", "const", "type", "enum member"],
    );
  }

  /** `current`: the running process instance as a value of the built-in type `task`. */
  private current(ctx: Ctx, span: Span, at: (k: TExprKind, t: Type) => TExpr): TExpr {
    const task = this.types.taskType()!;
    if (!ctx.process) {
      this.report(
        "N001",
        "'current' is only defined in the steps of a process (and the procs and macros they run)",
        span,
      );
      return at({ k: "lit", value: 0 }, task);
    }
    const base = ctx.process.taskBase;
    if (!ctx.process.indexed) return at({ k: "lit", value: base }, task);
    const self: TExpr = { k: "self", type: ctx.process.indexType, span };
    const offset: TExpr = { k: "lit", value: base, type: intType(base, base), span };
    return at({ k: "arith", op: "+", a: self, b: offset }, task);
  }

  /** A type name used as a set: `Slot`, `Phase`, `bool`. */
  private typeAsSet(t: Type, span: Span, at: (k: TExprKind, t: Type) => TExpr): TExpr {
    const lit = (v: number, type: Type): TExpr => ({ k: "lit", value: v, type, span });
    if (t.kind === "int")
      return at(
        { k: "range", lo: lit(t.lo, intType(t.lo, t.lo)), hi: lit(t.hi, intType(t.hi, t.hi)) },
        { kind: "set", elem: t },
      );
    if (t.kind === "enum")
      return at({ k: "range", lo: lit(0, t), hi: lit(t.members.length - 1, t) }, { kind: "set", elem: t });
    if (t.kind === "bool")
      return at(
        {
          k: "setLit",
          elems: [
            { k: "lit", value: false, type: BOOL, span },
            { k: "lit", value: true, type: BOOL, span },
          ],
        },
        { kind: "set", elem: BOOL },
      );
    if (!hasError(t))
      this.report("T009", `the type ${typeToString(t)} cannot be used as a set of values`, span);
    return this.failed(span);
  }

  private setOf(elem: Type, span: Span): Type {
    if (elem.kind !== "unknown" && !hasError(elem)) {
      if (!isSetElement(elem))
        this.report(
          "T012",
          `set elements must be bool, integers, enum members, sets of those or records of bool, integer and enum fields, not ${typeToString(elem)}`,
          span,
        );
      else if (cardinality(elem) > setUniverseLimit(elem))
        this.report(
          "T008",
          `this set ranges over ${cardinality(elem)} possible elements; ${setLimitText(elem)}`,
          span,
          undefined,
          "a range or a comprehension that is only iterated (the domain of forall, exists, sum, count, fold, pick, choose or an action parameter) may be larger",
        );
    }
    return { kind: "set", elem };
  }

  /** The type holding both operands; reports when their shapes differ. */
  join(a: TExpr, b: TExpr, span: Span, compare = false): Type {
    if (!sameShape(a.type, b.type)) {
      const [x, y] = [describeType(a.type), describeType(b.type)];
      this.report(
        "T001",
        compare ? `type mismatch: cannot compare ${x} with ${y}` : `type mismatch: ${x} and ${y}`,
        span,
        undefined,
        mismatchHint(a, b),
      );
      return ERROR;
    }
    const t = joinTypes(a.type, b.type);
    refineEmpty(a, t);
    refineEmpty(b, t);
    return t;
  }

  private binary(
    e: Extract<Expr, { kind: "binary" }>,
    ctx: Ctx,
    expected: Type | undefined,
    at: (k: TExprKind, t: Type) => TExpr,
  ): TExpr {
    const op = e.op;
    switch (op) {
      case "+":
      case "-":
      case "*":
      case "/":
      case "%": {
        const a = this.check(e.lhs, ctx);
        const b = this.check(e.rhs, ctx);
        if (!this.arithmeticOperands(op, a, b, e.span)) return this.failed(e.span);
        // Constant operands fold, so that `N - 1` can bound a map literal or a process array.
        if (a.k === "lit" && b.k === "lit" && typeof a.value === "number" && typeof b.value === "number") {
          const v = foldArith(op, a.value, b.value);
          if (v !== undefined) return at({ k: "lit", value: v }, intType(v, v));
        }
        return at({ k: "arith", op, a, b }, arithType(op, a.type, b.type));
      }
      case "<":
      case "<=":
      case ">":
      case ">=":
        return at({ k: "cmp", op, a: this.int(e.lhs, ctx), b: this.int(e.rhs, ctx) }, BOOL);
      case "==":
      case "!=": {
        const a = this.check(e.lhs, ctx);
        const b = this.check(e.rhs, ctx, a.type);
        this.join(a, b, e.span, true);
        return at({ k: "eq", negated: op === "!=", a, b }, BOOL);
      }
      case "&&":
      case "||":
      case "=>":
        return at({ k: "logic", op, a: this.bool(e.lhs, ctx), b: this.bool(e.rhs, ctx) }, BOOL);
      case "in": {
        const set = this.check(e.rhs, ctx);
        if (set.type.kind !== "set") {
          if (!hasError(set.type))
            this.report(
              "T001",
              `'in' needs a set on its right, but this is ${typeToString(set.type)}`,
              e.rhs.span,
            );
          this.check(e.lhs, ctx);
          return at({ k: "lit", value: false }, BOOL);
        }
        const elem = this.check(e.lhs, ctx, set.type.elem);
        if (!sameShape(elem.type, set.type.elem))
          this.report(
            "T001",
            `type mismatch: ${typeToString(elem.type)} cannot be an element of ${typeToString(set.type)}`,
            e.span,
          );
        return at({ k: "in", elem, set }, BOOL);
      }
      case "union":
      case "intersect":
      case "minus": {
        const a = this.check(e.lhs, ctx, expected);
        const b = this.check(e.rhs, ctx, a.type);
        if (a.type.kind !== "set" || b.type.kind !== "set") {
          const bad = a.type.kind !== "set" ? a : b;
          if (!hasError(a.type) && !hasError(b.type))
            this.report("T001", `'${op}' needs two sets, but this is ${typeToString(bad.type)}`, bad.span);
          return this.failed(e.span);
        }
        const t = this.join(a, b, e.span);
        if (t.kind === "set") this.setOf(t.elem, e.span);
        return at({ k: "setop", op, a, b }, t);
      }
      case "..": {
        const lo = this.int(e.lhs, ctx);
        const hi = this.int(e.rhs, ctx);
        if (lo.type.kind !== "int" || hi.type.kind !== "int")
          return at({ k: "range", lo, hi }, { kind: "set", elem: ERROR });
        const l = lo.type.lo;
        const h = hi.type.hi;
        return at({ k: "range", lo, hi }, { kind: "set", elem: intType(Math.min(l, h), Math.max(l, h)) });
      }
    }
  }

  private processOf(e: Expr, ctx: Ctx): { info: ProcessInfo; instance: TExpr | null } | undefined {
    if (e.kind === "name") {
      const info = this.processes.get(e.name.name);
      if (info && !ctx.scope.lookup(e.name.name)) {
        if (info.indexed)
          this.report(
            "T014",
            `'${info.name}' is a process array: name an instance, as in ${info.name}[i]`,
            e.span,
          );
        return { info, instance: null };
      }
    }
    if (e.kind === "index" && e.target.kind === "name") {
      const info = this.processes.get(e.target.name.name);
      if (info && !ctx.scope.lookup(e.target.name.name)) {
        if (!info.indexed)
          this.report(
            "T014",
            `'${info.name}' has a single instance: write ${info.name}, not ${info.name}[...]`,
            e.span,
          );
        const instance = this.instanceIndex(info, e.index, ctx, false);
        return { info, instance: info.indexed ? instance : null };
      }
    }
    return undefined;
  }

  /** Whether both operands of `+ - * / %` are integers; reports the ones that are not. */
  private arithmeticOperands(op: string, a: TExpr, b: TExpr, span: Span): boolean {
    const bad = [a, b].filter((x) => x.type.kind !== "int" && !hasError(x.type));
    if (bad.length === 0) return a.type.kind === "int" && b.type.kind === "int";
    const setOp = ({ "+": "union", "-": "minus", "*": "intersect" } as Record<string, string>)[op];
    const hint =
      setOp && bad.some((x) => x.type.kind === "set")
        ? `for sets, write '${setOp}' instead of '${op}'`
        : op === "+" && bad.some((x) => x.type.kind === "seq")
          ? "append(s, e) adds an element at the end of a sequence"
          : bad.some((x) => x.type.kind === "bool")
            ? "a bool is not a number: use 'if c then 1 else 0' to count it"
            : undefined;
    if (bad.length === 2)
      this.report(
        "T001",
        `'${op}' needs integers, but these are ${describeType(a.type)} and ${describeType(b.type)}`,
        span,
        undefined,
        hint,
      );
    else
      this.report(
        "T001",
        `'${op}' needs integers, but this is ${describeType(bad[0].type)}`,
        bad[0].span,
        undefined,
        hint,
      );
    return false;
  }

  /**
   * The index of `P[i]`: of P's index type, and inside P's instances when it is a constant (then
   * an index outside them is a type error here, not a runtime error in the first state that
   * evaluates it). `within`: the whole range of i's type must be inside (for a value of `task`).
   */
  private instanceIndex(info: ProcessInfo, index: Expr, ctx: Ctx, within: boolean): TExpr {
    const i = this.check(index, ctx, info.indexType);
    const it = info.indexType;
    if (!info.indexed) return i;
    const wider =
      within && i.type.kind === "int" && it.kind === "int" && (i.type.lo < it.lo || i.type.hi > it.hi);
    if (!sameShape(i.type, it) || (wider && i.k !== "lit"))
      this.report(
        "T001",
        `an instance of ${info.name} is ${typeToString(it)}, not ${typeToString(i.type)}`,
        index.span,
      );
    else if (outsideDomain(i, it))
      this.report(
        "T019",
        `process ${info.name} has no instance ${info.name}[${i.value}]: its index ranges over ${typeToString(it)}`,
        index.span,
      );
    return i;
  }

  private atExpr(e: Extract<Expr, { kind: "at" }>, ctx: Ctx, at: (k: TExprKind, t: Type) => TExpr): TExpr {
    const p = this.processOf(e.process, ctx);
    if (!p) {
      this.report(
        "N008",
        "'at' needs a process instance on its left, as in Reader[1] at read",
        e.process.span,
      );
      return at({ k: "lit", value: false }, BOOL);
    }
    // `P at done`: the instance has finished (fallen off its last step or run `goto done`).
    if (!p.info.steps.has(e.step.name) && e.step.name !== "done") {
      this.report(
        "N006",
        `process ${p.info.name} has no step '${e.step.name}'`,
        e.step.span,
        undefined,
        didYouMean(e.step.name, [...p.info.steps, "done"]),
      );
    }
    return at({ k: "at", process: p.info.name, instance: p.instance, step: e.step.name }, BOOL);
  }

  private record(
    e: Extract<Expr, { kind: "record" }>,
    ctx: Ctx,
    expected: Type | undefined,
    at: (k: TExprKind, t: Type) => TExpr,
  ): TExpr {
    const want = expected?.kind === "record" ? expected : undefined;
    const tupleLit = isTupleFields(e.fields.map((f) => f.name.name));
    if (want && (tupleLit || isTupleFields(want.fields.map((f) => f.name)))) {
      const fits =
        tupleLit && isTupleFields(want.fields.map((f) => f.name)) && want.fields.length === e.fields.length;
      if (!fits) {
        const what = tupleLit ? `a tuple of ${e.fields.length} components` : "a record";
        this.report("T001", `type mismatch: this should be ${typeToString(want)}, but it is ${what}`, e.span);
        return this.failed(e.span);
      }
    }
    const order = want ? want.fields.map((f) => f.name) : e.fields.map((f) => f.name.name);
    const given = new Map(e.fields.map((f) => [f.name.name, f]));
    for (const f of e.fields)
      if (!order.includes(f.name.name))
        this.report(
          "T001",
          `the record type ${typeToString(want!)} has no field '${f.name.name}'`,
          f.name.span,
          undefined,
          didYouMean(
            f.name.name,
            order.filter((n) => !given.has(n)),
          ),
        );
    const fields: TExpr[] = [];
    const types: { name: string; type: Type }[] = [];
    for (const name of order) {
      const f = given.get(name);
      const wantField = want?.fields.find((x) => x.name === name)?.type;
      if (!f) {
        this.report("T001", `this record lacks field '${name}' of ${typeToString(want!)}`, e.span);
        continue;
      }
      const v = wantField
        ? this.expectType(f.value, ctx, wantField, tupleLit ? `component ${name}` : `field '${name}'`)
        : this.check(f.value, ctx);
      fields.push(v);
      types.push({ name, type: wantField ? joinTypes(wantField, v.type) : v.type });
    }
    if (fields.length !== order.length) return this.failed(e.span);
    return at({ k: "record", fields }, { kind: "record", fields: types });
  }

  /** `Tick.top`: a step of interrupt Tick as a value of its process's `irq` local (`Cpu[0].irq == Tick.top`). */
  private handlerStep(e: Extract<Expr, { kind: "field" }>): TExpr | undefined {
    if (e.target.kind !== "name") return undefined;
    const decl = this.table.decls.get(e.target.name.name);
    if (decl?.kind !== "interrupt") return undefined;
    const type = this.processes.get(decl.process.name)?.locals.get(IRQ_PC);
    const value = type?.kind === "enum" ? type.members.indexOf(`${decl.name.name}.${e.name.name}`) : -1;
    if (!type || value < 0) {
      this.report("N005", `interrupt ${decl.name.name} has no step '${e.name.name}'`, e.name.span);
      return this.failed(e.span);
    }
    return { k: "lit", value, type, span: e.span };
  }

  private field(e: Extract<Expr, { kind: "field" }>, ctx: Ctx, at: (k: TExprKind, t: Type) => TExpr): TExpr {
    const member = this.qualifiedMember(e, ctx) ?? this.handlerStep(e);
    if (member) return member;
    const p = this.processOf(e.target, ctx);
    if (p) {
      const type = p.info.locals.get(e.name.name);
      if (!type) {
        const hint =
          e.name.name === "pc"
            ? `test where an instance is with 'at': ${exprText(e.target)} at ${[...p.info.steps][0] ?? "step"}`
            : didYouMean(e.name.name, p.info.locals.keys());
        this.report(
          "N012",
          `process ${p.info.name} has no local '${e.name.name}'`,
          e.name.span,
          undefined,
          hint,
        );
        return this.failed(e.span);
      }
      if (p.info.indexed && !p.instance) return this.failed(e.span);
      return at({ k: "local", process: p.info.name, name: e.name.name, instance: p.instance ?? null }, type);
    }
    const target = this.check(e.target, ctx);
    if (target.type.kind !== "record") {
      if (!hasError(target.type))
        this.report(
          "T001",
          `'.${e.name.name}' needs a record, but this is ${typeToString(target.type)}`,
          e.target.span,
          undefined,
          BUILTIN_FUNCTIONS.includes(e.name.name)
            ? `call the built-in as a function: ${e.name.name}(...)`
            : undefined,
        );
      return this.failed(e.span);
    }
    const index = target.type.fields.findIndex((f) => f.name === e.name.name);
    if (index < 0) {
      this.report(
        "N012",
        `${typeToString(target.type)} has no field '${e.name.name}'`,
        e.name.span,
        undefined,
        didYouMean(
          e.name.name,
          target.type.fields.map((f) => f.name),
        ) ?? `its fields are ${target.type.fields.map((f) => f.name).join(", ")}`,
      );
      return this.failed(e.span);
    }
    return at({ k: "field", target, index }, target.type.fields[index].type);
  }

  /** `t[2]`: a tuple's component, by a constant position (a tuple is a record; see tupleFieldName). */
  private component(
    e: Extract<Expr, { kind: "index" }>,
    target: TExpr,
    ctx: Ctx,
    at: (k: TExprKind, t: Type) => TExpr,
  ): TExpr {
    const fields = (target.type as Extract<Type, { kind: "record" }>).fields;
    const key = this.int(e.index, ctx);
    if (key.k !== "lit" || typeof key.value !== "number") {
      if (!hasError(key.type))
        this.report(
          "T001",
          `a tuple's component is picked by a constant position 1..${fields.length}, not by ${exprText(e.index)}`,
          e.index.span,
        );
      return this.failed(e.span);
    }
    const index = key.value - 1;
    if (index < 0 || index >= fields.length) {
      this.report(
        "T019",
        `${typeToString(target.type)} has no component ${key.value}: its positions are 1..${fields.length}`,
        e.index.span,
      );
      return this.failed(e.span);
    }
    return at({ k: "field", target, index }, fields[index].type);
  }

  private index(e: Extract<Expr, { kind: "index" }>, ctx: Ctx, at: (k: TExprKind, t: Type) => TExpr): TExpr {
    if (
      e.target.kind === "name" &&
      this.processes.has(e.target.name.name) &&
      !ctx.scope.lookup(e.target.name.name)
    ) {
      // `Reader[2]` as a value is that instance's member of the built-in type `task`.
      const info = this.processes.get(e.target.name.name)!;
      const task = this.types.taskType();
      if (info.indexed && task) {
        const i = this.instanceIndex(info, e.index, ctx, true);
        const offset: TExpr = {
          k: "lit",
          value: info.taskBase,
          type: intType(info.taskBase, info.taskBase),
          span: e.span,
        };
        if (i.k === "lit" && typeof i.value === "number")
          return at({ k: "lit", value: i.value + info.taskBase }, task);
        return at({ k: "arith", op: "+", a: i, b: offset }, task);
      }
      this.report(
        "T014",
        `a process instance is not a value: use ${e.target.name.name}[i].local or ${e.target.name.name}[i] at step`,
        e.span,
      );
      return this.failed(e.span);
    }
    const target = this.check(e.target, ctx);
    if (target.type.kind === "record" && isTupleFields(target.type.fields.map((f) => f.name)))
      return this.component(e, target, ctx, at);
    if (target.type.kind === "seq") {
      // `s[i]`, 1-based as in TLA+; an index outside 1..len(s) is a runtime error.
      const key = this.int(e.index, ctx);
      return at({ k: "index", target, key }, target.type.elem);
    }
    if (target.type.kind !== "map") {
      if (!hasError(target.type))
        this.report(
          "T001",
          `only a map or a sequence can be indexed, but this is ${typeToString(target.type)}`,
          e.target.span,
        );
      this.check(e.index, ctx);
      return this.failed(e.span);
    }
    const key = this.check(e.index, ctx, target.type.key);
    if (!sameShape(key.type, target.type.key))
      this.report(
        "T001",
        `type mismatch: the key of ${typeToString(target.type)} is ${typeToString(target.type.key)}, not ${typeToString(key.type)}`,
        e.index.span,
      );
    else if (outsideDomain(key, target.type.key))
      this.report(
        "T019",
        `${exprText(e.target)} has no entry ${exprText(e.target)}[${key.k === "lit" ? key.value : "?"}]: its keys range over ${typeToString(target.type.key)}`,
        e.index.span,
      );
    return at({ k: "index", target, key }, target.type.value);
  }

  /** `subseq(s, m, n)` (TLA+'s SubSeq) and `remove_at(s, i)`: a sequence of s's type. */
  private seqSlice(
    e: Extract<Expr, { kind: "call" }>,
    ctx: Ctx,
    at: (k: TExprKind, t: Type) => TExpr,
    count: (n: number) => boolean,
    wrong: (arg: TExpr, message: string) => TExpr,
    fail: () => TExpr,
  ): TExpr {
    const fn = e.callee.name as "subseq" | "remove_at";
    if (!count(fn === "subseq" ? 3 : 2)) return fail();
    const s = this.check(e.args[0], ctx);
    const indices = e.args.slice(1).map((x) => this.int(x, ctx));
    if (s.type.kind !== "seq") return wrong(s, `${fn} needs a sequence first, not ${typeToString(s.type)}`);
    if (indices.some((x) => hasError(x.type))) return fail();
    return at({ k: "builtin", fn, args: [s, ...indices] }, s.type);
  }

  private call(
    e: Extract<Expr, { kind: "call" }>,
    ctx: Ctx,
    expected: Type | undefined,
    at: (k: TExprKind, t: Type) => TExpr,
  ): TExpr {
    const name = e.callee.name;
    const arity = (n: number): boolean => {
      if (e.args.length === n) return true;
      this.report("T005", `'${name}' takes ${n} argument${n === 1 ? "" : "s"}, not ${e.args.length}`, e.span);
      return false;
    };
    const decl = this.table.decls.get(name);
    if (!decl && !ctx.scope.lookup(name)) {
      const builtin = this.builtin(e, ctx, expected, at, arity);
      if (builtin) return builtin;
    }
    if (decl?.kind === "fn") {
      const sig = this.fnTypes.get(name)!;
      if (!arity(sig.params.length)) return at({ k: "lit", value: 0 }, sig.result);
      const args = e.args.map((a, i) =>
        this.expectType(a, ctx, sig.params[i], `argument ${i + 1} of ${name}`),
      );
      return at({ k: "fnCall", fn: name, args }, sig.result);
    }
    if (decl?.kind === "macro") {
      if (!ctx.effects) {
        this.report(
          "T009",
          `macro '${name}' has effects and cannot be called here (only in steps, actions and macros)`,
          e.span,
          undefined,
          ctx.process || ctx.effects
            ? undefined
            : "an invariant or fn may call fns, which only read the state",
        );
        return this.failed(e.span);
      }
      if (!decl.result) {
        this.report(
          "T009",
          `macro '${name}' has no result type, so it cannot be used as a value`,
          e.span,
          undefined,
          `call it as a statement: '${name}(...)'`,
        );
        return this.failed(e.span);
      }
      const call = this.macroCall(name, e.args, e.span, ctx, true);
      return call ? at({ k: "macroCall", call }, call.resultType ?? ERROR) : this.failed(e.span);
    }
    if (decl?.kind === "proc") {
      this.report("T009", `'${name}' is a proc: start it with 'call ${name}(...)' as a statement`, e.span);
      return this.failed(e.span);
    }
    e.args.forEach((a) => this.check(a, ctx));
    if (decl || ctx.scope.lookup(name)) {
      this.report("T009", `'${name}' is a ${decl?.kind ?? "local name"}, not a function`, e.callee.span);
      return this.failed(e.span);
    }
    const callables = [...this.table.decls.values()]
      .filter((d) => d.kind === "fn" || d.kind === "macro" || d.kind === "proc")
      .map((d) => d.name.name);
    const hint = unknownNameHint(name, [...callables, ...BUILTIN_FUNCTIONS], ["fn", "macro", "proc"]);
    this.report("N001", `unknown function '${name}'`, e.callee.span, undefined, hint);
    return this.failed(e.span);
  }

  private builtin(
    e: Extract<Expr, { kind: "call" }>,
    ctx: Ctx,
    expected: Type | undefined,
    at: (k: TExprKind, t: Type) => TExpr,
    arity: (n: number) => boolean,
  ): TExpr | undefined {
    const name = e.callee.name;
    // A call with the wrong number of arguments still has its arguments checked (their own
    // mistakes are independent); an argument whose error was reported makes the call silent.
    const fail = () => this.failed(e.span);
    const count = (n: number): boolean => {
      if (arity(n)) return true;
      e.args.forEach((a) => this.check(a, ctx));
      return false;
    };
    const wrong = (arg: TExpr, message: string, hint?: string): TExpr => {
      if (!hasError(arg.type)) this.report("T001", message, arg.span, undefined, hint);
      return fail();
    };
    switch (name) {
      case "card": {
        if (!count(1)) return fail();
        const s = this.check(e.args[0], ctx);
        if (s.type.kind !== "set")
          return wrong(
            s,
            `card needs a set, not ${typeToString(s.type)}`,
            s.type.kind === "seq" ? "the length of a sequence is len(s)" : undefined,
          );
        return at({ k: "builtin", fn: "card", args: [s] }, intType(0, cardinality(s.type.elem)));
      }
      case "subsets": {
        if (!count(1)) return fail();
        const s = this.check(e.args[0], ctx);
        if (s.type.kind !== "set") return this.subsetsOfNonSet(s);
        if (cardinality(s.type) > MAX_SET_UNIVERSE) {
          this.report(
            "T008",
            `subsets of a set over ${cardinality(s.type.elem)} elements as a value: a set holds at most ${MAX_SET_UNIVERSE} sets (5 elements)`,
            e.span,
            undefined,
            "as the domain of forall, exists, sum, count, pick, choose or an action parameter, subsets(S) is only iterated and S may range over up to 32 elements",
          );
          return fail();
        }
        return at({ k: "builtin", fn: "subsets", args: [s] }, this.setOf(s.type, e.span));
      }
      case "min":
      case "max": {
        if (e.args.length === 1) {
          const s = this.check(e.args[0], ctx);
          if (s.type.kind !== "set" || s.type.elem.kind !== "int")
            return wrong(s, `${name}(S) needs a set of integers, not ${typeToString(s.type)}`);
          return at({ k: "builtin", fn: name === "min" ? "minSet" : "maxSet", args: [s] }, s.type.elem);
        }
        if (!count(2)) return fail();
        const a = this.int(e.args[0], ctx);
        const b = this.int(e.args[1], ctx);
        if (a.type.kind !== "int" || b.type.kind !== "int") return fail();
        const [x, y] = [a.type, b.type];
        const t =
          name === "min"
            ? intType(Math.min(x.lo, y.lo), Math.min(x.hi, y.hi))
            : intType(Math.max(x.lo, y.lo), Math.max(x.hi, y.hi));
        return at({ k: "builtin", fn: name, args: [a, b] }, t);
      }
      case "some": {
        if (!count(1)) return fail();
        const inner = this.check(e.args[0], ctx, expected?.kind === "option" ? expected.inner : undefined);
        if (inner.type.kind === "option")
          this.report("T012", "an optional of an optional is not allowed", e.span);
        return at({ k: "some", e: inner }, { kind: "option", inner: inner.type });
      }
      case "the": {
        if (!count(1)) return fail();
        const o = this.check(e.args[0], ctx, expected ? { kind: "option", inner: expected } : undefined);
        if (o.type.kind !== "option")
          return wrong(o, `the(x) needs an optional value, not ${typeToString(o.type)}`);
        return at({ k: "the", e: o }, o.type.inner);
      }
      case "len":
      case "head":
      case "tail": {
        if (!count(1)) return fail();
        const s = this.check(e.args[0], ctx);
        if (s.type.kind !== "seq")
          return wrong(
            s,
            `${name} needs a sequence, not ${typeToString(s.type)}`,
            name === "len" && s.type.kind === "set" ? "the size of a set is card(S)" : undefined,
          );
        const t = name === "len" ? intType(0, s.type.bound) : name === "head" ? s.type.elem : s.type;
        return at({ k: "builtin", fn: name, args: [s] }, t);
      }
      case "subseq":
      case "remove_at":
        return this.seqSlice(e, ctx, at, count, wrong, fail);
      case "concat": {
        if (!count(2)) return fail();
        const [a, b] = e.args.map((x) => this.check(x, ctx));
        const bad = [a, b].find((x) => x.type.kind !== "seq");
        if (bad) return wrong(bad, `concat needs two sequences, not ${typeToString(bad.type)}`);
        const [ta, tb] = [a.type, b.type] as Extract<Type, { kind: "seq" }>[];
        if (!sameShape(ta.elem, tb.elem))
          return wrong(
            b,
            `concat needs sequences of one element type: ${typeToString(ta)} and ${typeToString(tb)}`,
          );
        const type: Type = { kind: "seq", elem: joinTypes(ta.elem, tb.elem), bound: ta.bound + tb.bound };
        return at({ k: "builtin", fn: "concat", args: [a, b] }, type);
      }
      case "append": {
        if (!count(2)) return fail();
        const s = this.check(e.args[0], ctx, expected);
        if (s.type.kind !== "seq") {
          this.check(e.args[1], ctx);
          return wrong(s, `append needs a sequence first, not ${typeToString(s.type)}`);
        }
        const x = this.expectType(e.args[1], ctx, s.type.elem, "the appended element");
        const elem = joinTypes(s.type.elem, x.type);
        return at({ k: "builtin", fn: "append", args: [s, x] }, { kind: "seq", elem, bound: s.type.bound });
      }
      default:
        return undefined;
    }
  }
}

/** The built-in functions, for "did you mean" on an unknown function. */
const BUILTIN_FUNCTIONS = [
  "card",
  "min",
  "max",
  "some",
  "the",
  "len",
  "head",
  "tail",
  "append",
  "concat",
  "subseq",
  "remove_at",
  "subsets",
];

/** Whether `key` is a constant outside the integer range `domain` (a type error, not a runtime one). */
function outsideDomain(key: TExpr, domain: Type): key is TExpr & { k: "lit"; value: number } {
  return (
    key.k === "lit" &&
    typeof key.value === "number" &&
    domain.kind === "int" &&
    key.type.kind === "int" &&
    (key.value < domain.lo || key.value > domain.hi)
  );
}

/** A short source-like text of an expression for messages: `flags`, `T[1]`, `vma.lock`. */
export function exprText(e: Expr): string {
  switch (e.kind) {
    case "name":
      return e.name.name;
    case "number":
      return String(e.value);
    case "bool":
      return String(e.value);
    case "self":
      return "self";
    case "field":
      return `${exprText(e.target)}.${e.name.name}`;
    case "index":
      return `${exprText(e.target)}[${exprText(e.index)}]`;
    case "unary":
      return `${e.op}${exprText(e.operand)}`;
    case "binary":
      return `${exprText(e.lhs)} ${e.op} ${exprText(e.rhs)}`;
    case "call":
      return `${e.callee.name}(${e.args.map(exprText).join(", ")})`;
    default:
      return "...";
  }
}

/** What to do about `a == b` on values of two types, when the writer's intent is plain. */
function mismatchHint(a: TExpr, b: TExpr): string | undefined {
  const kinds = [a.type.kind, b.type.kind];
  if (kinds.includes("bool") && kinds.includes("int")) return "a bool is 'true' or 'false', not a number";
  if (kinds.includes("option") && !(a.type.kind === "option" && b.type.kind === "option"))
    return "compare an optional with 'none' or 'some(e)'";
  return undefined;
}

/** How a value of `want` is written, when a value of its parts was given instead. */
function literalHint(want: Type, got: Type): string | undefined {
  if (want.kind === "map" && sameShape(want.value, got) && got.kind !== "map")
    return `a map with every key set to one value is written [k in ${typeToString(want.key)} |-> value]`;
  if (want.kind === "set" && sameShape(want.elem, got)) return "a set of one element is written {e}";
  if (want.kind === "option" && sameShape(want.inner, got))
    return "an optional value is written some(e), or none";
  if (got.kind === "option" && sameShape(want, got.inner)) return "the value inside an optional is the(x)";
  return undefined;
}

/** What a declaration of `kind` is for, when its name was used as a value. */
function valueHint(kind: string, name: string): string | undefined {
  switch (kind) {
    case "fn":
    case "macro":
      return `call it: ${name}(...)`;
    case "process":
      return `name an instance, ${name}[i]; the set of every process instance is 'task'`;
    case "const":
    case "var":
      return undefined;
    default:
      return undefined;
  }
}

/** Whether a binder domain is known before the search (a type, or a range with constant ends). */
/** Every value of a map's key type (bool, a range or an enum), in order, as literals. */
function keyLiterals(t: Type, span: Span): TExpr[] {
  if (t.kind === "bool") return [false, true].map((value) => ({ k: "lit", value, type: BOOL, span }));
  if (t.kind === "int")
    return Array.from({ length: t.hi - t.lo + 1 }, (_, i) => ({ k: "lit", value: t.lo + i, type: t, span }));
  if (t.kind === "enum") return t.members.map((_, value) => ({ k: "lit", value, type: t, span }));
  return [];
}

/** The values of a static domain (a constant range, a type as a set, a set of bools), in order. */
function staticValues(d: TExpr): (number | boolean)[] | undefined {
  if (d.k === "range" && d.lo.k === "lit" && d.hi.k === "lit") {
    const lo = Number(d.lo.value);
    const hi = Number(d.hi.value);
    return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
  }
  if (d.k === "setLit" && d.elems.every((x) => x.k === "lit" && typeof x.value === "boolean")) {
    const present = new Set(d.elems.map((x) => (x.k === "lit" ? x.value : undefined)));
    return [false, true].filter((b) => present.has(b));
  }
  return undefined;
}

export function isStaticDomain(d: TExpr): boolean {
  return (
    (d.k === "range" && d.lo.k === "lit" && d.hi.k === "lit" && !hasError(d.type)) ||
    (d.k === "setLit" && d.type.kind === "set" && d.type.elem.kind === "bool")
  );
}

/** Gives `none`, `{}` and `[]` (and containers of them) the type the context settled on. */
export function refineEmpty(e: TExpr, t: Type): void {
  if (!sameShape(e.type, t)) return;
  if (
    e.k === "none" ||
    (e.k === "setLit" && e.elems.length === 0) ||
    (e.k === "seqLit" && e.elems.length === 0)
  ) {
    e.type = t;
    return;
  }
  if (containsUnknown(e.type)) {
    e.type = joinTypes(t, e.type);
    if (e.k === "some" && t.kind === "option") refineEmpty(e.e, t.inner);
    if (e.k === "ite") (refineEmpty(e.a, t), refineEmpty(e.b, t));
    if (e.k === "setLit" && t.kind === "set") e.elems.forEach((x) => refineEmpty(x, t.elem));
    if (e.k === "seqLit" && t.kind === "seq") e.elems.forEach((x) => refineEmpty(x, t.elem));
    if (e.k === "mapLit" && t.kind === "map") refineEmpty(e.body, t.value);
    if (e.k === "record" && t.kind === "record") e.fields.forEach((x, i) => refineEmpty(x, t.fields[i].type));
  }
}

function containsUnknown(t: Type): boolean {
  switch (t.kind) {
    case "unknown":
      return true;
    case "option":
      return containsUnknown(t.inner);
    case "set":
    case "seq":
      return containsUnknown(t.elem);
    case "map":
      return containsUnknown(t.value);
    case "record":
      return t.fields.some((f) => containsUnknown(f.type));
    default:
      return false;
  }
}

function foldArith(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return b === 0 ? undefined : Math.floor(a / b);
    default:
      return b === 0 ? undefined : a - b * Math.floor(a / b);
  }
}

function arithType(op: string, a: Type, b: Type): Type {
  if (a.kind !== "int" || b.kind !== "int") return ERROR;
  switch (op) {
    case "+":
      return intType(a.lo + b.lo, a.hi + b.hi);
    case "-":
      return intType(a.lo - b.hi, a.hi - b.lo);
    case "*": {
      const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
      return intType(Math.min(...p), Math.max(...p));
    }
    case "/": {
      const m = Math.max(Math.abs(a.lo), Math.abs(a.hi));
      return intType(-m, m);
    }
    default: {
      const m = Math.max(Math.abs(b.lo), Math.abs(b.hi));
      return b.lo > 0 ? intType(0, m - 1) : intType(-Math.max(0, m - 1), Math.max(0, m - 1));
    }
  }
}
