// Prints the whole generated state machine of a lowered spec (ir/lower.ts): one function per fn,
// step and action (named after them, with a comment pointing at the source line), the initial
// state, invariants, constraints and properties, `successors`, the bit packer, and the tables the
// runtime's buildModel reads. Every decision (names, program counters, desugarings, tables) was
// made by the lowering; this file only prints, one method per section. The same text is
// evaluated in memory by `check` (as JavaScript) and written to disk by `compile` (TypeScript).

import type {
  LoweredInterrupts,
  LoweredPart,
  LoweredProcess,
  LoweredSpec,
  LoweredStep,
  Named,
} from "../ir/lower.js";
import type { ProcessLayout } from "../ir/layout.js";
import type { TExpr } from "../typecheck/typed.js";
import { GENERATED_FORMAT_VERSION } from "../model/generated.js";
import { ModuleContext } from "./context.js";
import { FunctionEmitter } from "./emitter.js";
import { ExprEmitter } from "./emit-expr.js";
import { boundName, frameStart, irqSlot, pcSlot, pcValue, retSlot } from "./slots.js";
import { frameResets, StmtEmitter, tsType } from "./emit-stmt.js";
import { emitCopyState, emitSuccessors } from "./emit-successors.js";
import { MAX_DELTA_WORDS, emitPack, emitPackWords, emitUnpack, slotWordMasks } from "./emit-packer.js";
import { literal, commentText } from "./literal.js";

const STATE = ["s", "Int32Array"] as const;
/** The next state, read by `x'` in an action property's predicate. */
const NEXT = ["n", "Int32Array"] as const;
const STEP_PARAMS = [STATE, ["self", "number"], ["o", "number"], ["ch", "Choices"]] as const;

/** The import line of a module written to disk (in memory the same names are provided directly). */
export const RUNTIME_IMPORT = `import { rt, type Choices, type GeneratedSpec, type SuccessorSink, type Transition } from "vmaspec/runtime";`;

/**
 * Prints the module text of a lowered spec: TypeScript (what `compile` writes) or the same code
 * as a JavaScript CommonJS body without type annotations (what `check` and its workers evaluate
 * with codegen/evaluate.ts, so a check never loads the TypeScript compiler).
 */
export function emitModule(lowered: LoweredSpec, language: "ts" | "js" = "ts"): string {
  return new ModuleWriter(lowered, new ModuleContext(language === "ts")).text();
}

/** The writer of one module: its context, its expression and statement emitters, its functions so far. */
class ModuleWriter {
  private readonly functions: string[] = [];
  private readonly ex: ExprEmitter;
  private readonly st: StmtEmitter;
  /** By step id: whether the step makes no choice (one path, no odometer in `successors`). */
  private readonly plain = new Map<number, boolean>();

  constructor(
    private readonly lowered: LoweredSpec,
    private readonly ctx: ModuleContext,
  ) {
    this.ex = new ExprEmitter(ctx, lowered.layout, "FILE");
    this.ex.specFile = lowered.spec.file;
    this.st = new StmtEmitter(this.ex, lowered.layout, "FILE");
  }

  /** The whole module, sections in a fixed order (constant and temporary names follow it). */
  text(): string {
    const l = this.lowered;
    this.fns();
    const processTables = l.processes.map((p) => this.process(p));
    const actionTables = this.actions();
    this.init();
    const invariants = l.invariants.map((p) => this.predicate(p));
    const explanations = l.invariants.map(
      (p) =>
        `[${(p.parts ?? []).map((part) => `{ text: ${literal(part.text)}, depth: ${part.depth}, ${part.op ? `op: ${literal(part.op)}, ` : ""}test: ${this.predicate(part)}${this.binding(part)} }`).join(", ")}]`,
    );
    const constraints = l.constraints.map((p) => this.predicate(p));
    const properties = l.properties.map((p) => {
      const lhs = p.lhs ? `, lhs: ${this.predicate(p.lhs)}` : "";
      const initial = p.initial ? ", initial: true" : "";
      const rhs = p.kind === "step" ? this.predicate(p.rhs, [STATE, NEXT]) : this.predicate(p.rhs);
      return `{ name: ${literal(p.name)}, kind: ${literal(p.kind)}${lhs}${initial}, rhs: ${rhs} }`;
    });
    const refinements = l.refinements.map((r) => {
      const entries = r.entries.map(
        (e) => `{ name: ${literal(e.name)}, type: ${literal(e.body.type)}, value: ${this.mappedValue(e)} }`,
      );
      return `{ name: ${literal(r.name)}, entries: [${entries.join(", ")}] }`;
    });
    this.functions.push(emitCopyState(this.ctx, l.layout.slotCount));
    this.functions.push(this.successors());
    this.functions.push(emitPack(this.ctx, l.layout.leaves, l.layout.packedWords));
    if (this.delta()) this.functions.push(emitPackWords(this.ctx, l.layout.leaves, l.layout.packedWords));
    this.functions.push(emitUnpack(this.ctx, l.layout.leaves, l.layout.packedWords));
    return [
      ...this.header(),
      this.functions.join("\n\n"),
      "",
      ...this.tables(
        processTables,
        actionTables,
        invariants,
        constraints,
        properties,
        explanations,
        refinements,
      ),
    ].join("\n");
  }

