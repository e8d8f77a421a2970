// Where a symmetric process array's instance ids live in the state: the instances' blocks, and
// every slot, set and map key typed with the array's index type. In: the checked spec and its
// layout. Out: the SymmetryShape the runtime's canonicaliser permutes (or none).

import type { CheckedSpec } from "../typecheck/typed.js";
import { cardinality, isScalar, sameType, slotCount, type Type } from "../model/types.js";
import type { SymmetryShape } from "../model/generated.js";
import type { Layout } from "./layout.js";

/** The symmetry of the spec's symmetric process array, if it has one. */
export function symmetryShape(spec: CheckedSpec, layout: Layout): SymmetryShape | undefined {
  const process = layout.processes.find((p) => p.process.symmetric && p.process.indexed);
  if (!process) return undefined;
  const T = process.process.indexType;
  const shape: SymmetryShape = {
    lo: T.kind === "int" ? T.lo : 0,
    count: process.process.indexValues.length,
    containers: [[process.base, process.stride]],
    valueSlots: [],
    setSlots: [],
  };
  const visit = (t: Type, at: number): void => {
    if (sameType(t, T) || (t.kind === "option" && isScalar(t) && sameType(t.inner, T))) {
      shape.valueSlots.push(at);
      return;
    }
    switch (t.kind) {
      case "set":
        if (sameType(t.elem, T)) shape.setSlots.push(at);
        return;
      case "record": {
        let off = at;
        for (const f of t.fields) {
          visit(f.type, off);
          off += slotCount(f.type);
        }
        return;
      }
      case "map": {
        const stride = slotCount(t.value);
        if (sameType(t.key, T)) shape.containers.push([at, stride]);
        for (let i = 0; i < cardinality(t.key); i++) visit(t.value, at + i * stride);
        return;
      }
      case "seq": {
        const stride = slotCount(t.elem);
        for (let i = 0; i < t.bound; i++) visit(t.elem, at + 1 + i * stride);
        return;
      }
      case "option":
        if (!isScalar(t)) visit(t.inner, at + 1);
        return;
      default:
        return;
    }
  };
  for (const g of layout.globals) visit(g.type, g.offset);
  for (const p of layout.processes) {
    for (let i = 0; i < p.process.indexValues.length; i++) {
      const base = p.base + i * p.stride;
      for (const l of p.locals) visit(l.type, base + l.offset);
      for (const f of p.frames) for (const v of [...f.params, ...f.locals]) visit(v.type, base + v.offset);
    }
  }
  void spec;
  return shape;
}
