// Re-lays a compound value from one type's slot layout to another's, for values whose types have
// the same shape but different layouts: a set over another universe, a sequence with another
// bound, nested anywhere in records, maps, sequences and optionals. Used wherever a value crosses
// from one type to another (codegen's ExprEmitter.convert: fn and macro arguments and results,
// branches of `if`, structural `==`, writes), with a runtime error for what does not fit the
// target type: a set element outside its universe, a sequence too long, an integer out of range.

import {
  cardinality,
  isScalar,
  isWideSet,
  recordAt,
  recordOrdinal,
  slotCount,
  type Type,
} from "../model/types.js";
import { wideRebase } from "./wide-sets.js";
import { NONE, runtimeError } from "./values.js";

/** The value `v` of type `from`, laid out as type `to` (same shape). */
export function convertValue(
  v: Int32Array,
  from: Type,
  to: Type,
  file: string,
  line: number,
  what = "a value",
): Int32Array {
  const out = new Int32Array(slotCount(to));
  convertInto(v, 0, from, out, 0, to, file, line, what);
  return out;
}

/** Converts one scalar slot (sets are re-based; everything else keeps its encoding). */
export function convertScalar(x: number, from: Type, to: Type, file: string, line: number): number {
  const out = rebaseSet(x, from, to);
  if (out === -1) runtimeError("a set element falls outside the target set's type", file, line);
  return out;
}

/**
 * A set mask of type `from` as a mask of type `to`, or -1 when an element lies outside `to`'s
 * universe; any other value is returned as it is. The elements of a set of sets (inner masks)
 * are re-based the same way.
 */
function rebaseSet(x: number, from: Type, to: Type): number {
  if (from.kind !== "set" || to.kind !== "set") return x;
  const shift = (from.elem.kind === "int" ? from.elem.lo : 0) - (to.elem.kind === "int" ? to.elem.lo : 0);
  const size = cardinality(to.elem);
  let out = 0;
  for (let i = 0; i < 32; i++) {
    if (((x >>> i) & 1) === 0) continue;
    const j =
      from.elem.kind === "set"
        ? rebaseSet(i, from.elem, to.elem)
        : from.elem.kind === "record" && to.elem.kind === "record"
          ? recordOrdinal(to.elem, recordAt(from.elem, i))
          : i + shift;
    if (j < 0 || j >= size) return -1;
    out |= 1 << j;
  }
  return out;
}

/** Whether the set `x` (of type `from`) is an element of the set of sets `m` (of type `to`). */
export function hasSetElem(m: number, x: number, from: Type, to: Type): boolean {
  const j = rebaseSet(x, from, to);
  return j >= 0 && ((m >>> j) & 1) === 1;
}

function convertInto(
  v: Int32Array,
  at: number,
  from: Type,
  out: Int32Array,
  to_at: number,
  to: Type,
  file: string,
  line: number,
  what: string,
): void {
  if (isWideSet(to) || isWideSet(from)) {
    // A multi-word set on either side: re-based element by element.
    const f = from as Extract<Type, { kind: "set" }>;
    const t = to as Extract<Type, { kind: "set" }>;
    const shift = (f.elem.kind === "int" ? f.elem.lo : 0) - (t.elem.kind === "int" ? t.elem.lo : 0);
    const x = isWideSet(from) ? v.subarray(at, at + slotCount(from)) : v[at];
    const y = wideRebase(x, shift, cardinality(t.elem), file, line, what);
    if (typeof y === "number") out[to_at] = y;
    else out.set(y, to_at);
    return;
  }
  if (isScalar(to)) {
    const x = convertScalar(v[at], from, to, file, line);
    const range =
      to.kind === "int" ? to : to.kind === "option" && to.inner.kind === "int" ? to.inner : undefined;
    if (range && x !== NONE && (x < range.lo || x > range.hi))
      runtimeError(`${what}: ${x} is outside ${range.lo}..${range.hi}`, file, line);
    out[to_at] = x;
    return;
  }
  switch (to.kind) {
    case "record": {
      const f = from as typeof to;
      let a = at;
      let b = to_at;
      to.fields.forEach((field, i) => {
        convertInto(v, a, f.fields[i].type, out, b, field.type, file, line, what);
        a += slotCount(f.fields[i].type);
        b += slotCount(field.type);
      });
      return;
    }
    case "map": {
      const f = from as typeof to;
      const n = cardinality(to.key);
      for (let i = 0; i < n; i++)
        convertInto(
          v,
          at + i * slotCount(f.value),
          f.value,
          out,
          to_at + i * slotCount(to.value),
          to.value,
          file,
          line,
          what,
        );
      return;
    }
    case "seq": {
      const f = from as typeof to;
      const len = v[at];
      if (len > to.bound)
        runtimeError(`a sequence of ${len} elements does not fit seq bound ${to.bound}`, file, line);
      out[to_at] = len;
      const fs = slotCount(f.elem);
      const ts = slotCount(to.elem);
      for (let i = 0; i < len; i++)
        convertInto(v, at + 1 + i * fs, f.elem, out, to_at + 1 + i * ts, to.elem, file, line, what);
      for (let i = len; i < to.bound; i++) resetInto(out, to_at + 1 + i * ts, to.elem);
      return;
    }
    case "option": {
      const f = from as typeof to;
      out[to_at] = v[at];
      if (v[at] !== 0) convertInto(v, at + 1, f.inner, out, to_at + 1, to.inner, file, line, what);
      else resetInto(out, to_at + 1, to.inner);
      return;
    }
    default:
      out[to_at] = v[at];
  }
}

