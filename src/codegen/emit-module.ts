// Emits the whole generated state machine for one configuration of a spec: one function per step
// and action (named after them, with a comment pointing at the source line), the initial-state
// function, invariants, constraints, the bit packer, and the tables the runtime's buildModel
// reads. The same text is compiled in memory by `check` and written to disk by `compile`.

import type { Layout, Leaf, ProcessLayout } from "../ir/layout.js";
import type { CheckedSpec, TStep, TVar } from "../typecheck/typed.js";
import type { StepInfo } from "../model/model.js";
import { GENERATED_FORMAT_VERSION, type StateShape } from "../model/generated.js";
import { FunctionEmitter, setTypeScriptOutput, signature } from "./emitter.js";
import { symmetryShape } from "../ir/symmetry.js";
import { boundName, ExprEmitter } from "./emit-expr.js";
import { frameResets, pcOf, StmtEmitter, tsType } from "./emit-stmt.js";
import { beginModuleConsts, constArray, moduleConstLines } from "./module-consts.js";
import { emitSuccessors, type DispatchAction, type DispatchProcess } from "./emit-successors.js";
import { literal, commentText } from "./literal.js";

const PREDICATE_KINDS: Record<string, string> = {
  inv: "invariant",
  constraint: "constraint",
  premise: "premise of property",
  goal: "goal of property",
  prop: "property",
};

const STATE = ["s", "Int32Array"] as const;
const STEP_PARAMS = [STATE, ["self", "number"], ["o", "number"], ["ch", "Choices"]] as const;

/** The import line of a module written to disk (in memory the same names are provided directly). */
export const RUNTIME_IMPORT = `import { rt, type Choices, type GeneratedSpec, type SuccessorSink, type Transition } from "vmaspec/runtime";`;

/**
 * Generates the module text of a checked spec with its layout: TypeScript (what `compile` writes)
 * or the same code as a JavaScript CommonJS body without type annotations (what `check` and its
 * workers evaluate with codegen/evaluate.ts, so a check never loads the TypeScript compiler).
 */
export function emitModule(spec: CheckedSpec, layout: Layout, language: "ts" | "js" = "ts"): string {
  setTypeScriptOutput(language === "ts");
  try {
    return emitModuleText(spec, layout, language);
  } finally {
    setTypeScriptOutput(true);
  }
}

