// Program counter numbering: which value of a process instance's program counter stands for
// which step. In: a typed process. Out: one entry per step of the process body, then of each of
// its procs, in source order, and `done` after them. The layout sizes the program counter slot
// from it; the lowering (ir/lower.ts) numbers gotos, calls and fall-throughs with it.

import type { TProcess } from "../typecheck/typed.js";

/** One program counter value: the step it stands for, its owner (null: the process body; else the proc). */
export interface PcEntry {
  owner: string | null;
  step: string;
  line: number;
}

/** The program counter values of a process, and `done`, the value of a finished instance. */
export function numberSteps(p: TProcess): { pcs: PcEntry[]; done: number } {
  const pcs: PcEntry[] = [];
  for (const s of p.steps) pcs.push({ owner: null, step: s.name, line: s.span.line });
  for (const proc of p.procs)
    for (const s of proc.steps) pcs.push({ owner: proc.name, step: s.name, line: s.span.line });
  return { pcs, done: pcs.length };
}

/** The program counter value of a step of the process body (owner null) or of a proc; `done`,
 * unless a step has that name, is the finished process's. */
export function pcOf(
  p: { name: string; pcs: readonly PcEntry[]; done: number },
  owner: string | null,
  step: string,
): number {
  const i = p.pcs.findIndex((x) => x.owner === owner && x.step === step);
  if (i < 0 && owner === null && step === "done") return p.done;
  if (i < 0) throw new Error(`internal: no step ${owner ?? p.name}.${step}`);
  return i;
}
