// The acceptance patterns as specs: each litmus test of test/fixtures/litmus/ has a `.vmaspec` twin
// in test/fixtures/lkmm/ (scripts/gen-lkmm-twins.ts) that runs through the ordinary `check`. Under
// `memory lkmm` the twin must reach the litmus test's announced verdict (Never: ok, Sometimes: a
// violation of NotExists; acceptance.test.ts shows `vmaspec litmus` reaches it too) with the state
// count its `expect states` pins, which scripts/gen-lkmm-twins.ts took from `vmaspec litmus` (the
// same execution graphs);
// under `memory sc` it must find the exists clause reachable exactly when an independent
// interleaving interpreter (outcomes.ts) does. And every check block of each twin is met.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { frontEnd } from "../../src/compile.js";
import { planOf } from "../../src/checks/plan.js";
import { runCheck } from "../../src/checks/run.js";
import { announcedResult, conditionOf } from "../../src/litmus/run.js";
import { parseLitmus } from "../../src/litmus/parse.js";
import type { FinalState } from "../../src/weakmem/model.js";
import { repoRoot } from "../helpers/cli.js";
import { scOutcomes } from "./outcomes.js";

const litmusDir = join(repoRoot, "test/fixtures/litmus");
const twinDir = join(repoRoot, "test/fixtures/lkmm");
const names = readdirSync(litmusDir)
  .filter((f) => f.endsWith(".litmus"))
  .map((f) => f.replace(/\.litmus$/, ""));

/** An outcome string of outcomes.ts (`0:r0=1 ... x=1`) as a final state. */
function finalOf(locations: string[], text: string): FinalState {
  const values = new Map(text.split(" ").map((kv) => kv.split("=") as [string, string]));
  return {
    register: (thread, name) => Number(values.get(`${thread}:${name}`) ?? 0),
    memory: (loc) => Number(values.get(locations[loc])),
  };
}

describe("the .vmaspec twins of the acceptance patterns", () => {
  it("cover every acceptance pattern", () => {
    expect(names).toHaveLength(24);
    expect(readdirSync(twinDir).sort()).toEqual(names.map((n) => `${n}.vmaspec`).sort());
  });

  for (const name of names)
    it(name, async () => {
      const text = readFileSync(join(litmusDir, `${name}.litmus`), "utf8");
      const { test } = parseLitmus(`${name}.litmus`, text);
      const program = test!.program;
      const exists = conditionOf(test!.exists);
      const filter = test!.filter && conditionOf(test!.filter);
      const scReaches = [...scOutcomes(program)]
        .map((o) => finalOf(program.locations, o))
        .some((f) => (!filter || filter(f)) && exists(f));

      const fe = frontEnd(join(twinDir, `${name}.vmaspec`));
      expect(fe.diagnostics).toEqual([]);
      const checks = fe.front!.table.checks;
      for (const memory of ["lkmm", "sc"] as const) {
        const check = checks.find((c) => c.name.name === memory)!;
        const run = await runCheck(fe.front!, planOf(check, { consts: [] }));
        expect(run.diagnostics).toEqual([]);
        expect(run.verdict!.met, `${memory}: ${run.verdict!.reason ?? ""}`).toBe(true);
        const violated = run.result!.outcome === "violation";
        if (memory === "lkmm") {
          expect(violated).toBe(announcedResult(text) === "Sometimes");
          expect(check.items.some((i) => i.kind === "expectStates")).toBe(true);
          expect(run.statesCompared).toBe(true);
        } else expect(violated).toBe(scReaches);
      }
    });
});
