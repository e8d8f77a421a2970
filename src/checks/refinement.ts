// Prepares the `refines` declarations of a compiled spec for the refinement check. In: the
// implementation's compiled configuration (its `refines` entries typed in its own vocabulary).
// Out: for each refined spec, its model (compiled with the constants the mapping gives it) and
// the mapping from implementation states to its states; or the diagnostics that stop the check
// (a missing file, a name that is not the refined spec's, an unmapped variable, a type that does
// not fit). The search itself is engines/refinement/search.ts.

import { dirname, resolve } from "node:path";
import type { Expr } from "../ast/ast.js";
import { compileConfiguration, frontEnd, type Compiled } from "../compile.js";
import { error, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { RefinementMapping } from "../engines/refinement/search.js";
import type { Model } from "../model/model.js";
import { isScalar, slotCount, type Type } from "../model/types.js";
import { buildModel } from "../runtime/build-model.js";
import { convertScalar, convertValue } from "../runtime/convert.js";
import { checkRange } from "../runtime/values.js";
import type { ConstOverride } from "../typecheck/consts.js";
import { describeType, sameShape, typeToString } from "../typecheck/types.js";
import type { TRefinement } from "../typecheck/typed.js";

/** One refined spec, ready to check. */
export interface PreparedRefinement {
  /** The refined spec's name (what `expect violation` and `ignore` name). */
  name: string;
  abstract: Model;
  abstractCompiled: Compiled;
  mapping: RefinementMapping;
}

/** Compiles every spec `compiled` refines (minus the `ignored`) and builds its mapping. */
export function prepareRefinements(
  compiled: Compiled,
  ignored: readonly string[] = [],
): { refinements: PreparedRefinement[]; diagnostics: Diagnostic[] } {
  const refinements: PreparedRefinement[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const r of compiled.spec.refinements ?? []) {
    if (ignored.includes(r.name)) continue;
    const prepared = prepareOne(compiled, r, diagnostics);
    if (prepared) refinements.push(prepared);
  }
  return { refinements, diagnostics };
}

function prepareOne(compiled: Compiled, r: TRefinement, out: Diagnostic[]): PreparedRefinement | undefined {
  const path = resolve(dirname(r.file), r.path);
  if (!path.endsWith(".vmaspec")) {
    out.push(error("N031", `refines ${r.name}: '${r.path}' is not a .vmaspec file`, r.pathSpan));
    return undefined;
  }
  const fe = frontEnd(path);
  if (!fe.front) {
    out.push(...fe.diagnostics);
    if (!fe.diagnostics.length)
      out.push(error("N031", `refines ${r.name}: cannot load '${r.path}'`, r.pathSpan));
    return undefined;
  }
  const header = fe.front.program.root.ast.header;
  if (header.kind !== "spec" || header.name.name !== r.name) {
    const found = `${header.kind} ${header.name.name}`;
    out.push(
      error("N031", `refines ${r.name}: '${r.path}' declares ${found}, not spec ${r.name}`, r.nameSpan),
    );
    return undefined;
  }
  const decls = fe.front.table.decls;
  const overrides: ConstOverride[] = [];
  const vars = new Map<string, TRefinement["entries"][number]>();
  for (const e of r.entries) {
    const decl = decls.get(e.name);
    if (decl?.kind === "var") vars.set(e.name, e);
    else if (decl?.kind === "const") {
      const value = constantValue(e.expr);
      if (value === undefined) {
        const message = `refines ${r.name}: the constant ${e.name} must be given a constant expression of this spec`;
        out.push(error("E003", message, e.expr.span));
        continue;
      }
      overrides.push({ name: e.name, expr: value, span: e.nameSpan, origin: `refines ${r.name}` });
    } else {
      const message = `refines ${r.name}: '${e.name}' is not a variable or constant of spec ${r.name}`;
      out.push(error("N031", message, e.nameSpan));
    }
  }
  const abs = compileConfiguration(fe.front, overrides);
  if (!abs.compiled) {
    out.push(...abs.diagnostics);
    return undefined;
  }
  if (abs.compiled.spec.processes.length) {
    const message = `refines ${r.name}: the refined spec must be written with actions only (its processes' program counters cannot be mapped)`;
    out.push(error("N031", message, r.nameSpan));
    return undefined;
  }
  const globals = abs.compiled.generated.shape.globals;
  const missing = globals.filter((g) => !vars.has(g.name)).map((g) => g.name);
  if (missing.length) {
    const message = `refines ${r.name}: the mapping gives no value to ${missing.map((m) => `'${m}'`).join(", ")} (every variable of ${r.name} needs one)`;
    out.push(error("N031", message, r.span));
    return undefined;
  }
  const entryFns = compiled.generated.refinements?.find((x) => x.name === r.name)?.entries ?? [];
  const parts: {
    offset: number;
    to: Type;
    from: Type;
    value: (s: Int32Array) => unknown;
    line: number;
    name: string;
  }[] = [];
  for (const g of globals) {
    const e = vars.get(g.name)!;
    if (!sameShape(e.expr.type, g.type)) {
      const message = `type mismatch: ${r.name}'s variable ${g.name} is ${typeToString(g.type)}, but this is ${describeType(e.expr.type)}`;
      out.push(error("T001", message, e.expr.span));
      continue;
    }
    const fn = entryFns.find((x) => x.name === g.name);
    if (!fn) throw new Error(`the generated module has no refinement entry ${r.name}.${g.name}`);
    parts.push({
      offset: g.offset,
      to: g.type,
      from: e.expr.type,
      value: fn.value,
      line: e.nameSpan.line,
      name: g.name,
    });
  }
  if (parts.length !== globals.length) return undefined;
  const file = r.file;
  const map = (s: Int32Array, into: Int32Array): void => {
    for (const p of parts) {
      const v = p.value(s);
      const what = `${r.name}'s variable ${p.name}`;
      if (isScalar(p.to)) {
        let x = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
        x = convertScalar(x, p.from, p.to, file, p.line);
        if (p.to.kind === "int") checkRange(x, p.to.lo, p.to.hi, what, file, p.line);
        into[p.offset] = x;
      } else
        into.set(
          convertValue(v as Int32Array, p.from, p.to, file, p.line, what).subarray(0, slotCount(p.to)),
          p.offset,
        );
    }
  };
  const abstract = buildModel(abs.compiled.generated);
  return { name: r.name, abstract, abstractCompiled: abs.compiled, mapping: { abstract, map } };
}

/** The AST literal of a typed constant (a refined spec's constant is given a value of this spec). */
function constantValue(e: TRefinement["entries"][number]["expr"]): Expr | undefined {
  if (e.k !== "lit") return undefined;
  if (typeof e.value === "boolean") return { kind: "bool", value: e.value, span: e.span } as Expr;
  if (typeof e.value === "number") return { kind: "number", value: e.value, span: e.span } as Expr;
  return undefined;
}
