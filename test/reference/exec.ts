// Statements of the typed tree, executed by walking it. In: statements and the context of one
// path of a step (eval.ts). Out: the working state updated in place of `ctx.run.st`, or an
// exception that ends the path: Disabled (a false `await`), EndStep (`goto`/`call`/`return`, with
// the program counter already set), MacroReturn, or a RefError (failed assert, runtime error).
// Also the proc machinery of language.md: a call pushes a frame whose return point is the next
// step, a `goto` target, or (tail call) the caller's own; `return` pops it and resumes there.

import { IRQ_PC } from "../../src/typecheck/interrupts.js";
import type { TExpr, TMacroCall, TProc, TProcess, TStmt } from "../../src/typecheck/typed.js";
import { domainOf, evaluate, locate, withBinding, type Ctx, type MacroArg } from "./eval.js";
import { DONE, Disabled, EndStep, getIn, MacroReturn, setIn, type Frame, type Instance } from "./state.js";
import { checkFits, RefError, runtimeError, type Value } from "./values.js";

/** A `while` may run this many iterations in one step; one more is a runtime error. */
const MAX_ITERATIONS = 10_000;

/** Runs a block; `let` bindings scope over the statements after them. */
export function execBlock(stmts: TStmt[], ctx: Ctx): void {
  let c = ctx;
  for (const s of stmts) {
    if (s.k === "let") c = withBinding(c, s.id, evaluate(s.value, c));
    else execStmt(s, c);
  }
}

function execStmt(s: TStmt, ctx: Ctx): void {
  switch (s.k) {
    case "assign": {
      const v = evaluate(s.value, ctx);
      const at = locate(s.target, ctx);
      checkFits(at.type, v, at.what);
      ctx.run.st = setIn(ctx.run.st, at.path, v);
      return;
    }
    case "let":
      throw new Error("internal: let is handled by execBlock");
    case "if":
      return execBlock(evaluate(s.cond, ctx) ? s.then : s.else, ctx);
    case "await":
      if (!evaluate(s.cond, ctx)) throw new Disabled();
      return;
    case "assert":
      if (!evaluate(s.cond, ctx)) throw new RefError("assert", s.message);
      return;
    case "either":
      return execBlock(s.branches[ctx.run.oracle.pick(s.branches.length)], ctx);
    case "choose": {
      const options = domainOf(s.binder, ctx);
      const x = options[ctx.run.oracle.pick(options.length)];
      return execBlock(s.body, withBinding(ctx, s.binder.id, x));
    }
    case "while": {
      let n = 0;
      while (evaluate(s.cond, ctx)) {
        if (++n > MAX_ITERATIONS)
          runtimeError(`a while loop ran more than ${MAX_ITERATIONS} iterations in one step`);
        execBlock(s.body, ctx);
      }
      return;
    }
    case "goto":
      if (ctx.place!.handler) setIrq(ctx, s.step);
      else setPc(ctx, pcName(ctx.place!.owner, s.step));
      throw new EndStep();
    case "call":
      return call(s, ctx);
    case "return": {
      // The result is computed in the callee's frame, before it is popped.
      const result = s.value ? evaluate(s.value, ctx) : undefined;
      returnFromProc(ctx, result);
      throw new EndStep();
    }
    case "macroReturn":
      throw new MacroReturn(s.value ? evaluate(s.value, ctx) : undefined);
    case "macroStmt":
      callMacro(s.call, ctx);
      return;
  }
}

/** Inlines a macro at this point: by-reference arguments stay locations, the others are evaluated now, left to right. */
export function callMacro(call: TMacroCall, ctx: Ctx): Value | undefined {
  const params = new Map(ctx.params);
  call.params.forEach((p, i) => {
    const arg: MacroArg = p.byRef
      ? { byRef: true, arg: call.args[i], ctx }
      : { byRef: false, value: checkFits(p.type, evaluate(call.args[i], ctx), p.name) };
    params.set(p.id, arg);
  });
  try {
    execBlock(call.body, { ...ctx, params });
  } catch (e) {
    if (e instanceof MacroReturn)
      return e.value === undefined || !call.resultType
        ? e.value
        : checkFits(call.resultType, e.value, "result");
    throw e;
  }
  if (call.resultType) runtimeError(`macro ${call.macro} ended without returning a value`);
  return undefined;
}

/** The program counter of a step of the process body (owner null) or of a proc. */
export function pcName(owner: TProc | null, step: string): string {
  return owner ? `${owner.name}.${step}` : step;
}

/** Where control goes after falling off step `place.step`: the next step, DONE, or undefined past a
 *  proc's last step (where the proc returns, as if the step ended in `return`). */
export function nextPc(ctx: Ctx): string | undefined {
  const { owner, step } = ctx.place!;
  const steps = owner ? owner.steps : ctx.self!.process.steps;
  if (step + 1 < steps.length) return pcName(owner, steps[step + 1].name);
  return owner ? undefined : DONE;
}

function instancePath(ctx: Ctx): (string | number)[] {
  return ["processes", ctx.self!.process.name, ctx.self!.pos];
}

function instance(ctx: Ctx): Instance {
  return getIn(ctx.run.st, instancePath(ctx)) as unknown as Instance;
}

function setInstance(ctx: Ctx, inst: Instance): void {
  ctx.run.st = setIn(ctx.run.st, instancePath(ctx), inst as unknown as Value);
}

export function setPc(ctx: Ctx, pc: string): void {
  setInstance(ctx, { ...instance(ctx), pc });
}

