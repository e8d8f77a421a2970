// Multi-word sets: a set over more than 32 possible elements is held in ceil(n / 32) slots, word w
// holding elements 32w..32w+31 (bit i of word w is element 32w + i, in the element type's order).
// In: the words as an Int32Array, as every compound value is. Out: the set operations generated
// code calls where a one-word set uses `|`, `&` and bit tests. Words past the universe stay zero,
// so two equal sets have equal words and `==` is a word-by-word comparison (rt.eqArrays).

import { ModelError } from "../model/model.js";

function fail(message: string, file: string, line: number): never {
  throw new ModelError("runtime", message, line, file);
}

/** A set of `words` words holding the elements of ordinals `ords`. */
export function wideOf(words: number, ords: readonly number[]): Int32Array {
  const m = new Int32Array(words);
  for (const i of ords) m[i >>> 5] |= 1 << (i & 31);
  return m;
}

/** Adds element `i` to `m` in place. */
export function wideAdd(m: Int32Array, i: number): void {
  m[i >>> 5] |= 1 << (i & 31);
}

/** Whether element `i` is in `m`; false outside 0..n-1. */
export function wideHas(m: Int32Array, i: number, n: number): boolean {
  return i >= 0 && i < n && ((m[i >>> 5] >>> (i & 31)) & 1) === 1;
}

export function wideUnion(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w] | b[w];
  return out;
}

export function wideIntersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w] & b[w];
  return out;
}

export function wideMinus(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w] & ~b[w];
  return out;
}

/** The elements lo..hi (ordinals, clipped to 0..n-1) as a set of n elements. */
export function wideRange(lo: number, hi: number, n: number): Int32Array {
  const m = new Int32Array(Math.ceil(n / 32));
  for (let i = Math.max(0, lo); i <= Math.min(hi, n - 1); i++) m[i >>> 5] |= 1 << (i & 31);
  return m;
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function wideCard(m: Int32Array): number {
  let n = 0;
  for (let w = 0; w < m.length; w++) n += popcount32(m[w]);
  return n;
}

/** The ordinal of the k-th element of `m` (k from 0), or -1. */
export function wideNth(m: Int32Array, k: number): number {
  for (let w = 0; w < m.length; w++) {
    const c = popcount32(m[w]);
    if (k >= c) {
      k -= c;
      continue;
    }
    for (let i = 0; i < 32; i++) if ((m[w] >>> i) & 1 && k-- === 0) return w * 32 + i;
  }
  return -1;
}

/** The least element's ordinal; a runtime error on an empty set. */
export function wideLowest(m: Int32Array, file: string, line: number): number {
  const i = wideNth(m, 0);
  if (i < 0) fail("min of an empty set", file, line);
  return i;
}

/** The greatest element's ordinal; a runtime error on an empty set. */
export function wideHighest(m: Int32Array, file: string, line: number): number {
  const c = wideCard(m);
  if (c === 0) fail("max of an empty set", file, line);
  return wideNth(m, c - 1);
}

/** The ordinals of a set held as one mask or as words. */
function ordinalsOf(x: number | Int32Array): number[] {
  const out: number[] = [];
  const words = typeof x === "number" ? [x] : x;
  for (let w = 0; w < words.length; w++)
    for (let i = 0; i < 32; i++) if ((words[w] >>> i) & 1) out.push(w * 32 + i);
  return out;
}

/**
 * A set (one mask or words) re-based to a universe of `n` elements: element i becomes i + shift.
 * The result is words when `n` is more than 32, else a mask. An element outside 0..n-1 is a
 * runtime error naming `what`.
 */
export function wideRebase(
  x: number | Int32Array,
  shift: number,
  n: number,
  file: string,
  line: number,
  what?: string,
): Int32Array | number {
  const ords = ordinalsOf(x).map((i) => i + shift);
  if (ords.some((i) => i < 0 || i >= n))
    fail(`${what ? `${what}: ` : ""}a set element falls outside the target set's type`, file, line);
  if (n <= 32) return ords.reduce((m, i) => m | (1 << i), 0);
  return wideOf(Math.ceil(n / 32), ords);
}
