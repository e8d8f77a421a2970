// `vmaspec replay FILE TRACE.itf.json`: checks that a trace file describes a real behaviour of the
// spec (state 0 an initial state, each next state a successor of the one before) and reprints it
// in the readable form. The configuration comes from the file's `#meta` (the check's name and the
// `--const` values of the run that wrote it), which `--check` and `--const` override. Exit code:
// 0 the trace fits, 1 it does not (the step and the variables that differ are printed), 2 bad input
// (an unreadable or malformed trace file, a spec with errors, a bad option).

import { MAX_TRACE_BYTES, readRegularFile } from "../resolve/read-file.js";
import type { Command } from "commander";
import { compileConfiguration, frontEnd, type FrontEnd } from "../compile.js";
import { planOf, type CheckPlan } from "../checks/plan.js";
import { lkmmModel, memoryOf } from "../checks/lkmm-check.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { planProblems } from "../checks/run.js";
import type { Model, ShownValue } from "../model/model.js";
import { failingStepIn, replayStates, shapeProblem, type ReplayMismatch } from "../engines/replay.js";
import { traceLength, type Trace } from "../engines/result.js";
import { buildModel } from "../runtime/build-model.js";
import { formatStuck, formatTrace } from "../trace/format.js";
import { ItfFormatError, parseItf, type DecodedTrace } from "../trace/itf.js";
import { describeMismatch, formatMismatch } from "../trace/mismatch.js";
import { formatValue } from "../trace/values.js";
import type { ConstOverride } from "../typecheck/consts.js";
import { printDiagnostics } from "./check-command.js";
import { exitCodesHelp, type SetExit } from "./exit-codes.js";
import {
  collect,
  parseConstOption,
  parseMemory,
  parseTraceStyle,
  TRACE_OPTION,
  UsageError,
} from "./options.js";
import { formatLanes, LANES_WIDTH, type TraceStyle } from "../trace/lanes.js";
import { traceToJson } from "./output.js";
import { selectChecks } from "./simulate-command.js";

export interface ReplayCommandOptions {
  check?: string;
  consts: ConstOverride[];
  json: boolean;
  /** How the trace prints (--trace). */
  traceStyle?: TraceStyle;
  /** --memory: the memory model the trace was checked under, when neither spec nor check says. */
  memory?: "sc" | "lkmm";
}

/** Reads and decodes a trace file; a missing or malformed file is a usage error (exit 2). */
export function readTrace(path: string): DecodedTrace {
  const read = readRegularFile(path, MAX_TRACE_BYTES);
  if (!("bytes" in read)) throw new UsageError(`cannot read trace file '${path}': ${read.why}`);
  const text = read.bytes.toString("utf8");
  try {
    return parseItf(text);
  } catch (e) {
    if (e instanceof ItfFormatError) throw new UsageError(`${path} is not a valid ITF trace: ${e.message}`);
    throw e;
  }
}

/** The `--const` values a trace file records, as overrides. */
export function constsOf(trace: DecodedTrace, path: string): ConstOverride[] {
  const consts = trace.meta.consts;
  if (consts === undefined) return [];
  if (consts === null || typeof consts !== "object" || Array.isArray(consts))
    throw new UsageError(`${path}: #meta.consts must be an object of constant values`);
  return Object.entries(consts).map(([name, value]) => {
    if (typeof value !== "number" && typeof value !== "boolean")
      throw new UsageError(`${path}: #meta.consts.${name} must be an integer or a boolean`);
    return { name, value, origin: `${path} (#meta.consts)` };
  });
}

/** Replays a trace file against a spec and returns the exit code. */
export function replayCommand(file: string, tracePath: string, opts: ReplayCommandOptions): number {
  const decoded = readTrace(tracePath);
  const fe = frontEnd(file);
  const sources = (n: string) => fe.texts.get(n);
  if (!fe.front) {
    printDiagnostics(fe.diagnostics, sources, opts.json);
    return 2;
  }
  const recorded = typeof decoded.meta.check === "string" ? decoded.meta.check : undefined;
  const [check] = selectChecks(fe.front, file, opts.check ?? recorded);
  const consts = [...constsOf(decoded, tracePath), ...opts.consts];
  const plan = planOf(check, { consts, memory: opts.memory });
  const model = replayModel(fe.front, plan);
  if (!model.model) {
    printDiagnostics(model.diagnostics, sources, opts.json);
    return 2;
  }
  return replayOn(model.model, file, tracePath, decoded, plan, consts, opts);
}

