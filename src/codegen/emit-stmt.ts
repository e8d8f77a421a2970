// Emits TypeScript for typed statements: assignments as checked slot writes, `await` as "no
// successor on this path", `either`/`choose` as choice points, `goto`/`call`/`return` as program
// counter and frame updates that end the step, and macros inlined in labelled blocks.

import type { Layout, ProcessLayout } from "../ir/layout.js";
import { pcOf } from "../ir/steps.js";
import { formulaParts, type FormulaPart } from "../ir/lower.js";
import type { TExpr, TMacroCall, TStmt } from "../typecheck/typed.js";
import { isFlatRecord, isScalar, isWideSet, type Type } from "../model/types.js";
import { type FunctionEmitter, type ParamBinding, type StepPlace } from "./emitter.js";
import type { ExprEmitter } from "./emit-expr.js";
import { isIteratedOnly } from "./emit-expr.js";
import { annotatedOff, boundName, frameStart, irqSlot, pcSlot, pcValue, retSlot } from "./slots.js";
import { checkTable, leafResets } from "./module-consts.js";
import { literal } from "./literal.js";

export class StmtEmitter {
  /** Every `either` branch emitted so far, in the order of their ids (for coverage). */
  readonly branches: { step: number; line: number; index: number; file?: string }[] = [];

  constructor(
    readonly ex: ExprEmitter,
    readonly layout: Layout,
    readonly fileConst: string,
  ) {
    ex.inlineMacro = (call, f) => this.inlineMacro(call, f);
  }

  private err(line: number, file?: string): string {
    return `${this.ex.fileOf(file)}, ${line}`;
  }

  /** Emits statements; returns true when control cannot fall off the end (goto, call, return). */
  block(stmts: TStmt[], f: FunctionEmitter): boolean {
    for (const s of stmts) if (this.stmt(s, f)) return true;
    return false;
  }

  private stmt(s: TStmt, f: FunctionEmitter): boolean {
    switch (s.k) {
      case "assign":
        this.store(s.target, s.value, f, s.span.line);
        return false;
      case "let":
        f.line(`const ${boundName(s.name, s.id)} = ${this.ex.expr(s.value, f)};`);
        return false;
      case "if":
        return this.ifStmt(s, f);
      case "await":
        f.line(
          `if (${this.failing(s.cond, f)}) return ch.blocked(${s.span.line}, ${this.ex.fileOf(s.span.file)});`,
        );
        return false;
      case "assert":
        this.assert(s, f);
        return false;
      case "either":
        return this.either(s, f);
      case "choose":
        return this.choose(s, f);
      case "while":
        return this.whileLoop(s, f);
      case "goto": {
        const p = this.requirePlace(f.place, s.span.line);
        if (p.handler) f.line(`${irqSlot(p.handler)} = ${p.handler.values.get(s.step) ?? 0};`);
        else f.line(`${pcSlot(p.process)} = ${pcValue(p.process, pcOf(p.process, p.owner, s.step))};`);
        f.line("return 1;");
        return true;
      }
      case "call":
        this.call(s, f, this.requirePlace(f.place, s.span.line));
        return true;
      case "return":
        return this.returnStmt(s, f);
      case "macroReturn": {
        const exit = f.macroExit!;
        if (s.value && exit.result && exit.type) {
          const v = this.ex.expr(s.value, f);
          const what = `the result of macro ${exit.macro}`;
          f.line(`${exit.result} = ${this.ex.convert(v, s.value.type, exit.type, s.value, what)};`);
        }
        f.line(`break ${exit.label};`);
        return true;
      }
      case "macroStmt":
        this.inlineMacro(s.call, f);
        return false;
    }
  }