/** In a handler: which of its steps runs next (DONE: none, the interrupt returns), as the `irq` local. */
export function setIrq(ctx: Ctx, step: string): void {
  const h = ctx.place!.handler!;
  const irq = step === DONE && !h.steps.some((x) => x.name === DONE) ? "none" : `${h.name}.${step}`;
  const inst = instance(ctx);
  setInstance(ctx, { ...inst, locals: { ...inst.locals, [IRQ_PC]: irq } });
}

/** `call p(args)`: evaluates the arguments, pushes p's frame (with its return point) and moves to p's first step. */
function call(s: Extract<TStmt, { k: "call" }>, ctx: Ctx): never {
  const proc = ctx.self!.process.procs.find((p) => p.name === s.proc)!;
  const args = s.args.map((a) => evaluate(a, ctx));
  let inst = instance(ctx);
  const next = s.then.kind === "next" ? nextPc(ctx) : undefined;
  let ret: string;
  if (next !== undefined) ret = next;
  else if (s.then.kind === "goto") ret = pcName(ctx.place!.owner, s.then.step);
  else {
    // A tail call (`call p(); return`, or a call in a proc's last step, which returns after it):
    // the caller's frame ends now, and the callee returns where the caller would have.
    ret = inst.stack[inst.stack.length - 1].ret;
    inst = { ...inst, stack: inst.stack.slice(0, -1) };
  }
  const vars: Record<string, Value> = {};
  proc.params.forEach((p, i) => (vars[p.name] = checkFits(p.type, args[i], p.name)));
  const frame: Frame = { proc: proc.name, ret, vars };
  setInstance(ctx, { ...inst, pc: pcName(proc, proc.steps[0].name), stack: [...inst.stack, frame] });
  // Proc locals are initialised in the callee's frame, so their initialisers may read its parameters.
  const top = inst.stack.length;
  const inCallee: Ctx = { ...ctx, place: { owner: proc, step: 0 }, env: new Map(), params: new Map() };
  for (const l of proc.locals) {
    const v = checkFits(l.type, evaluate(l.init, inCallee), l.name);
    ctx.run.st = setIn(ctx.run.st, [...instancePath(ctx), "stack", top, "vars", l.name], v);
  }
  throw new EndStep();
}

/**
 * Pops the running proc's frame and resumes at its return point. A proc with a result type stores
 * `result` at the location its call named (`x = call p()`); the return point identifies the call,
 * and the location is the caller's, so it is found after the pop. Returning no result from such a
 * proc is a runtime error.
 */
export function returnFromProc(ctx: Ctx, result?: Value): void {
  const inst = instance(ctx);
  const frame = inst.stack[inst.stack.length - 1];
  const proc = ctx.self!.process.procs.find((p) => p.name === frame.proc)!;
  if (proc.result && result === undefined) runtimeError(`proc ${proc.name} ended without returning a value`);
  // A result outside the proc's declared result type is a runtime error where it is returned, as
  // for a fn (docs/language.md), whatever the caller stores it in.
  if (proc.result && result !== undefined) checkFits(proc.result, result, `the result of ${proc.name}`);
  setInstance(ctx, { ...inst, stack: inst.stack.slice(0, -1), pc: frame.ret });
  if (result === undefined) return;
  const target = resultTarget(ctx.self!.process, proc.name, frame.ret);
  if (!target) return; // a call that discards the result
  const caller = stepOfPc(ctx.self!.process, frame.ret);
  const inCaller: Ctx = { ...ctx, place: caller, env: new Map(), params: new Map() };
  const at = locate(target, inCaller);
  checkFits(at.type, result, at.what);
  ctx.run.st = setIn(ctx.run.st, at.path, result);
}

/** The owner and index of the step a program counter names (DONE: past the body's last step). */
function stepOfPc(p: TProcess, pc: string): { owner: TProc | null; step: number } {
  const dot = pc.indexOf(".");
  if (dot < 0)
    return {
      owner: null,
      step: Math.max(
        0,
        p.steps.findIndex((s) => s.name === pc),
      ),
    };
  const owner = p.procs.find((x) => x.name === pc.slice(0, dot))!;
  return { owner, step: owner.steps.findIndex((s) => s.name === pc.slice(dot + 1)) };
}

/** The location of the call `x = call proc(...)` in process `p` (or its procs) that returns to `ret`. */
function resultTarget(p: TProcess, proc: string, ret: string): TExpr | undefined {
  const owners: { owner: TProc | null; steps: { name: string; body: TStmt[] }[] }[] = [
    { owner: null, steps: p.steps },
    ...p.procs.map((x) => ({ owner: x, steps: x.steps })),
  ];
  for (const { owner, steps } of owners)
    for (let i = 0; i < steps.length; i++) {
      const next = i + 1 < steps.length ? pcName(owner, steps[i + 1].name) : owner ? undefined : DONE;
      const found = findCall(steps[i].body, (s) => {
        if (s.proc !== proc || !s.target) return false;
        const back = s.then.kind === "goto" ? pcName(owner, s.then.step) : next;
        return back === ret;
      });
      if (found) return found.target;
    }
  return undefined;
}

function findCall(
  stmts: TStmt[],
  matches: (s: Extract<TStmt, { k: "call" }>) => boolean,
): Extract<TStmt, { k: "call" }> | undefined {
  for (const s of stmts) {
    let hit: Extract<TStmt, { k: "call" }> | undefined;
    if (s.k === "call" && matches(s)) hit = s;
    else if (s.k === "if") hit = findCall(s.then, matches) ?? findCall(s.else, matches);
    else if (s.k === "either") for (const b of s.branches) hit ??= findCall(b, matches);
    else if (s.k === "choose" || s.k === "while") hit = findCall(s.body, matches);
    else if (s.k === "macroStmt") hit = findCall(s.call.body, matches);
    if (hit) return hit;
  }
  return undefined;
}
