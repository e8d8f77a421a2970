// Emits `successors`, the function the checker calls once per state it expands: for each process
// instance that has not finished, the step at its program counter, run on a copy of the state once
// per nondeterministic path, each successor handed to the sink; then each action likewise. It
// produces exactly what the runtime's generic loop (runtime/build-model.ts) produces, in the same
// order, and the runtime uses it in place of that loop when a module has it.
//
// Why generate it: the generic loop calls every step through one call site (the function found in
// a table by program counter), which the JIT cannot inline, and runs the choice odometer even for
// steps that make no choice. Here each step has its own call site in a switch on the program
// counter, and a step without `either` or `choose` runs once with no odometer.
//
// Successors as deltas: each run says, in `tr.changed`, which packed words its successor may
// differ in from the state expanded (the words holding a slot the step may write, by
// ir/dependency.ts, an over-approximation), so that the checker repacks only those (`packWords`,
// emit-packer.ts) on a copy of the parent's packed words. The state copy is one function,
// `copyState`, called at each site (straight-line slot copies are faster than
// TypedArray.prototype.set on the few dozen slots of most specs, and the JIT inlines the call).
// Copying back only the slots a step may write after it ran, instead of copying the whole state
// before it, was measured slower on the seed specs at R=6 (2.70 s against 2.59 s of CPU, best of
// five): the copy-back code, per case, grew `successors` past what the JIT inlines.

import type { LoweredAction, LoweredProcess } from "../ir/lower.js";
import type { DependencyShape, SlotRanges } from "../model/dependency.js";
import { commentText } from "./literal.js";
import { irqSlot, pcSlot, pcValue, slotComment } from "./slots.js";
import type { ModuleContext } from "./context.js";

/** What successors needs to emit deltas: the steps' write sets, and the packed words of each slot. */
export interface DeltaFacts {
  dependency: DependencyShape;
  /** Per slot, the bit mask of the packed words holding it (emit-packer.ts slotWordMasks); absent:
   *  the state is too wide for a mask, and no `tr.changed` is emitted (the checker packs in full). */
  slotWords?: readonly number[];
}

/** States of at most this many slots are copied by straight-line code. */
const UNROLLED_COPY_SLOTS = 64;

/** The text of `copyState`, the copy of a state into the successor being computed. */
export function emitCopyState(ctx: ModuleContext, slotCount: number): string {
  const body =
    slotCount <= UNROLLED_COPY_SLOTS
      ? Array.from({ length: slotCount }, (_, i) => `  t[${i}] = s[${i}];`).join("\n")
      : "  t.set(s);";
  const header = ctx.signature(
    "copyState",
    [
      ["s", "Int32Array"],
      ["t", "Int32Array"],
    ],
    "void",
  );
  return `/** Copies state s into t, where a step computes a successor. */\nfunction ${header} {\n${body}\n}`;
}

/** The text of the generated `successors` function. */
export function emitSuccessors(
  ctx: ModuleContext,
  processes: readonly LoweredProcess[],
  actions: readonly LoweredAction[],
  /** By step id: whether the step makes no choice. */
  plain: (stepId: number) => boolean,
  delta: DeltaFacts,
): string {
  const lines: string[] = [];
  const line = (depth: number, text: string) => lines.push("  ".repeat(depth) + text);
  processes.forEach((p, i) => dispatchProcess(ctx, p, plain, line, delta, i));
  actions.forEach((a, i) => {
    const writes = delta.dependency.actions[i].access.writes;
    line(1, `// action ${commentText(a.name)}`);
    line(1, "ch.begin();");
    line(1, `tr.step = ${a.stepId};`);
    line(1, "tr.instance = -1;");
    if (delta.slotWords) line(1, `tr.changed = ${wordMask(writes, delta.slotWords)};`);
    runStep(line, 1, `${a.fnName}(t, ch)`, plain(a.stepId));
  });
  const params = [
    ["s", "Int32Array"],
    ["t", "Int32Array"],
    ["sink", "SuccessorSink"],
    ["tr", "Transition"],
    ["ch", "Choices"],
  ] as const;
  return [
    "/** Every successor of state s, computed in t and handed to the sink with its transition in tr. */",
    `function ${ctx.signature("successors", params, "void")} {`,
    ...lines,
    "}",
  ].join("\n");
}

type Line = (depth: number, text: string) => void;