/** The model a trace is replayed on: the weak-memory model under memory lkmm, else the generated one. */
function replayModel(front: FrontEnd, plan: CheckPlan): { model?: Model; diagnostics: Diagnostic[] } {
  if (memoryOf(front, plan) === "lkmm") return lkmmModel(front, plan);
  const { compiled, diagnostics } = compileConfiguration(front, plan.overrides);
  const problems = compiled ? planProblems(compiled, plan) : [];
  if (!compiled || problems.length) return { diagnostics: compiled ? problems : diagnostics };
  return { model: buildModel(compiled.generated, plan.ignore), diagnostics };
}

function replayOn(
  model: Model,
  file: string,
  tracePath: string,
  decoded: ReturnType<typeof readTrace>,
  plan: CheckPlan,
  consts: ConstOverride[],
  opts: ReplayCommandOptions,
): number {
  const shape = shapeProblem(model, decoded.states);
  if (shape) throw new UsageError(`${tracePath} is not a trace of ${file}: ${shape}`);
  const { trace, mismatch } = replayStates(model, decoded.states);
  const failure = mismatch
    ? undefined
    : (checkLoop(trace, decoded) ?? checkFailingStep(model, trace, decoded));
  const effective = new Map(consts.map((c) => [c.name, c.value])); // later overrides win
  const configuration = [`check ${plan.name}`, ...[...effective].map(([k, v]) => `${k}=${v}`)].join(", ");
  const labelAt = (m: ReplayMismatch) => decoded.states[m.step]?.label;

  if (opts.json) {
    const json = replayToJson(model, trace, mismatch, failure, labelAt);
    console.log(JSON.stringify({ file, trace: tracePath, check: plan.name, ...json }));
    return mismatch || failure ? 1 : 0;
  }
  const head = `replay ${tracePath} on ${file} (${configuration})`;
  if (mismatch) {
    const where = mismatch.step === 0 ? "its initial state" : `step ${mismatch.step}`;
    console.log(`${head}: the trace does NOT fit the spec at ${where}`);
    console.log(formatMismatch(model, mismatch, labelAt(mismatch)).join("\n"));
    if (trace.initial) console.log(formatTrace(model, trace, "  ", "The part that fits").join("\n"));
    return 1;
  }
  const steps = traceLength(trace);
  if (failure) console.log(`${head}: the trace does NOT fit the spec: ${failure}`);
  else console.log(`${head}: the trace fits the spec (${steps} step${steps === 1 ? "" : "s"})`);
  const found = findings(model, trace);
  // The lanes end with the first finding under the last step, as a counterexample ends with its violation.
  if (opts.traceStyle === "lanes") {
    const bottom = found.shift() ?? "(no invariant violated, no deadlock)";
    console.log(formatLanes(model, trace, bottom, "  ", LANES_WIDTH, "Trace").join("\n"));
  } else console.log(formatTrace(model, trace, "  ", "Trace").join("\n"));
  for (const line of found) console.log(`  ${line}`);
  if (isDeadlock(model, trace)) console.log(formatStuck(model, trace).join("\n"));
  return failure ? 1 : 0;
}

/** The JSON report of a replay: whether the trace fits, where not, and the replayed trace. */
function replayToJson(
  model: Model,
  trace: Trace,
  mismatch: ReplayMismatch | undefined,
  failure: string | undefined,
  labelAt: (m: ReplayMismatch) => string | undefined,
): object {
  const shown = (v?: ShownValue) => (v ? formatValue(v) : undefined);
  return {
    fits: !mismatch && !failure,
    replayedSteps: traceLength(trace),
    mismatch: mismatch && {
      step: mismatch.step,
      message: describeMismatch(mismatch, labelAt(mismatch)),
      candidates: mismatch.candidates,
      closest: mismatch.closest && {
        step: mismatch.closest.transition ? model.describeTransition(mismatch.closest.transition) : undefined,
        differences: mismatch.closest.differences.map((d) => ({
          name: d.name,
          trace: shown(d.expected),
          spec: shown(d.actual),
        })),
      },
    },
    failure,
    found: mismatch ? undefined : findings(model, trace),
    replayed: traceToJson(model, trace),
  };
}

