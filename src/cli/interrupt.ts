// SIGINT and SIGTERM while a command runs: the first signal asks the running search to stop
// cleanly (an AbortSignal the engines poll), so that the command prints the statistics so far and
// "interrupted" (in JSON too) and stops its worker threads before it exits with the shell's code
// for the signal (130, 143). A second signal exits at once.

import { EXIT } from "./exit-codes.js";

/** The signal that interrupted a command, once one has. */
export interface Interrupt {
  readonly signal: AbortSignal;
  /** `SIGINT` or `SIGTERM`, once received. */
  readonly received: NodeJS.Signals | undefined;
  /** The exit code for the signal received (130 or 143). */
  readonly exitCode: number;
  /** Removes the handlers (the command is done). */
  dispose(): void;
}

/** Installs the handlers for the length of a command. */
export function onInterrupt(): Interrupt {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handler = (name: NodeJS.Signals) => {
    if (received) process.exit(codeOf(name)); // a second signal: no more waiting
    received = name;
    process.stderr.write(`\nvmaspec: ${name} received: stopping the search (again to quit at once)\n`);
    controller.abort();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    get exitCode() {
      return codeOf(received ?? "SIGINT");
    },
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}

function codeOf(name: NodeJS.Signals): number {
  return name === "SIGTERM" ? EXIT.sigterm : EXIT.sigint;
}