  /** Adds a function with its doc comment: the body `f` wrote, then `ret`. */
  private fn(header: string, named: Named | string, f: FunctionEmitter, ret: string | undefined): void {
    const doc = typeof named === "string" ? named : named.doc;
    this.functions.push(
      `/** ${commentText(doc)} */\nfunction ${header} {\n${f.lines.join("\n")}${ret ? `\n  ${ret}` : ""}\n}`,
    );
  }

  /** Pure functions: arguments arrive, and the result leaves, in the declared types (ExprEmitter.convert). */
  private fns(): void {
    const ex = this.ex;
    for (const { fn } of this.lowered.fns) {
      ex.fnTypes.set(fn.name, { params: fn.params.map((p) => p.type), result: fn.result });
      ex.fnDefs.set(fn.name, fn);
    }
    for (const d of this.lowered.fns) {
      const f = new FunctionEmitter(this.ctx);
      const v = ex.convert(
        ex.expr(d.fn.body, f),
        d.fn.body.type,
        d.fn.result,
        d.fn.body,
        `the result of ${d.fn.name}`,
      );
      const params = d.fn.params.map((p) => [boundName(p.name, p.id), tsType(p.type)] as const);
      this.fn(this.ctx.signature(d.fnName, [STATE, ...params], tsType(d.fn.result)), d, f, `return ${v};`);
    }
  }

  /** A process's step functions and guard; returns its entry in the `processes` table. */
  private process(p: LoweredProcess): string {
    for (const step of p.steps) this.step(step);
    if (p.guard) {
      const f = new FunctionEmitter(this.ctx, p.layout);
      const v = this.ex.expr(p.guard.body, f);
      this.fn(
        this.ctx.signature(p.guard.fnName, STEP_PARAMS.slice(0, 3), "boolean"),
        p.guard,
        f,
        `return ${v};`,
      );
    }
    const l = p.layout;
    const names = p.steps.map((s) => s.fnName).join(", ");
    const ids = p.steps.map((s) => s.stepId).join(", ");
    const irq = p.interrupts ? `, irq: ${this.interrupts(p.interrupts, l)}` : "";
    return `{ name: ${literal(l.name)}, indexed: ${l.process.indexed}, instances: [${l.process.indexValues.join(", ")}], base: ${l.base}, stride: ${l.stride}, pc: ${l.pc}, done: ${l.done}, steps: [${names}], stepIds: [${ids}], guard: ${p.guard?.fnName ?? "undefined"}${irq} }`;
  }

  /** A process's handler steps and `when` conditions; returns its `irq` table entry. */
  private interrupts(irq: LoweredInterrupts, l: ProcessLayout): string {
    for (const step of irq.steps) {
      const f = new FunctionEmitter(this.ctx, l, undefined, step.place);
      f.stepId = step.stepId;
      // The next handler step is set first: a `goto` in the body overwrites it and returns.
      f.line(`${irqSlot(step.place.handler)} = ${step.next};`);
      const ends = this.st.block(step.step.body, f);
      this.fn(
        this.ctx.signature(step.fnName, STEP_PARAMS, "number"),
        step,
        f,
        ends ? undefined : "return 1;",
      );
      this.plain.set(step.stepId, f.choicePoints === 0);
    }
    for (const e of irq.entries)
      if (e.guard) {
        const f = new FunctionEmitter(this.ctx, l);
        const v = this.ex.expr(e.guard.body, f);
        this.fn(
          this.ctx.signature(e.guard.fnName, STEP_PARAMS.slice(0, 3), "boolean"),
          e.guard,
          f,
          `return ${v};`,
        );
      }
    const steps = irq.steps.map((s) => s.fnName).join(", ");
    const ids = irq.steps.map((s) => s.stepId).join(", ");
    const entries = irq.entries
      .map((e) => `{ value: ${e.first.value}, guard: ${e.guard?.fnName ?? "undefined"} }`)
      .join(", ");
    return `{ slot: ${irq.irqSlot}, depth: ${irq.depthSlot}, steps: [${steps}], stepIds: [${ids}], entries: [${entries}] }`;
  }

