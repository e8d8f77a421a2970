// Code generation keeps its state (temporary names, module constants) in one ModuleContext per
// module, not in module-level variables: emitting one module must not change the text of another,
// whether the two are written one after the other or interleaved function by function.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileConfiguration, frontEnd } from "../../src/compile.js";
import { ModuleContext } from "../../src/codegen/context.js";
import { ExprEmitter } from "../../src/codegen/emit-expr.js";
import { FunctionEmitter } from "../../src/codegen/emitter.js";
import { emitModule } from "../../src/codegen/emit-module.js";
import { lower } from "../../src/ir/lower.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function compiled(spec: string) {
  const fe = frontEnd(join(root, spec));
  const { compiled } = compileConfiguration(fe.front!, []);
  return compiled!;
}

describe("the per-module code generation context", () => {
  it("emits the same text for a module alone, after another and twice in a row", () => {
    const a = compiled("specs/mmap_lock_seq.vmaspec");
    const b = compiled("test/fixtures/lang/compound_values.vmaspec");
    const [la, lb] = [lower(a.spec, a.layout), lower(b.spec, b.layout)];
    const aloneA = emitModule(la, "ts");
    const aloneB = emitModule(lb, "ts");
    expect(emitModule(lb, "ts")).toBe(aloneB);
    expect(emitModule(la, "ts")).toBe(aloneA);
    expect(emitModule(la, "js")).toBe(a.js);
    expect(emitModule(la, "ts")).toBe(a.source);
  });

  it("numbers the temporaries and constants of interleaved modules independently", () => {
    const a = compiled("specs/mmap_lock_seq.vmaspec");
    const b = compiled("test/fixtures/lang/compound_values.vmaspec");
    const bodies = (spec: typeof a) => [...spec.spec.invariants, ...spec.spec.constraints].map((p) => p.body);
    /** Emits each predicate of a spec into its context; `between` runs after each one. */
    const emitter = (spec: typeof a, ctx: ModuleContext) => {
      const ex = new ExprEmitter(ctx, spec.layout, "FILE");
      for (const d of spec.spec.fns)
        ex.fnTypes.set(d.name, { params: d.params.map((p) => p.type), result: d.result });
      return ex;
    };
    const emit = (spec: typeof a, ctx: ModuleContext, between: () => void) => {
      const ex = emitter(spec, ctx);
      return bodies(spec).map((body) => {
        const f = new FunctionEmitter(ctx);
        const value = ex.expr(body, f);
        between();
        return [...f.lines, value].join("\n");
      });
    };
    const alone = (spec: typeof a) => {
      const ctx = new ModuleContext(true);
      return { text: emit(spec, ctx, () => {}), consts: ctx.consts.lines() };
    };
    const expectedA = alone(a);
    const expectedB = alone(b);
    expect(bodies(a).length).toBeGreaterThan(1);
    // Both modules name temporaries (`all3`, `dom5`), and they declare constants, so sharing would show.
    for (const e of [expectedA, expectedB]) expect(e.text.join("\n")).toMatch(/\b[a-z]+\d+\b/);
    expect(expectedA.consts.length + expectedB.consts.length).toBeGreaterThan(0);

    // Module b's expressions are written between each two of module a's.
    const [ctxA, ctxB] = [new ModuleContext(true), new ModuleContext(true)];
    const textB: string[] = [];
    const pendingB = bodies(b);
    const exB = emitter(b, ctxB);
    const textA = emit(a, ctxA, () => {
      const body = pendingB.shift();
      if (!body) return;
      const f = new FunctionEmitter(ctxB);
      const value = exB.expr(body, f);
      textB.push([...f.lines, value].join("\n"));
    });
    for (const body of pendingB) {
      const f = new FunctionEmitter(ctxB);
      const value = exB.expr(body, f);
      textB.push([...f.lines, value].join("\n"));
    }
    expect(textA).toEqual(expectedA.text);
    expect(ctxA.consts.lines()).toEqual(expectedA.consts);
    expect(textB).toEqual(expectedB.text);
    expect(ctxB.consts.lines()).toEqual(expectedB.consts);
  });
});
