// The types of checked vmaspec: every one finite (the type checker proves it), so that a state
// is a fixed-width vector. Integer expressions carry an interval (their possible values), which
// gives integer sets a finite universe and lets writes be range-checked only where needed.

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

export const BOOL: Type = { kind: "bool" };
export const STRING: Type = { kind: "string" };
export const UNKNOWN: Type = { kind: "unknown" };
export const ERROR: Type = { kind: "error" };

/** Whether a type is, or contains, the error type: whatever is wrong with it was already reported. */
export function hasError(t: Type): boolean {
  switch (t.kind) {
    case "error":
      return true;
    case "record":
      return t.fields.some((f) => hasError(f.type));
    case "map":
      return hasError(t.key) || hasError(t.value);
    case "set":
    case "seq":
      return hasError(t.elem);
    case "option":
      return hasError(t.inner);
    default:
      return false;
  }
}

/** The most instances a symmetric process may have (symmetry reduction tries every renaming). */
export const MAX_SYMMETRIC_INSTANCES = 6;

/** The most instances of one process array: an explicit-state search of more cannot finish, and
 *  the layout, the `task` type and the generated code grow with the count. */
export const MAX_INSTANCES = 1024;

/** The most slots a state may take (the sum over variables, locals and frames of every instance):
 *  every state stored costs its packed form, and the generated code copies it per successor. */
export const MAX_STATE_SLOTS = 1 << 16;

/** The largest set universe a bit mask can hold. */
export const MAX_SET_UNIVERSE = 32;

export function intType(lo: number, hi: number): Type {
  return { kind: "int", lo, hi };
}

/** Prints a type as the user would write it. */
export function typeToString(t: Type): string {
  switch (t.kind) {
    case "bool":
      return "bool";
    case "int":
      return t.lo === t.hi ? `${t.lo}..${t.hi}` : `${t.lo}..${t.hi}`;
    case "enum":
      return t.name || `enum { ${t.members.join(", ")} }`;
    case "record":
      return `{ ${t.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(", ")} }`;
    case "map":
      return `[${typeToString(t.key)} -> ${typeToString(t.value)}]`;
    case "set":
      return `set<${typeToString(t.elem)}>`;
    case "seq":
      return `seq<${typeToString(t.elem)}, ${t.bound}>`;
    case "option":
      return `${typeToString(t.inner)}?`;
    case "string":
      return "string";
    case "unknown":
      return "unknown";
    case "error":
      return "(error)";
  }
}

/** A type as a message names it: `typeToString`, except that a one-value integer type (the type
 * of a literal such as `0`) reads as "the integer 0", not "0..0". */
export function describeType(t: Type): string {
  return t.kind === "int" && t.lo === t.hi ? `the integer ${t.lo}` : typeToString(t);
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

/** Whether values of the type fit in one slot as a small integer (bool, int, enum, small set, optional of those). */
export function isScalar(t: Type): boolean {
  switch (t.kind) {
    case "bool":
    case "int":
    case "enum":
      return true;
    case "set":
      return true;
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

/** Index of a scalar value among its type's values (for bit masks and map keys). */
export function ordinalOffset(t: Type): number {
  return t.kind === "int" ? t.lo : 0;
}

/** Structural type equality, ignoring integer bounds. */
export function sameShape(a: Type, b: Type): boolean {
  if (a.kind === "unknown" || b.kind === "unknown") return true;
  if (a.kind === "error" || b.kind === "error") return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "enum":
      return a.name === (b as typeof a).name && a.members.join() === (b as typeof a).members.join();
    case "record": {
      const bf = (b as typeof a).fields;
      return (
        a.fields.length === bf.length &&
        a.fields.every((f, i) => f.name === bf[i].name && sameShape(f.type, bf[i].type))
      );
    }
    case "map":
      // A map is total over its key type, so key types must match exactly, bounds included.
      return sameType(a.key, (b as typeof a).key) && sameShape(a.value, (b as typeof a).value);
    case "set":
      return sameShape(a.elem, (b as typeof a).elem);
    case "seq":
      return sameShape(a.elem, (b as typeof a).elem);
    case "option":
      return sameShape(a.inner, (b as typeof a).inner);
    default:
      return true;
  }
}

/** Whether two types have exactly the same representation (same bounds where bounds shape the layout). */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind === "error" || b.kind === "error") return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "int":
      return a.lo === (b as typeof a).lo && a.hi === (b as typeof a).hi;
    case "enum":
      return sameShape(a, b);
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

/** The smallest type holding values of both (integer intervals joined). Assumes sameShape. */
export function joinTypes(a: Type, b: Type): Type {
  if (a.kind === "error" || b.kind === "error") return ERROR;
  if (a.kind === "unknown") return b;
  if (b.kind === "unknown") return a;
  if (a.kind === "int" && b.kind === "int") return intType(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi));
  if (a.kind === "option" && b.kind === "option")
    return { kind: "option", inner: joinTypes(a.inner, b.inner) };
  if (a.kind === "set" && b.kind === "set") return { kind: "set", elem: joinTypes(a.elem, b.elem) };
  if (a.kind === "seq" && b.kind === "seq")
    return { kind: "seq", elem: joinTypes(a.elem, b.elem), bound: Math.max(a.bound, b.bound) };
  if (a.kind === "record" && b.kind === "record")
    return {
      kind: "record",
      fields: a.fields.map((f, i) => ({ name: f.name, type: joinTypes(f.type, b.fields[i].type) })),
    };
  if (a.kind === "map" && b.kind === "map")
    return { kind: "map", key: a.key, value: joinTypes(a.value, b.value) };
  return a;
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
    default:
      return 1;
  }
}
