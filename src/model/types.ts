// The types of checked vmaspec, as everything after the type checker sees them: the layout, the
// generated code and the runtime that packs, converts and prints values. Every type is finite (the
// type checker proves it), so that a state is a fixed-width vector. Integer expressions carry an
// interval (their possible values), which gives integer sets a finite universe and lets writes be
// range-checked only where needed. The checker's own helpers are in typecheck/types.ts.

export type Type =
  | { kind: "bool" }
  | { kind: "int"; lo: number; hi: number }
  | { kind: "enum"; name: string; members: readonly string[] }
  | { kind: "record"; fields: readonly { name: string; type: Type }[] }
  | { kind: "map"; key: Type; value: Type }
  | { kind: "set"; elem: Type }
  | { kind: "seq"; elem: Type; bound: number }
  | { kind: "option"; inner: Type }
  | { kind: "string" }
  /** The type of `none` before context gives it an inner type, and of `{}`/`[]` without context. */
  | { kind: "unknown" }
  /**
   * The type of an expression (or written type) whose error has been reported. It matches every
   * type, and every check that meets it stays silent, so one mistake gives one diagnostic, not a
   * cascade ("unknown name 'curent'" and nothing about the assignment it is in). A spec with an
   * error is never lowered, so this type never reaches the layout or the generated code.
   */
  | { kind: "error" };

/**
 * A tuple `<<a, b>>` is a record whose fields are named by position, `1`, `2`, ...: names no
 * source field can have (a field name is an identifier), so a record is a tuple exactly when its
 * field names are `1..n` in order, and printers write it `<<a, b>>`.
 */
export function tupleFieldName(i: number): string {
  return String(i + 1);
}

/** Whether record fields so named are a tuple's components (see tupleFieldName). */
export function isTupleFields(names: readonly string[]): boolean {
  return names.length >= 2 && names.every((n, i) => n === tupleFieldName(i));
}

/** The most instances a symmetric process may have (symmetry reduction tries every renaming). */
export const MAX_SYMMETRIC_INSTANCES = 6;

export function intType(lo: number, hi: number): Type {
  return { kind: "int", lo, hi };
}

/** Number of values of a type (may be huge; Infinity when it overflows a double). */
export function cardinality(t: Type): number {
  switch (t.kind) {
    case "bool":
      return 2;
    case "int":
      return t.hi - t.lo + 1;
    case "enum":
      return t.members.length;
    case "record":
      return t.fields.reduce((n, f) => n * cardinality(f.type), 1);
    case "map":
      return Math.pow(cardinality(t.value), cardinality(t.key));
    case "set":
      return Math.pow(2, cardinality(t.elem));
    case "seq": {
      let total = 0;
      const c = cardinality(t.elem);
      for (let n = 0; n <= t.bound; n++) total += Math.pow(c, n);
      return total;
    }
    case "option":
      return cardinality(t.inner) + 1;
    case "string":
    case "unknown":
      return Infinity;
    case "error":
      return 1;
  }
}

/** The most elements a set held in one slot (a 32-bit mask) may range over. */
export const MASK_BITS = 32;

/**
 * Whether a set ranges over more elements than one mask holds: a multi-word set, stored in
 * ceil(n / 32) slots (word w holding elements 32w..32w+31) and handled as a compound value.
 */
export function isWideSet(t: Type): boolean {
  // Only sets of enumerable values are ever wide (the type checker holds sets of sets and of
  // records to one mask); `{}` before context gives it a type has an unknown, infinite, element.
  return t.kind === "set" && isEnumerable(t.elem) && cardinality(t.elem) > MASK_BITS;
}

/** Slots (32-bit words) of a multi-word set over `n` elements. */
export function wordsFor(n: number): number {
  return Math.ceil(n / MASK_BITS);
}

/** Whether values of the type fit in one slot as a small integer (bool, int, enum, small set, optional of those). */
export function isScalar(t: Type): boolean {
  switch (t.kind) {
    case "bool":
    case "int":
    case "enum":
      return true;
    case "set":
      return !isWideSet(t);
    case "option":
      return t.inner.kind !== "option" && t.inner.kind !== "set" && isScalar(t.inner);
    default:
      return false;
  }
}

