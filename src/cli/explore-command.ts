// `vmaspec explore FILE`: the state explorer in the browser. Compiles one check's configuration
// (the one --check names, the one a --trace file recorded, or the first), starts the explorer's
// server (src/report/explorer-server.ts) on 127.0.0.1 and prints its URL; a trace file given with
// --trace is replayed and can be walked on the page. It runs until SIGINT (Ctrl-C) or SIGTERM, then
// closes the server and exits 0: stopping it is how one ends a session, not a failure.

import type { Command } from "commander";
import { compileConfiguration, frontEnd } from "../compile.js";
import { planOf } from "../checks/plan.js";
import { planProblems } from "../checks/run.js";
import { replayStates, shapeProblem } from "../engines/replay.js";
import { Explorer } from "../report/explorer.js";
import { explorerPage } from "../report/explorer-page.js";
import { startExplorer, type ExplorerFacts } from "../report/explorer-server.js";
import { buildModel } from "../runtime/build-model.js";
import { describeMismatch } from "../trace/mismatch.js";
import { printDiagnostics } from "./check-command.js";
import { EXIT, exitCodesHelp, type SetExit } from "./exit-codes.js";
import { collect, parseConstOption, UsageError } from "./options.js";
import { constsOf, readTrace } from "./replay-command.js";
import { selectChecks } from "./simulate-command.js";

export interface ExploreCommandOptions {
  check?: string;
  consts: string[];
  trace?: string;
  port: number;
}

/** `--port N`: 0 (a free port) to 65535. */
export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new UsageError(`--port expects a port number from 0 (any free port) to 65535, not '${text}'`);
  return Number(text);
}

/** The first of SIGINT and SIGTERM, by name; dispose() removes the handlers. */
function signalled(): { stopped: Promise<string>; dispose(): void } {
  let stop: (name: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return {
    stopped,
    dispose() {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    },
  };
}

/** Runs the explorer until it is stopped; the exit code. */
export async function exploreCommand(file: string, opts: ExploreCommandOptions): Promise<number> {
  const decoded = opts.trace === undefined ? undefined : readTrace(opts.trace);
  const fe = frontEnd(file);
  const sources = (n: string) => fe.texts.get(n);
  if (!fe.front) {
    printDiagnostics(fe.diagnostics, sources, false);
    return EXIT.usage;
  }
  const recorded = typeof decoded?.meta.check === "string" ? decoded.meta.check : undefined;
  const [check] = selectChecks(fe.front, file, opts.check ?? recorded);
  const consts = [...(decoded ? constsOf(decoded, opts.trace!) : []), ...opts.consts.map(parseConstOption)];
  const plan = planOf(check, { consts });
  const { compiled, diagnostics } = compileConfiguration(fe.front, plan.overrides);
  const problems = compiled ? planProblems(compiled, plan) : [];
  if (!compiled || problems.length) {
    printDiagnostics(compiled ? problems : diagnostics, sources, false);
    return EXIT.usage;
  }
  const model = buildModel(compiled.generated, plan.ignore);
  const explorer = new Explorer(model);
  const facts: ExplorerFacts = { spec: model.name, file, check: plan.name };
  if (decoded) {
    const shape = shapeProblem(model, decoded.states);
    if (shape) throw new UsageError(`${opts.trace} is not a trace of ${file}: ${shape}`);
    const { trace, mismatch } = replayStates(model, decoded.states);
    const note = mismatch
      ? `The trace fits only up to state ${mismatch.step - 1}: ${describeMismatch(mismatch, decoded.states[mismatch.step]?.label)}`
      : undefined;
    facts.trace = { ...explorer.traceIds(trace), ...(note ? { note } : {}) };
    if (note) process.stderr.write(`vmaspec: ${note}\n`);
  }
  const wanted = new Set([file, ...model.steps.map((s) => s.file)]);
  const texts = [...wanted].flatMap((f) => {
    const text = fe.texts.get(f);
    return text === undefined ? [] : [{ file: f, text }];
  });
  const page = explorerPage(`vmaspec explore ${file}`, texts);
  // The handlers first: a Ctrl-C the moment the URL appears must stop the server cleanly too.
  const signals = signalled();
  try {
    let running;
    try {
      running = await startExplorer(explorer, page, facts, opts.port);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE")
        throw new UsageError(`port ${opts.port} on 127.0.0.1 is in use: choose another with --port`);
      throw e;
    }
    console.log(`vmaspec explore: ${file} (check ${plan.name}) at ${running.url}`);
    console.log("Open the URL in a browser; Ctrl-C stops the explorer.");
    const why = await signals.stopped;
    await running.close();
    console.log(`vmaspec explore: stopped (${why})`);
    return EXIT.ok;
  } finally {
    signals.dispose();
  }
}

/** Adds the explore command to the program. */
export function registerExplore(program: Command, setExit: SetExit): void {
  program
    .command("explore")
    .description("explore a spec's states in the browser: take steps by hand, see invariants, walk a trace")
    .argument("<file>", "the .vmaspec file")
    .option("--check <name>", "use this check block's configuration (default: the trace's, or the first)")
    .option("--const <name=value>", "override a constant (repeatable)", collect, [])
    .option("--trace <file>", "a trace file (ITF, from check --out) to walk forwards and backwards")
    .option("--port <n>", "the port on 127.0.0.1 (default: a free port)", parsePort)
    .addHelpText("after", exitCodesHelp("explore"))
    .action(async (file: string, o: { check?: string; const: string[]; trace?: string; port?: number }) => {
      setExit(
        await exploreCommand(file, { check: o.check, consts: o.const, trace: o.trace, port: o.port ?? 0 }),
      );
    });
}
