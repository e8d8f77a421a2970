// The type checker's entry point. In: the symbol table and one configuration of constants. Out:
// a CheckedSpec (every declaration typed, macros inlined at their call sites, each process with
// the procs it may call) or the diagnostics that explain why not. Runs once per configuration,
// because constants shape types (`0..READERS`, `Reader[r in 1..READERS]`).

import type { Block, Expr, ProcDecl, ProcessDecl, Stmt, VarDecl } from "../ast/ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SymbolTable } from "../resolve/symbols.js";
import { childExprs } from "../resolve/symbols.js";
import { ExprChecker, isStaticDomain } from "./check-expr.js";
import { StmtChecker } from "./check-stmt.js";
import { evaluateConsts, type ConstOverride } from "./consts.js";
import { Scope, type Ctx, type ProcInfo, type ProcessInfo } from "./context.js";
import { TypeResolver } from "./resolve-type.js";
import { pruneUnused } from "./prune.js";
import { mergeMissingImports } from "./hints.js";
import type { CheckedSpec, TExpr, TProc, TProcess, TProperty, TVar } from "./typed.js";
import { intType, MAX_SYMMETRIC_INSTANCES, slotCount, type Type } from "../model/types.js";
import { ERROR, hasError, MAX_INSTANCES, MAX_STATE_SLOTS } from "./types.js";

