// A worker thread of shared-table.test.ts: adds the same keys as every other worker, in the same
// shuffled order and starting at the same moment (so that they race for the same slots), to the
// shared table, then offers them all again. With `disjoint`, each adds only its share of the keys. Plain JavaScript on the built table
// (dist/), since a worker thread cannot run the TypeScript source.
import { parentPort, workerData } from "node:worker_threads";
import { SharedStateTable } from "../../dist/src/engines/store/shared-table.js";

const { handle, me, keys, count, done, disjoint } = workerData;
const table = new SharedStateTable(handle, me);
const words = new Uint32Array(keys);
const finished = new Int32Array(done);
const order = Array.from({ length: count }, (_, i) => i);
let seed = 0x9e3779b9;
for (let i = count - 1; i > 0; i--) {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  const j = seed % (i + 1);
  [order[i], order[j]] = [order[j], order[i]];
}
Atomics.add(finished, 2, 1);
while (Atomics.load(finished, 2) < handle.workers);
const added = [];
let full = 0;
for (const i of order) {
  if (disjoint && i % handle.workers !== me) continue;
  table.poll();
  const r = table.add(words, i * handle.packedWords);
  if (r === 1) added.push(i);
  else if (r === -1) full++;
}
// Everyone has added everything before anyone looks again; grows asked meanwhile are joined.
Atomics.add(finished, 0, 1);
while (Atomics.load(finished, 0) < handle.workers) table.poll();
let presentAfter = 0;
for (let i = 0; i < count; i++) if (table.add(words, i * handle.packedWords) === 0) presentAfter++;
Atomics.add(finished, 1, 1);
while (Atomics.load(finished, 1) < handle.workers) table.poll();
table.close();
parentPort.postMessage({ added, full, presentAfter, bytes: table.bytes });