  /**
   * `assert c : "message"`. Its failure also carries each sub-formula's value, evaluated where it
   * failed (locals in scope), so the why-panel can name the part that broke (for an atom: the atom
   * itself). Evaluating them cannot change the verdict: an error in one only ends the list.
   */
  private assert(s: Extract<TStmt, { k: "assert" }>, f: FunctionEmitter): void {
    const where = `${literal(s.message)}, ${this.err(s.span.line, s.span.file)}`;
    const parts = formulaParts(s.cond, (name) => this.ex.fnDefs.get(name));
    if (parts.every((p) => (!p.op || p.op === "!") && !p.quant && !p.call)) {
      // An atom under `!`s: its value, and theirs, follow from the failure (false at the top).
      const known = parts.map(
        (p) => `[${literal(p.text)}, ${p.depth}, ${literal(p.op ?? "")}, ${p.depth % 2 === 1}]`,
      );
      f.line(`if (${this.failing(s.cond, f)}) rt.assertFailed(${where}, [${known.join(", ")}]);`);
      return;
    }
    f.open(`if (${this.failing(s.cond, f)}) {`);
    // Not a numbered temporary: the numbers of every later one would shift. No other name is
    // plain `why` (spec names carry their binder's number), and the block scopes it.
    const why = "why";
    f.line(`const ${why}${this.ex.ctx.ann(": [string, number, string, boolean][]")} = [];`);
    f.open("try {");
    this.explainParts(parts, why, f);
    f.middle("} catch (e) {");
    f.line("rt.onlyModelErrors(e);");
    f.close();
    f.line(`rt.assertFailed(${where}, ${why});`);
    f.close();
  }

  /**
   * Pushes `[text, depth, op, value]` for each part onto the array `why`, a block per part (a part
   * re-evaluates names its expression binds: `let`, quantifiers). Below a `forall`, the first
   * binding whose body is false (`exists`: true, else the first binding), then the body's parts
   * with it bound.
   */
  explainParts(parts: readonly FormulaPart[], why: string, f: FunctionEmitter): void {
    for (const p of parts) {
      f.open("{");
      f.line(
        `${why}.push([${literal(p.text)}, ${p.depth}, ${literal(p.op ?? "")}, ${this.ex.expr(p.expr, f)}]);`,
      );
      f.close();
      if (p.quant) this.explainBinding(p.quant, p.depth + 1, why, f);
      if (p.call) this.explainCall(p.call, p.depth + 1, why, f);
    }
  }

  /** Below a call of a `fn`: `with x = 1:`, its parameters' values, then its body's parts. */
  explainCall(c: NonNullable<FormulaPart["call"]>, depth: number, why: string, f: FunctionEmitter): void {
    f.open("{");
    const args = this.ex.fnArgs(c.call, f);
    c.fn.params.forEach((p, i) => f.line(`const ${boundName(p.name, p.id)} = ${args[i]};`));
    const shown = c.fn.params.map(
      (p) =>
        `${p.name} = \${rt.boundText(${boundName(p.name, p.id)}, ${this.ex.ctx.consts.constType(p.type)})}`,
    );
    const head = shown.length ? `with ${shown.join(", ")}:` : `by the definition of ${c.fn.name}:`;
    f.line(`${why}.push([\`${head}\`, ${depth}, "for", ${this.ex.expr(c.fn.body, f)}]);`);
    this.explainParts(c.parts, why, f);
    f.close();
  }