/** Whether the type's values can be numbered 0..n-1 (map keys, set elements, quantifier domains). */
export function isEnumerable(t: Type): boolean {
  return t.kind === "bool" || t.kind === "int" || t.kind === "enum";
}

/**
 * Whether values of the type can be set elements: enumerable values, sets of them (a set of sets
 * holds one bit per inner set, the inner set's mask being its ordinal), and flat records of
 * enumerable fields (numbered in their lexicographic order: see recordOrdinal).
 */
export function isSetElement(t: Type): boolean {
  return isEnumerable(t) || (t.kind === "set" && isEnumerable(t.elem)) || isFlatRecord(t);
}

/** A record whose fields are all bool, ranges or enums: one slot per field, numbered lexicographically. */
export function isFlatRecord(t: Type): t is Extract<Type, { kind: "record" }> {
  return t.kind === "record" && t.fields.length > 0 && t.fields.every((f) => isEnumerable(f.type));
}

/**
 * The ordinal of a flat record held in `s` from `at` among the values of `t` (the first field
 * most significant, so ordinals follow the lexicographic order of the fields), or -1 when a field
 * lies outside `t`'s range for it. The slots may come from a record type with other ranges: a flat
 * record's slots hold the field values themselves.
 */
export function recordOrdinal(t: Extract<Type, { kind: "record" }>, s: ArrayLike<number>, at = 0): number {
  let n = 0;
  for (let i = 0; i < t.fields.length; i++) {
    const f = t.fields[i].type;
    const k = s[at + i] - ordinalOffset(f);
    const c = cardinality(f);
    if (k < 0 || k >= c) return -1;
    n = n * c + k;
  }
  return n;
}

/** The slots of the flat record of ordinal `n` in `t` (inverse of recordOrdinal). */
export function recordAt(t: Extract<Type, { kind: "record" }>, n: number): Int32Array {
  const out = new Int32Array(t.fields.length);
  for (let i = t.fields.length - 1; i >= 0; i--) {
    const f = t.fields[i].type;
    const c = cardinality(f);
    out[i] = (n % c) + ordinalOffset(f);
    n = Math.floor(n / c);
  }
  return out;
}

/** Index of a scalar value among its type's values (for bit masks and map keys). */
export function ordinalOffset(t: Type): number {
  return t.kind === "int" ? t.lo : 0;
}

/** Whether two types have exactly the same representation (same bounds where bounds shape the layout). */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind === "error" || b.kind === "error") return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "int":
      return a.lo === (b as typeof a).lo && a.hi === (b as typeof a).hi;
    case "enum":
      return a.name === (b as typeof a).name && a.members.join() === (b as typeof a).members.join();
    case "record": {
      const bf = (b as typeof a).fields;
      return (
        a.fields.length === bf.length &&
        a.fields.every((f, i) => f.name === bf[i].name && sameType(f.type, bf[i].type))
      );
    }
    case "map":
      return sameType(a.key, (b as typeof a).key) && sameType(a.value, (b as typeof a).value);
    case "set":
      return sameType(a.elem, (b as typeof a).elem);
    case "seq":
      return a.bound === (b as typeof a).bound && sameType(a.elem, (b as typeof a).elem);
    case "option":
      return sameType(a.inner, (b as typeof a).inner);
    default:
      return true;
  }
}

/** Slots a value of the type occupies in a state vector (scalars one, compounds spread out). */
export function slotCount(t: Type): number {
  if (isScalar(t)) return 1;
  switch (t.kind) {
    case "record":
      return t.fields.reduce((n, f) => n + slotCount(f.type), 0);
    case "map":
      return cardinality(t.key) * slotCount(t.value);
    case "seq":
      return 1 + t.bound * slotCount(t.elem);
    case "option":
      return 1 + slotCount(t.inner);
    case "set":
      return wordsFor(cardinality(t.elem));
    default:
      return 1;
  }
}
