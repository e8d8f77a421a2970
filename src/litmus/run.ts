// Runs one litmus test: reads it (parse.ts), builds the weak-memory model of its program
// (src/weakmem/), and lets the breadth-first checker look for a final state where the `exists`
// condition holds. Found: the verdict is herd7's `Sometimes`, and the checker's shortest
// counterexample is the witness. Not found after a complete search: `Never`. The search is never
// bounded, so there is no third answer; the state count is the checker's distinct states.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { readSourceText } from "../resolve/load.js";
import { searchBreadthFirst } from "../engines/bfs/search.js";
import type { CheckStats, Violation } from "../engines/result.js";
import type { Model } from "../model/model.js";
import { weakMemoryModel, type FinalCondition } from "../weakmem/model.js";
import { parseLitmus, type Condition, type LitmusTest } from "./parse.js";

export type LitmusVerdict = "Never" | "Sometimes";

export interface LitmusRun {
  file: string;
  test?: LitmusTest;
  diagnostics: Diagnostic[];
  verdict?: LitmusVerdict;
  /** For Never: how many complete executions (final states the filter keeps) the search found;
   *  0 means the verdict is vacuous (no execution finishes: a spin_lock that never gets its lock). */
  executions?: number;
  stats?: CheckStats;
  model?: Model;
  /** For Sometimes: the shortest execution reaching the condition. */
  witness?: Violation;
}

/** The condition as a predicate on final states. */
export function conditionOf(c: Condition): FinalCondition {
  switch (c.kind) {
    case "and": {
      const [l, r] = [conditionOf(c.left), conditionOf(c.right)];
      return (f) => l(f) && r(f);
    }
    case "or": {
      const [l, r] = [conditionOf(c.left), conditionOf(c.right)];
      return (f) => l(f) || r(f);
    }
    case "not": {
      const o = conditionOf(c.operand);
      return (f) => !o(f);
    }
    case "const":
      return () => c.value;
    case "register":
      return (f) => f.register(c.thread, c.reg) === c.value;
    case "memory":
      return (f) => f.memory(c.loc) === c.value;
  }
}

/** Reads and runs the litmus test `text` of `file`. */
export function runLitmus(file: string, text: string): LitmusRun {
  const { test, diagnostics } = parseLitmus(file, text);
  if (!test) return { file, diagnostics };
  // Every final state is one complete execution LKMM allows: count those the filter keeps.
  let executions = 0;
  const exists = conditionOf(test.exists);
  const filter = test.filter && conditionOf(test.filter);
  const model = weakMemoryModel(test.program, {
    file,
    exists: (f) => {
      executions++;
      return exists(f);
    },
    filter,
  });
  const result = searchBreadthFirst(model, { allowDeadlock: true });
  if (result.outcome === "bounded") throw new Error(`litmus search of ${file} stopped at a bound`);
  return {
    file,
    test,
    diagnostics,
    verdict: result.violation ? "Sometimes" : "Never",
    executions: result.violation ? undefined : executions,
    stats: result.stats,
    model,
    witness: result.violation,
  };
}

/** Reads the file at `path` (a missing or unreadable file gives a C00x diagnostic) and runs it. */
export function runLitmusFile(path: string): LitmusRun & { text?: string } {
  const { text, diagnostic } = readSourceText(path, path);
  if (text === undefined) return { file: path, diagnostics: diagnostic ? [diagnostic] : [] };
  return { ...runLitmus(path, text), text };
}

/** The verdict a test's comment announces (`Result: Never`), as the kernel's tests carry it. */
export function announcedResult(text: string): LitmusVerdict | "Always" | undefined {
  const m = /\bResult:\s*(Never|Sometimes|Always)\b/.exec(text);
  return m ? (m[1] as LitmusVerdict | "Always") : undefined;
}
