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