/** Type-checks the spec under the given constant overrides. */
export function typecheckSpec(
  table: SymbolTable,
  specName: string,
  file: string,
  overrides: readonly ConstOverride[],
): { spec?: CheckedSpec; diagnostics: Diagnostic[] } {
  const { values: consts, diagnostics } = evaluateConsts(table, overrides);
  if (diagnostics.length) return { diagnostics };
  const types = new TypeResolver(table, consts, diagnostics);
  const fnTypes = new Map<string, { params: Type[]; result: Type }>();
  const processInfos = new Map<string, ProcessInfo>();
  const processDecls = table.ordered.filter((d): d is ProcessDecl => d.kind === "process");
  const ex = new ExprChecker(table, consts, types, processInfos, fnTypes, diagnostics);
  const st = new StmtChecker(ex);
  const globalCtx = (effects: boolean): Ctx => {
    const scope = new Scope();
    return { scope, baseScope: scope, effects, macroStack: [] };
  };

  // Process index domains are fixed before the search: a type or a constant range.
  const indexValues = new Map<string, { type: Type; values: number[] }>();
  for (const p of processDecls) {
    let type: Type = intType(0, 0);
    let values = [0];
    if (p.index) {
      const domain = ex.check(p.index.domain, globalCtx(false));
      if (hasError(domain.type)) {
        type = ERROR; // reported in the domain; one instance, so that its steps are still checked
      } else if (
        domain.k === "range" &&
        isStaticDomain(domain) &&
        domain.lo.k === "lit" &&
        domain.hi.k === "lit"
      ) {
        const lo = domain.lo.value as number;
        const hi = domain.hi.value as number;
        type = domain.type.kind === "set" ? domain.type.elem : intType(lo, hi);
        values = [];
        if (hi - lo + 1 > MAX_INSTANCES)
          diagnostics.push(
            error(
              "T020",
              `process ${p.name.name} would have ${hi - lo + 1} instances; a process array has at most ${MAX_INSTANCES}`,
              p.index.domain.span,
            ),
          );
        else for (let v = lo; v <= hi; v++) values.push(v);
        if (values.length === 0 && hi < lo)
          diagnostics.push(
            error(
              "T003",
              `process ${p.name.name} has no instances: ${lo}..${hi} is empty`,
              p.index.domain.span,
            ),
          );
      } else {
        diagnostics.push(
          error(
            "T013",
            "a process array's index must range over a type or a constant range",
            p.index.domain.span,
          ),
        );
      }
    }
    indexValues.set(p.name.name, { type, values });
  }

  // The built-in type `task` has one member per process instance (`Reader[1]`, `Munmap`), in
  // declaration order; `current` in a step is the running instance's member. It is known once
  // the process arrays are sized, so the other named types and the fns are resolved after it.
  const taskBase = new Map<string, number>();
  const taskMembers: string[] = [];
  for (const p of processDecls) {
    const idx = indexValues.get(p.name.name)!;
    taskBase.set(p.name.name, taskMembers.length);
    if (!p.index) taskMembers.push(p.name.name);
    else for (const v of idx.values) taskMembers.push(`${p.name.name}[${indexLabel(idx.type, v)}]`);
  }
  types.setTask({ kind: "enum", name: "task", members: taskMembers });
  for (const d of table.ordered) if (d.kind === "type") types.named_(d.name.name);
  for (const d of table.ordered)
    if (d.kind === "fn")
      fnTypes.set(d.name.name, {
        params: d.params.map((p) => types.resolve(p.type)),
        result: types.resolve(d.result),
      });

  for (const p of processDecls) {
    const idx = indexValues.get(p.name.name)!;
    processInfos.set(p.name.name, {
      name: p.name.name,
      indexed: !!p.index,
      indexType: idx.type,
      taskBase: taskBase.get(p.name.name)! - (idx.values[0] ?? 0),
      ...(p.index ? { indexName: p.index.name.name } : {}),
      locals: new Map(p.locals.map((l) => [l.name.name, types.resolve(l.type)])),
      steps: new Set(p.steps.map((s) => s.name.name)),
    });
  }

  const checkVar = (v: VarDecl, ctx: Ctx): TVar => {
    const type = types.resolve(v.type);
    const init = v.initIn
      ? ex.expectType(v.init, ctx, { kind: "set", elem: type }, `the initial values of '${v.name.name}'`)
      : ex.expectType(v.init, ctx, type, `the initial value of '${v.name.name}'`);
    return { name: v.name.name, type, init, initIn: v.initIn, span: v.span };
  };

  const vars = table.ordered
    .filter((d): d is VarDecl => d.kind === "var")
    .map((v) => checkVar(v, globalCtx(false)));

  const fns = table.ordered.flatMap((d) => {
    if (d.kind !== "fn") return [];
    const ctx = globalCtx(false);
    const sig = fnTypes.get(d.name.name)!;
    const params = d.params.map((p, i) => {
      const id = ex.freshId();
      ctx.scope.define(p.name.name, { kind: "bound", id, type: sig.params[i] });
      return { id, name: p.name.name, type: sig.params[i] };
    });
    const body = ex.expectType(d.body, ctx, sig.result, `the result of ${d.name.name}`);
    return [{ name: d.name.name, params, result: sig.result, body }];
  });

  const processes: TProcess[] = processDecls.map((p) => {
    const info = processInfos.get(p.name.name)!;
    const scope = new Scope();
    if (p.index) scope.define(p.index.name.name, { kind: "self", type: info.indexType });
    const localCtx: Ctx = { scope, baseScope: scope, process: info, effects: false, macroStack: [] };
    const locals = p.locals.map((l) => {
      const v = checkVar(l, localCtx);
      scope.define(l.name.name, { kind: "local", process: p.name.name, type: v.type });
      return v;
    });
    const stepCtx: Ctx = { ...localCtx, effects: true };
    const guard = p.guard ? ex.bool(p.guard, { ...localCtx }) : undefined;
    const names = p.steps.map((s) => s.name.name);
    const steps = p.steps.map((s, index) => ({
      name: s.name.name,
      body: st.block(s.body.stmts, { ...stepCtx, step: { index, names } }),
      span: s.span,
    }));
    const procs = reachableProcs(table, p).map((decl) => checkProc(decl, info, scope));
    const idx = indexValues.get(p.name.name)!;
    return {
      name: p.name.name,
      indexed: !!p.index,
      indexType: idx.type,
      indexValues: idx.values,
      fair: p.fair,
      symmetric: p.symmetric,
      guard,
      locals,
      steps,
      procs,
      span: p.span,
    };
  });

  function checkProc(decl: ProcDecl, info: ProcessInfo, processScope: Scope): TProc {
    const scope = processScope.child();
    const params = decl.params.map((p) => ({ name: p.name.name, type: types.resolve(p.type) }));
    const result = decl.result ? types.resolve(decl.result) : undefined;
    const procInfo: ProcInfo = {
      name: decl.name.name,
      params,
      result,
      locals: new Map(),
      steps: new Set(decl.steps.map((s) => s.name.name)),
    };
    for (const p of params) scope.define(p.name, { kind: "frame", proc: decl.name.name, type: p.type });
    const ctx: Ctx = {
      scope,
      baseScope: scope,
      process: info,
      proc: procInfo,
      effects: false,
      macroStack: [],
    };
    const locals = decl.locals.map((l) => {
      const v = checkVar(l, ctx);
      if (v.initIn)
        diagnostics.push(
          error("T009", "a proc local takes one initial value ('='), not a set ('in')", l.span),
        );
      scope.define(l.name.name, { kind: "frame", proc: decl.name.name, type: v.type });
      procInfo.locals.set(l.name.name, v.type);
      return v;
    });
    const names = decl.steps.map((s) => s.name.name);
    const steps = decl.steps.map((s, index) => ({
      name: s.name.name,
      body: st.block(s.body.stmts, { ...ctx, effects: true, step: { index, names } }),
      span: s.span,
    }));
    if (steps.length === 0)
      diagnostics.push(error("T009", `proc ${decl.name.name} has no steps`, decl.name.span));
    return { name: decl.name.name, params, ...(result ? { result } : {}), locals, steps, span: decl.span };
  }

  const actions = table.ordered.flatMap((d) => {
    if (d.kind !== "action") return [];
    let ctx = globalCtx(true);
    const params = d.params.map((b) => {
      const tb = ex.binder(b, ctx);
      ctx = ex.bindIn(ctx, tb);
      return tb;
    });
    return [{ name: d.name.name, params, body: st.block(d.body.stmts, ctx), span: d.span }];
  });

  const init = (table.inits ?? []).flatMap((d) => st.block(d.body.stmts, globalCtx(true)));
  const pure = globalCtx(false);
  const invariants = table.ordered.flatMap((d) =>
    d.kind === "invariant" ? [{ name: d.name.name, body: ex.bool(d.body, pure), span: d.span }] : [],
  );
  const constraints = table.ordered.flatMap((d) =>
    d.kind === "constraint" ? [{ name: d.name.name, body: ex.bool(d.body, pure), span: d.span }] : [],
  );
  const properties = table.ordered.flatMap((d): TProperty[] => {
    if (d.kind !== "property") return [];
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
    if (t.kind === "state") {
      diagnostics.push(
        error(
          "T018",
          "a property needs a temporal operator: P ~> Q, always eventually P, eventually P or always P",
          t.span,
        ),
      );
      return [];
    }
    diagnostics.push(
      error(
        "T018",
        "unsupported temporal formula: use P ~> Q, always eventually P, eventually P or always P",
        t.span,
      ),
    );
    return [];
  });

  if (processes.length === 0 && actions.length === 0)
    diagnostics.push(
      error("T015", `spec ${specName} has no process and no action: nothing can happen`, table.header),
    );
  const symmetric = processes.filter((p) => p.symmetric);
  for (const p of symmetric.slice(1))
    diagnostics.push(
      error("T017", `only one process array may be symmetric (${symmetric[0].name} already is)`, p.span),
    );
  for (const p of symmetric) {
    if (!p.indexed)
      diagnostics.push(
        error("T017", `a symmetric process must be an array: ${p.name} has one instance`, p.span),
      );
    else if (p.indexValues.length > MAX_SYMMETRIC_INSTANCES)
      diagnostics.push(
        error(
          "T017",
          `symmetry reduction tries every renaming: at most ${MAX_SYMMETRIC_INSTANCES} instances, ${p.name} has ${p.indexValues.length}`,
          p.span,
        ),
      );
  }
  for (const p of processes)
    if (p.steps.length === 0) diagnostics.push(error("T015", `process ${p.name} has no steps`, p.span));

  diagnostics.push(...stateSizeProblems(vars, processes));

  const unique = mergeMissingImports(dedupe(diagnostics));
  if (unique.some((d) => d.severity === "error")) return { diagnostics: unique };
  // A placeholder stands for an error already reported; without one it would be a silent wrong model.
  if (ex.failures > 0) throw new Error("the type checker left an error placeholder without reporting why");
  return {
    spec: pruneUnused({
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
      ...(init.length ? { init } : {}),
    }),
    diagnostics: unique,
  };
}

