// The generator's own small model of vmaspec types: enough to write well-typed random specs, and
// nothing the checker's type checker shares (so a typing bug there is not copied here). In: a seeded
// random source. Out: types, their spelling in a spec, their literals, and shape comparisons.

/** The one enum a generated spec may declare. */
export const COLORS = ["Red", "Green", "Blue"] as const;

export type GType =
  | { k: "bool" }
  | { k: "int"; lo: number; hi: number }
  | { k: "enum" }
  /** The built-in type of process instances; `members` are their spellings (`P0`, `Q1[1]`). */
  | { k: "task"; members: string[] }
  | { k: "set"; e: GType }
  | { k: "seq"; e: GType; n: number }
  | { k: "opt"; e: GType }
  | { k: "rec"; fields: { name: string; t: GType }[] }
  | { k: "map"; key: GType; v: GType };

export const BOOL: GType = { k: "bool" };
export const int = (lo: number, hi: number): GType => ({ k: "int", lo, hi });

/** A seeded random source (mulberry32): the same seed gives the same spec. */
export class Rand {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** A uniform float in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in lo..hi. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** One of the options, by weight. */
  weighted<T>(options: readonly (readonly [number, T])[]): T {
    const total = options.reduce((n, [w]) => n + w, 0);
    let r = this.next() * total;
    for (const [w, x] of options) if ((r -= w) < 0) return x;
    return options[options.length - 1][1];
  }
}

/** How a type is written in a spec. */
export function typeText(t: GType): string {
  switch (t.k) {
    case "bool":
      return "bool";
    case "int":
      return `${t.lo}..${t.hi}`;
    case "enum":
      return "Color";
    case "task":
      return "task";
    case "set":
      return `set<${typeText(t.e)}>`;
    case "seq":
      return `seq<${typeText(t.e)}, ${t.n}>`;
    case "opt":
      return `${typeText(t.e)}?`;
    case "rec":
      return `{ ${t.fields.map((f) => `${f.name}: ${typeText(f.t)}`).join(", ")} }`;
    case "map":
      return `[${typeText(t.key)} -> ${typeText(t.v)}]`;
  }
}

/** Whether values of `a` may be compared with or written to places of `b` (integer bounds aside). */
export function sameShape(a: GType, b: GType): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case "set":
      return sameShape(a.e, (b as typeof a).e);
    case "seq":
      return sameShape(a.e, (b as typeof a).e);
    case "opt":
      return sameShape(a.e, (b as typeof a).e);
    case "rec": {
      const bf = (b as typeof a).fields;
      return (
        a.fields.length === bf.length &&
        a.fields.every((f, i) => f.name === bf[i].name && sameShape(f.t, bf[i].t))
      );
    }
    case "map": {
      const m = b as typeof a;
      return sameKey(a.key, m.key) && sameShape(a.v, m.v);
    }
    default:
      return true;
  }
}

/** Map keys must agree exactly, bounds included. */
function sameKey(a: GType, b: GType): boolean {
  return a.k === b.k && (a.k !== "int" || (a.lo === (b as typeof a).lo && a.hi === (b as typeof a).hi));
}

export function isScalar(t: GType): boolean {
  return t.k === "bool" || t.k === "int" || t.k === "enum" || t.k === "task";
}

/** Every value of a scalar type, spelled as literals. */
export function scalarLiterals(t: GType): string[] {
  switch (t.k) {
    case "bool":
      return ["false", "true"];
    case "int": {
      const out: string[] = [];
      for (let v = t.lo; v <= t.hi; v++) out.push(v < 0 ? `(${v})` : `${v}`);
      return out;
    }
    case "enum":
      return [...COLORS];
    case "task":
      return t.members;
    default:
      throw new Error(`internal: ${t.k} is not scalar`);
  }
}

/** The type spelled as a set of its values, for quantifier and map-literal domains. */
export function domainText(t: GType): string {
  return t.k === "int" ? `${t.lo}..${t.hi}` : typeText(t);
}

/** How many values a type has, to keep generated state spaces small. */
export function size(t: GType): number {
  switch (t.k) {
    case "bool":
      return 2;
    case "int":
      return t.hi - t.lo + 1;
    case "enum":
      return COLORS.length;
    case "task":
      return t.members.length;
    case "set":
      return 2 ** size(t.e);
    case "seq": {
      let n = 0;
      for (let i = 0; i <= t.n; i++) n += size(t.e) ** i;
      return n;
    }
    case "opt":
      return size(t.e) + 1;
    case "rec":
      return t.fields.reduce((n, f) => n * size(f.t), 1);
    case "map":
      return size(t.v) ** size(t.key);
  }
}