function emitModuleText(spec: CheckedSpec, layout: Layout, language: "ts" | "js"): string {
  beginModuleConsts();
  FunctionEmitter.resetTemps();
  const ex = new ExprEmitter(layout, "FILE");
  const st = new StmtEmitter(ex, layout, "FILE");
  ex.specFile = spec.file;
  const functions: string[] = [];
  const stepInfo: StepInfo[] = [];
  const paramLabels: Record<number, readonly (readonly string[] | null)[]> = {};
  const fn = (header: string, doc: string, f: FunctionEmitter, ret: string | undefined) => {
    functions.push(
      `/** ${commentText(doc)} */\nfunction ${header} {\n${f.lines.join("\n")}${ret ? `\n  ${ret}` : ""}\n}`,
    );
  };

  // Pure functions: arguments arrive, and the result leaves, in the declared types (ExprEmitter.convert).
  for (const d of spec.fns) ex.fnTypes.set(d.name, { params: d.params.map((p) => p.type), result: d.result });
  for (const d of spec.fns) {
    const f = new FunctionEmitter();
    const v = ex.convert(ex.expr(d.body, f), d.body.type, d.result, d.body, `the result of ${d.name}`);
    const params = d.params.map((p) => [boundName(p.name, p.id), tsType(p.type)] as const);
    fn(signature(`fn_${d.name}`, [STATE, ...params], tsType(d.result)), `fn ${d.name}`, f, `return ${v};`);
  }

  // Process steps: one function per program counter value.
  const dispatch: DispatchProcess[] = [];
  const actionDispatch: DispatchAction[] = [];
  const processTables = layout.processes.map((p) => {
    const stepNames: string[] = [];
    const stepIds: number[] = [];
    const plain: boolean[] = [];
    const bodies: TStep[] = [...p.process.steps, ...p.process.procs.flatMap((proc) => proc.steps)];
    bodies.forEach((step, pcValue) => {
      const owner = p.pcs[pcValue].owner;
      const sameOwner = (i: number) => i < p.pcs.length && p.pcs[i].owner === owner;
      // Falling off the process body's last step finishes the process; falling off a proc's last step returns.
      const next = sameOwner(pcValue + 1) ? pcValue + 1 : owner === null ? p.done : -1;
      const name = `${p.name}_${owner ? `${owner}_` : ""}${step.name}`;
      const f = new FunctionEmitter(
        p,
        p.frames.find((fr) => fr.proc === owner),
        { process: p, owner, next },
      );
      f.stepId = stepInfo.length;
      const ends = st.block(step.body, f);
      let tail: string | undefined;
      if (!ends) {
        if (next >= 0) f.line(`s[o + ${p.pc}] = ${next};`);
        else if (p.process.procs.find((x) => x.name === owner)?.result)
          f.line(
            `rt.runtimeError(${literal(`proc ${owner} ended without returning a value`)}, ${ex.fileOf(step.span.file)}, ${step.span.line});`,
          );
        else {
          const frame = p.frames.find((fr) => fr.proc === owner)!;
          f.line(`const back = s[o + ${frame.ret}] - 1;`);
          f.line(`s.set(${constArray(frameResets(p, frame.proc))}, o + ${frame.start});`);
          f.line(`s[o + ${p.pc}] = back;`);
        }
        tail = "return 1;";
      }
      fn(
        signature(name, STEP_PARAMS, "number"),
        `${owner ? `proc ${owner}, ` : ""}process ${p.name}, step ${step.name} (${step.span.file ?? spec.file}:${step.span.line})`,
        f,
        tail,
      );
      stepNames.push(name);
      stepIds.push(stepInfo.length);
      plain.push(f.choicePoints === 0);
      stepInfo.push({
        owner: p.name,
        name: step.name,
        proc: owner ?? undefined,
        kind: "step",
        file: step.span.file ?? spec.file,
        line: step.span.line,
        params: [],
        indexed: p.process.indexed,
        fair: p.process.fair,
      });
    });
    let guard = "undefined";
    if (p.process.guard) {
      const f = new FunctionEmitter(p);
      const v = ex.expr(p.process.guard, f);
      fn(
        signature(`guard_${p.name}`, STEP_PARAMS.slice(0, 3), "boolean"),
        `process ${p.name}: when`,
        f,
        `return ${v};`,
      );
      guard = `guard_${p.name}`;
    }
    dispatch.push({ layout: p, stepNames, stepIds, plain, guard: p.process.guard ? guard : undefined });
    return `{ name: ${literal(p.name)}, indexed: ${p.process.indexed}, instances: [${p.process.indexValues.join(", ")}], base: ${p.base}, stride: ${p.stride}, pc: ${p.pc}, done: ${p.done}, steps: [${stepNames.join(", ")}], stepIds: [${stepIds.join(", ")}], guard: ${guard} }`;
  });

  // Actions: parameters are choice points at the start of the step.
  const actionTables = spec.actions.map((a) => {
    const f = new FunctionEmitter();
    f.stepId = stepInfo.length;
    for (const b of a.params) {
      st.block([{ k: "choose", binder: b, body: [], span: a.span }], f);
    }
    st.block(a.body, f);
    const name = `action_${a.name}`;
    fn(
      signature(name, [STATE, ["ch", "Choices"]], "number"),
      `action ${a.name} (${a.span.file ?? spec.file}:${a.span.line})`,
      f,
      "return 1;",
    );
    const id = stepInfo.length;
    actionDispatch.push({ name, stepId: id, plain: f.choicePoints === 0 });
    const labels = a.params.map((b) =>
      b.elemType.kind === "enum" ? b.elemType.members : b.elemType.kind === "bool" ? ["false", "true"] : null,
    );
    if (labels.some((l) => l)) paramLabels[id] = labels;
    stepInfo.push({
      owner: a.name,
      name: a.name,
      kind: "action",
      file: a.span.file ?? spec.file,
      line: a.span.line,
      params: a.params.map((b) => b.name),
      indexed: false,
    });
    return `{ stepId: ${id}, run: ${name} }`;
  });

  // Initial states, in the order docs/language.md gives ("Initial state"): every slot at its
  // reset value (so proc frames are empty), globals with their `in S` choices, then each process
  // instance's program counter and locals with theirs, then the `init` blocks (the modules'
  // first), which see and may change all of these. Constraints are checked by the engine after.
  {
    const f = new FunctionEmitter();
    f.line(`s.set(${constArray(allResets(layout))});`);
    for (const v of spec.vars) initVar(v, { k: "global", name: v.name }, f);
    for (const p of layout.processes) {
      p.process.indexValues.forEach((self, i) =>
        f.line(`if (!init_${p.name}(s, ${self}, ${p.base + i * p.stride}, ch)) return 0;`),
      );
    }
    if (spec.init) st.block(spec.init, f);
    fn(signature("init", [STATE, ["ch", "Choices"]], "number"), "the initial states", f, "return 1;");
    for (const p of layout.processes) {
      const g = new FunctionEmitter(p);
      g.line(`s[o + ${p.pc}] = 0;`);
      for (const l of p.process.locals)
        initVar(l, { k: "local", process: p.name, name: l.name, instance: null }, g);
      fn(
        signature(`init_${p.name}`, STEP_PARAMS, "number"),
        `initial program counter and locals of ${p.name}`,
        g,
        "return 1;",
      );
    }
  }

  function initVar(
    v: TVar,
    target: { k: "global"; name: string } | { k: "local"; process: string; name: string; instance: null },
    f: FunctionEmitter,
  ): void {
    const t = { ...target, type: v.type, span: v.span } as import("../typecheck/typed.js").TExpr;
    if (!v.initIn) return st.store(t, v.init, f, v.span.line);
    const id = 1_000_000 + v.span.start;
    // The chosen element has the set's element type, so the write is checked against the variable's type.
    const elemType = v.init.type.kind === "set" ? v.init.type.elem : v.type;
    const binder = { id, name: "init", domain: v.init, elemType };
    const value = { k: "bound" as const, id, name: "init", type: elemType, span: v.span };
    st.block(
      [{ k: "choose", binder, body: [{ k: "assign", target: t, value, span: v.span }], span: v.span }],
      f,
    );
  }

  const predicate = (
    kind: string,
    name: string,
    body: import("../typecheck/typed.js").TExpr,
    at: { file?: string; line: number },
  ) => {
    const f = new FunctionEmitter();
    const v = ex.expr(body, f);
    fn(
      signature(`${kind}_${name}`, [STATE], "boolean"),
      `${PREDICATE_KINDS[kind]} ${name} (${at.file ?? spec.file}:${at.line})`,
      f,
      `return ${v};`,
    );
    return `${kind}_${name}`;
  };
  const invariants = spec.invariants.map((i) => predicate("inv", i.name, i.body, i.span));
  const constraints = spec.constraints.map((c) => predicate("constraint", c.name, c.body, c.span));
  const properties = spec.properties.map((p) => {
    const lhs = p.lhs ? `, lhs: ${predicate("premise", p.name, p.lhs, p.span)}` : "";
    const rhs = predicate(p.kind === "leadsTo" ? "goal" : "prop", p.name, p.rhs, p.span);
    return `{ name: ${literal(p.name)}, kind: ${literal(p.kind)}${lhs}, rhs: ${rhs} }`;
  });

  functions.push(emitSuccessors(dispatch, actionDispatch, layout.slotCount));
  functions.push(emitPack(layout.leaves, layout.packedWords));
  functions.push(emitUnpack(layout.leaves, layout.packedWords));

  const shape: StateShape = {
    globals: layout.globals.map((g) => ({ name: g.name, type: g.type, offset: g.offset })),
    processes: layout.processes.map((p) => ({
      name: p.name,
      indexed: p.process.indexed,
      instances: p.process.indexValues,
      base: p.base,
      stride: p.stride,
      pc: p.pc,
      pcNames: [...p.pcs.map((x) => (x.owner ? `${x.owner}.${x.step}` : x.step)), "done"],
      locals: p.locals.map((l) => ({ name: l.name, type: l.type, offset: l.offset })),
      frames: p.frames.map((fr) => ({
        proc: fr.proc,
        ret: fr.ret,
        vars: [...fr.params, ...fr.locals].map((v) => ({ name: v.name, type: v.type, offset: v.offset })),
      })),
    })),
  };

  return [
    `// Generated by vmaspec from ${commentText(spec.file)} (spec ${commentText(spec.name)}). Do not edit: run vmaspec compile again.`,
    `// A state is an Int32Array of ${layout.slotCount} slots; packed, it takes ${layout.packedBits} bits (${layout.packedWords} words).`,
    "",
    language === "ts" ? RUNTIME_IMPORT : '"use strict";\nconst { rt } = require("vmaspec/runtime");',
    "",
    "const NONE = rt.NONE;",
    `const FILE = ${literal(spec.file)};`,
    ...moduleConstLines(),
    "",
    functions.join("\n\n"),
    "",
    language === "ts" ? "export const spec: GeneratedSpec = {" : "exports.spec = {",
    `  formatVersion: ${GENERATED_FORMAT_VERSION},`,
    `  name: ${literal(spec.name)},`,
    "  file: FILE,",
    `  slotCount: ${layout.slotCount},`,
    `  packedWords: ${layout.packedWords},`,
    `  packedBits: ${layout.packedBits},`,
    `  stepInfo: ${literal(stepInfo)},`,
    `  processes: [${processTables.join(", ")}],`,
    `  actions: [${actionTables.join(", ")}],`,
    `  branches: ${literal(st.branches)},`,
    `  invariantNames: ${literal(spec.invariants.map((i) => i.name))},`,
    `  invariants: [${invariants.join(", ")}],`,
    `  properties: [${properties.join(", ")}],`,
    `  constraints: [${constraints.join(", ")}],`,
    "  init,",
    "  successors,",
    "  pack,",
    "  unpack,",
    `  shape: ${literal(shape)},`,
    `  symmetry: ${literal(symmetryShape(spec, layout))},`,
    ...(Object.keys(paramLabels).length ? [`  paramLabels: ${literal(paramLabels)},`] : []),
    "};",
    "",
  ].join("\n");
}

