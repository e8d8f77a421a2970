// The parallel checker's shared visited set, driven by several threads at once: every state is
// added exactly once however the adds race, through many grows, and a budget that refuses a grow
// makes adds of new states FULL instead of losing or duplicating any.

import { describe, expect, it } from "vitest";
import { Worker } from "node:worker_threads";
import { createSharedTable } from "../../src/engines/store/shared-table.js";
import { hash2 } from "../../src/engines/store/state-hash.js";

interface Report {
  added: number[];
  full: number;
  presentAfter: number;
  bytes: number;
}

/** `count` distinct two-word states of 43 bits, as the benchmark's vma_refcount packs. */
function keys(count: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(count * 8);
  const words = new Uint32Array(buffer);
  for (let i = 0; i < count; i++) {
    words[2 * i] = Math.imul(i, 0x9e3779b1) >>> 0; // a bijection on 32 bits: all distinct
    words[2 * i + 1] = i % 2048;
  }
  return buffer;
}

/**
 * `count` distinct states whose hashes all fall in the first 1/65536 of the range: in any table of
 * fewer than 65,536 slots they share one home slot, so every add races the others for the one
 * empty slot at the end of their cluster.
 */
function collidingKeys(count: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(count * 8);
  const words = new Uint32Array(buffer);
  for (let a = 0, found = 0; found < count; a++) {
    if (hash2(a, 7) >>> 16 !== 0) continue;
    words[2 * found] = a;
    words[2 * found + 1] = 7;
    found++;
  }
  return buffer;
}

/**
 * `count` distinct states whose hashes fall in narrow bands around a third, two thirds and the
 * end of the range: with three workers, their clusters straddle the edges between the workers'
 * shares of the table and its wrap-around, where a grow moves states with a compare-and-swap.
 */
function edgeKeys(count: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(count * 8);
  const words = new Uint32Array(buffer);
  const band = 2 ** 32 / 64;
  const edges = [2 ** 32 / 3, (2 * 2 ** 32) / 3, 2 ** 32];
  for (let a = 0, found = 0; found < count; a++) {
    const h = hash2(a, 5);
    if (!edges.some((e) => h >= e - band && h < e + band) && h >= band) continue;
    words[2 * found] = a;
    words[2 * found + 1] = 5;
    found++;
  }
  return buffer;
}

/** Has `workers` threads each add all `count` states (or, `disjoint`, a share each), in one order, at once. */
async function race(
  workers: number,
  count: number,
  budget: number,
  states = keys(count),
  disjoint = false,
): Promise<Report[]> {
  const handle = createSharedTable(2, 43, workers, budget);
  const shared = { handle, keys: states, count, disjoint, done: new SharedArrayBuffer(12) };
  const url = new URL("./shared-table-worker.mjs", import.meta.url);
  return Promise.all(
    Array.from({ length: workers }, (_, me) => {
      const worker = new Worker(url, { workerData: { ...shared, me } });
      return new Promise<Report>((resolve, reject) => {
        worker.once("message", (report: Report) => {
          resolve(report);
          void worker.terminate();
        });
        worker.once("error", reject);
      });
    }),
  );
}

describe("the shared state table", () => {
  it("adds each state exactly once when three threads race through many grows", async () => {
    const count = 200_000; // from 16,384 slots: about eight grows
    const reports = await race(3, count, 2 ** 30);
    const added = reports.flatMap((r) => r.added);
    expect(added.length).toBe(count);
    expect(new Set(added).size).toBe(count);
    for (const r of reports) {
      expect(r.full).toBe(0);
      expect(r.presentAfter).toBe(count);
      expect(r.bytes).toBeGreaterThan(count * 8);
    }
  });

  it("adds each state exactly once when every add races the others for the same empty slot", async () => {
    const count = 1500;
    const reports = await race(2, count, 2 ** 30, collidingKeys(count), true);
    const added = reports.flatMap((r) => r.added);
    expect(new Set(added).size).toBe(count);
    expect(added.length).toBe(count);
    for (const r of reports) expect(r.presentAfter).toBe(count);
  });

  it("keeps every state through grows when clusters straddle the edges of the workers' shares", async () => {
    const count = 30_000; // from 16,384 slots: two grows
    const reports = await race(3, count, 2 ** 30, edgeKeys(count));
    const added = reports.flatMap((r) => r.added);
    expect(added.length).toBe(count);
    expect(new Set(added).size).toBe(count);
    for (const r of reports) expect(r.presentAfter).toBe(count);
  });

  it("refuses new states once the budget refuses a grow, and keeps every state it added", async () => {
    const count = 100_000;
    const reports = await race(2, count, 1 << 20);
    const added = reports.flatMap((r) => r.added);
    expect(new Set(added).size).toBe(added.length);
    expect(added.length).toBeGreaterThan(20_000);
    expect(added.length).toBeLessThan(count);
    for (const r of reports) expect(r.full).toBeGreaterThan(0);
    for (const r of reports) expect(r.presentAfter).toBe(added.length);
  });
});
