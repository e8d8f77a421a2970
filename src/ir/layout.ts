// The state layout: where every variable, process program counter, process local and proc frame
// lives in the slot vector, and how each slot packs into bits. In: a CheckedSpec. Out: a Layout
// that code generation turns into direct slot reads and writes and a straight-line packer.
//
// Slot encodings: bool 0/1; integer its value; enum member its index; set a bit mask over its
// element type (bit i = the i-th value); optional scalar NONE or the inner encoding; compound
// types (records, maps, sequences, optional records) spread over several slots.

import type { CheckedSpec, TProcess } from "../typecheck/typed.js";
import { cardinality, isScalar, slotCount, type Type } from "../model/types.js";
import { numberSteps, type PcEntry } from "./steps.js";

export { slotCount };

/** The slot value of `none` in an optional scalar slot. */
export const NONE = -2147483648;

/** How one slot packs: `bits` bits holding `v - lo` (optional scalars: 0 for NONE, `v - lo + 1`). */
export interface Leaf {
  slot: number;
  bits: number;
  lo: number;
  optional: boolean;
  /** The reset value: what the slot holds in an initial frame and after a proc returns. */
  reset: number;
}

export interface VarLayout {
  name: string;
  type: Type;
  offset: number;
}

export interface FrameLayout {
  proc: string;
  /** Relative to the instance base: the slot holding the return point + 1 (0 while the proc is not running). */
  ret: number;
  params: VarLayout[];
  locals: VarLayout[];
  /** Relative slot range [start, end) reset when the proc returns. */
  start: number;
  end: number;
}

export interface ProcessLayout {
  name: string;
  process: TProcess;
  base: number;
  stride: number;
  /** Relative to the instance base. */
  pc: number;
  locals: VarLayout[];
  frames: FrameLayout[];
  /** Program counter values: one per step of the process body, then of each proc, then done (ir/steps.ts). */
  pcs: PcEntry[];
  done: number;
}

export interface Layout {
  slotCount: number;
  globals: VarLayout[];
  processes: ProcessLayout[];
  leaves: Leaf[];
  packedBits: number;
  packedWords: number;
}

/** Offset of field `index` inside a record value. */
export function fieldOffset(t: Extract<Type, { kind: "record" }>, index: number): number {
  let off = 0;
  for (let i = 0; i < index; i++) off += slotCount(t.fields[i].type);
  return off;
}

function bitsFor(values: number): number {
  return values <= 1 ? 0 : Math.ceil(Math.log2(values));
}

/** Packing leaves of a value of type `t` stored at `base`. */
export function leavesOf(t: Type, base: number, out: Leaf[]): void {
  switch (t.kind) {
    case "bool":
      out.push({ slot: base, bits: 1, lo: 0, optional: false, reset: 0 });
      return;
    case "int":
      out.push({ slot: base, bits: bitsFor(t.hi - t.lo + 1), lo: t.lo, optional: false, reset: t.lo });
      return;
    case "enum":
      out.push({ slot: base, bits: bitsFor(t.members.length), lo: 0, optional: false, reset: 0 });
      return;
    case "set": {
      // A multi-word set: one leaf per 32-bit word, the last holding the remaining elements.
      const n = cardinality(t.elem);
      for (let w = 0; w * 32 < n || w === 0; w++)
        out.push({ slot: base + w, bits: Math.min(32, n - w * 32), lo: 0, optional: false, reset: 0 });
      return;
    }
    case "option":
      if (isScalar(t)) {
        const inner = t.inner;
        const lo = inner.kind === "int" ? inner.lo : 0;
        out.push({ slot: base, bits: bitsFor(cardinality(inner) + 1), lo, optional: true, reset: NONE });
        return;
      }
      out.push({ slot: base, bits: 1, lo: 0, optional: false, reset: 0 });
      leavesOf(t.inner, base + 1, out);
      return;
    case "record": {
      let off = base;
      for (const f of t.fields) {
        leavesOf(f.type, off, out);
        off += slotCount(f.type);
      }
      return;
    }
    case "map": {
      const n = cardinality(t.key);
      const stride = slotCount(t.value);
      for (let i = 0; i < n; i++) leavesOf(t.value, base + i * stride, out);
      return;
    }
    case "seq": {
      out.push({ slot: base, bits: bitsFor(t.bound + 1), lo: 0, optional: false, reset: 0 });
      const stride = slotCount(t.elem);
      for (let i = 0; i < t.bound; i++) leavesOf(t.elem, base + 1 + i * stride, out);
      return;
    }
    default:
      out.push({ slot: base, bits: 0, lo: 0, optional: false, reset: 0 });
  }
}

/** Computes the layout of a checked spec. */
export function computeLayout(spec: CheckedSpec): Layout {
  const leaves: Leaf[] = [];
  let next = 0;
  const place = (name: string, type: Type): VarLayout => {
    const v = { name, type, offset: next };
    leavesOf(type, next, leaves);
    next += slotCount(type);
    return v;
  };
  const globals = spec.vars.map((v) => place(v.name, v.type));

  const processes = spec.processes.map((p): ProcessLayout => {
    const { pcs, done } = numberSteps(p);
    const base = next;
    // Lay out the first instance relative to 0, then repeat it for the others.
    const rel: Leaf[] = [];
    let off = 0;
    const placeRel = (name: string, type: Type): VarLayout => {
      const v = { name, type, offset: off };
      leavesOf(type, off, rel);
      off += slotCount(type);
      return v;
    };
    const pc = off++;
    rel.push({ slot: pc, bits: bitsFor(done + 1), lo: 0, optional: false, reset: 0 });
    const locals = p.locals.map((l) => placeRel(l.name, l.type));
    const frames = p.procs.map((proc): FrameLayout => {
      const start = off;
      const ret = off++;
      rel.push({ slot: ret, bits: bitsFor(done + 2), lo: 0, optional: false, reset: 0 });
      const params = proc.params.map((x) => placeRel(x.name, x.type));
      const procLocals = proc.locals.map((x) => placeRel(x.name, x.type));
      return { proc: proc.name, ret, params, locals: procLocals, start, end: off };
    });
    const stride = off;
    for (let i = 0; i < p.indexValues.length; i++)
      for (const leaf of rel) leaves.push({ ...leaf, slot: base + i * stride + leaf.slot });
    next = base + stride * p.indexValues.length;
    return { name: p.name, process: p, base, stride, pc, locals, frames, pcs, done };
  });

  const packedBits = leaves.reduce((n, l) => n + l.bits, 0);
  return {
    slotCount: next,
    globals,
    processes,
    leaves,
    packedBits,
    packedWords: Math.max(1, Math.ceil(packedBits / 32)),
  };
}
