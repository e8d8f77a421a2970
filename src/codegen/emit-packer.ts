// Emits `pack` and `unpack`: straight-line code that packs a state's slots into the words of a
// packed state, each slot in the bits the layout gave it (ir/layout.ts), and back. In: the
// layout's leaves. Out: the two functions' text. The visited set stores packed states.

import type { Leaf } from "../ir/layout.js";
import type { ModuleContext } from "./context.js";

const STATE = ["s", "Int32Array"] as const;

/** Straight-line bit packing of every leaf, in layout order. */
export function emitPack(ctx: ModuleContext, leaves: Leaf[], words: number): string {
  const lines: string[] = [];
  let bit = 0;
  let word = 0;
  lines.push("  let x = 0;");
  for (const leaf of leaves) {
    if (leaf.bits === 0) continue;
    const v = leaf.optional
      ? `(s[${leaf.slot}] === NONE ? 0 : s[${leaf.slot}] - ${leaf.lo - 1})`
      : leaf.lo === 0
        ? `s[${leaf.slot}]`
        : `(s[${leaf.slot}] - ${leaf.lo})`;
    if (bit + leaf.bits <= 32) {
      lines.push(bit === 0 ? `  x = ${v};` : `  x |= ${v} << ${bit};`);
      bit += leaf.bits;
      if (bit === 32) {
        lines.push(`  w[o + ${word++}] = x;`, "  x = 0;");
        bit = 0;
      }
    } else {
      lines.push(`  const v${leaf.slot} = ${v};`);
      lines.push(`  x |= v${leaf.slot} << ${bit};`, `  w[o + ${word++}] = x;`);
      lines.push(`  x = v${leaf.slot} >>> ${32 - bit};`);
      bit = bit + leaf.bits - 32;
    }
  }
  if (word < words) lines.push(`  w[o + ${word}] = x;`);
  return `/** Packs a state's slots into ${words} words. */\nfunction ${ctx.signature("pack", [STATE, ["w", "Uint32Array"], ["o", "number"]], "void")} {\n${lines.join("\n")}\n}`;
}

/** The inverse of pack. */
export function emitUnpack(ctx: ModuleContext, leaves: Leaf[], words: number): string {
  const lines: string[] = [];
  let bit = 0;
  let word = 0;
  lines.push("  let x = w[o];");
  for (const leaf of leaves) {
    if (leaf.bits === 0) {
      lines.push(`  s[${leaf.slot}] = ${leaf.lo};`);
      continue;
    }
    const mask = leaf.bits >= 32 ? "" : ` & ${2 ** leaf.bits - 1}`;
    let raw: string;
    if (bit + leaf.bits <= 32) {
      raw = `((x >>> ${bit})${mask})`;
      bit += leaf.bits;
    } else {
      raw = `(((x >>> ${bit}) | (w[o + ${word + 1}] << ${32 - bit}))${mask})`;
      bit = bit + leaf.bits - 32;
      word++;
      lines.push(`  const r${leaf.slot} = ${raw};`);
      lines.push(`  x = w[o + ${word}];`);
      raw = `r${leaf.slot}`;
    }
    const value = leaf.optional
      ? `(${raw} === 0 ? NONE : ${raw} + ${leaf.lo - 1})`
      : leaf.bits >= 32
        ? `${raw} | 0`
        : leaf.lo === 0
          ? raw
          : `${raw} + ${leaf.lo}`;
    lines.push(`  s[${leaf.slot}] = ${value};`);
    if (bit === 32 && word + 1 < words) {
      word++;
      bit = 0;
      lines.push(`  x = w[o + ${word}];`);
    }
  }
  return `/** Unpacks ${words} words into a state's slots. */\nfunction ${ctx.signature("unpack", [["w", "Uint32Array"], ["o", "number"], STATE], "void")} {\n${lines.join("\n")}\n}`;
}

/** Packed states of at most this many words get `packWords` (its mask has a bit per word). */
export const MAX_DELTA_WORDS = 31;

/** Where each leaf's bits are in the packed state: its first bit, counting from word 0's bit 0. */
function leafBits(leaves: Leaf[]): { leaf: Leaf; start: number }[] {
  const out: { leaf: Leaf; start: number }[] = [];
  let bit = 0;
  for (const leaf of leaves) {
    if (leaf.bits === 0) continue;
    out.push({ leaf, start: bit });
    bit += leaf.bits;
  }
  return out;
}

/** For each slot, the bit mask of the packed words holding its bits (0 for a slot not stored). */
export function slotWordMasks(leaves: Leaf[], slotCount: number): number[] {
  const masks = new Array<number>(slotCount).fill(0);
  for (const { leaf, start } of leafBits(leaves)) {
    const first = Math.floor(start / 32);
    const last = Math.floor((start + leaf.bits - 1) / 32);
    for (let w = first; w <= last; w++) masks[leaf.slot] |= 1 << w;
  }
  return masks;
}

/**
 * `packWords(s, w, o, mask)`: packs only the words whose bit is set in `mask`, each exactly as
 * `pack` does; the other words of `w` are left as they are. A successor differs from the state
 * it was computed from in the words its step may write (emit-successors.ts gives the mask), so
 * the checker copies the parent's packed words and repacks just those: for a wide state a step
 * changes one or two of its words, and a full pack reads every slot.
 */
export function emitPackWords(ctx: ModuleContext, leaves: Leaf[], words: number): string {
  const lines: string[] = ["  let x = 0;"];
  const placed = leafBits(leaves);
  for (let k = 0; k < words; k++) {
    const lo = 32 * k;
    const parts: string[] = [];
    for (const { leaf, start } of placed) {
      if (start + leaf.bits <= lo || start >= lo + 32) continue;
      const v = leaf.optional
        ? `(s[${leaf.slot}] === NONE ? 0 : s[${leaf.slot}] - ${leaf.lo - 1})`
        : leaf.lo === 0
          ? `s[${leaf.slot}]`
          : `(s[${leaf.slot}] - ${leaf.lo})`;
      parts.push(start >= lo ? (start === lo ? v : `${v} << ${start - lo}`) : `${v} >>> ${lo - start}`);
    }
    lines.push(`  if ((mask & ${2 ** k}) !== 0) {`);
    lines.push(`    x = ${parts.length ? parts[0] : "0"};`);
    for (const p of parts.slice(1)) lines.push(`    x |= ${p};`);
    lines.push(`    w[o + ${k}] = x;`, "  }");
  }
  const params = [STATE, ["w", "Uint32Array"], ["o", "number"], ["mask", "number"]] as const;
  return `/** Packs the words of ${words} whose bits are set in mask; leaves the others. */\nfunction ${ctx.signature("packWords", params, "void")} {\n${lines.join("\n")}\n}`;
}