function allResets(layout: Layout): Int32Array {
  const out = new Int32Array(layout.slotCount);
  for (const leaf of layout.leaves) out[leaf.slot] = leaf.reset;
  return out;
}

/** Straight-line bit packing of every leaf, in layout order. */
function emitPack(leaves: Leaf[], words: number): string {
  const lines: string[] = [];
  let bit = 0;
  let word = 0;
  lines.push("  let x = 0;");
  for (const leaf of leaves) {
    if (leaf.bits === 0) continue;
    const v = leaf.optional
      ? `(s[${leaf.slot}] === NONE ? 0 : s[${leaf.slot}] - ${leaf.lo - 1})`
      : leaf.lo === 0
        ? `s[${leaf.slot}]`
        : `(s[${leaf.slot}] - ${leaf.lo})`;
    if (bit + leaf.bits <= 32) {
      lines.push(bit === 0 ? `  x = ${v};` : `  x |= ${v} << ${bit};`);
      bit += leaf.bits;
      if (bit === 32) {
        lines.push(`  w[o + ${word++}] = x;`, "  x = 0;");
        bit = 0;
      }
    } else {
      lines.push(`  const v${leaf.slot} = ${v};`);
      lines.push(`  x |= v${leaf.slot} << ${bit};`, `  w[o + ${word++}] = x;`);
      lines.push(`  x = v${leaf.slot} >>> ${32 - bit};`);
      bit = bit + leaf.bits - 32;
    }
  }
  if (word < words) lines.push(`  w[o + ${word}] = x;`);
  return `/** Packs a state's slots into ${words} words. */\nfunction ${signature("pack", [STATE, ["w", "Uint32Array"], ["o", "number"]], "void")} {\n${lines.join("\n")}\n}`;
}