  explainBinding(q: NonNullable<FormulaPart["quant"]>, depth: number, why: string, f: FunctionEmitter): void {
    const forall = q.q === "forall";
    const mark = f.temp("mark");
    const label = f.temp("Lwhy");
    f.line(`const ${mark} = ${why}.length;`);
    const names = q.binders.map((b) => b.name).join(", ");
    const nest = (i: number): void => {
      if (i < q.binders.length) {
        this.ex.loop(q.binders[i], f, () => nest(i + 1), i === 0 ? label : undefined);
        return;
      }
      const bound = q.binders
        .map(
          (b) =>
            `${b.name} = \${rt.boundText(${boundName(b.name, b.id)}, ${this.ex.ctx.consts.constType(b.elemType)})}`,
        )
        .join(", ");
      const push = (note: string, value: string): void => {
        f.line(`${why}.push([\`for ${bound}${note}:\`, ${depth}, "for", ${value}]);`);
        this.explainParts(q.parts, why, f);
      };
      const body = f.capture(() => this.ex.expr(q.body, f));
      f.emitCaptured(body.lines);
      const value = f.temp("holds");
      f.line(`const ${value} = ${body.value};`);
      f.open(`if (${forall ? "!" : ""}${value}) {`);
      if (!forall) f.line(`${why}.length = ${mark};`);
      push("", value);
      f.line(`break ${label};`);
      f.close();
      if (forall) return;
      // No binding makes it true (so far): explain the first, replaced if one does.
      f.open(`if (${why}.length === ${mark}) {`);
      push(` (no ${names} makes it true)`, value);
      f.close();
    };
    nest(0);
  }

  /** The test that a condition fails: `!c`, or for `!x` (`assert !freed`) x itself, not `!!x`. */
  private failing(cond: TExpr, f: FunctionEmitter): string {
    if (cond.k === "not") return this.ex.expr(cond.e, f);
    return `!${wrap(this.ex.expr(cond, f))}`;
  }

  /** `if c { .. } else { .. }`; ends when both branches end. */
  private ifStmt(s: Extract<TStmt, { k: "if" }>, f: FunctionEmitter): boolean {
    const c = this.ex.expr(s.cond, f);
    // `if FREE_EARLY { goto free }` with the constant false is left out, unless its block
    // holds an `either`, whose branches the coverage table must still list.
    if (c === "false" && s.else.length === 0 && !containsEither(s.then)) return false;
    f.open(`if (${c}) {`);
    const a = this.block(s.then, f);
    if (s.else.length) {
      f.middle("} else {");
      const b = this.block(s.else, f);
      f.close();
      return a && b;
    }
    f.close();
    return false;
  }

  /** `either { .. } or { .. }`: a choice point over the branches, each listed for coverage; ends when all end. */
  private either(s: Extract<TStmt, { k: "either" }>, f: FunctionEmitter): boolean {
    const b = f.temp("branch");
    f.choicePoints++;
    f.line(`const ${b} = ch.pick(${s.branches.length});`);
    f.line(`ch.show(${b});`);
    let allEnd = true;
    s.branches.forEach((branch, i) => {
      if (i === 0) f.open(`if (${b} === 0) {`);
      else if (i < s.branches.length - 1) f.middle(`} else if (${b} === ${i}) {`);
      else f.middle("} else {");
      f.line(`ch.branch(${this.branches.length});`);
      // The either's own file: a macro's either sits in the module that defines it, not the step's.
      this.branches.push({
        step: f.stepId,
        line: branch[0]?.span.line ?? s.span.line,
        index: i,
        file: s.span.file,
      });
      allEnd = this.block(branch, f) && allEnd;
    });
    f.close();
    return allEnd;
  }

