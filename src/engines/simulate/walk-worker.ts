// A worker thread of a parallel simulation. In: its setup (simulate-protocol.ts: how to build the
// model, the simulation's options, the shared run words and progress counters). Out: one message,
// the result of the runs it walked.
//
// The worker builds its own copy of the model from the factory (a model cannot be passed between
// threads) and walks the runs it claims with the serial simulator's own loop (simulate.ts), until
// none is left below the bound or one of its runs finds a violation.

import { parentPort, workerData } from "node:worker_threads";
import { modelFromFactory } from "../threads/model-factory.js";
import { simulateRuns } from "./simulate.js";
import * as P from "./protocol.js";

/** How often a worker updates its progress counters; the coordinator reports less often. */
const PROGRESS_MS = 100;

async function main(): Promise<void> {
  const setup = workerData as P.WorkerSetup;
  const model = await modelFromFactory(setup.factory);
  const progress = new Float64Array(setup.progress);
  const result = simulateRuns(
    model,
    {
      ...setup.options,
      progressIntervalMs: Math.min(PROGRESS_MS, setup.options.progressIntervalMs ?? PROGRESS_MS),
    },
    new P.SharedRuns(new Uint32Array(setup.runs)),
    { progress: (stats) => P.writeProgress(progress, setup.worker, stats) },
  );
  parentPort!.postMessage({ type: "done", result } satisfies P.Done);
}

// A rejection here is unhandled, so it ends the thread with an 'error' event the coordinator reports.
if (parentPort) void main();
