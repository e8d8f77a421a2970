// The type checker's entry point. In: the symbol table and one configuration of constants. Out:
// a CheckedSpec (every declaration typed, macros inlined at their call sites, each process with
// the procs it may call) or the diagnostics that explain why not. Runs once per configuration,
// because constants shape types (`0..READERS`, `Reader[r in 1..READERS]`).
//
// typecheckSpec is the driver: it types the declarations in an order where each needs only what
// came before (process arrays sized, then the `task` type, named types and fn signatures, then
// the bodies), then applies the rules about the spec as a whole (spec-rules.ts).

import type { Expr, TemporalExpr, VarDecl } from "../ast/ast.js";
import { error, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { SymbolTable } from "../resolve/symbols.js";
import { ExprChecker } from "./expr.js";
import { StmtChecker } from "./stmt.js";
import { evaluateConsts, type ConstOverride, type ConstValue } from "./consts.js";
import { Scope, type Ctx, type ProcessInfo } from "./context.js";
import { TypeResolver } from "./resolve-type.js";
import { pruneUnused } from "./prune.js";
import { mergeMissingImports } from "./hints.js";
import type { CheckedSpec, TAction, TExpr, TFn, TProperty, TRefinement, TStmt, TVar } from "./typed.js";
import type { Type } from "../model/types.js";
import { interruptsOn, irqLocals, symmetricIndexTypes } from "./interrupts.js";
import { ProcessTyper, sizeProcessArrays, taskType, type ProcessIndex } from "./processes.js";
import { specRules } from "./spec-rules.js";
import { symmetryUseProblems } from "./symmetry-rules.js";

/** Type-checks the spec under the given constant overrides. */
export function typecheckSpec(
  table: SymbolTable,
  specName: string,
  file: string,
  overrides: readonly ConstOverride[],
): { spec?: CheckedSpec; diagnostics: Diagnostic[] } {
  const { values: consts, diagnostics } = evaluateConsts(table, overrides);
  if (diagnostics.length) return { diagnostics };
  const t = new SpecTyper(table, consts, diagnostics);
  const processTyper = t.declare();
  const vars = table.ordered.filter((d): d is VarDecl => d.kind === "var").map((v) => t.variable(v));
  const fns = t.fns();
  const processes = processTyper.processes();
  const actions = t.actions();
  const init = t.init();
  const pure = globalCtx(false);
  const invariants = t.predicates("invariant", pure);
  const constraints = t.predicates("constraint", pure);
  const properties = t.properties(pure);
  const refinements = t.refinements(file, pure);
  const symmetricTypes = table.ordered
    .filter((d) => d.kind === "type" && d.symmetric)
    .map((d) => ({ name: d.name.name, type: t.types.named_(d.name.name)!, span: d.name.span }));
  diagnostics.push(...specRules(specName, table.header, vars, processes, actions, symmetricTypes));
  const symmetricType = symmetricTypes[0] && { name: symmetricTypes[0].name, type: symmetricTypes[0].type };
  // Only on a spec without type errors: the rule reads types, and an error type matches anything.
  if (!diagnostics.some((d) => d.severity === "error"))
    diagnostics.push(
      ...symmetryUseProblems({
        vars,
        fns,
        processes,
        actions,
        invariants,
        constraints,
        properties,
        init,
        symmetricType,
      }),
    );

  const unique = mergeMissingImports(dedupe(diagnostics));
  if (unique.some((d) => d.severity === "error")) return { diagnostics: unique };
  // A placeholder stands for an error already reported; without one it would be a silent wrong model.
  if (t.ex.failures > 0) throw new Error("the type checker left an error placeholder without reporting why");
  const spec = {
    name: specName,
    file,
    consts,
    vars,
    fns,
    processes,
    actions,
    invariants,
    properties,
    constraints,
    ...(symmetricType ? { symmetricType } : {}),
  };
  const extra = { ...(init.length ? { init } : {}), ...(refinements.length ? { refinements } : {}) };
  return { spec: pruneUnused({ ...spec, ...extra }), diagnostics: unique };
}

/** A context at the top level: no process, no proc; `effects` where macro calls may appear. */
function globalCtx(effects: boolean): Ctx {
  const scope = new Scope();
  return { scope, baseScope: scope, effects, macroStack: [] };
}

/** The checkers of one configuration, and the typing of the declarations outside processes. */
export class SpecTyper {
  readonly types: TypeResolver;
  readonly ex: ExprChecker;
  readonly st: StmtChecker;
  private readonly fnTypes = new Map<string, { params: Type[]; result: Type }>();
  private readonly processInfos = new Map<string, ProcessInfo>();

  constructor(
    readonly table: SymbolTable,
    consts: Map<string, ConstValue>,
    readonly diagnostics: Diagnostic[],
  ) {
    this.types = new TypeResolver(table, consts, diagnostics);
    this.ex = new ExprChecker(table, consts, this.types, this.processInfos, this.fnTypes, diagnostics);
    this.st = new StmtChecker(this.ex);
  }

  /**
   * Everything a body may refer to, in dependency order: the process arrays' sizes (process index
   * domains are fixed before the search: a type or a constant range), the `task` type they make,
   * the named types, the fns' signatures and what each process declares.
   */
  declare(): ProcessTyper {
    const { table, types, ex } = this;
    const processDecls = table.ordered.filter((d) => d.kind === "process");
    const indices = sizeProcessArrays(processDecls, ex, globalCtx(false), this.diagnostics);
    const { task, taskBase } = taskType(processDecls, indices);
    types.setTask(task);
    for (const d of table.ordered) if (d.kind === "type") types.named_(d.name.name);
    for (const d of table.ordered)
      if (d.kind === "fn")
        this.fnTypes.set(d.name.name, {
          params: d.params.map((p) => types.resolve(p.type)),
          result: types.resolve(d.result),
        });
    for (const p of processDecls) this.processInfos.set(p.name.name, this.processInfo(p, indices, taskBase));
    return new ProcessTyper(this, processDecls, indices, this.processInfos);
  }

  private processInfo(
    p: Extract<SymbolTable["ordered"][number], { kind: "process" }>,
    indices: Map<string, ProcessIndex>,
    taskBase: Map<string, number>,
  ): ProcessInfo {
    const idx = indices.get(p.name.name)!;
    const handlers = interruptsOn(this.table, p.name.name);
    const locals = new Map(p.locals.map((l) => [l.name.name, this.types.resolve(l.type)]));
    const processDecls = this.table.ordered.filter((d) => d.kind === "process");
    const avoid = symmetricIndexTypes(processDecls, (n) => indices.get(n)?.type);
    if (handlers.length > 0) for (const v of irqLocals(handlers, p.span, avoid)) locals.set(v.name, v.type);
    return {
      name: p.name.name,
      indexed: !!p.index,
      indexType: idx.type,
      taskBase: taskBase.get(p.name.name)! - (idx.values[0] ?? 0),
      ...(p.index ? { indexName: p.index.name.name } : {}),
      locals,
      steps: new Set(p.steps.map((s) => s.name.name)),
      ...(handlers.length > 0 ? { takesInterrupts: true } : {}),
    };
  }

  /** A variable (global, process local or proc local) with its initial value or values. */
  variable(v: VarDecl, ctx: Ctx = globalCtx(false)): TVar {
    const type = this.types.resolve(v.type);
    const init = v.initIn
      ? this.ex.initialValues(v.init, ctx, type, `the initial values of '${v.name.name}'`)
      : this.ex.expectType(v.init, ctx, type, `the initial value of '${v.name.name}'`);
    return { name: v.name.name, type, init, initIn: v.initIn, span: v.span };
  }

  fns(): TFn[] {
    return this.table.ordered.flatMap((d) => {
      if (d.kind !== "fn") return [];
      const ctx = globalCtx(false);
      const sig = this.fnTypes.get(d.name.name)!;
      const params = d.params.map((p, i) => {
        const id = this.ex.freshId();
        ctx.scope.define(p.name.name, { kind: "bound", id, type: sig.params[i] });
        return { id, name: p.name.name, type: sig.params[i] };
      });
      const body = this.ex.expectType(d.body, ctx, sig.result, `the result of ${d.name.name}`);
      return [{ name: d.name.name, params, result: sig.result, body }];
    });
  }

  actions(): TAction[] {
    return this.table.ordered.flatMap((d) => {
      if (d.kind !== "action") return [];
      let ctx = globalCtx(true);
      const params = d.params.map((b) => {
        const tb = this.ex.binder(b, ctx);
        ctx = this.ex.bindIn(ctx, tb);
        return tb;
      });
      const body = this.st.block(d.body.stmts, ctx);
      if (d.each && !d.fairness)
        for (const e of d.each)
          this.diagnostics.push(
            error(
              "T023",
              `'each' on a parameter of action ${d.name.name}, which is not fair: write 'fair action' or 'strong fair action', or drop 'each'`,
              e.span,
            ),
          );
      const each = d.fairness && d.each ? { each: d.each.map((e) => e.index) } : {};
      return [
        {
          name: d.name.name,
          params,
          ...(d.fairness ? { fairness: d.fairness } : {}),
          ...each,
          body,
          span: d.span,
        },
      ];
    });
  }

  /** The `init` blocks' statements, imported modules' first. */
  init(): TStmt[] {
    return (this.table.inits ?? []).flatMap((d) => this.st.block(d.body.stmts, globalCtx(true)));
  }

  /** The root spec's `refines` mappings: each entry an expression over this spec's state. */
  refinements(file: string, pure: Ctx): TRefinement[] {
    return (this.table.refinements ?? []).map((r) => ({
      name: r.name.name,
      nameSpan: r.name.span,
      path: r.target.path,
      pathSpan: r.target.span,
      file: r.span.file ?? file,
      entries: r.entries.map((e) => ({
        name: e.name.name,
        nameSpan: e.name.span,
        expr: this.ex.check(e.value, pure),
      })),
      span: r.span,
    }));
  }

  /** Invariants or constraints: named predicates over a state. */
  predicates(kind: "invariant" | "constraint", pure: Ctx): CheckedSpec["invariants"] {
    return this.table.ordered.flatMap((d) =>
      d.kind === kind ? [{ name: d.name.name, body: this.ex.bool(d.body, pure), span: d.span }] : [],
    );
  }

  /**
   * `eventually always Q`; `always (P => always Q)` (from every P-state, Q forever); and, with P
   * evaluated in the initial state (TLA+'s `Spec => (P => F)`), `P => eventually Q` and
   * `P => always Q`.
   */
  private moreProperties(
    base: { name: string; span: Span },
    t: TemporalExpr,
    pure: Ctx,
  ): TProperty | undefined {
    const { ex } = this;
    const q = (f: TemporalExpr) =>
      f.kind === "always" || f.kind === "eventually" ? stateOf(f.body) : undefined;
    if (t.kind === "eventually" && t.body.kind === "always" && stateOf(t.body.body))
      return { ...base, kind: "persistent", rhs: ex.bool(stateOf(t.body.body)!, pure) };
    // `always (P => eventually Q)` is `P ~> Q`.
    if (t.kind === "always" && t.body.kind === "implies" && t.body.rhs.kind === "eventually" && q(t.body.rhs))
      return { ...base, kind: "leadsTo", lhs: ex.bool(t.body.lhs, pure), rhs: ex.bool(q(t.body.rhs)!, pure) };
    if (t.kind === "always" && t.body.kind === "implies" && t.body.rhs.kind === "always" && q(t.body.rhs))
      return { ...base, kind: "stable", lhs: ex.bool(t.body.lhs, pure), rhs: ex.bool(q(t.body.rhs)!, pure) };
    if (t.kind === "implies" && q(t.rhs)) {
      const kind = t.rhs.kind === "always" ? "stable" : "eventually";
      return { ...base, kind, lhs: ex.bool(t.lhs, pure), rhs: ex.bool(q(t.rhs)!, pure), initial: true };
    }
    return undefined;
  }

  /**
   * `always [A]_(v, w)` as one relation over a step's old and new state: `v' == v && w' == w || A`
   * (a step that leaves the listed values unchanged is a stutter, which any action property allows).
   */
  private actionBox(t: Extract<TemporalExpr, { kind: "actionBox" }>, pure: Ctx): TExpr {
    const bool = { kind: "bool" } as const;
    const action = this.ex.bool(t.action, { ...pure, primes: "allowed" });
    const same = t.unchanged.map((u): TExpr => {
      const now = this.ex.check(u, pure);
      const next: TExpr = { k: "prime", e: now, type: now.type, span: now.span };
      return { k: "eq", negated: false, a: next, b: now, type: bool, span: now.span };
    });
    if (same.length === 0) return action;
    const unchanged = same.reduce(
      (a, b): TExpr => ({ k: "logic", op: "&&", a, b, type: bool, span: t.span }),
    );
    return { k: "logic", op: "||", a: unchanged, b: action, type: bool, span: t.span };
  }

  /** Properties in the forms the engines check: `P ~> Q`, `eventually Q`, `always P`. */
  properties(pure: Ctx): TProperty[] {
    return this.table.ordered.flatMap((d): TProperty[] => {
      if (d.kind !== "property") return [];
      const { ex } = this;
      const base = { name: d.name.name, span: d.span };
      const t = d.body;
      if (t.kind === "leadsTo")
        return [{ ...base, kind: "leadsTo", lhs: ex.bool(t.lhs, pure), rhs: ex.bool(t.rhs, pure) }];
      if (t.kind === "always" && t.body.kind === "eventually" && t.body.body.kind === "state") {
        const yes: TExpr = { k: "lit", value: true, type: { kind: "bool" }, span: t.span };
        return [{ ...base, kind: "leadsTo", lhs: yes, rhs: ex.bool(t.body.body.expr, pure) }];
      }
      if (t.kind === "eventually" && t.body.kind === "state")
        return [{ ...base, kind: "eventually", rhs: ex.bool(t.body.expr, pure) }];
      if (t.kind === "always" && t.body.kind === "state")
        return [{ ...base, kind: "always", rhs: ex.bool(t.body.expr, pure) }];
      if (t.kind === "actionBox") return [{ ...base, kind: "step", rhs: this.actionBox(t, pure) }];
      const more = this.moreProperties(base, t, pure);
      if (more) return [more];
      const forms =
        "P ~> Q, always eventually P, eventually P, always P, eventually always P, always (P => always Q), P => eventually Q, P => always Q or always [A]_v";
      const message =
        t.kind === "state"
          ? `a property needs a temporal operator: ${forms}`
          : `unsupported temporal formula: use ${forms}`;
      this.diagnostics.push(error("T018", message, t.span));
      return [];
    });
  }
}

/** A state predicate's expression, or undefined when the formula is temporal. */
function stateOf(t: TemporalExpr): Expr | undefined {
  return t.kind === "state" ? t.expr : undefined;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.message}|${d.span?.file}|${d.span?.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
