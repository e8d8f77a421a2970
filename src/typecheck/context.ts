// What the type checker knows while it walks a body: the names in scope, the process (for
// `self`, locals and step names), the proc and macro being checked, and whether effects (macro
// calls) are allowed here. Shared by the expression and statement checkers.

import type { Type } from "../model/types.js";

export type ScopeEntry =
  | { kind: "self"; type: Type }
  | { kind: "bound"; id: number; type: Type }
  | { kind: "param"; id: number; type: Type; byRef: boolean }
  | { kind: "local"; process: string; type: Type }
  | { kind: "frame"; proc: string; type: Type };

export class Scope {
  private readonly names = new Map<string, ScopeEntry>();
  constructor(private readonly parent?: Scope) {}

  lookup(name: string): ScopeEntry | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  /** Every name in scope, innermost first (for "did you mean" on an unknown name). */
  allNames(): string[] {
    return [...this.names.keys(), ...(this.parent?.allNames() ?? [])];
  }

  define(name: string, entry: ScopeEntry): void {
    this.names.set(name, entry);
  }

  child(): Scope {
    return new Scope(this);
  }
}

export interface ProcessInfo {
  name: string;
  indexed: boolean;
  indexType: Type;
  /** `current` is `self + taskBase` (the ordinal of this instance's member of the type `task`). */
  taskBase: number;
  /** The name the process array gives its index (`r` in `Reader[r in 1..N]`), the same as `self`. */
  indexName?: string;
  locals: Map<string, Type>;
  steps: Set<string>;
  /** Some `interrupt H on` this process: its instances carry `irq_depth` and `irq` (typecheck/interrupts.ts). */
  takesInterrupts?: boolean;
}

export interface ProcInfo {
  name: string;
  params: { name: string; type: Type }[];
  result?: Type;
  locals: Map<string, Type>;
  steps: Set<string>;
}

export interface Ctx {
  scope: Scope;
  /** The process whose steps (or whose procs' steps) are being checked. */
  process?: ProcessInfo;
  /** The proc whose steps are being checked. */
  proc?: ProcInfo;
  /** The macro body being checked, with its result type. */
  macro?: { name: string; resultType?: Type };
  /** The scope of the process (its index name and locals) or proc (its frame): what a macro body sees. */
  baseScope: Scope;
  /** Whether macro calls (effects) may appear: in steps, actions and macros, not in invariants or fns. */
  effects: boolean;
  /** Macros being inlined, outermost first (guards against runaway expansion). */
  macroStack: string[];
  /** The step being checked: its position among its owner's steps (where a `call` returns to). */
  step?: { index: number; names: string[] };
  /** `x'` (the next state): "allowed" in the action of `always [A]_v`, "inside" within a prime. */
  primes?: "allowed" | "inside";
}

export function withScope(ctx: Ctx, scope: Scope): Ctx {
  return { ...ctx, scope };
}