/** Procs a process may call, directly, through macros, or through other procs, in a stable order. */
function reachableProcs(table: SymbolTable, p: ProcessDecl): ProcDecl[] {
  const found = new Map<string, ProcDecl>();
  const seenMacros = new Set<string>();
  const scanBlock = (b: Block) => b.stmts.forEach(scanStmt);
  const scanExpr = (e: Expr) => {
    if (e.kind === "call") {
      const d = table.decls.get(e.callee.name);
      if (d?.kind === "macro" && !seenMacros.has(d.name.name)) {
        seenMacros.add(d.name.name);
        scanBlock(d.body);
      }
    }
    childExprs(e).forEach(scanExpr);
  };
  const scanStmt = (s: Stmt): void => {
    switch (s.kind) {
      case "call": {
        const d = table.decls.get(s.callee.name);
        if (d?.kind === "proc" && !found.has(d.name.name)) {
          found.set(d.name.name, d);
          d.steps.forEach((st) => scanBlock(st.body));
        }
        s.args.forEach(scanExpr);
        return;
      }
      case "if":
        scanExpr(s.cond);
        scanBlock(s.then);
        if (s.else) scanBlock(s.else);
        return;
      case "either":
        return s.branches.forEach(scanBlock);
      case "choose":
      case "while":
        return scanBlock(s.body);
      case "expr":
        return scanExpr(s.expr);
      case "assign":
        return scanExpr(s.value);
      case "let":
        return scanExpr(s.value);
      case "await":
      case "assert":
        return scanExpr(s.cond);
      default:
        return;
    }
  };
  p.steps.forEach((s) => scanBlock(s.body));
  return [...found.values()];
}

