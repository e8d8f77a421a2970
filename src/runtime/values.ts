// Helpers the generated state machines call: runtime errors (which become violations with a
// trace), integer division, bit-mask sets, and compound values (records, maps, sequences held as
// Int32Arrays of slot encodings). Generated code inlines the cheap cases and calls these for the rest.

import { ModelError } from "../model/model.js";
import {
  cardinality,
  isTupleFields,
  recordAt as recordAtOf,
  recordOrdinal as recordOrdinalOf,
  type Type,
} from "../model/types.js";

export const NONE = -2147483648;

/** Throws the runtime error the checker reports as a violation. */
export function runtimeError(message: string, file: string, line: number): never {
  throw new ModelError("runtime", message, line, file);
}

/** A sub-formula of a failed assert: text, depth, connective ("" for an atom), value. */
export type AssertPart = [string, number, string, boolean];

/** Throws a failed `assert`, with its sub-formulas' values when the generated code gives them. */
export function assertFailed(
  message: string,
  file: string,
  line: number,
  parts?: readonly AssertPart[],
): never {
  const explained = parts?.map(([text, depth, op, value]) =>
    op ? { text, depth, op, value } : { text, depth, value },
  );
  throw new ModelError("assert", message, line, file, undefined, explained);
}

/** A bound value of a quantifier (an element of its domain) as the why-panel shows it: `1`,
 *  `true`, an enum member, or a set of them `{a, b}`. */
export function boundText(v: number | boolean | Int32Array, t: Type): string {
  if (v instanceof Int32Array) {
    const fields = t.kind === "record" ? t.fields : [];
    if (isTupleFields(fields.map((f) => f.name)))
      return `<<${fields.map((f, i) => boundText(v[i], f.type)).join(", ")}>>`;
    return `{ ${fields.map((f, i) => `${f.name}: ${boundText(v[i], f.type)}`).join(", ")} }`;
  }
  if (typeof v === "boolean" || t.kind === "bool") return String(Boolean(v));
  if (t.kind === "enum") return t.members[v] ?? `?${v}`;
  if (t.kind !== "set") return String(v);
  const elems: string[] = [];
  const n = Math.min(32, cardinality(t.elem));
  const lo = t.elem.kind === "int" ? t.elem.lo : 0;
  for (let i = 0; i < n; i++)
    if ((v >>> i) & 1)
      elems.push(
        boundText(
          t.elem.kind === "int" ? lo + i : t.elem.kind === "record" ? recordAtOf(t.elem, i) : i,
          t.elem,
        ),
      );
  return `{${elems.join(", ")}}`;
}

/** Rethrows anything but a ModelError (a bug must not pass for a value that could not be computed). */
export function onlyModelErrors(e: unknown): void {
  if (!(e instanceof ModelError)) throw e;
}

/** A value written to an integer slot must lie in the slot's range. */
export function checkRange(
  v: number,
  lo: number,
  hi: number,
  what: string,
  file: string,
  line: number,
): number {
  if (v < lo || v > hi) runtimeError(`${what}: ${v} is outside ${lo}..${hi}`, file, line);
  return v;
}

/** An optional integer must be none or in range. */
export function checkOptRange(
  v: number,
  lo: number,
  hi: number,
  what: string,
  file: string,
  line: number,
): number {
  if (v !== NONE && (v < lo || v > hi)) runtimeError(`${what}: ${v} is outside ${lo}..${hi}`, file, line);
  return v;
}

/** Index of `key` in a map or process array over lo..hi, or a runtime error. */
export function keyIndex(
  key: number,
  lo: number,
  hi: number,
  what: string,
  file: string,
  line: number,
): number {
  if (key < lo || key > hi)
    runtimeError(`${what}: index ${key} is outside its domain ${lo}..${hi}`, file, line);
  return key - lo;
}

export function unwrap(v: number, file: string, line: number): number {
  if (v === NONE) runtimeError("the(none): the optional value is none", file, line);
  return v;
}

/** Floor division, as in TLA+. */
export function div(a: number, b: number, file: string, line: number): number {
  if (b === 0) runtimeError("division by zero", file, line);
  return Math.floor(a / b);
}

/** Modulus with the sign of the divisor (non-negative for a positive divisor), as in TLA+. */
export function mod(a: number, b: number, file: string, line: number): number {
  if (b === 0) runtimeError("modulus by zero", file, line);
  return a - b * Math.floor(a / b);
}

