// Interrupts: `interrupt H on P when e { step ... }` declares a handler that an instance of P (a
// CPU) may take between any two of its steps. In: the interrupt declarations and the process
// they name. Out: the per-instance state an interrupt needs, as ordinary process locals (so the
// layout, printing, symmetry and partial-order reduction see them as data), the typed handlers,
// and the built-in statements `local_irq_disable()` / `local_irq_enable()` (and `_save`/`_restore`)
// as typed statements on that state.
//
// The state, per instance of P: `irq_depth`, how many `local_irq_disable()` are in force (the
// interrupt is masked while it is not 0), and `irq`, which handler step runs next (`none` while
// no handler runs). See docs/language.md, "Interrupts", for the semantics.

import type { InterruptDecl, ProcessDecl } from "../ast/ast.js";
import type { Span } from "../diagnostics/diagnostic.js";
import { intType, sameType, type Type } from "../model/types.js";
import type { SymbolTable } from "../resolve/symbols.js";
import type { Ctx } from "./context.js";
import type { TExpr, TStmt, TVar } from "./typed.js";

/** The local counting the `local_irq_disable()` in force on an instance. */
export const IRQ_DEPTH = "irq_depth";
/** The local naming the handler step an instance runs next (`none`: no handler is running). */
export const IRQ_PC = "irq";
/** How deep `local_irq_disable()` may nest (see irqLocals); one more is a write outside the type (a violation). */
export const MAX_IRQ_DEPTH = 3;

/** The built-in statements that mask and unmask interrupts, and whether each disables. */
const IRQ_BUILTINS = new Map([
  ["local_irq_disable", true],
  ["local_irq_save", true],
  ["local_irq_enable", false],
  ["local_irq_restore", false],
]);

/** Whether a name is one of the built-in masking statements. */
export function isIrqBuiltin(name: string): boolean {
  return IRQ_BUILTINS.has(name);
}

/** The index types of the symmetric process arrays: what `irq_depth`'s type must not be. */
export function symmetricIndexTypes(
  decls: readonly ProcessDecl[],
  indexType: (name: string) => Type | undefined,
): Type[] {
  return decls.filter((d) => d.symmetric && d.index).flatMap((d) => indexType(d.name.name) ?? []);
}

/** The interrupts declared on process `process`, in declaration order. */
export function interruptsOn(table: SymbolTable, process: string): InterruptDecl[] {
  return table.ordered.filter(
    (d): d is InterruptDecl => d.kind === "interrupt" && d.process.name === process,
  );
}

/** The type of `irq`: `none`, then every handler step as `H.step`, handlers in declaration order. */
export function irqPcType(handlers: readonly InterruptDecl[]): Type {
  const members = ["none", ...handlers.flatMap((h) => h.steps.map((s) => `${h.name.name}.${s.name.name}`))];
  return { kind: "enum", name: IRQ_PC, members };
}

/**
 * The two locals an instance of a process that takes interrupts carries, both starting at 0.
 * `irq_depth` is 0..MAX_IRQ_DEPTH, or one wider when that is the index type of a symmetric process
 * array (`avoid`): a value of that type would be taken for an instance id and renamed.
 */
export function irqLocals(
  handlers: readonly InterruptDecl[],
  span: Span,
  avoid: readonly Type[] = [],
): TVar[] {
  const narrow = intType(0, MAX_IRQ_DEPTH);
  const depth = avoid.some((t) => sameType(t, narrow)) ? intType(0, MAX_IRQ_DEPTH + 1) : narrow;
  const local = (name: string, type: Type): TVar => ({
    name,
    type,
    init: { k: "lit", value: 0, type, span },
    initIn: false,
    span,
  });
  return [local(IRQ_DEPTH, depth), local(IRQ_PC, irqPcType(handlers))];
}

/**
 * A masking statement as typed statements on the running instance's `irq_depth`: disabling adds
 * one (a write past MAX_IRQ_DEPTH is a violation, as any write outside a type); enabling with
 * nothing disabled is a failed assertion, since the kernel's `local_irq_enable()` there is a bug.
 * Returns a message instead when the statement is not allowed in this context.
 */
export function irqBuiltin(name: string, ctx: Ctx, span: Span): TStmt | string {
  const depthType = ctx.process?.locals.get(IRQ_DEPTH);
  if (!ctx.process || !depthType || !ctx.process.takesInterrupts)
    return ctx.process
      ? `${name}(): no interrupt is declared on process ${ctx.process.name} ('interrupt H on ${ctx.process.name} { ... }')`
      : `${name}() is only allowed in the steps of a process that takes interrupts, its procs and handlers`;
  const at = <T extends object>(x: T) => ({ ...x, span });
  const depth: TExpr = at({
    k: "local",
    process: ctx.process.name,
    name: IRQ_DEPTH,
    instance: null,
    type: depthType,
  });
  const lit = (value: number): TExpr => at({ k: "lit", value, type: intType(value, value) });
  const max = depthType.kind === "int" ? depthType.hi : MAX_IRQ_DEPTH;
  const arith = (op: "+" | "-"): TExpr =>
    at({
      k: "arith",
      op,
      a: depth,
      b: lit(1),
      type: op === "+" ? intType(1, max + 1) : intType(-1, max - 1),
    });
  if (IRQ_BUILTINS.get(name)) return at({ k: "assign" as const, target: depth, value: arith("+") });
  const zero: TExpr = at({ k: "eq", negated: false, a: depth, b: lit(0), type: { kind: "bool" } });
  const fail: TStmt = at({
    k: "assert",
    cond: at({ k: "eq", negated: true, a: depth, b: lit(0), type: { kind: "bool" } }),
    message: `${name}() with interrupts already enabled`,
  });
  const decrement: TStmt = at({ k: "assign" as const, target: depth, value: arith("-") });
  return at({ k: "if" as const, cond: zero, then: [fail], else: [decrement] });
}
