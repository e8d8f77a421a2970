// Typing processes: sizing the process arrays (and the `task` type their instances make), then
// each process's locals, guard and steps, with the procs it may call. In: the process
// declarations and the spec's checkers (spec.ts). Out: a TProcess per process, in
// declaration order, and diagnostics for index domains the search cannot enumerate.

import type { Block, Expr, InterruptDecl, ProcDecl, ProcessDecl, Stmt } from "../ast/ast.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import { childExprs, type SymbolTable } from "../resolve/symbols.js";
import { isStaticDomain, type ExprChecker } from "./expr.js";
import { Scope, type Ctx, type ProcInfo, type ProcessInfo } from "./context.js";
import type { SpecTyper } from "./spec.js";
import type { TInterrupt, TProc, TProcess, TStmt } from "./typed.js";
import { interruptsOn, irqLocals, symmetricIndexTypes } from "./interrupts.js";
import { intType, type Type } from "../model/types.js";
import { ERROR, hasError, MAX_INSTANCES } from "./types.js";

/** A process array's index type and the index values of its instances (one 0 for a single process). */
export interface ProcessIndex {
  type: Type;
  values: number[];
}

/** Each process's index values: a type or a constant range, fixed before the search. */
export function sizeProcessArrays(
  processDecls: readonly ProcessDecl[],
  ex: ExprChecker,
  ctx: Ctx,
  diagnostics: Diagnostic[],
): Map<string, ProcessIndex> {
  const indices = new Map<string, ProcessIndex>();
  for (const p of processDecls) {
    let type: Type = intType(0, 0);
    let values = [0];
    if (p.index) {
      const domain = ex.check(p.index.domain, ctx);
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
        values = instanceValues(p, lo, hi, diagnostics);
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
    indices.set(p.name.name, { type, values });
  }
  return indices;
}

/** The index values lo..hi of a process array, or none (reported) when too many or empty. */
function instanceValues(p: ProcessDecl, lo: number, hi: number, diagnostics: Diagnostic[]): number[] {
  const values: number[] = [];
  const span = p.index!.domain.span;
  if (hi - lo + 1 > MAX_INSTANCES)
    diagnostics.push(
      error(
        "T020",
        `process ${p.name.name} would have ${hi - lo + 1} instances; a process array has at most ${MAX_INSTANCES}`,
        span,
      ),
    );
  else for (let v = lo; v <= hi; v++) values.push(v);
  if (values.length === 0 && hi < lo)
    diagnostics.push(error("T003", `process ${p.name.name} has no instances: ${lo}..${hi} is empty`, span));
  return values;
}

/**
 * The built-in type `task` has one member per process instance (`Reader[1]`, `Munmap`), in
 * declaration order; `current` in a step is the running instance's member. It is known once the
 * process arrays are sized, so the other named types and the fns are resolved after it.
 */
export function taskType(
  processDecls: readonly ProcessDecl[],
  indices: Map<string, ProcessIndex>,
): { task: Type; taskBase: Map<string, number> } {
  const taskBase = new Map<string, number>();
  const members: string[] = [];
  for (const p of processDecls) {
    const idx = indices.get(p.name.name)!;
    taskBase.set(p.name.name, members.length);
    if (!p.index) members.push(p.name.name);
    else for (const v of idx.values) members.push(`${p.name.name}[${indexLabel(idx.type, v)}]`);
  }
  return { task: { kind: "enum", name: "task", members }, taskBase };
}

/** Types the processes and the procs each may call, once every declaration they use is typed. */
export class ProcessTyper {
  constructor(
    private readonly t: SpecTyper,
    private readonly processDecls: readonly ProcessDecl[],
    private readonly indices: Map<string, ProcessIndex>,
    private readonly infos: Map<string, ProcessInfo>,
  ) {}

  processes(): TProcess[] {
    const processes = this.processDecls.map((p) => this.process(p));
    for (const d of this.t.table.ordered)
      if (d.kind === "interrupt" && !this.infos.has(d.process.name)) {
        const other = this.t.table.decls.get(d.process.name);
        this.t.diagnostics.push(
          error(
            other ? "T009" : "N001",
            other
              ? `interrupt ${d.name.name} is on '${d.process.name}', a ${other.kind}: an interrupt is taken by the instances of a process`
              : `interrupt ${d.name.name} is on an unknown process '${d.process.name}'`,
            d.process.span,
          ),
        );
      }
    return processes;
  }

  private process(p: ProcessDecl): TProcess {
    const { ex, st } = this.t;
    const info = this.infos.get(p.name.name)!;
    const scope = new Scope();
    if (p.index) scope.define(p.index.name.name, { kind: "self", type: info.indexType });
    const localCtx: Ctx = { scope, baseScope: scope, process: info, effects: false, macroStack: [] };
    const handlers = interruptsOn(this.t.table, p.name.name);
    const avoid = symmetricIndexTypes(this.processDecls, (n) => this.indices.get(n)?.type);
    const irq = handlers.length > 0 ? irqLocals(handlers, p.name.span, avoid) : [];
    const locals = p.locals.map((l) => {
      const v = this.t.variable(l, localCtx);
      scope.define(l.name.name, { kind: "local", process: p.name.name, type: v.type });
      if (irq.some((x) => x.name === l.name.name))
        this.t.diagnostics.push(
          error(
            "N002",
            `'${l.name.name}' is a local every instance of ${p.name.name} has, since ${handlers[0].name.name} is an interrupt on it`,
            l.name.span,
            [{ message: "the interrupt is declared here", span: handlers[0].name.span }],
          ),
        );
      return v;
    });
    for (const v of irq) {
      if (!p.locals.some((l) => l.name.name === v.name)) locals.push(v);
      scope.define(v.name, { kind: "local", process: p.name.name, type: v.type });
    }
    const stepCtx: Ctx = { ...localCtx, effects: true };
    const guard = p.guard ? ex.bool(p.guard, { ...localCtx }) : undefined;
    const names = p.steps.map((s) => s.name.name);
    const steps = p.steps.map((s, index) => ({
      name: s.name.name,
      ...(s.fairness ? { fairness: s.fairness } : {}),
      body: st.block(s.body.stmts, { ...stepCtx, step: { index, names } }),
      span: s.span,
    }));
    const procs = reachableProcs(this.t.table, p).map((decl) => this.proc(decl, info, scope));
    const interrupts = handlers.map((h) => this.handler(h, info, localCtx));
    const idx = this.indices.get(p.name.name)!;
    for (const s of p.startsAt ?? [])
      if (!names.includes(s.name) && s.name !== "done")
        this.t.diagnostics.push(
          error(
            "N006",
            `process ${p.name.name} has no step '${s.name}' to start at (its steps: ${[...names, "done"].join(", ")})`,
            s.span,
          ),
        );
    const startsAt = p.startsAt ? [...new Set(p.startsAt.map((s) => s.name))] : undefined;
    return {
      name: p.name.name,
      indexed: !!p.index,
      indexType: idx.type,
      indexValues: idx.values,
      fair: p.fair,
      ...(p.strong ? { strong: true } : {}),
      symmetric: p.symmetric,
      guard,
      ...(startsAt ? { startsAt } : {}),
      locals,
      steps,
      procs,
      ...(interrupts.length > 0 ? { interrupts } : {}),
      span: p.span,
    };
  }

  /**
   * A handler, checked as a step of the interrupted instance: it sees `self` and the process's
   * locals, and its `goto`s name its own steps (`goto done` ends it). It keeps no locals of its
   * own and calls no proc (its steps are not the process's program counter's).
   */
  private handler(h: InterruptDecl, info: ProcessInfo, localCtx: Ctx): TInterrupt {
    const { ex, st } = this.t;
    const diagnostics = this.t.diagnostics;
    for (const l of h.locals)
      diagnostics.push(
        error(
          "T009",
          `interrupt ${h.name.name} cannot declare locals: keep its state in ${info.name}'s locals or in globals`,
          l.span,
        ),
      );
    const names = h.steps.map((s) => s.name.name);
    const ctx: Ctx = { ...localCtx, process: { ...info, steps: new Set(names) } };
    const guard = h.guard ? ex.bool(h.guard, ctx) : undefined;
    const steps = h.steps.map((s, index) => {
      if (s.fairness)
        diagnostics.push(
          error(
            "T022",
            `step ${s.name.name} of interrupt ${h.name.name} cannot be fair: an interrupt may never come`,
            s.span,
          ),
        );
      const body = st.block(s.body.stmts, { ...ctx, effects: true, step: { index, names } });
      for (const call of procCalls(body))
        diagnostics.push(
          error(
            "T009",
            `interrupt ${h.name.name} cannot call a proc: a handler's steps are its own`,
            call.span,
          ),
        );
      return { name: s.name.name, body, span: s.span };
    });
    if (steps.length === 0)
      diagnostics.push(error("T015", `interrupt ${h.name.name} has no steps`, h.name.span));
    return { name: h.name.name, ...(guard ? { guard } : {}), steps, span: h.span };
  }

  /** A proc as the process `info` runs it: its frame (params and locals) in a scope of its own. */
  private proc(decl: ProcDecl, info: ProcessInfo, processScope: Scope): TProc {
    const { types, st } = this.t;
    const diagnostics = this.t.diagnostics;
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
      const v = this.t.variable(l, ctx);
      if (v.initIn)
        diagnostics.push(
          error("T009", "a proc local takes one initial value ('='), not a set ('in')", l.span),
        );
      scope.define(l.name.name, { kind: "frame", proc: decl.name.name, type: v.type });
      procInfo.locals.set(l.name.name, v.type);
      return v;
    });
    const names = decl.steps.map((s) => s.name.name);
    for (const s of decl.steps)
      if (s.fairness)
        diagnostics.push(
          error(
            "T022",
            `step ${s.name.name} of proc ${decl.name.name} cannot be '${s.fairness === "strong" ? "strong fair" : "fair"}': a step's own fairness belongs to a process's steps`,
            s.span,
          ),
        );
    const steps = decl.steps.map((s, index) => ({
      name: s.name.name,
      body: st.block(s.body.stmts, { ...ctx, effects: true, step: { index, names } }),
      span: s.span,
    }));
    if (steps.length === 0)
      diagnostics.push(error("T009", `proc ${decl.name.name} has no steps`, decl.name.span));
    return { name: decl.name.name, params, ...(result ? { result } : {}), locals, steps, span: decl.span };
  }
}

/** The proc calls in typed statements, inlined macros' included. */
function procCalls(stmts: readonly TStmt[]): TStmt[] {
  const out: TStmt[] = [];
  for (const s of stmts) {
    if (s.k === "call") out.push(s);
    else if (s.k === "if") out.push(...procCalls(s.then), ...procCalls(s.else));
    else if (s.k === "either") s.branches.forEach((b) => out.push(...procCalls(b)));
    else if (s.k === "choose" || s.k === "while") out.push(...procCalls(s.body));
    else if (s.k === "macroStmt") out.push(...procCalls(s.call.body));
  }
  return out;
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