export function popcount(m: number): number {
  m = m - ((m >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Index of the k-th set bit (k from 0). */
export function nthBit(m: number, k: number): number {
  for (let i = 0; i < 32; i++) {
    if ((m >>> i) & 1) {
      if (k === 0) return i;
      k--;
    }
  }
  return -1;
}

export function lowestBit(m: number, file: string, line: number): number {
  if (m === 0) runtimeError("min of an empty set", file, line);
  return 31 - Math.clz32(m & -m);
}

export function highestBit(m: number, file: string, line: number): number {
  if (m === 0) runtimeError("max of an empty set", file, line);
  return 31 - Math.clz32(m);
}

/** The set of every subset of mask `m` (SUBSET): bit s is set for each submask s of m. */
export function subsetsMask(m: number): number {
  let out = 0;
  for (let s = 0; ; s = (s - m) & m) {
    out |= 1 << s;
    if (s === m) return out;
  }
}

/** The k-th submask of `m` in increasing order: the bits of k, low first, placed on m's set bits. */
export function depositBits(k: number, m: number): number {
  let out = 0;
  for (let bit = 1; m !== 0; bit *= 2) {
    const low = m & -m;
    if (k & bit) out |= low;
    m &= m - 1;
  }
  return out;
}

/** Sorts an array of set elements (numbers or booleans) in place, each kept once. */
export function sortUnique(xs: (number | boolean)[]): void {
  xs.sort((a, b) => Number(a) - Number(b));
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (i === 0 || xs[i] !== xs[n - 1]) xs[n++] = xs[i];
  xs.length = n;
}

/** Whether bit i is set; false outside 0..size-1. */
export function hasBit(m: number, i: number, size: number): boolean {
  return i >= 0 && i < size && ((m >>> i) & 1) === 1;
}

/** A mask with bits lo..hi set (clipped to 0..size-1). */
export function rangeMask(lo: number, hi: number, size: number): number {
  if (lo < 0) lo = 0;
  if (hi > size - 1) hi = size - 1;
  if (lo > hi) return 0;
  const width = hi - lo + 1;
  return (width >= 32 ? -1 : (1 << width) - 1) << lo;
}

/** Re-bases a set mask: element i becomes element i + shift; bits that fall outside 0..size-1 are an error. */
export function shiftSet(
  m: number,
  shift: number,
  size: number,
  file: string,
  line: number,
  what?: string,
): number {
  let out = 0;
  for (let i = 0; i < 32; i++) {
    if (((m >>> i) & 1) === 0) continue;
    const j = i + shift;
    if (j < 0 || j >= size)
      runtimeError(`${what ? `${what}: ` : ""}a set element falls outside the target set's type`, file, line);
    out |= 1 << j;
  }
  return out;
}

/** A mask with only bit i (error when i is outside the universe). */
export function bit(i: number, size: number, file: string, line: number): number {
  if (i < 0 || i >= size) runtimeError("set element outside its type", file, line);
  return 1 << i;
}

export function eqArrays(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Copies `n` slots of `from` at `offset` into `into` (a scratch array) and returns it. */
export function copyInto(into: Int32Array, from: Int32Array, offset: number, n: number): Int32Array {
  for (let i = 0; i < n; i++) into[i] = from[offset + i];
  return into;
}

/** Concatenates scalars and compound parts into one compound value. */
export function concat(n: number, parts: (number | Int32Array)[]): Int32Array {
  const out = new Int32Array(n);
  let at = 0;
  for (const p of parts) {
    if (typeof p === "number") out[at++] = p;
    else {
      out.set(p, at);
      at += p.length;
    }
  }
  return out;
}

/**
 * Check table for a compound store: triples [kind, lo, hi] per slot. Kinds: 0 integer range,
 * 1 optional integer range, 2 set of `hi` elements, 3 unchecked.
 */
export function storeChecked(
  s: Int32Array,
  off: number,
  v: Int32Array,
  checks: Int32Array,
  what: string,
  file: string,
  line: number,
): void {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    const kind = checks[3 * i];
    const lo = checks[3 * i + 1];
    const hi = checks[3 * i + 2];
    if (kind === 0 && (x < lo || x > hi)) runtimeError(`${what}: ${x} is outside ${lo}..${hi}`, file, line);
    if (kind === 1 && x !== NONE && (x < lo || x > hi))
      runtimeError(`${what}: ${x} is outside ${lo}..${hi}`, file, line);
    if (kind === 2 && hi < 32 && x >>> hi !== 0)
      runtimeError(`${what}: a set element is outside its type`, file, line);
    s[off + i] = x;
  }
}

/** `tail(s)` of a sequence value laid out as [len, elems...]. */
export function seqTail(
  v: Int32Array,
  elemSlots: number,
  reset: Int32Array,
  file: string,
  line: number,
): Int32Array {
  if (v[0] === 0) runtimeError("tail of an empty sequence", file, line);
  return withoutElement(v, 1, elemSlots, reset);
}

/** A copy of the sequence without its element `i` (1-based, within its length), the rest moved down. */
function withoutElement(v: Int32Array, i: number, elemSlots: number, reset: Int32Array): Int32Array {
  const len = v[0];
  const out = v.slice();
  out[0] = len - 1;
  out.copyWithin(1 + (i - 1) * elemSlots, 1 + i * elemSlots, 1 + len * elemSlots);
  out.set(reset, 1 + (len - 1) * elemSlots);
  return out;
}

/** `append(s, e)`; a runtime error when the sequence is full. */
export function seqAppend(
  v: Int32Array,
  e: number | Int32Array,
  bound: number,
  elemSlots: number,
  file: string,
  line: number,
): Int32Array {
  const len = v[0];
  if (len >= bound) runtimeError(`append to a full sequence (bound ${bound})`, file, line);
  const out = v.slice();
  out[0] = len + 1;
  if (typeof e === "number") out[1 + len * elemSlots] = e;
  else out.set(e, 1 + len * elemSlots);
  return out;
}

/** Element `i` (from 0) of a sequence value; a runtime error past its length. */
export function seqElem(v: Int32Array, i: number, elemSlots: number, file: string, line: number): Int32Array {
  if (i >= v[0]) runtimeError("head of an empty sequence", file, line);
  return v.slice(1 + i * elemSlots, 1 + (i + 1) * elemSlots);
}

/** The 0-based position of element `i` (1-based, as in TLA+) of a sequence of length `len`. */
export function seqIndex(i: number, len: number, what: string, file: string, line: number): number {
  if (i < 1 || i > len) runtimeError(`${what}: index ${i} is outside 1..${len}`, file, line);
  return i - 1;
}

/** `concat(a, b)` (TLA+'s \o), both already laid out with the result's bound. */
export function seqConcat(a: Int32Array, b: Int32Array, elemSlots: number): Int32Array {
  const out = a.slice();
  out[0] = a[0] + b[0];
  out.set(b.subarray(1, 1 + b[0] * elemSlots), 1 + a[0] * elemSlots);
  return out;
}

/** `subseq(s, m, n)`, TLA+'s SubSeq: elements m..n; empty when m > n, else m..n within 1..len. */
export function seqSub(
  v: Int32Array,
  m: number,
  n: number,
  elemSlots: number,
  reset: Int32Array,
  file: string,
  line: number,
): Int32Array {
  const len = v[0];
  const count = Math.max(0, n - m + 1);
  if (count > 0 && (m < 1 || n > len))
    runtimeError(`subseq(s, ${m}, ${n}) of a sequence of length ${len}`, file, line);
  const out = v.slice();
  out[0] = count;
  out.copyWithin(1, 1 + (m - 1) * elemSlots, 1 + (m - 1 + count) * elemSlots);
  for (let i = count; i < len; i++) out.set(reset, 1 + i * elemSlots);
  return out;
}

/** `remove_at(s, i)`: s without its element i (1-based), the later ones moved down. */
export function seqRemoveAt(
  v: Int32Array,
  i: number,
  elemSlots: number,
  reset: Int32Array,
  file: string,
  line: number,
): Int32Array {
  if (i < 1 || i > v[0]) runtimeError(`remove_at(s, ${i}) of a sequence of length ${v[0]}`, file, line);
  return withoutElement(v, i, elemSlots, reset);
}

/** A sequence value of `bound` elements holding `elems`, the rest reset. */
export function seqOf(
  bound: number,
  elemSlots: number,
  reset: Int32Array,
  elems: (number | Int32Array)[],
  file: string,
  line: number,
): Int32Array {
  if (elems.length > bound)
    runtimeError(`a sequence of ${elems.length} elements does not fit seq bound ${bound}`, file, line);
  const out = new Int32Array(1 + bound * elemSlots);
  out[0] = elems.length;
  for (let i = 0; i < bound; i++) {
    const e = i < elems.length ? elems[i] : reset;
    if (typeof e === "number") out[1 + i * elemSlots] = e;
    else out.set(e, 1 + i * elemSlots);
  }
  return out;
}

/** Re-lays a sequence value for a different bound (error when it does not fit). */
export function seqResize(
  v: Int32Array,
  bound: number,
  elemSlots: number,
  reset: Int32Array,
  file: string,
  line: number,
): Int32Array {
  const len = v[0];
  if (len > bound) runtimeError(`a sequence of ${len} elements does not fit seq bound ${bound}`, file, line);
  const out = new Int32Array(1 + bound * elemSlots);
  out[0] = len;
  out.set(v.subarray(1, 1 + len * elemSlots), 1);
  for (let i = len; i < bound; i++) out.set(reset, 1 + i * elemSlots);
  return out;
}

export { convertScalar, convertValue, hasSetElem } from "./convert.js";
export {
  wideAdd,
  wideCard,
  wideHas,
  wideHighest,
  wideIntersect,
  wideLowest,
  wideMinus,
  wideNth,
  wideOf,
  wideRange,
  wideRebase,
  wideUnion,
} from "./wide-sets.js";

/** The ordinal of a flat record among the values of `t` (its bit in a set), -1 outside `t`. */
export function recordOrdinal(x: Int32Array, t: Type): number {
  return recordOrdinalOf(t as Extract<Type, { kind: "record" }>, x);
}

/** The flat record of ordinal `n` among the values of `t` (a set element, from its bit). */
export function recordAt(n: number, t: Type): Int32Array {
  return recordAtOf(t as Extract<Type, { kind: "record" }>, n);
}