  /** One step's function: its body, then what falling off its end does. */
  private step(step: LoweredStep): void {
    const p = step.place.process;
    const f = new FunctionEmitter(
      this.ctx,
      p,
      p.frames.find((fr) => fr.proc === step.place.owner),
      step.place,
    );
    f.stepId = step.stepId;
    const ends = this.st.block(step.step.body, f);
    if (!ends) {
      const off = step.fallOff;
      if (off.k === "goto") f.line(`${pcSlot(p)} = ${pcValue(p, off.pc)};`);
      else if (off.k === "noResult")
        f.line(
          `rt.runtimeError(${literal(`proc ${off.proc} ended without returning a value`)}, ${this.ex.fileOf(step.step.span.file)}, ${step.step.span.line});`,
        );
      else {
        f.line(`const back = ${retSlot(off.frame)} - 1;`);
        f.line(
          `s.set(${this.ctx.consts.constArray(frameResets(p, off.frame.proc))}, ${frameStart(off.frame)});`,
        );
        f.line(`${pcSlot(p)} = back;`);
      }
    }
    this.fn(this.ctx.signature(step.fnName, STEP_PARAMS, "number"), step, f, ends ? undefined : "return 1;");
    this.plain.set(step.stepId, f.choicePoints === 0);
  }

  /** Action functions (parameters already lowered to choices); returns their `actions` table entries. */
  private actions(): string[] {
    return this.lowered.actions.map((a) => {
      const f = new FunctionEmitter(this.ctx);
      f.stepId = a.stepId;
      this.st.block(a.body, f);
      this.fn(this.ctx.signature(a.fnName, [STATE, ["ch", "Choices"]], "number"), a, f, "return 1;");
      this.plain.set(a.stepId, f.choicePoints === 0);
      return `{ stepId: ${a.stepId}, run: ${a.fnName} }`;
    });
  }

  /**
   * Initial states, in the order docs/language.md gives ("Initial state"): every slot at its
   * reset value (so proc frames are empty), globals with their `in S` choices, then each process
   * instance's program counter and locals with theirs, then the `init` blocks (the modules'
   * first), which see and may change all of these. Constraints are checked by the engine after.
   */
  private init(): void {
    const { layout, init, processes } = this.lowered;
    const f = new FunctionEmitter(this.ctx);
    f.line(`s.set(${this.ctx.consts.constArray(allResets(layout))});`);
    this.st.block(init.globals, f);
    for (const p of processes)
      for (const i of p.instances) f.line(`if (!${p.init.fnName}(s, ${i.self}, ${i.base}, ch)) return 0;`);
    this.st.block(init.blocks, f);
    this.fn(
      this.ctx.signature("init", [STATE, ["ch", "Choices"]], "number"),
      "the initial states",
      f,
      "return 1;",
    );
    for (const p of processes) {
      const g = new FunctionEmitter(this.ctx, p.layout);
      const starts = p.startPcs?.map((pc) => pcValue(p.layout, pc));
      if (!starts || starts.length === 1)
        g.line(`${pcSlot(p.layout)} = ${starts?.[0] ?? pcValue(p.layout, 0)};`);
      else g.line(`${pcSlot(p.layout)} = [${starts.join(", ")}][ch.pick(${starts.length})];`);
      this.st.block(p.init.body, g);
      this.fn(this.ctx.signature(p.init.fnName, STEP_PARAMS, "number"), p.init, g, "return 1;");
    }
  }

  /** A state predicate's function; returns its name. */
  /** A predicate over a state, or (an action property's) over a step's state and next state `n`. */
  private predicate(p: Named & { body: TExpr }, params: (readonly [string, string])[] = [STATE]): string {
    const f = new FunctionEmitter(this.ctx);
    const v = this.ex.expr(p.body, f);
    this.fn(this.ctx.signature(p.fnName, params, "boolean"), p, f, `return ${v};`);
    return p.fnName;
  }

  /** An entry of a refinement mapping: its value in a state, in its own type's layout. */
  private mappedValue(e: Named & { body: TExpr }): string {
    const f = new FunctionEmitter(this.ctx);
    const v = this.ex.expr(e.body, f);
    this.fn(this.ctx.signature(e.fnName, [STATE], tsType(e.body.type)), e, f, `return ${v};`);
    return e.fnName;
  }

