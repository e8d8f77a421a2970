// Types statements and inlines macros. In: AST statements of a step, action or macro, with the
// context. Out: typed statements, where `call p(); goto L` and `call p(); return` are folded into
// one call with its return point, and each macro call carries its body checked at that site.

import type { Expr, Stmt } from "../ast/ast.js";
import type { Span } from "../diagnostics/diagnostic.js";
import { Scope, type Ctx } from "./context.js";
import type { ExprChecker } from "./expr.js";
import type { TExpr, TMacroCall, TStmt, TStmtKind } from "./typed.js";
import { intType } from "../model/types.js";
import { hasError, sameShape, typeToString } from "./types.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { unknownNameHint } from "./hints.js";
import { irqBuiltin, isIrqBuiltin } from "./interrupts.js";

export class StmtChecker {
  constructor(private readonly ex: ExprChecker) {
    ex.macroCall = (name, args, span, ctx, asExpression) =>
      this.macroCall(name, args, span, ctx, asExpression);
  }

  /** Checks a block; `let` statements scope over the statements after them. */
  block(stmts: Stmt[], outer: Ctx): TStmt[] {
    let ctx: Ctx = { ...outer, scope: outer.scope.child() };
    const out: TStmt[] = [];
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      const at = (kind: TStmtKind): TStmt => ({ ...kind, span: s.span }) as TStmt;
      if (s.kind === "let") {
        const value = this.ex.check(s.value, ctx);
        const id = this.ex.freshId();
        const scope = ctx.scope.child();
        scope.define(s.name.name, { kind: "bound", id, type: value.type });
        ctx = { ...ctx, scope };
        out.push(at({ k: "let", id, name: s.name.name, value }));
        continue;
      }
      if (s.kind === "call") {
        const next = stmts[i + 1];
        const call = this.call(s, ctx, next);
        if (call) out.push(call);
        if (next && (next.kind === "goto" || next.kind === "return")) i++;
        this.unreachable(stmts, i + 1, "call");
        break;
      }
      const checked = this.stmt(s, ctx);
      if (checked) out.push(checked);
      if (s.kind === "goto" || s.kind === "return") {
        this.unreachable(stmts, i + 1, s.kind);
        break;
      }
    }
    return out;
  }

  private unreachable(stmts: Stmt[], from: number, after: string): void {
    if (from < stmts.length)
      this.ex.report(
        "T010",
        `this statement never runs: '${after}' before it ends the step`,
        stmts[from].span,
      );
  }

  private stmt(s: Stmt, ctx: Ctx): TStmt | undefined {
    const at = (kind: TStmtKind): TStmt => ({ ...kind, span: s.span }) as TStmt;
    switch (s.kind) {
      case "assign": {
        const target = this.ex.check(s.target, ctx);
        if (!this.assignable(target, s.target)) {
          // The value is checked all the same: a mistake in it is independent of the target's.
          this.ex.check(s.value, ctx);
          return undefined;
        }
        let value: TExpr;
        if (s.op === "=")
          value = this.ex.expectType(
            s.value,
            ctx,
            target.type,
            `the value assigned to ${describe(s.target)}`,
          );
        else {
          const amount = this.ex.int(s.value, ctx);
          if (target.type.kind !== "int" && !hasError(target.type))
            this.ex.report(
              "T001",
              `'${s.op}' needs an integer variable, not ${typeToString(target.type)}`,
              s.target.span,
            );
          const t = target.type.kind === "int" ? target.type : { lo: 0, hi: 0 };
          const a = amount.type.kind === "int" ? amount.type : { lo: 0, hi: 0 };
          const type = s.op === "+=" ? intType(t.lo + a.lo, t.hi + a.hi) : intType(t.lo - a.hi, t.hi - a.lo);
          value = { k: "arith", op: s.op === "+=" ? "+" : "-", a: target, b: amount, type, span: s.span };
        }
        return at({ k: "assign", target, value });
      }
      case "if":
        return at({
          k: "if",
          cond: this.ex.bool(s.cond, ctx),
          then: this.block(s.then.stmts, ctx),
          else: s.else ? this.block(s.else.stmts, ctx) : [],
        });
      case "await":
        return at({ k: "await", cond: this.ex.bool(s.cond, ctx) });
      case "assert":
        return at({ k: "assert", cond: this.ex.bool(s.cond, ctx), message: s.message ?? "assertion failed" });
      case "either":
        return at({ k: "either", branches: s.branches.map((b) => this.block(b.stmts, ctx)) });
      case "choose": {
        const binder = this.ex.binder(s.binder, ctx);
        return at({ k: "choose", binder, body: this.block(s.body.stmts, this.ex.bindIn(ctx, binder)) });
      }
      case "while":
        return at({ k: "while", cond: this.ex.bool(s.cond, ctx), body: this.block(s.body.stmts, ctx) });
      case "goto": {
        const steps = ctx.proc ? ctx.proc.steps : ctx.process?.steps;
        const owner = ctx.proc
          ? `proc ${ctx.proc.name}`
          : ctx.process
            ? `process ${ctx.process.name}`
            : undefined;
        if (!steps) {
          this.ex.report("T009", "'goto' is only allowed in the steps of a process or proc", s.span);
          return undefined;
        }
        // `goto done` finishes the process, as falling off its last step does (PlusCal's Done).
        if (s.target.name === "done" && !steps.has("done") && !ctx.proc)
          return at({ k: "goto", step: "done" });
        if (!steps.has(s.target.name)) {
          this.ex.report(
            "N005",
            `goto: ${owner} has no step '${s.target.name}'`,
            s.target.span,
            undefined,
            didYouMean(s.target.name, ctx.proc ? steps : [...steps, "done"]),
          );
          return undefined;
        }
        return at({ k: "goto", step: s.target.name });
      }
      case "return":
        if (ctx.macro) {
          const want = ctx.macro.resultType;
          if (want && !s.value)
            this.ex.report("T001", `macro '${ctx.macro.name}' must return a ${typeToString(want)}`, s.span);
          if (!want && s.value)
            this.ex.report(
              "T001",
              `macro '${ctx.macro.name}' has no result type, so 'return' takes no value`,
              s.value.span,
            );
          const value =
            s.value && want ? this.ex.expectType(s.value, ctx, want, "the returned value") : undefined;
          return at({ k: "macroReturn", value });
        }
        if (ctx.proc) {
          const want = ctx.proc.result;
          if (s.value && !want)
            this.ex.report(
              "T009",
              `proc '${ctx.proc.name}' has no result type, so 'return' takes no value (declare 'proc ${ctx.proc.name}(...): T')`,
              s.value.span,
            );
          if (want && !s.value)
            this.ex.report("T001", `proc '${ctx.proc.name}' must return a ${typeToString(want)}`, s.span);
          if (s.value && want)
            return at({ k: "return", value: this.ex.expectType(s.value, ctx, want, "the returned value") });
          return at({ k: "return" });
        }
        this.ex.report("T009", "'return' is only allowed in a proc or a macro", s.span);
        return undefined;
      case "expr": {
        const e = s.expr;
        if (e.kind === "call") {
          const decl = this.ex.table.decls.get(e.callee.name);
          if (!decl && isIrqBuiltin(e.callee.name)) {
            if (e.args.length > 0)
              this.ex.report("T005", `${e.callee.name}() takes no arguments`, e.args[0].span);
            const masking = irqBuiltin(e.callee.name, ctx, s.span);
            if (typeof masking !== "string") return masking;
            this.ex.report("T009", masking, e.span);
            return undefined;
          }
          if (decl?.kind === "macro") {
            const call = this.macroCall(e.callee.name, e.args, e.span, ctx, false);
            return call ? at({ k: "macroStmt", call }) : undefined;
          }
          if (decl?.kind === "proc") {
            this.ex.report(
              "T009",
              `'${e.callee.name}' is a proc: write 'call ${e.callee.name}(...)'`,
              e.span,
            );
            return undefined;
          }
        }
        const checked = this.ex.check(e, ctx);
        if (!hasError(checked.type))
          this.ex.report(
            "T009",
            "only a macro call can stand as a statement (its value would be lost)",
            s.span,
          );
        return undefined;
      }
      case "let":
      case "call":
        return undefined; // handled by block()
    }
  }

  /** Whether a typed expression is a state location that may be written. */
  private assignable(t: TExpr, e: Expr): boolean {
    if (hasError(t.type) && t.k === "lit") return false; // already reported (an unknown name)
    const root = locationRoot(t);
    if (!root) {
      const constant = e.kind === "name" && this.ex.consts.has(e.name.name);
      this.ex.report(
        "T006",
        constant
          ? `cannot assign to ${describe(e)}: it is a constant`
          : `cannot assign to ${describe(e)}: it is not a variable, field or map entry`,
        e.span,
        undefined,
        constant ? "a value that changes is a state variable: 'var x: T = e'" : undefined,
      );
      return false;
    }
    if (root.k === "bound") {
      this.ex.report(
        "T006",
        `cannot assign to '${root.name}': it is a bound name, not a state variable`,
        e.span,
        undefined,
        "'let' and quantifiers name values; a value that changes is a variable ('var' in the process for a local)",
      );
      return false;
    }
    return true;
  }

  private call(s: Extract<Stmt, { kind: "call" }>, ctx: Ctx, next: Stmt | undefined): TStmt | undefined {
    const decl = this.ex.table.decls.get(s.callee.name);
    if (!decl || decl.kind !== "proc") {
      s.args.forEach((a) => this.ex.check(a, ctx));
      const procs = [...this.ex.table.decls.values()]
        .filter((d) => d.kind === "proc")
        .map((d) => d.name.name);
      this.ex.report(
        decl ? "T009" : "N001",
        decl ? `'${s.callee.name}' is a ${decl.kind}, not a proc` : `unknown proc '${s.callee.name}'`,
        s.callee.span,
        undefined,
        decl?.kind === "macro"
          ? `a macro runs inside the step: write '${s.callee.name}(...)' without 'call'`
          : decl
            ? undefined
            : unknownNameHint(s.callee.name, procs, ["proc"]),
      );
      return undefined;
    }
    if (!ctx.process) {
      this.ex.report("T009", "'call' is only allowed in the steps of a process or proc", s.span);
      return undefined;
    }
    if (s.args.length !== decl.params.length) {
      this.ex.report(
        "T005",
        `proc '${decl.name.name}' takes ${decl.params.length} argument${decl.params.length === 1 ? "" : "s"}, not ${s.args.length}`,
        s.span,
      );
      s.args.forEach((a) => this.ex.check(a, ctx));
      return undefined;
    }
    const args = s.args.map((a, i) =>
      this.ex.expectType(
        a,
        ctx,
        this.ex.types.resolve(decl.params[i].type),
        `argument ${i + 1} of ${decl.name.name}`,
      ),
    );
    let then: Extract<TStmtKind, { k: "call" }>["then"] = { kind: "next" };
    if (next?.kind === "goto") {
      const g = this.stmt(next, ctx);
      if (g?.k === "goto") then = { kind: "goto", step: g.step };
    } else if (next?.kind === "return") {
      if (!ctx.proc || ctx.macro)
        this.ex.report("T009", "'call p(); return' (a tail call) is only allowed in a proc", next.span);
      else if (ctx.proc.result)
        this.ex.report(
          "T009",
          `proc '${ctx.proc.name}' returns a value, so it cannot end with a tail call: write 'x = call ${decl.name.name}(...)' and return x`,
          next.span,
        );
      else then = { kind: "tail" };
    }
    const target = s.target ? this.resultTarget(s, decl, ctx, then) : undefined;
    return { k: "call", proc: decl.name.name, args, then, ...(target ? { target } : {}), span: s.span };
  }

  /** Where each proc's call sites return to, per process: the result target of each return point. */
  private readonly returnPoints = new Map<string, { target: string; span: Span }>();

  /** Checks `x = call p(args)`: p has a result of x's type, and x is a location of the caller. */
  private resultTarget(
    s: Extract<Stmt, { kind: "call" }>,
    decl: import("../ast/ast.js").ProcDecl,
    ctx: Ctx,
    then: Extract<TStmtKind, { k: "call" }>["then"],
  ): TExpr | undefined {
    const resolved = decl.result ? this.ex.types.resolve(decl.result) : undefined;
    if (!resolved) {
      this.ex.report(
        "T009",
        `proc '${decl.name.name}' has no result type: write 'call ${decl.name.name}(...)'`,
        s.span,
      );
      return undefined;
    }
    const target = this.ex.check(s.target!, ctx, resolved);
    if (!this.assignable(target, s.target!)) return undefined;
    const root = locationRoot(target);
    if (root?.k === "param") {
      this.ex.report(
        "T006",
        "a proc's result must go to a variable, a process local or a proc local, not a macro parameter",
        s.target!.span,
      );
      return undefined;
    }
    if (!sameShape(target.type, resolved))
      this.ex.report(
        "T001",
        `type mismatch: proc '${decl.name.name}' returns ${typeToString(resolved)}, but ${describe(s.target!)} is ${typeToString(target.type)}`,
        s.target!.span,
      );
    // The return point identifies the call site when the proc returns, so two calls with
    // different targets must not return to the same step.
    const step = ctx.step;
    const to = then.kind === "goto" ? then.step : step ? (step.names[step.index + 1] ?? "(end)") : "?";
    const key = `${ctx.process?.name}|${ctx.proc?.name ?? ""}|${decl.name.name}|${to}`;
    const text = JSON.stringify(target, (k, v) => (k === "span" || k === "type" ? undefined : v));
    const prior = this.returnPoints.get(key);
    if (prior && prior.target !== text)
      this.ex.report(
        "T016",
        `two calls of '${decl.name.name}' return to step '${to}' with different result targets: give each call its own return step`,
        s.span,
        [{ message: "the other call is here", span: prior.span }],
      );
    else if (!prior) this.returnPoints.set(key, { target: text, span: s.span });
    return target;
  }

  /** Checks a macro call at this site: arguments against parameters, then the body in the caller's process context. */
  macroCall(name: string, args: Expr[], span: Span, ctx: Ctx, asExpression: boolean): TMacroCall | undefined {
    const decl = this.ex.table.decls.get(name);
    if (!decl || decl.kind !== "macro") return undefined;
    if (args.length !== decl.params.length) {
      this.ex.report(
        "T005",
        `macro '${name}' takes ${decl.params.length} argument${decl.params.length === 1 ? "" : "s"}, not ${args.length}`,
        span,
      );
      return undefined;
    }
    if (ctx.macroStack.includes(name)) return undefined; // recursion, reported by the symbol table
    // A macro body sees its parameters and the globals, not the caller's locals: a library macro
    // that writes the global `vm_refcnt` must not write a caller's local of that name instead.
    // Only the index name of the caller's process array stays visible (it is `self`).
    const scope = new Scope();
    if (ctx.process?.indexed && ctx.process.indexName)
      scope.define(ctx.process.indexName, { kind: "self", type: ctx.process.indexType });
    const params = decl.params.map((p, i) => {
      const type = this.ex.types.resolve(p.type);
      const arg = this.ex.expectType(args[i], ctx, type, `argument '${p.name.name}' of ${name}`);
      const root = locationRoot(arg);
      const byRef =
        root !== undefined &&
        root.k !== "bound" &&
        (root.k !== "param" || this.refParams.get(root.id) === true);
      // A by-reference parameter has the type of the caller's location, not the declared one:
      // a macro declared over 0..15 that writes 9 into a 0..7 variable must fail at that write.
      const paramType = byRef ? arg.type : type;
      const param = { id: this.ex.freshId(), name: p.name.name, type: paramType, byRef };
      this.refParams.set(param.id, byRef);
      scope.define(p.name.name, { kind: "param", id: param.id, type: paramType, byRef });
      return { param, arg };
    });
    const resultType = decl.result ? this.ex.types.resolve(decl.result) : undefined;
    const inner: Ctx = {
      ...ctx,
      scope,
      macro: { name, resultType },
      macroStack: [...ctx.macroStack, name],
    };
    const body = this.block(decl.body.stmts, inner);
    this.checkParamWrites(body, new Set(params.filter((p) => !p.param.byRef).map((p) => p.param.id)), name);
    void asExpression;
    return {
      macro: name,
      params: params.map((p) => p.param),
      args: params.map((p) => p.arg),
      body,
      resultType,
      span,
    };
  }

  /** Whether each macro parameter seen so far was passed by reference. */
  private readonly refParams = new Map<number, boolean>();

  /** A by-value parameter (the caller passed a value, not a location) may not be assigned. */
  private checkParamWrites(body: TStmt[], byValue: Set<number>, macro: string): void {
    const visit = (stmts: TStmt[]) => {
      for (const s of stmts) {
        if (s.k === "assign") {
          const root = locationRoot(s.target);
          if (root?.k === "param" && byValue.has(root.id))
            this.ex.report(
              "T007",
              `macro '${macro}' assigns to its parameter '${root.name}', but this call passes a value, not a variable`,
              s.span,
            );
        }
        if (s.k === "if") (visit(s.then), visit(s.else));
        if (s.k === "either") s.branches.forEach(visit);
        if (s.k === "choose" || s.k === "while") visit(s.body);
      }
    };
    visit(body);
  }
}

/** The variable at the root of a location expression (`vmas[v].refcnt` → `vmas`), or undefined. */
export function locationRoot(
  t: TExpr,
): Extract<TExpr, { k: "global" | "local" | "frame" | "param" | "bound" }> | undefined {
  switch (t.k) {
    case "global":
    case "local":
    case "frame":
    case "param":
    case "bound":
      return t;
    case "field":
      return locationRoot(t.target);
    case "index":
      return locationRoot(t.target);
    default:
      return undefined;
  }
}

function describe(e: Expr): string {
  if (e.kind === "name") return `'${e.name.name}'`;
  return "this expression";
}
