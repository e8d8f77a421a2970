// Where the renamed values live in the state: a symmetric process array's instance blocks, and
// every slot, set and map key typed with its index type or with the spec's `symmetric type`. In:
// the checked spec and its layout. Out: the SymmetryShape the runtime's canonicaliser permutes (or
// none).

import type { CheckedSpec } from "../typecheck/typed.js";
import { cardinality, isScalar, sameType, slotCount, type Type } from "../model/types.js";
import type { SymmetryShape } from "../model/generated.js";
import type { Layout } from "./layout.js";

/** The symmetry of the spec's symmetric process array or symmetric type, if it has one. */
export function symmetryShape(spec: CheckedSpec, layout: Layout): SymmetryShape | undefined {
  const process = layout.processes.find((p) => p.process.symmetric && p.process.indexed);
  const T = spec.symmetricType?.type ?? process?.process.indexType;
  if (!T) return undefined;
  const shape: SymmetryShape = {
    lo: T.kind === "int" ? T.lo : 0,
    count: cardinality(T),
    containers: process ? [[process.base, process.stride]] : [],
    valueSlots: [],
    setSlots: [],
  };
  // `guards`: the conditions under which a slot holds a value at all (a sequence element below the
  // length, an optional's inner value when present, a proc frame while the proc runs). Elsewhere
  // the slot holds its reset value, which a renaming must leave alone: renamed, it would split an
  // orbit in two (and leave a value where the generated code expects the reset one).
  type Guards = [number, number][];
  const mark = (slots: number[], at: number, guards: Guards): void => {
    slots.push(at);
    if (guards.length) (shape.guarded ??= []).push([at, guards]);
  };
  const visit = (t: Type, at: number, guards: Guards): void => {
    if (sameType(t, T) || (t.kind === "option" && isScalar(t) && sameType(t.inner, T))) {
      mark(shape.valueSlots, at, guards);
      return;
    }
    switch (t.kind) {
      case "set":
        if (sameType(t.elem, T)) mark(shape.setSlots, at, guards);
        return;
      case "record": {
        let off = at;
        for (const f of t.fields) {
          visit(f.type, off, guards);
          off += slotCount(f.type);
        }
        return;
      }
      case "map": {
        const stride = slotCount(t.value);
        if (sameType(t.key, T)) shape.containers.push([at, stride]);
        for (let i = 0; i < cardinality(t.key); i++) visit(t.value, at + i * stride, guards);
        return;
      }
      case "seq": {
        const stride = slotCount(t.elem);
        for (let i = 0; i < t.bound; i++) visit(t.elem, at + 1 + i * stride, [...guards, [at, i + 1]]);
        return;
      }
      case "option":
        if (!isScalar(t)) visit(t.inner, at + 1, [...guards, [at, 1]]);
        return;
      default:
        return;
    }
  };
  for (const g of layout.globals) visit(g.type, g.offset, []);
  for (const p of layout.processes) {
    for (let i = 0; i < p.process.indexValues.length; i++) {
      const base = p.base + i * p.stride;
      for (const l of p.locals) visit(l.type, base + l.offset, []);
      for (const f of p.frames)
        for (const v of [...f.params, ...f.locals]) visit(v.type, base + v.offset, [[base + f.ret, 1]]);
    }
  }
  return shape;
}
