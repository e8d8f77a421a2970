// The reference interpreter: an independent, deliberately slow implementation of vmaspec's
// semantics (language.md) for differential testing of the production checker. In: the typed tree
// of one configuration (a CheckedSpec from typecheckSpec) and the invariants a check ignores. Out: a
// ReferenceModel — initial states, successors of a state (one per nondeterministic path of every
// enabled step and action), invariants, constraints — over plain-value states (state.ts). It never
// calls generated code: expressions and statements are walked directly (eval.ts, exec.ts), and
// search.ts explores the model breadth-first with its own visited set of canonical state strings.

import type {
  CheckedSpec,
  TExpr,
  TInterrupt,
  TProc,
  TProcess,
  TStep,
  TStmt,
} from "../../src/typecheck/typed.js";
import { IRQ_DEPTH, IRQ_PC } from "../../src/typecheck/interrupts.js";
import { domainOf, evaluate, withBinding, type Ctx, type SpecIndex } from "./eval.js";
import { execBlock, nextPc, returnFromProc, setIrq, setPc } from "./exec.js";
import {
  DONE,
  EndStep,
  enumeratePaths,
  Oracle,
  setIn,
  stateKey,
  type PathOutcome,
  type State,
} from "./state.js";
import { orbitKeyOf } from "./symmetry.js";
import { checkFits, RefError, type Value } from "./values.js";

export interface ReferenceModel {
  /** Every initial state (one per combination of `in S` values), or the error an initialiser raised. */
  initialStates(): PathOutcome<State>[];
  /** Every successor of `st`: one outcome per path of every enabled process step and action. */
  successors(st: State): PathOutcome<State>[];
  /** The first action property (`always [A]_v`) the step from `from` to `to` breaks; may throw. */
  violatedStepProperty(from: State, to: State): string | undefined;
  /** The first invariant (in declaration order) false in `st`; may throw a RefError. */
  violatedInvariant(st: State): string | undefined;
  /** Whether every `constraint` holds in `st`; may throw a RefError. */
  withinConstraints(st: State): boolean;
  /** Whether every process instance has finished (never, in a spec with only actions). */
  allFinished(st: State): boolean;
  /** The visited-set key of a state: its orbit's under the spec's symmetry, else the state's own. */
  key(st: State): string;
}

/**
 * Builds the reference model of one checked configuration. With `symmetry`, states are keyed by
 * their orbit under the spec's symmetry (the count then is the number of orbits, as the
 * production checker's reduced search gives); without, by themselves.
 */
