// The vocabulary generated code is written in: slot locations and offsets (`s[o + 3 /* refcnt */]`,
// the variable's name in a comment), program counter slots and values with their step's name,
// bound variables' names, and the conversions between a scalar's value in an expression and its
// slot encoding. Shared by the expression, statement and dispatch emitters.

import type { FrameLayout, ProcessLayout } from "../ir/layout.js";
import type { TExpr } from "../typecheck/typed.js";
import type { Type } from "../model/types.js";
import { commentText } from "./literal.js";

/** A slot location: an array expression and an offset expression into it. */
export interface Loc {
  arr: string;
  off: Off;
  /** For a location in the state: what the spec calls it (`vmas[..].refcnt`), printed beside the offset. */
  name?: string;
}

/** An offset as a dynamic part plus a constant, so that `o + 2 + 3` prints as `o + 5`. */
export interface Off {
  dyn?: string;
  k: number;
}

export function offToString(off: Off): string {
  if (!off.dyn) return String(off.k);
  return off.k === 0 ? off.dyn : `${off.dyn} + ${off.k}`;
}

/** The offset of a location, with the state variable it names in a comment: `o + 3 /* refcnt *\/`. */
export function annotatedOff(l: Loc): string {
  return l.name === undefined ? offToString(l.off) : `${offToString(l.off)} ${slotComment(l.name)}`;
}

/** A comment naming a slot or a step in generated code; the name passes through commentText. */
export function slotComment(name: string): string {
  return `/* ${commentText(name)} */`;
}

/** The running instance's program counter slot: `s[o + 0 /* pc *\/]`. */
export function pcSlot(p: ProcessLayout): string {
  return `s[o + ${p.pc} ${slotComment("pc")}]`;
}

/** The running instance's `irq` slot: the handler step it runs next (0: none). */
export function irqSlot(h: { slot: number }): string {
  return `s[o + ${h.slot} ${slotComment("irq")}]`;
}

/** The running instance's slot holding a proc's return point (+ 1; 0 while the proc is not running). */
export function retSlot(frame: FrameLayout): string {
  return `s[o + ${frame.ret} ${slotComment(`${frame.proc} return point`)}]`;
}

/** Where the running instance's frame of a proc starts, for resetting it: `o + 2 /* lock frame *\/`. */
export function frameStart(frame: FrameLayout): string {
  return `o + ${frame.start} ${slotComment(`${frame.proc} frame`)}`;
}

/** A program counter value with the step it stands for: `6 /* finish *\/`, `9 /* done *\/`. */
export function pcValue(p: ProcessLayout, pc: number): string {
  if (pc < 0 || pc > p.done) return String(pc);
  const entry = p.pcs[pc];
  const name = pc === p.done ? "done" : entry.owner ? `${entry.owner}.${entry.step}` : entry.step;
  return `${pc} ${slotComment(name)}`;
}

export function addOff(off: Off, n: number): Off {
  return { dyn: off.dyn, k: off.k + n };
}

export function addDyn(off: Off, dyn: string): Off {
  return { dyn: off.dyn ? `${off.dyn} + ${dyn}` : dyn, k: off.k };
}

/** The JS name of a bound variable: readable and unique (`poured_3`). */
export function boundName(name: string, id: number): string {
  return `${name}_${id}`;
}

/** Whether an expression contains a macro call (so operands before it must be evaluated first). */
export function hasEffects(e: TExpr): boolean {
  if (e.k === "macroCall") return true;
  return children(e).some(hasEffects);
}

export function children(e: TExpr): TExpr[] {
  switch (e.k) {
    case "local":
      return e.instance ? [e.instance] : [];
    case "not":
    case "neg":
    case "some":
    case "the":
      return [e.e];
    case "arith":
    case "cmp":
    case "eq":
    case "logic":
    case "setop":
      return [e.a, e.b];
    case "in":
      return [e.elem, e.set];
    case "range":
      return [e.lo, e.hi];
    case "ite":
      return [e.c, e.a, e.b];
    case "let":
      return [e.value, e.body];
    case "setLit":
    case "seqLit":
      return e.elems;
    case "record":
      return e.fields;
    case "field":
      return [e.target];
    case "index":
      return [e.target, e.key];
    case "prime":
      return [e.e];
    case "fnSet":
      return [...e.keys, e.codomain];
    case "builtin":
    case "fnCall":
      return e.args;
    case "at":
      return e.instance ? [e.instance] : [];
    case "quant":
      return [...e.binders.map((b) => b.domain), e.body];
    case "pick":
    case "setFilter":
      return [e.binder.domain, e.pred];
    case "fold":
      return [e.base, e.binder.domain, e.body];
    case "setMap":
    case "mapLit":
      return [e.binder.domain, e.body];
    default:
      return [];
  }
}

/** Converts an expression value of a scalar type to its slot encoding. */
export function toSlot(t: Type, js: string): string {
  if (t.kind !== "bool") return js;
  return js === "true" ? "1" : js === "false" ? "0" : `(${js} ? 1 : 0)`;
}

/** Converts a slot encoding to an expression value. */
export function fromSlot(t: Type, js: string): string {
  return t.kind === "bool" ? `(${js} !== 0)` : js;
}

/** The lowest value of an enumerable type's numbering (int ranges start at lo, others at 0). */
export function base(t: Type): number {
  return t.kind === "int" ? t.lo : 0;
}

/** The 0-based ordinal of a scalar value `js` of enumerable type `t`. */
export function ordinal(t: Type, js: string): string {
  if (t.kind === "bool") return toSlot(t, js);
  if (t.kind === "int" && t.lo !== 0) return `(${js} - ${t.lo})`;
  return js;
}

/** The value of ordinal `js` in enumerable type `t` (inverse of ordinal). */
export function valueAt(t: Type, js: string): string {
  if (t.kind === "bool") return `(${js} !== 0)`;
  if (t.kind === "int" && t.lo !== 0) return `(${js} + ${t.lo})`;
  return js;
}