/** For a lasso (ITF `loop`): whether the last state returns to the loop's first state; marks the cycle. */
function checkLoop(trace: Trace, decoded: DecodedTrace): string | undefined {
  if (decoded.loop === undefined) return undefined;
  const states = [trace.initial!, ...trace.steps.map((s) => s.state)];
  const last = states.length - 1;
  const first = states[decoded.loop];
  if (decoded.loop < last && !first.every((v, i) => v === states[last][i]))
    return `the file's loop starts at state ${decoded.loop}, but its last state is not that state again`;
  trace.cycleStart = decoded.loop;
  return undefined;
}

/**
 * When the file says its last step fails (an assert or a runtime error), whether a step fails in
 * its last state: a problem to report if none does; otherwise the failing step joins the trace.
 */
function checkFailingStep(model: Model, trace: Trace, decoded: DecodedTrace): string | undefined {
  const claimed = decoded.meta.failingStep as { label?: unknown } | undefined;
  if (claimed === undefined || claimed === null || typeof claimed !== "object") return undefined;
  const last = trace.steps.length ? trace.steps[trace.steps.length - 1].state : trace.initial!;
  const failing = failingStepIn(model, last);
  const label = typeof claimed.label === "string" ? claimed.label : "a step";
  if (!failing) return `the file says ${label} fails in its last state, but no step fails there`;
  if (failing.transition) trace.failingStep = failing.transition;
  return undefined;
}

/** What the replayed trace shows: the first state that violates an invariant, and a final deadlock. */
function findings(model: Model, trace: Trace): string[] {
  const out: string[] = [];
  const states = trace.initial ? [trace.initial, ...trace.steps.map((s) => s.state)] : [];
  for (let i = 0; i < states.length; i++) {
    let index: number;
    try {
      index = model.firstViolatedInvariant(states[i]);
    } catch (e) {
      out.push(`state ${i}: an invariant cannot be evaluated: ${(e as Error).message}`);
      break;
    }
    if (index >= 0) {
      out.push(`state ${i} violates invariant ${model.invariantNames[index]}`);
      break;
    }
  }
  if (trace.failingStep) {
    const failing = failingStepIn(model, states[states.length - 1]);
    out.push(`the last step fails: ${failing?.error.message ?? "an assert or a runtime error"}`);
  } else if (isDeadlock(model, trace)) out.push(`the last state is a deadlock: no step is enabled`);
  return out;
}

function isDeadlock(model: Model, trace: Trace): boolean {
  if (trace.failingStep || !trace.initial) return false;
  const last = trace.steps.length ? trace.steps[trace.steps.length - 1].state : trace.initial;
  let any = false;
  try {
    model.successors(last, { next: () => void (any = true) });
  } catch {
    return false;
  }
  return !any && !model.allFinished(last);
}

/** Adds the replay command to the program. */
export function registerReplay(program: Command, setExit: SetExit): void {
  program
    .command("replay")
    .description("check that a trace file (ITF) is a behaviour of the spec, and print it readably")
    .argument("<file>", "the .vmaspec file")
    .argument("<trace>", "the trace file, as written by check --out or simulate --out")
    .option("--check <name>", "use this check block's configuration (default: the one the file names)")
    .option("--const <name=value>", "override a constant (repeatable), on top of the file's", collect, [])
    .option("--json", "print the result as JSON", false)
    .option(
      "--memory <model>",
      "the memory model, sc or lkmm (default: the check's or the spec's `memory`, else sc)",
    )
    .option(...TRACE_OPTION)
    .addHelpText("after", exitCodesHelp("replay"))
    .action(
      (
        file: string,
        trace: string,
        o: { check?: string; const: string[]; json: boolean; trace?: string; memory?: string },
      ) => {
        setExit(
          replayCommand(file, trace, {
            check: o.check,
            consts: o.const.map(parseConstOption),
            json: o.json,
            traceStyle: parseTraceStyle(o.trace),
            memory: parseMemory(o.memory),
          }),
        );
      },
    );
}
