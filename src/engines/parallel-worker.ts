// A worker thread of the parallel checker. In: its setup (parallel-protocol.ts: how to build the
// model, the shared control words, table and level buffer) and, level by level, the order to
// expand the level. Out: for each level, the states it added (packed), its counts, and any
// violation or bound it met.
//
// The worker builds its own copy of the model from the factory (a model is not transferable
// between threads), then claims chunks of the level from a shared cursor and expands them with the
// same Expander as the serial checker, over the shared table. Between states it obeys the control
// words: park while the table grows, stop, or look only for deadlocks once some thread found a
// violation one step deeper (expander.ts explains why).

import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import type { Model } from "./model.js";
import { Expander, type StateOut } from "./expander.js";
import {
  C_ACTIVE,
  C_CURSOR,
  C_EPOCH,
  C_GROW,
  C_PARKED,
  C_SCAN,
  C_STOP,
  type FromWorker,
  type ModelFactory,
  type TableMessage,
  type ToWorker,
  type WorkerSetup,
} from "./parallel-protocol.js";
import { SharedStateTable } from "./shared-table.js";
import { tableLayout } from "./state-table.js";

/** States claimed from the shared cursor at a time. */
const CHUNK = 64;

/** A growing buffer of packed states, handed to the coordinator at the end of each level. */
class AddedStates implements StateOut {
  words: Uint32Array;
  count = 0;

  constructor(private readonly packedWords: number) {
    this.words = new Uint32Array(Math.max(1, 1024 * packedWords));
  }

  append(key: Uint32Array, offset: number): void {
    const n = this.packedWords;
    if ((this.count + 1) * n > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    const base = this.count * n;
    for (let i = 0; i < n; i++) this.words[base + i] = key[offset + i];
    this.count++;
  }
}

/** Builds the model as the factory says. */
export async function loadModel(factory: ModelFactory): Promise<Model> {
  const module = (await import(factory.module)) as Record<string, (argument: unknown) => Model | Promise<Model>>;
  const make = module[factory.exportName];
  if (typeof make !== "function") throw new Error(`${factory.module} exports no function ${factory.exportName}`);
  return await make(factory.argument);
}

async function main(): Promise<void> {
  const setup = workerData as WorkerSetup & { port: MessagePort };
  const port = setup.port;
  const parent = parentPort!;
  const control = new Int32Array(setup.control);
  const level = new Uint32Array(setup.level); // tracks the growable buffer's length
  const model = await loadModel(setup.factory);
  const n = model.packedWords;

  /** Takes the grown table the coordinator posted, if any. */
  const takeTable = () => {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      table.attach((m.message as TableMessage).table);
    }
  };
  /** Waits while the coordinator grows the table. */
  const park = () => {
    const epoch = Atomics.load(control, C_EPOCH);
    Atomics.add(control, C_PARKED, 1);
    Atomics.notify(control, C_PARKED);
    while (Atomics.load(control, C_EPOCH) === epoch) Atomics.wait(control, C_EPOCH, epoch, 100);
    takeTable();
  };
  const layout = tableLayout(n, model.packedBits);
  const maxStates = setup.options.maxStates ?? Infinity;
  const requestGrowth = () => parent.postMessage({ type: "grow" } satisfies FromWorker);
  const table = new SharedStateTable(layout, setup.table, control, maxStates, requestGrowth, park);
  const expander = new Expander(model, table, new AddedStates(n), setup.options.allowDeadlock);

  const expandLevel = (depth: number, size: number) => {
    takeTable();
    const added = new AddedStates(n);
    const generatedBefore = expander.generated;
    expander.out = added;
    expander.level = depth;
    claim: for (;;) {
      const start = Atomics.add(control, C_CURSOR, CHUNK);
      if (start >= size) break;
      for (let i = start, end = Math.min(start + CHUNK, size); i < end; i++) {
        if (Atomics.load(control, C_STOP) !== 0) break claim;
        if (Atomics.load(control, C_GROW) !== 0) park();
        if (!expander.scanning && Atomics.load(control, C_SCAN) !== 0) expander.scanForDeadlocks();
        expander.expand(level, i * n, i);
        if (expander.pending && Atomics.load(control, C_SCAN) === 0) Atomics.store(control, C_SCAN, 1);
        if (expander.stopped) {
          Atomics.store(control, C_STOP, 1);
          break claim;
        }
      }
    }
    expander.flushBatch();
    if (expander.stopped) Atomics.store(control, C_STOP, 1);
    Atomics.sub(control, C_ACTIVE, 1);
    Atomics.notify(control, C_PARKED);
    const done: FromWorker = {
      type: "done",
      added: added.words,
      addedCount: added.count,
      generated: expander.generated - generatedBefore,
      deepest: expander.deepest,
      found: expander.found,
      pending: expander.pending,
      boundedBy: expander.boundedBy,
    };
    parent.postMessage(done, [added.words.buffer as ArrayBuffer]);
  };

  parent.on("message", (message: ToWorker) => {
    if (message.type === "level") expandLevel(message.level, message.size);
    else parent.close();
  });
  parent.postMessage({ type: "ready" } satisfies FromWorker);
}

if (parentPort) void main();