/** How an instance index prints inside a `task` member: `Reader[1]`, or `Cpu[Big]` for an enum index. */
function indexLabel(t: Type, v: number): string {
  return t.kind === "enum" ? (t.members[v] ?? String(v)) : t.kind === "bool" ? String(v !== 0) : String(v);
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

/** A state larger than MAX_STATE_SLOTS, reported at its largest part: the layout and the
 *  generated code grow with it, and past it a search cannot store even a few states. */
function stateSizeProblems(vars: readonly TVar[], processes: readonly TProcess[]): Diagnostic[] {
  const parts = [
    ...vars.map((v) => ({ slots: slotCount(v.type), span: v.span, what: `variable ${v.name}` })),
    ...processes.map((p) => {
      const frames = p.procs.reduce(
        (n, proc) => n + 1 + proc.params.reduce((m, x) => m + slotCount(x.type), 0) + sumSlots(proc.locals),
        0,
      );
      const each = 1 + sumSlots(p.locals) + frames;
      return { slots: each * Math.max(1, p.indexValues.length), span: p.span, what: `process ${p.name}` };
    }),
  ];
  const total = parts.reduce((n, x) => n + x.slots, 0);
  if (total <= MAX_STATE_SLOTS) return [];
  const largest = parts.reduce((a, b) => (b.slots > a.slots ? b : a));
  return [
    error(
      "T020",
      `a state would take ${total} slots, ${largest.slots} of them for ${largest.what}; a state has at most ${MAX_STATE_SLOTS}`,
      largest.span,
    ),
  ];
}

function sumSlots(vars: readonly TVar[]): number {
  return vars.reduce((n, v) => n + slotCount(v.type), 0);
}