  /** `choose x in S { .. }`: a choice point over the elements of S (none: no successor on this path). */
  private choose(s: Extract<TStmt, { k: "choose" }>, f: FunctionEmitter): boolean {
    const x = boundName(s.binder.name, s.binder.id);
    const d = s.binder.domain;
    const k = f.temp("k");
    f.choicePoints++;
    if (d.k === "range") {
      const [lo, hi] = this.ex.operands([d.lo, d.hi], f);
      const lov = f.temp("lo");
      f.line(`const ${lov} = ${lo};`);
      f.line(`const ${k} = ch.pick(${hi} - ${lov} + 1);`);
      f.line(`if (${k} < 0) return 0;`);
      f.line(`const ${x} = ${valueOf(s.binder.elemType, `${lov} + ${k}`)};`);
    } else if (isIteratedOnly(s.binder)) {
      const elems = this.ex.iteratedElements(d as Extract<TExpr, { k: "setFilter" | "setMap" }>, f);
      f.line(`const ${k} = ch.pick(${elems}.length);`);
      f.line(`if (${k} < 0) return 0;`);
      f.line(`const ${x} = ${elems}[${k}];`);
    } else if (d.k === "builtin" && d.fn === "subsets") {
      // The k-th subset of S in increasing order: k's bits spread over S's bits.
      const m = f.temp("of");
      f.line(`const ${m} = ${this.ex.expr(d.args[0], f)};`);
      f.line(`const ${k} = ch.pick(2 ** rt.popcount(${m}));`);
      f.line(`if (${k} < 0) return 0;`);
      f.line(`const ${x} = rt.depositBits(${k}, ${m});`);
    } else {
      const m = f.temp("dom");
      f.line(`const ${m} = ${this.ex.expr(d, f)};`);
      const wide = isWideSet(d.type);
      f.line(`const ${k} = ch.pick(rt.${wide ? "wideCard" : "popcount"}(${m}));`);
      f.line(`if (${k} < 0) return 0;`);
      const elem = s.binder.elemType;
      const ord = `rt.${wide ? "wideNth" : "nthBit"}(${m}, ${k})`;
      if (isFlatRecord(elem)) {
        // A record is shown as its ordinal, which the step's parameter labels name.
        const o = f.temp("ord");
        f.line(`const ${o} = ${ord};`);
        f.line(`const ${x} = ${this.ex.elemAt(elem, o)};`);
        f.line(`ch.show(${o});`);
        return this.block(s.body, f);
      }
      f.line(
        `const ${x} = ${valueOf(elem, elem.kind === "int" && elem.lo !== 0 ? `${ord} + ${elem.lo}` : ord)};`,
      );
    }
    f.line(`ch.show(${s.binder.elemType.kind === "bool" ? `${x} ? 1 : 0` : x});`);
    return this.block(s.body, f);
  }

  /** `while c { .. }`, bounded at 10000 iterations a step. */
  private whileLoop(s: Extract<TStmt, { k: "while" }>, f: FunctionEmitter): boolean {
    const n = f.temp("n");
    f.line(`let ${n} = 0;`);
    f.open("while (true) {");
    const c = this.ex.expr(s.cond, f);
    f.line(`if (!${wrap(c)}) break;`);
    f.line(
      `if (++${n} > 10000) rt.runtimeError("a while loop ran more than 10000 iterations in one step", ${this.err(s.span.line, s.span.file)});`,
    );
    this.block(s.body, f);
    f.close();
    return false;
  }

  /** `return [v]` from a proc: the result is stored where the call site wants it, the frame reset, control back at the return point. */
  private returnStmt(s: Extract<TStmt, { k: "return" }>, f: FunctionEmitter): boolean {
    const p = this.requirePlace(f.place, s.span.line);
    const frame = p.process.frames.find((fr) => fr.proc === p.owner)!;
    // A result is computed before the frame it may read is reset.
    // It leaves the proc in the declared result type, then is stored at the caller's location.
    const resultType = p.process.process.procs.find((x) => x.name === p.owner)?.result;
    let result: string | undefined;
    if (s.value && resultType) {
      result = f.temp("result");
      const what = `the result of proc ${p.owner}`;
      const js = this.ex.convert(this.ex.expr(s.value, f), s.value.type, resultType, s.value, what);
      f.line(`const ${result} = ${isScalar(s.value.type) ? js : `Int32Array.from(${js})`};`);
    }
    const r = f.temp("ret");
    f.line(`const ${r} = ${retSlot(frame)} - 1;`);
    f.line(
      `s.set(${this.ex.ctx.consts.constArray(frameResets(p.process, frame.proc))}, ${frameStart(frame)});`,
    );
    // The return point tells the call site, and so where the caller wants the result.
    if (s.value && result)
      for (const site of p.resultSites) {
        f.open(`if (${r} === ${site.pc}) {`);
        this.store(site.target, s.value, f, s.span.line, result, resultType);
        f.close();
      }
    f.line(`${pcSlot(p.process)} = ${r};`);
    f.line("return 1;");
    return true;
  }

