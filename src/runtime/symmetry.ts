// Symmetry reduction for a `symmetric` process array: its instances are interchangeable, so two
// states that differ only by a renaming of the instances are one state. Every state is replaced by
// the least (lexicographically, over its slots) of its renamings, so the checker stores one state
// per orbit and the count is exact. A renaming permutes the instances' blocks and, everywhere in
// the state, values of the instances' index type: scalars, optionals, set bits and the entries of
// maps keyed by it. The code generator lists where those are (SymmetryShape).

const NONE = -2147483648;

import type { SymmetryShape } from "../model/generated.js";

export { MAX_SYMMETRIC_INSTANCES } from "../model/types.js";

/** Builds the in-place canonicalisation function for a state of `slotCount` slots. */
export function makeCanonicalizer(shape: SymmetryShape, slotCount: number): (s: Int32Array) => void {
  const perms = permutations(shape.count).slice(1); // the identity is the starting candidate
  const kind = new Uint8Array(slotCount);
  for (const i of shape.valueSlots) kind[i] = 1;
  for (const i of shape.setSlots) kind[i] = 2;
  const guards = new Map(shape.guarded ?? []);
  for (const [i] of shape.guarded ?? []) kind[i] += 2;
  // For each renaming: where each slot goes.
  const dests = perms.map((p) => {
    const dest = new Int32Array(slotCount);
    for (let i = 0; i < slotCount; i++) {
      let d = i;
      for (const [base, stride] of shape.containers) {
        if (i < base || i >= base + stride * shape.count) continue;
        const k = Math.floor((i - base) / stride);
        d += (p[k] - k) * stride;
      }
      dest[i] = d;
    }
    return dest;
  });
  const candidate = new Int32Array(slotCount);
  const best = new Int32Array(slotCount);
  const lo = shape.lo;
  return (s: Int32Array) => {
    best.set(s);
    for (let r = 0; r < perms.length; r++) {
      const p = perms[r];
      const dest = dests[r];
      for (let i = 0; i < slotCount; i++) {
        let v = s[i];
        let k = kind[i];
        if (k > 2) k = guards.get(i)!.every(([g, least]) => s[g] >= least) ? k - 2 : 0;
        if (k === 1) {
          if (v !== NONE) v = lo + p[v - lo];
        } else if (k === 2) {
          let m = 0;
          for (let b = 0; b < shape.count; b++) if ((v >>> b) & 1) m |= 1 << p[b];
          v = m;
        }
        candidate[dest[i]] = v;
      }
      if (less(candidate, best)) best.set(candidate);
    }
    s.set(best);
  };
}

function less(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** Every permutation of 0..n-1, the identity first. */
function permutations(n: number): number[][] {
  if (n <= 1) return [[0]];
  const out: number[][] = [];
  const rec = (prefix: number[], rest: number[]) => {
    if (!rest.length) return void out.push(prefix);
    rest.forEach((x, i) => rec([...prefix, x], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  rec([], [...Array(n).keys()]);
  return out;
}
