// The state of writing one generated module: its language (TypeScript or JavaScript), the
// counter behind fresh temporary names, and the constants it declares at its top. One object per
// module, created by emitModule and handed down to every emitter, so two modules written at once
// (or one after another) never share a name counter or a constant table.

import { ModuleConsts } from "./module-consts.js";

export class ModuleContext {
  /** The constant arrays, type descriptors and scratch arrays this module declares at its top. */
  readonly consts: ModuleConsts;
  private temps = 0;

  constructor(
    /**
     * `compile` writes TypeScript; `check` evaluates the same code as JavaScript, emitted without
     * its type annotations, so that no transpiler (and no reading of `a < (b > (c))` as type
     * arguments) stands between the emitter and what runs.
     */
    readonly typeScript: boolean,
  ) {
    this.consts = new ModuleConsts(this);
  }

  /** A type annotation or assertion (`: number`, ` as const`) in TypeScript output; nothing in JavaScript. */
  ann(text: string): string {
    return this.typeScript ? text : "";
  }

  /** A function header `name(a: A, b: B): R`, its types left out in JavaScript output. */
  signature(name: string, params: readonly (readonly [string, string])[], result: string): string {
    return `${name}(${params.map(([p, t]) => p + this.ann(`: ${t}`)).join(", ")})${this.ann(`: ${result}`)}`;
  }

  /** A fresh temporary name, e.g. `t12`: numbered per module, so a module's text is reproducible. */
  temp(hint = "t"): string {
    return `${hint}${++this.temps}`;
  }
}