  private requirePlace(place: StepPlace | undefined, line: number): StepPlace {
    if (!place) throw new Error(`internal: goto/call/return outside a process step (line ${line})`);
    return place;
  }

  /** Writes `value` to the location `target`, checking it against the target's type. */
  store(
    target: TExpr,
    value: TExpr,
    f: FunctionEmitter,
    line: number,
    computed?: string,
    computedType?: Type,
  ): void {
    if (computed === undefined && value.k === "mapLit") this.ex.scratchFor = value;
    const v = computed ?? this.ex.expr(value, f);
    const vt = computedType ?? value.type;
    const l = this.ex.loc(target, f);
    const off = annotatedOff(l);
    const t = target.type;
    const what = literal(describeLocation(target, (id) => f.params.get(id)));
    if (isScalar(t)) {
      let js = this.ex.slotValue(v, vt, t, value);
      if (t.kind === "int" && !(vt.kind === "int" && vt.lo >= t.lo && vt.hi <= t.hi))
        js = `rt.checkRange(${js}, ${t.lo}, ${t.hi}, ${what}, ${this.err(line, value.span?.file)})`;
      if (t.kind === "option" && t.inner.kind === "int") {
        const inner = vt.kind === "option" ? vt.inner : vt;
        if (!(inner.kind === "int" && inner.lo >= t.inner.lo && inner.hi <= t.inner.hi))
          js = `rt.checkOptRange(${js}, ${t.inner.lo}, ${t.inner.hi}, ${what}, ${this.err(line, value.span?.file)})`;
      }
      f.line(`${l.arr}[${off}] = ${js};`);
      return;
    }
    const js = this.ex.slotValue(v, vt, t, value);
    f.line(
      `rt.storeChecked(${l.arr}, ${off}, ${js}, ${this.ex.ctx.consts.constArray(checkTable(t))}, ${what}, ${this.err(line, value.span?.file)});`,
    );
  }

  private call(s: Extract<TStmt, { k: "call" }>, f: FunctionEmitter, place: StepPlace): void {
    const p = place.process;
    const callee = p.process.procs.find((x) => x.name === s.proc)!;
    const frame = p.frames.find((fr) => fr.proc === s.proc)!;
    const args = this.ex.operands(s.args, f).map((a) => {
      const t = f.temp("arg");
      f.line(`const ${t} = ${a};`);
      return t;
    });
    let ret: string;
    // A call in a proc's last step returns, after the callee, straight to the proc's own caller.
    const tail = s.then.kind === "tail" || (s.then.kind === "next" && place.next < 0);
    if (tail) {
      const current = p.frames.find((fr) => fr.proc === place.owner)!;
      ret = f.temp("ret");
      f.line(`const ${ret} = ${retSlot(current)} - 1;`);
      f.line(
        `s.set(${this.ex.ctx.consts.constArray(frameResets(p, current.proc))}, ${frameStart(current)});`,
      );
    } else if (s.then.kind === "goto") ret = pcValue(p, pcOf(p, place.owner, s.then.step));
    else ret = pcValue(p, place.next);
    callee.params.forEach((_, i) => {
      const slot = frame.params[i];
      const target: TExpr = { k: "frame", proc: s.proc, name: slot.name, type: slot.type, span: s.span };
      this.store(target, s.args[i], f, s.span.line, args[i]);
    });
    for (const local of callee.locals) {
      const target: TExpr = {
        k: "frame",
        proc: s.proc,
        name: local.name,
        type: local.type,
        span: local.span,
      };
      this.store(target, local.init, f, local.span.line);
    }
    f.line(`${retSlot(frame)} = ${ret} + 1;`);
    f.line(`${pcSlot(p)} = ${pcValue(p, pcOf(p, s.proc, callee.steps[0].name))};`);
    f.line("return 1;");
  }

