// Turns `check` blocks (and command-line options) into check plans: which constants to override,
// which invariants to ignore, which bounds apply, and what verdict the author expects. A spec
// without check blocks gets one plan that expects ok.

import type { CheckDecl } from "../ast/ast.js";
import type { ConstOverride } from "../typecheck/consts.js";
import type { Span } from "../diagnostics/diagnostic.js";

export interface Expectation {
  verdict: "ok" | "violation" | "deadlock";
  /** For `violation`: an invariant name, `assert`, `runtime`, or undefined for any violation. */
  target?: string;
  /** `expect states N`: the exact distinct-state count. */
  states?: number;
}

export interface CheckPlan {
  name: string;
  overrides: ConstOverride[];
  ignore: string[];
  maxDepth?: number;
  maxStates?: number;
  /** Stop cleanly before the visited set would take more bytes (--max-memory). */
  maxMemoryBytes?: number;
  /** Bitstate mode with a Bloom filter of this many bytes (--bitstate). */
  bitstateBytes?: number;
  /** Worker threads for the search (--workers); 1 or absent: this thread alone. */
  workers?: number;
  allowDeadlock: boolean;
  expect: Expectation;
  /** Source line of the check block (0 for the implicit check). */
  line: number;
  /** Where the block names each thing it refers to (ignored and expected names), for diagnostics. */
  spans?: Map<string, Span>;
}

export interface CommandLineSettings {
  consts: ConstOverride[];
  maxDepth?: number;
  maxStates?: number;
  maxMemoryBytes?: number;
  bitstateBytes?: number;
  workers?: number;
}

/** The plan of one check block; command-line constants and bounds apply on top of the block's. */
export function planOf(check: CheckDecl | undefined, cli: CommandLineSettings): CheckPlan {
  const plan: CheckPlan = {
    name: check?.name.name ?? "default",
    overrides: [],
    ignore: [],
    allowDeadlock: false,
    expect: { verdict: "ok" },
    line: check?.span.line ?? 0,
  };
  for (const item of check?.items ?? []) {
    switch (item.kind) {
      case "const":
        plan.overrides.push({
          name: item.name.name,
          expr: item.value,
          span: item.name.span,
          origin: `check ${plan.name}`,
        });
        break;
      case "expect":
        plan.expect.verdict = item.verdict;
        break;
      case "expectViolation":
        plan.expect.verdict = "violation";
        plan.expect.target = item.target?.name;
        if (item.target) (plan.spans ??= new Map()).set(item.target.name, item.target.span);
        break;
      case "expectStates":
        plan.expect.states = item.count;
        break;
      case "maxDepth":
        plan.maxDepth = item.value;
        break;
      case "maxStates":
        plan.maxStates = item.value;
        break;
      case "ignore":
        plan.ignore.push(...item.names.map((n) => n.name));
        for (const n of item.names) (plan.spans ??= new Map()).set(n.name, n.span);
        break;
      case "allowDeadlock":
        plan.allowDeadlock = true;
        break;
    }
  }
  plan.overrides.push(...cli.consts);
  if (cli.maxDepth !== undefined) plan.maxDepth = cli.maxDepth;
  if (cli.maxStates !== undefined) plan.maxStates = cli.maxStates;
  plan.maxMemoryBytes = cli.maxMemoryBytes;
  plan.bitstateBytes = cli.bitstateBytes;
  plan.workers = cli.workers;
  return plan;
}
