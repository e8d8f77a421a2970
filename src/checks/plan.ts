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
  /** `expect covered`: every step, action and either branch must fire in the search. */
  covered?: boolean;
  /** `expect reached A, P.s`: these actions and steps must fire in the search. */
  reached?: string[];
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
  /** Milliseconds between progress reports (--progress). */
  progressIntervalMs?: number;
  /** Keep the counterexample in breadth-first order (--raw-trace), not regrouped by process. */
  rawTrace?: boolean;
  /** Partial-order reduction of the safety search (--por). */
  por?: boolean;
  /** `memory lkmm` (check block, or --memory): the memory model; absent: the spec's, else sc. */
  memory?: "sc" | "lkmm";
  allowDeadlock: boolean;
  expect: Expectation;
  /** Source line of the check block (0 for the implicit check). */
  line: number;
  /** Which of maxDepth and maxStates the check block declares itself (a deliberate bounded check)
   *  rather than the command line. */
  declared: { maxDepth: boolean; maxStates: boolean };
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
  progressIntervalMs?: number;
  rawTrace?: boolean;
  por?: boolean;
  memory?: "sc" | "lkmm";
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
    declared: { maxDepth: false, maxStates: false },
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
      case "expectCovered":
        plan.expect.covered = true;
        break;
      case "expectReached":
        plan.expect.reached = [...(plan.expect.reached ?? []), ...item.names.map((n) => n.name)];
        break;
      case "maxDepth":
        plan.maxDepth = item.value;
        plan.declared.maxDepth = true;
        break;
      case "maxStates":
        plan.maxStates = item.value;
        plan.declared.maxStates = true;
        break;
      case "ignore":
        plan.ignore.push(...item.names.map((n) => n.name));
        for (const n of item.names) (plan.spans ??= new Map()).set(n.name, n.span);
        break;
      case "allowDeadlock":
        plan.allowDeadlock = true;
        break;
      case "memory":
        plan.memory = item.name.name === "lkmm" ? "lkmm" : "sc";
        break;
    }
  }
  plan.overrides.push(...cli.consts);
  // A bound from the command line replaces the block's, and is no longer the author's deliberate one.
  if (cli.maxDepth !== undefined) {
    plan.maxDepth = cli.maxDepth;
    plan.declared.maxDepth = false;
  }
  if (cli.maxStates !== undefined) {
    plan.maxStates = cli.maxStates;
    plan.declared.maxStates = false;
  }
  plan.maxMemoryBytes = cli.maxMemoryBytes;
  plan.bitstateBytes = cli.bitstateBytes;
  plan.workers = cli.workers;
  plan.progressIntervalMs = cli.progressIntervalMs;
  plan.rawTrace = cli.rawTrace;
  plan.por = cli.por;
  if (cli.memory) plan.memory = cli.memory;
  return plan;
}
