// A worker thread that runs one check block for the language server, so that a long search never
// blocks the server's loop (diagnostics, hover and completion go on answering while it runs, and
// cancelling the run ends the thread). In: the spec's path, the unsaved texts of the open files and
// the check's name (CheckJob). Out: one message, the check's summary.
//
// The thread analyses the spec again from the texts: an analysis holds a syntax tree and closures,
// which cannot pass between threads, and analysing is quick beside a search.

import { parentPort, workerData } from "node:worker_threads";
import { analyse } from "./analysis.js";
import { runNamedCheck, type CheckJob } from "./check-lens.js";

async function main(): Promise<void> {
  const job = workerData as CheckJob;
  const a = analyse(job.path, { unsaved: new Map(job.unsaved) });
  parentPort!.postMessage(await runNamedCheck(a, job.check));
}

// A rejection here is unhandled, so it ends the thread with an 'error' event the server reports.
if (parentPort) void main();