/** A run of one step on a copy of `s` into the sink: once, or once per path of its choices. */
function runStep(line: Line, depth: number, call: string, plain: boolean): void {
  if (plain) {
    line(depth, "copyState(s, t);");
    line(depth, `if (${call}) sink.next(t, tr);`);
    return;
  }
  line(depth, "do {");
  line(depth + 1, "ch.rerun();");
  line(depth + 1, "copyState(s, t);");
  line(depth + 1, `if (${call}) sink.next(t, tr);`);
  line(depth, "} while (ch.advance());");
}

/** The bit mask of the packed words that hold any slot of `ranges`. */
function wordMask(ranges: SlotRanges, slotWords: readonly number[]): number {
  let mask = 0;
  for (let r = 0; r < ranges.length; r += 2)
    for (let k = ranges[r]; k < ranges[r + 1]; k++) mask |= slotWords[k];
  return mask;
}

/**
 * Each instance of a process: the step at its program counter. An array of instances is a loop
 * over them; a single instance is a block with its base and `self` as constants.
 */
function dispatchProcess(
  ctx: ModuleContext,
  p: LoweredProcess,
  plain: (stepId: number) => boolean,
  line: Line,
  delta: DeltaFacts,
  index: number,
): void {
  const l = p.layout;
  const facts = delta.dependency.processes[index];
  const values = l.process.indexValues;
  const contiguous = values.every((v, i) => v === values[0] + i);
  line(1, `// process ${commentText(l.name)}`);
  if (values.length === 1) {
    line(1, "{");
    line(2, `const o = ${l.base};`);
    line(2, `const self = ${values[0]};`);
  } else {
    line(1, `for (let i = 0; i < ${values.length}; i++) {`);
    line(2, `const o = ${l.base} + i * ${l.stride};`);
    line(2, `const self = ${contiguous ? `${values[0]} + i` : `[${values.join(", ")}][i]`};`);
  }
  const instance = l.process.indexed ? "self" : "-1";
  const irq = p.interrupts;
  // With interrupts: a running handler's step, and only while none runs, the instance's own step
  // or the first step of an interrupt that is unmasked and whose `when` holds.
  const d = irq ? 3 : 2;
  // ir/dependency.ts has no write sets for handler steps: their successors are packed in full.
  const allWords = delta.slotWords?.reduce((a, b) => a | b, 0);
  if (irq) {
    line(2, `if (${irqSlot({ slot: irq.irqSlot })} !== 0) {`);
    line(3, `switch (${irqSlot({ slot: irq.irqSlot })}) {`);
    for (const step of irq.steps) {
      line(4, `case ${step.value}:`);
      line(5, "ch.begin();");
      line(5, `tr.step = ${step.stepId};`);
      line(5, `tr.instance = ${instance};`);
      if (allWords !== undefined) line(5, `tr.changed = ${allWords};`);
      runStep(line, 5, `${step.fnName}(t, self, o, ch)`, plain(step.stepId));
      line(5, "break;");
    }
    line(3, "}");
    line(2, "} else {");
  }
  line(d, `switch (${pcSlot(l)}) {`);
  p.steps.forEach((step, k) => {
    // Per instance, the packed words its run may change.
    const masks = p.instances.map((_, i) =>
      delta.slotWords ? wordMask(facts.instances[i].access[k].writes, delta.slotWords) : 0,
    );
    line(d + 1, `case ${pcValue(l, step.pc)}:`);
    line(d + 2, "ch.begin();");
    line(d + 2, `tr.step = ${step.stepId};`);
    line(d + 2, `tr.instance = ${instance};`);
    if (delta.slotWords) {
      const same = masks.every((m) => m === masks[0]);
      line(d + 2, `tr.changed = ${same ? masks[0] : `${ctx.consts.constArray(masks)}[i]`};`);
    }
    if (p.guard) line(d + 2, `if (!${p.guard.fnName}(s, self, o)) break;`);
    runStep(line, d + 2, `${step.fnName}(t, self, o, ch)`, plain(step.stepId));
    line(d + 2, "break;");
  });
  line(d, "}");
  if (irq) {
    line(3, `if (s[o + ${irq.depthSlot} ${slotComment("irq_depth")}] === 0) {`);
    for (const e of irq.entries) {
      line(4, `// interrupt ${commentText(e.name)}`);
      line(4, "ch.begin();");
      line(4, `tr.step = ${e.first.stepId};`);
      line(4, `tr.instance = ${instance};`);
      if (allWords !== undefined) line(4, `tr.changed = ${allWords};`);
      line(4, `if (${e.guard ? `${e.guard.fnName}(s, self, o)` : "true"}) {`);
      runStep(line, 5, `${e.first.fnName}(t, self, o, ch)`, plain(e.first.stepId));
      line(4, "}");
    }
    line(3, "}");
    line(2, "}");
  }
  line(1, "}");
}
