// The compiler pipeline, top to bottom: parse → resolve → typecheck → lower → emit. In: a spec
// file and a configuration of constants. Out: the generated TypeScript module and the Model the
// engines run, or the diagnostics that stopped it. Each phase has its own output type.

import { error, type Diagnostic } from "./diagnostics/diagnostic.js";
import { loadProgram, type LoadedProgram, type LoadOptions } from "./resolve/load.js";
import { buildSymbols, type SymbolTable } from "./resolve/symbols.js";
import { typecheckSpec } from "./typecheck/spec.js";
import type { ConstOverride } from "./typecheck/consts.js";
import type { CheckedSpec } from "./typecheck/typed.js";
import { computeLayout, type Layout } from "./ir/layout.js";
import { lower } from "./ir/lower.js";
import { emitModule } from "./codegen/emit-module.js";
import { evaluateGenerated } from "./codegen/evaluate.js";
import { buildModel } from "./runtime/build-model.js";
import type { GeneratedSpec } from "./model/generated.js";
import type { Model } from "./model/model.js";

/** A spec parsed and resolved once; configurations are compiled from it. */
export interface FrontEnd {
  program: LoadedProgram;
  table: SymbolTable;
  specName: string;
}

/** Parses a spec and its imports and resolves names (`options`: the language server's, see loadProgram). */
export function frontEnd(
  path: string,
  options?: LoadOptions,
): {
  front?: FrontEnd;
  diagnostics: Diagnostic[];
  texts: Map<string, string>;
  /** The parsed files, when every one parsed (the language server indexes names from them). */
  program?: LoadedProgram;
} {
  const loaded = loadProgram(path, options);
  const texts = loaded.texts;
  if (!loaded.program) return { diagnostics: loaded.diagnostics, texts };
  const { table, diagnostics } = buildSymbols(loaded.program);
  const all = [...loaded.diagnostics, ...diagnostics];
  if (all.some((d) => d.severity === "error")) return { diagnostics: all, texts, program: loaded.program };
  return {
    front: { program: loaded.program, table, specName: loaded.program.root.ast.header.name.name },
    diagnostics: all,
    texts,
    program: loaded.program,
  };
}

export interface Compiled {
  spec: CheckedSpec;
  layout: Layout;
  /** The generated TypeScript module, as `compile` writes it (emitted when first read). */
  readonly source: string;
  /** The same module as JavaScript: what `check` and its parallel workers evaluate (checks/worker-model.ts). */
  js: string;
  generated: GeneratedSpec;
}

/** Type-checks one configuration: what `parse` reports, without generating code. */
export function typeCheckConfiguration(
  front: FrontEnd,
  overrides: readonly ConstOverride[],
): { spec?: CheckedSpec; diagnostics: Diagnostic[] } {
  return typecheckSpec(front.table, front.specName, front.program.root.name, overrides);
}

/** Type-checks one configuration, lowers it and generates its state machine. */
export function compileConfiguration(
  front: FrontEnd,
  overrides: readonly ConstOverride[],
): { compiled?: Compiled; diagnostics: Diagnostic[] } {
  try {
    const { spec, diagnostics } = typeCheckConfiguration(front, overrides);
    if (!spec) return { diagnostics };
    const layout = computeLayout(spec);
    const lowered = lower(spec, layout);
    // The checker runs JavaScript emitted directly: no transpiler (and no TypeScript load) per run.
    const js = emitModule(lowered, "js");
    const generated = evaluateGenerated(js);
    let source: string | undefined;
    const compiled: Compiled = {
      spec,
      layout,
      get source() {
        return (source ??= emitModule(lowered, "ts"));
      },
      js,
      generated,
    };
    return { compiled, diagnostics };
  } catch (e) {
    // The parser bounds nesting (ast/depth.ts); inlining macros into macros can still deepen an
    // expression past what the recursive phases can walk. That is a spec too deep, not a bug.
    if (!(e instanceof RangeError && /call stack/.test(e.message))) throw e;
    const message = "the spec nests too deeply to compile once macros are inlined: split it with fns";
    return { diagnostics: [error("S007", message, front.table.header)] };
  }
}

/** The engines' model of a compiled configuration, minus the invariants a check ignores. */
export function modelOf(compiled: Compiled, ignored: readonly string[] = []): Model {
  return buildModel(compiled.generated, ignored);
}