/** The inverse of pack. */
function emitUnpack(leaves: Leaf[], words: number): string {
  const lines: string[] = [];
  let bit = 0;
  let word = 0;
  lines.push("  let x = w[o];");
  for (const leaf of leaves) {
    if (leaf.bits === 0) {
      lines.push(`  s[${leaf.slot}] = ${leaf.lo};`);
      continue;
    }
    const mask = leaf.bits >= 32 ? "" : ` & ${2 ** leaf.bits - 1}`;
    let raw: string;
    if (bit + leaf.bits <= 32) {
      raw = `((x >>> ${bit})${mask})`;
      bit += leaf.bits;
    } else {
      raw = `(((x >>> ${bit}) | (w[o + ${word + 1}] << ${32 - bit}))${mask})`;
      bit = bit + leaf.bits - 32;
      word++;
      lines.push(`  const r${leaf.slot} = ${raw};`);
      lines.push(`  x = w[o + ${word}];`);
      raw = `r${leaf.slot}`;
    }
    const value = leaf.optional
      ? `(${raw} === 0 ? NONE : ${raw} + ${leaf.lo - 1})`
      : leaf.bits >= 32
        ? `${raw} | 0`
        : leaf.lo === 0
          ? raw
          : `${raw} + ${leaf.lo}`;
    lines.push(`  s[${leaf.slot}] = ${value};`);
    if (bit === 32 && word + 1 < words) {
      word++;
      bit = 0;
      lines.push(`  x = w[o + ${word}];`);
    }
  }
  return `/** Unpacks ${words} words into a state's slots. */\nfunction ${signature("unpack", [["w", "Uint32Array"], ["o", "number"], STATE], "void")} {\n${lines.join("\n")}\n}`;
}

export type { ProcessLayout };
export { pcOf };
