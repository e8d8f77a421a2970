// Plain JS values for the reference interpreter, and the few type-directed operations on them.
// In: checked types (src/typecheck/types.ts) and values. Out: orderings, universes, canonical
// keys and the "does this value fit this type" test that makes an out-of-type write a runtime
// error. Deliberately naive (no bit masks, no slots): the point is to be obviously right, so that
// the production checker's packed encoding can be compared against it.
//
// Encoding: bool → boolean, integer → number, enum member → its name (string), `none` → null,
// `some(v)` → v (optionals never nest), record → object with the fields in type order, map →
// Map in key order, set → array sorted in the element type's order, sequence → array.

import type { Type } from "../../src/model/types.js";

export type Value =
  | boolean
  | number
  | string
  | null
  | Value[]
  | Map<Value, Value>
  | { [field: string]: Value };

/** A violation raised while evaluating: a failed assert or a runtime error. */
export class RefError extends Error {
  constructor(
    readonly kind: "assert" | "runtime",
    message: string,
  ) {
    super(message);
  }
}

export function runtimeError(message: string): never {
  throw new RefError("runtime", message);
}

/** Position of a scalar value in its type's order (ints by value, bools false < true, enums by declaration). */
export function ordinalOf(t: Type, v: Value): number {
  switch (t.kind) {
    case "bool":
      return v ? 1 : 0;
    case "int":
      return v as number;
    case "enum":
      return t.members.indexOf(v as string);
    case "set": {
      // A set's position among the subsets of its universe: the sum of 2^(index of each element).
      const all = universe(t.elem);
      return (v as Value[]).reduce<number>((n, x) => n + 2 ** all.findIndex((y) => valuesEqual(x, y)), 0);
    }
    case "record":
      // Lexicographic in the fields' order: its position in universe(t).
      return universe(t).findIndex((y) => valuesEqual(v, y));
    default:
      throw new Error(`internal: ${t.kind} values have no order`);
  }
}

/** Every value of an enumerable type (bool, range, enum), in order. */
export function universe(t: Type): Value[] {
  switch (t.kind) {
    case "bool":
      return [false, true];
    case "int": {
      const out: number[] = [];
      for (let v = t.lo; v <= t.hi; v++) out.push(v);
      return out;
    }
    case "enum":
      return [...t.members];
    case "set":
      return subsetsOf(universe(t.elem));
    case "record": {
      // Every combination of field values, the first field varying slowest.
      let out: { [field: string]: Value }[] = [{}];
      for (const f of t.fields)
        out = out.flatMap((r) => universe(f.type).map((x) => ({ ...r, [f.name]: x })));
      return out;
    }
    default:
      throw new Error(`internal: the type ${t.kind} has no finite universe here`);
  }
}

/**
 * Every subset of `elems` (a set value), in the order of set values: the subset holding the
 * elements at positions i1 < i2 < ... comes at 2^i1 + 2^i2 + ... (TLA+'s SUBSET, ordered).
 */
export function subsetsOf(elems: Value[]): Value[][] {
  const out: Value[][] = [];
  for (let k = 0; k < 2 ** elems.length; k++)
    out.push(elems.filter((_, i) => Math.floor(k / 2 ** i) % 2 === 1));
  return out;
}

/** A set value: the distinct elements, sorted in the element type's order. */
export function makeSet(elemType: Type, elems: Value[]): Value[] {
  const out: Value[] = [];
  const seen = new Set<string>();
  for (const e of elems) {
    const key = canonical(e);
    if (!seen.has(key)) (seen.add(key), out.push(e));
  }
  return out.sort((a, b) => ordinalOf(elemType, a) - ordinalOf(elemType, b));
}

/** A canonical string: equal strings exactly when the values are structurally equal. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_key, x) => (x instanceof Map ? { $map: [...x.entries()] } : x));
}

export function valuesEqual(a: Value, b: Value): boolean {
  return canonical(a) === canonical(b);
}

/** Why `v` is not a value of type `t`, or undefined when it is (the check every write makes). */
export function misfit(t: Type, v: Value): string | undefined {
  switch (t.kind) {
    case "bool":
      return typeof v === "boolean" ? undefined : `${canonical(v)} is not a bool`;
    case "int":
      return typeof v === "number" && v >= t.lo && v <= t.hi
        ? undefined
        : `${canonical(v)} is outside ${t.lo}..${t.hi}`;
    case "enum":
      return t.members.includes(v as string) ? undefined : `${canonical(v)} is not a member of ${t.name}`;
    case "option":
      return v === null ? undefined : misfit(t.inner, v);
    case "record": {
      const r = v as { [field: string]: Value };
      for (const f of t.fields) {
        const why = misfit(f.type, r[f.name]);
        if (why) return `field ${f.name}: ${why}`;
      }
      return undefined;
    }
    case "map": {
      const m = v as Map<Value, Value>;
      const keys = universe(t.key);
      if (m.size !== keys.length || !keys.every((k) => m.has(k))) return `a map over another domain`;
      for (const [k, x] of m) {
        const why = misfit(t.value, x);
        if (why) return `entry ${canonical(k)}: ${why}`;
      }
      return undefined;
    }
    case "set": {
      const bad = (v as Value[]).find((x) => misfit(t.elem, x) !== undefined);
      return bad === undefined ? undefined : `set element ${canonical(bad)} is outside its type`;
    }
    case "seq": {
      const s = v as Value[];
      if (s.length > t.bound) return `a sequence of ${s.length} elements exceeds its bound ${t.bound}`;
      for (const x of s) {
        const why = misfit(t.elem, x);
        if (why) return `sequence element: ${why}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Throws a runtime error unless `v` fits `t`; `what` names the location written. */
export function checkFits(t: Type, v: Value, what: string): Value {
  const why = misfit(t, v);
  if (why !== undefined) runtimeError(`writing ${what}: ${why}`);
  return v;
}
