// A function body being written: lines of TypeScript at an indentation, fresh temporary names,
// and the bindings that inlining needs (macro parameters, the exit of the macro being inlined).
// Expressions that need statements first (quantifier loops, inlined macros) push lines here and
// return the expression to use after them.

import type { TExpr } from "../typecheck/typed.js";
import type { Type } from "../model/types.js";
import type { FrameLayout, ProcessLayout } from "../ir/layout.js";
import type { ModuleContext } from "./context.js";
import type { StepPlace } from "../ir/lower.js";

export type { StepPlace };

export type ParamBinding = { byRef: true; arg: TExpr } | { byRef: false; js: string };

export class FunctionEmitter {
  readonly lines: string[] = [];
  private depth = 1;
  readonly params = new Map<number, ParamBinding>();
  /** Index into the spec's step table of the step being written (-1 outside steps). */
  stepId = -1;
  /** Choice points written (`either`, `choose`): a step with none has one path. */
  choicePoints = 0;
  /** The innermost macro being inlined: its block label, the temporary holding its result and the result's declared type. */
  macroExit?: { label: string; result?: string; type?: Type; macro: string };

  constructor(
    /** The module being written: fresh names come from it. */
    readonly ctx: ModuleContext,
    /** The process whose step this is (for `self`, locals and program counters). */
    readonly process?: ProcessLayout,
    /** The proc whose step this is (for its frame). */
    readonly frame?: FrameLayout,
    /** For a step: where it sits (goto, call and return need it). */
    readonly place?: StepPlace,
  ) {}

  line(text: string): void {
    this.lines.push("  ".repeat(this.depth) + text);
  }

  open(text: string): void {
    this.line(text);
    this.depth++;
  }

  close(text = "}"): void {
    this.depth--;
    this.line(text);
  }

  /** Closes one block and opens the next at the same depth: `} else {`. */
  middle(text: string): void {
    this.depth--;
    this.line(text);
    this.depth++;
  }

  /** A fresh temporary name, e.g. `t12`, readable in generated code. */
  temp(hint = "t"): string {
    return this.ctx.temp(hint);
  }

  /** Runs `body` with its lines captured (indented one level deeper) instead of emitted. */
  capture<T>(body: () => T): { lines: string[]; value: T } {
    const start = this.lines.length;
    this.depth++;
    const value = body();
    this.depth--;
    const lines = this.lines.splice(start);
    return { lines, value };
  }

  /** Emits previously captured lines (already indented for one level deeper than `open` gives). */
  emitCaptured(lines: string[]): void {
    this.lines.push(...lines);
  }
}