  /** For a quantified part of an invariant: `, binding: fn`, fn giving the binding that breaks it
   *  and its body's parts with it bound (StmtEmitter.explainParts); else nothing. */
  private binding(part: LoweredPart): string {
    if (!part.quant && !part.call) return "";
    const f = new FunctionEmitter(this.ctx);
    const type = "[string, number, string, boolean][]";
    f.line(`const why${this.ctx.ann(`: ${type}`)} = [];`);
    if (part.quant) this.st.explainBinding(part.quant, part.depth + 1, "why", f);
    if (part.call) this.st.explainCall(part.call, part.depth + 1, "why", f);
    const name = `${part.fnName}_binding`;
    this.fn(
      this.ctx.signature(name, [STATE], type),
      `${part.doc}: the binding that breaks it`,
      f,
      "return why;",
    );
    return `, binding: ${name}`;
  }

  /** `successors`: every process instance's step at its program counter, then every action. */
  private successors(): string {
    const plain = (stepId: number) => this.plain.get(stepId)!;
    const { layout, dependency, processes, actions } = this.lowered;
    const slotWords = this.delta() ? slotWordMasks(layout.leaves, layout.slotCount) : undefined;
    return emitSuccessors(this.ctx, processes, actions, plain, { dependency, slotWords });
  }

  /** Whether the module has `packWords` and its successors say which words changed. */
  private delta(): boolean {
    return this.lowered.layout.packedWords <= MAX_DELTA_WORDS;
  }

  /** The comment, import and module constants at the top. */
  private header(): string[] {
    const { spec, layout } = this.lowered;
    return [
      `// Generated by vmaspec from ${commentText(spec.file)} (spec ${commentText(spec.name)}). Do not edit: run vmaspec compile again.`,
      `// A state is an Int32Array of ${layout.slotCount} slots; packed, it takes ${layout.packedBits} bits (${layout.packedWords} words).`,
      "",
      this.ctx.typeScript ? RUNTIME_IMPORT : '"use strict";\nconst { rt } = require("vmaspec/runtime");',
      "",
      "const NONE = rt.NONE;",
      `const FILE = ${literal(spec.file)};`,
      ...this.ctx.consts.lines(),
      "",
    ];
  }

  /** The exported `spec`: the tables runtime/build-model.ts reads. */
  private tables(
    processTables: string[],
    actionTables: string[],
    invariants: string[],
    constraints: string[],
    properties: string[],
    explanations: string[],
    refinements: string[],
  ): string[] {
    const { spec, layout, stepInfo, shape, symmetry, paramLabels, dependency } = this.lowered;
    return [
      this.ctx.typeScript ? "export const spec: GeneratedSpec = {" : "exports.spec = {",
      `  formatVersion: ${GENERATED_FORMAT_VERSION},`,
      `  name: ${literal(spec.name)},`,
      "  file: FILE,",
      `  slotCount: ${layout.slotCount},`,
      `  packedWords: ${layout.packedWords},`,
      `  packedBits: ${layout.packedBits},`,
      `  stepInfo: ${literal(stepInfo)},`,
      `  processes: [${processTables.join(", ")}],`,
      `  actions: [${actionTables.join(", ")}],`,
      `  branches: ${literal(this.st.branches)},`,
      `  invariantNames: ${literal(spec.invariants.map((i) => i.name))},`,
      `  invariants: [${invariants.join(", ")}],`,
      `  explanations: [${explanations.join(", ")}],`,
      `  properties: [${properties.join(", ")}],`,
      `  constraints: [${constraints.join(", ")}],`,
      "  init,",
      "  successors,",
      "  pack,",
      ...(this.delta() ? ["  packWords,"] : []),
      "  unpack,",
      `  shape: ${literal(shape)},`,
      `  symmetry: ${literal(symmetry)},`,
      `  dependency: ${literal(dependency)},`,
      ...(Object.keys(paramLabels).length ? [`  paramLabels: ${literal(paramLabels)},`] : []),
      ...(refinements.length ? [`  refinements: [${refinements.join(", ")}],`] : []),
      "};",
      "",
    ];
  }
}

function allResets(layout: LoweredSpec["layout"]): Int32Array {
  const out = new Int32Array(layout.slotCount);
  for (const leaf of layout.leaves) out[leaf.slot] = leaf.reset;
  return out;
}
