// The memory of recent states in front of the visited set: it answers "seen" only for a state it
// was offered before, never for one it was not, and the search finds the same states with it.

import { describe, expect, it } from "vitest";
import { RecentStates } from "../../src/engines/store/recent-states.js";
import { hashKey } from "../../src/engines/store/state-table.js";

function offer(recent: RecentStates, ...words: number[]): boolean {
  const key = Uint32Array.from(words);
  return recent.seen(key, 0, hashKey(key, 0, words.length));
}

describe("RecentStates", () => {
  it("remembers a state once offered, in every width", () => {
    for (const width of [1, 2, 3]) {
      const recent = new RecentStates(width);
      const state = Array.from({ length: width }, (_, i) => 40 + i);
      expect(offer(recent, ...state)).toBe(false);
      expect(offer(recent, ...state)).toBe(true);
    }
  });

  it("does not take an unwritten entry for the all-zero state", () => {
    for (const width of [1, 2, 3]) {
      const recent = new RecentStates(width);
      const zero = new Array<number>(width).fill(0);
      expect(offer(recent, ...zero)).toBe(false);
      expect(offer(recent, ...zero)).toBe(true);
    }
  });

  it("never answers seen for a state it was not offered, even when entries collide", () => {
    const recent = new RecentStates(2);
    const offered = new Set<string>();
    let x = 99;
    for (let i = 0; i < 200_000; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      const a = x % 1000; // few distinct states, many repeats and collisions
      const b = (x >>> 20) % 300;
      const key = `${a},${b}`;
      const seen = offer(recent, a, b);
      if (seen) expect(offered.has(key)).toBe(true);
      offered.add(key);
    }
  });
});