  /** Inlines a macro body in a labelled block; returns the temporary holding its result. */
  inlineMacro(call: TMacroCall, f: FunctionEmitter): string | undefined {
    const values = call.params.map((param, i) => {
      if (param.byRef) return undefined;
      const what = `argument '${param.name}' of ${call.macro}`;
      return this.ex.convert(
        this.ex.expr(call.args[i], f),
        call.args[i].type,
        param.type,
        call.args[i],
        what,
      );
    });
    call.params.forEach((param, i) => {
      if (param.byRef) f.params.set(param.id, { byRef: true, arg: call.args[i] });
      else {
        const name = boundName(param.name, param.id);
        f.line(`const ${name} = ${values[i]};`);
        f.params.set(param.id, { byRef: false, js: name });
      }
    });
    const result = call.resultType ? f.temp(`${call.macro}_result`) : undefined;
    if (result) f.line(`let ${result}${this.ex.ctx.ann(`: ${tsType(call.resultType!)} | undefined`)};`);
    const label = f.temp(call.macro);
    const saved = f.macroExit;
    f.macroExit = { label, result, type: call.resultType, macro: call.macro };
    f.open(`${label}: {`);
    this.block(call.body, f);
    f.close();
    f.macroExit = saved;
    if (!result) return undefined;
    f.line(
      `if (${result} === undefined) rt.runtimeError("macro ${call.macro} ended without returning a value", ${this.err(call.span.line, call.span.file)});`,
    );
    // TypeScript does not narrow through rt.runtimeError (a property, not a declared function).
    return result + this.ex.ctx.ann("!");
  }
}

/** Reset values of a proc's whole frame (return slot, parameters, locals). */
export function frameResets(p: ProcessLayout, proc: string): Int32Array {
  const frame = p.frames.find((fr) => fr.proc === proc)!;
  const out = new Int32Array(frame.end - frame.start);
  for (const v of [...frame.params, ...frame.locals]) out.set(leafResets(v.type), v.offset - frame.start);
  return out;
}

/** Whether statements hold an `either`, directly or in a macro they inline. */
function containsEither(value: unknown, seen = new WeakSet<object>()): boolean {
  if (typeof value !== "object" || value === null || seen.has(value)) return false;
  seen.add(value);
  if ((value as { k?: unknown }).k === "either") return true;
  return Object.values(value).some((v) => containsEither(v, seen));
}

function valueOf(t: Type, ordinalJs: string): string {
  if (t.kind === "bool") return `(${ordinalJs}) !== 0`;
  return ordinalJs;
}

function wrap(js: string): string {
  return /^[\w.!]+$/.test(js) || (js.startsWith("(") && js.endsWith(")")) ? js : `(${js})`;
}

/** The TypeScript type of an expression value. */
export function tsType(t: Type): string {
  if (t.kind === "bool") return "boolean";
  return isScalar(t) ? "number" : "Int32Array";
}

/** A short name for a location, for runtime error messages: `vmas[..].refcnt`. A by-reference
 * macro parameter is named by the caller's location it stands for. */
export function describeLocation(e: TExpr, param?: (id: number) => ParamBinding | undefined): string {
  switch (e.k) {
    case "global":
      return e.name;
    case "local":
      return e.instance ? `${e.process}[..].${e.name}` : e.name;
    case "frame":
      return e.name;
    case "param": {
      const b = param?.(e.id);
      return b?.byRef ? describeLocation(b.arg, param) : e.name;
    }
    case "field": {
      const t = e.target.type as Extract<Type, { kind: "record" }>;
      return `${describeLocation(e.target, param)}.${t.fields[e.index].name}`;
    }
    case "index":
      return `${describeLocation(e.target, param)}[..]`;
    default:
      return "value";
  }
}
