// How much memory a search may use. In: the machine's memory (node:os). Out: the default byte
// budget of a check and of bitstate mode's filter.
//
// Why a default at all: a search that outgrows the machine is killed by the kernel with nothing to
// show for its minutes of work. Stopping at a budget instead reports the statistics so far and says
// that memory, not the spec, ended the search. Half the machine leaves room for the JavaScript heap,
// the garbage collector, the old table while a larger one is filled, and the rest of the system.

import { totalmem } from "node:os";

/** The largest typed array V8 allows, in bytes of 32-bit words (2^32 elements). */
export const MAX_ARRAY_BYTES = 4 * 2 ** 32;
const BITSTATE_DEFAULT_BYTES = 512 * 2 ** 20;

/** The default `maxMemoryBytes`: half of the machine's memory. */
export function defaultMemoryBudget(): number {
  return Math.floor(totalmem() / 2);
}

/** Bytes of bitstate mode's filter: as asked, else 512 MiB or a quarter of the budget if less. */
export function bitstateBytes(asked: number | undefined, budget: number): number {
  const bytes = asked ?? Math.min(BITSTATE_DEFAULT_BYTES, budget / 4);
  return Math.max(64, Math.min(bytes, MAX_ARRAY_BYTES));
}