/** Writes the reset value of type `t` (what unused sequence elements and `none` payloads hold). */
function resetInto(out: Int32Array, at: number, t: Type): void {
  switch (t.kind) {
    case "int":
      out[at] = t.lo;
      return;
    case "option":
      if (isScalar(t)) out[at] = NONE;
      else {
        out[at] = 0;
        resetInto(out, at + 1, t.inner);
      }
      return;
    case "record": {
      let a = at;
      for (const f of t.fields) {
        resetInto(out, a, f.type);
        a += slotCount(f.type);
      }
      return;
    }
    case "map": {
      const n = cardinality(t.key);
      for (let i = 0; i < n; i++) resetInto(out, at + i * slotCount(t.value), t.value);
      return;
    }
    case "seq":
      out[at] = 0;
      for (let i = 0; i < t.bound; i++) resetInto(out, at + 1 + i * slotCount(t.elem), t.elem);
      return;
    default:
      out.fill(0, at, at + slotCount(t)); // a multi-word set: every word
  }
}

/** Whether every value of type `from` is a value of type `to` (same shape; layouts may differ). */
export function fitsIn(from: Type, to: Type): boolean {
  if (from.kind === "unknown" || to.kind === "unknown") return true;
  switch (from.kind) {
    case "int": {
      const t = to as typeof from;
      return from.lo >= t.lo && from.hi <= t.hi;
    }
    case "set":
      return fitsIn(from.elem, (to as typeof from).elem);
    case "record":
      return from.fields.every((f, i) => fitsIn(f.type, (to as typeof from).fields[i].type));
    case "map":
      return fitsIn(from.value, (to as typeof from).value);
    case "seq":
      return from.bound <= (to as typeof from).bound && fitsIn(from.elem, (to as typeof from).elem);
    case "option":
      return fitsIn(from.inner, (to as typeof from).inner);
    default:
      return true;
  }
}

/** Whether values of the two types (of the same shape) share one slot layout and encoding. */
export function sameLayout(a: Type, b: Type): boolean {
  if (a.kind === "unknown" || b.kind === "unknown") return true;
  switch (a.kind) {
    case "set": {
      const e = (b as typeof a).elem;
      return (
        (a.elem.kind === "int" ? a.elem.lo : 0) === (e.kind === "int" ? e.lo : 0) &&
        cardinality(a.elem) === cardinality(e)
      );
    }
    case "record":
      return a.fields.every((f, i) => sameLayout(f.type, (b as typeof a).fields[i].type));
    case "map":
      return sameLayout(a.value, (b as typeof a).value);
    // Unused elements of a sequence and the payload of a compound `none` hold their type's reset
    // value, which is part of the state: two types whose reset values differ need a conversion, or
    // a dead slot keeps a value outside the target's range (seq<1..2, 1> into seq<-1..-1, 1>).
    case "seq": {
      const e = (b as typeof a).elem;
      return a.bound === (b as typeof a).bound && sameLayout(a.elem, e) && sameReset(a.elem, e);
    }
    case "option": {
      const inner = (b as typeof a).inner;
      return sameLayout(a.inner, inner) && (isScalar(a) || sameReset(a.inner, inner));
    }
    default:
      return true;
  }
}

/** Whether two types of the same shape and layout have the same reset value. */
function sameReset(a: Type, b: Type): boolean {
  const n = slotCount(a);
  if (n !== slotCount(b)) return false;
  const ra = new Int32Array(n);
  const rb = new Int32Array(n);
  resetInto(ra, 0, a);
  resetInto(rb, 0, b);
  return ra.every((x, i) => x === rb[i]);
}
