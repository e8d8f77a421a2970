// Constant arrays a generated module declares once at its top (reset values of compound types,
// check tables for compound stores), so generated functions refer to them by name instead of
// allocating them per call. One ModuleConsts per module (codegen/context.ts); the functions below
// it compute the values and keep no state.

import { leavesOf, type Leaf } from "../ir/layout.js";
import { cardinality, isWideSet, slotCount, type Type } from "../model/types.js";
import { literal } from "./literal.js";

/** The constants of one module, numbered in the order the emitters first ask for them. */
export class ModuleConsts {
  private readonly registry = new Map<string, string>();
  private readonly types = new Map<string, string>();
  private readonly scratches: number[] = [];

  constructor(private readonly ctx: { ann(text: string): string }) {}

  /**
   * The name of a new module-level Int32Array of `size` slots, for one map literal whose value is
   * consumed before that literal can be evaluated again (ExprEmitter.scratchFor): allocating it per
   * evaluation made a tenth of a seed spec's search garbage collection.
   */
  scratchArray(size: number): string {
    this.scratches.push(size);
    return `M${this.scratches.length - 1}`;
  }

  /** The name of a module constant holding a type descriptor (for the runtime's value conversion). */
  constType(t: Type): string {
    const key = JSON.stringify(t);
    let name = this.types.get(key);
    if (!name) {
      name = `TYPE${this.types.size}`;
      this.types.set(key, name);
    }
    return name;
  }

  /** The name of a module constant holding these values (declared once per distinct content). */
  constArray(values: ArrayLike<number>): string {
    const key = Array.from(values).join(",");
    let name = this.registry.get(key);
    if (!name) {
      name = `K${this.registry.size}`;
      this.registry.set(key, name);
    }
    return name;
  }

  /** Declarations of every constant registered so far. */
  lines(): string[] {
    return [
      ...[...this.registry].map(([values, name]) => `const ${name} = Int32Array.of(${values});`),
      ...[...this.types].map(
        ([json, name]) => `const ${name} = ${literal(JSON.parse(json))}${this.ctx.ann(" as const")};`,
      ),
      ...this.scratches.map((size, i) => `const M${i} = new Int32Array(${size});`),
    ];
  }
}

/** Leaves of a value of type `t` laid out from slot 0. */
export function leavesFrom0(t: Type): Leaf[] {
  const out: Leaf[] = [];
  leavesOf(t, 0, out);
  return out;
}

/** The reset values of a value of type `t` (what an empty frame or unused sequence element holds). */
export function leafResets(t: Type): Int32Array {
  const out = new Int32Array(slotCount(t));
  for (const leaf of leavesFrom0(t)) out[leaf.slot] = leaf.reset;
  return out;
}

/** The check table for storing a compound value of type `t`: [kind, lo, hi] per slot (see runtime storeChecked). */
export function checkTable(t: Type): Int32Array {
  const out = new Int32Array(3 * slotCount(t));
  const visit = (type: Type, at: number): void => {
    switch (type.kind) {
      case "int":
        out.set([0, type.lo, type.hi], 3 * at);
        return;
      case "bool":
        out.set([0, 0, 1], 3 * at);
        return;
      case "enum":
        out.set([0, 0, type.members.length - 1], 3 * at);
        return;
      case "set":
        if (isWideSet(type)) {
          // One check per word: the bits past the universe in the last word must be clear.
          const n = cardinality(type.elem);
          for (let w = 0; w < slotCount(type); w++) out.set([2, 0, Math.min(32, n - 32 * w)], 3 * (at + w));
          return;
        }
        out.set(
          [
            2,
            0,
            type.elem.kind === "int"
              ? type.elem.hi - type.elem.lo + 1
              : type.elem.kind === "enum"
                ? type.elem.members.length
                : 2,
          ],
          3 * at,
        );
        return;
      case "option":
        if (type.inner.kind === "int" || type.inner.kind === "bool" || type.inner.kind === "enum") {
          const hi =
            type.inner.kind === "int"
              ? type.inner.hi
              : type.inner.kind === "bool"
                ? 1
                : type.inner.members.length - 1;
          out.set([1, type.inner.kind === "int" ? type.inner.lo : 0, hi], 3 * at);
          return;
        }
        out.set([0, 0, 1], 3 * at);
        visit(type.inner, at + 1);
        return;
      case "record": {
        let off = at;
        for (const f of type.fields) {
          visit(f.type, off);
          off += slotCount(f.type);
        }
        return;
      }
      case "map": {
        const n = slotCount(type) / Math.max(1, slotCount(type.value));
        for (let i = 0; i < n; i++) visit(type.value, at + i * slotCount(type.value));
        return;
      }
      case "seq":
        out.set([0, 0, type.bound], 3 * at);
        for (let i = 0; i < type.bound; i++) visit(type.elem, at + 1 + i * slotCount(type.elem));
        return;
      default:
        out.set([3, 0, 0], 3 * at);
    }
  };
  visit(t, 0);
  return out;
}