export function referenceModel(
  spec: CheckedSpec,
  ignored: readonly string[] = [],
  options: { symmetry?: boolean } = {},
): ReferenceModel {
  const index: SpecIndex = {
    spec,
    processes: new Map(spec.processes.map((p) => [p.name, p])),
    fns: new Map(spec.fns.map((f) => [f.name, f])),
  };
  const invariants = spec.invariants.filter((i) => !ignored.includes(i.name));
  const orbitKey = options.symmetry ? orbitKeyOf(spec) : undefined;
  const stepProperties = spec.properties.filter((p) => p.kind === "step" && !ignored.includes(p.name));
  /** A fresh context: nothing bound; `self` and `place` only while a process step runs. */
  const ctxFor = (
    st: State,
    oracle = new Oracle([]),
    self: Ctx["self"] = null,
    place?: Ctx["place"],
  ): Ctx => ({
    run: { st, oracle },
    index,
    self,
    place,
    env: new Map(),
    params: new Map(),
  });

  return {
    initialStates() {
      return enumeratePaths((oracle) => {
        const ctx = ctxFor({ globals: {}, processes: {} }, oracle);
        for (const v of spec.vars) initialise(ctx, ["globals", v.name], v);
        for (const p of spec.processes) {
          ctx.run.st = setIn(ctx.run.st, ["processes", p.name], []);
          p.indexValues.forEach((_, pos) => {
            const path = ["processes", p.name, pos];
            // `process P at {s, t}`: one initial state per step listed.
            const starts = p.startsAt ?? [p.steps[0].name];
            ctx.run.st = setIn(ctx.run.st, path, {
              pc: starts[oracle.pick(starts.length)],
              locals: {},
              stack: [],
            } as unknown as Value);
            const local: Ctx = { ...ctx, self: { process: p, pos } };
            for (const l of p.locals) initialise(local, [...path, "locals", l.name], l);
          });
        }
        // The `init` blocks (the modules' first, already concatenated by the type checker) run
        // last, on the initial values of every variable and process local; outside any process.
        if (spec.init) execBlock(spec.init, ctx);
        return ctx.run.st;
      });
    },

    successors(st) {
      const out: PathOutcome<State>[] = [];
      for (const p of spec.processes) {
        st.processes[p.name].forEach((inst, pos) => {
          // A running handler's step; the instance's own steps and new interrupts wait for it.
          const running = runningHandler(p, inst.locals[IRQ_PC] as string | undefined);
          if (running) {
            out.push(...enumeratePaths((o) => runHandler(p, pos, running.h, running.step, st, o)));
            return;
          }
          const guarded = (guard: TExpr | undefined): boolean => {
            if (!guard) return true;
            try {
              return evaluate(guard, ctxFor(st, undefined, { process: p, pos })) as boolean;
            } catch (e) {
              if (!(e instanceof RefError)) throw e;
              out.push({ error: e });
              return false;
            }
          };
          if (inst.pc !== DONE && guarded(p.guard))
            out.push(...enumeratePaths((oracle) => runStep(p, pos, inst.pc, st, oracle)));
          // An unmasked interrupt may arrive here, between two steps (or after the last).
          for (const h of p.interrupts ?? [])
            if (inst.locals[IRQ_DEPTH] === 0 && h.steps.length > 0 && guarded(h.guard))
              out.push(...enumeratePaths((o) => runHandler(p, pos, h, 0, st, o)));
        });
      }
      for (const a of spec.actions) {
        const paths = enumeratePaths((oracle) => {
          let ctx = ctxFor(st, oracle);
          for (const b of a.params) {
            const options = domainOf(b, ctx);
            ctx = withBinding(ctx, b.id, options[oracle.pick(options.length)]);
          }
          execBlock(a.body, ctx);
          return ctx.run.st;
        });
        out.push(...paths);
      }
      return out;
    },

    violatedStepProperty(from, to) {
      const ctx = { ...ctxFor(from), next: to };
      return stepProperties.find((p) => !evaluate(p.rhs, ctx))?.name;
    },

    violatedInvariant(st) {
      const ctx = ctxFor(st);
      return invariants.find((i) => !evaluate(i.body, ctx))?.name;
    },

    withinConstraints(st) {
      const ctx = ctxFor(st);
      return spec.constraints.every((c) => evaluate(c.body, ctx));
    },

    key(st) {
      return orbitKey ? orbitKey(st) : stateKey(st);
    },

    allFinished(st) {
      return (
        spec.processes.length > 0 &&
        spec.processes.every((p) => st.processes[p.name].every((i) => i.pc === DONE))
      );
    },
  };

  /** Runs one path of the step at `pc` of instance `pos` of `p`; returns the successor state. */
  function runStep(p: TProcess, pos: number, pc: string, st: State, oracle: Oracle): State {
    const { owner, step } = stepAt(p, pc);
    const ctx = ctxFor(st, oracle, { process: p, pos }, { owner, step });
    const body: TStmt[] = (owner ? owner.steps : p.steps)[step].body;
    try {
      execBlock(body, ctx);
      // Fell off the step: on to the next one; past a proc's last step the proc returns.
      const next = nextPc(ctx);
      if (next === undefined) returnFromProc(ctx);
      else setPc(ctx, next);
    } catch (e) {
      if (!(e instanceof EndStep)) throw e;
    }
    return ctx.run.st;
  }

  /** Runs one path of step `step` of handler `h` on instance `pos` of `p`. */
  function runHandler(
    p: TProcess,
    pos: number,
    h: TInterrupt,
    step: number,
    st: State,
    oracle: Oracle,
  ): State {
    const ctx = ctxFor(st, oracle, { process: p, pos }, { owner: null, step, handler: h });
    // Falling off the last step returns from the interrupt; a `goto` overwrites this.
    setIrq(ctx, step + 1 < h.steps.length ? h.steps[step + 1].name : DONE);
    try {
      execBlock(h.steps[step].body, ctx);
    } catch (e) {
      if (!(e instanceof EndStep)) throw e;
    }
    return ctx.run.st;
  }

  /** Initialises a variable or process local: its value, or one path per element of its `in` set. */
  function initialise(ctx: Ctx, path: (string | number)[], v: CheckedSpec["vars"][number]): void {
    if (v.init.k === "fnSet") {
      // `in [K -> S]`: each key's entry chosen among S on its own.
      const options = evaluate(v.init.codomain, ctx) as Value[];
      const m = new Map<Value, Value>();
      for (const key of v.init.keys) m.set(evaluate(key, ctx), options[ctx.run.oracle.pick(options.length)]);
      ctx.run.st = setIn(ctx.run.st, path, checkFits(v.type, m, v.name));
      return;
    }
    let value = evaluate(v.init, ctx);
    if (v.initIn) {
      const options = value as Value[];
      value = options[ctx.run.oracle.pick(options.length)];
    }
    checkFits(v.type, value, v.name);
    ctx.run.st = setIn(ctx.run.st, path, value);
  }
}

/** The handler and step an `irq` value names (its enum member `H.step`); undefined for `none`. */
function runningHandler(p: TProcess, irq: string | undefined): { h: TInterrupt; step: number } | undefined {
  if (irq === undefined || irq === "none") return undefined;
  const [name, step] = irq.split(".");
  const h = p.interrupts!.find((x) => x.name === name)!;
  return { h, step: findStep(h.steps, step) };
}

/** The proc (null for the process body) and step index a program counter names. */
function stepAt(p: TProcess, pc: string): { owner: TProc | null; step: number } {
  const dot = pc.indexOf(".");
  if (dot < 0) return { owner: null, step: findStep(p.steps, pc) };
  const owner = p.procs.find((x) => x.name === pc.slice(0, dot))!;
  return { owner, step: findStep(owner.steps, pc.slice(dot + 1)) };
}

function findStep(steps: TStep[], name: string): number {
  const i = steps.findIndex((s) => s.name === name);
  if (i < 0) throw new Error(`internal: no step ${name}`);
  return i;
}
