// A short seeded slice of the mutation fuzzer (scripts/fuzz-core.ts; the long run is
// `node dist/scripts/fuzz.js --count 10000`): mutated specs and stdlib modules, run in-process as
// `vmaspec check` runs them, end in a verdict or in located diagnostics, never in an exception.
// Also the findings of the long run, pinned as plain specs.

import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSeeds, mutant, runMutant } from "../../scripts/fuzz-core.js";
import { frontEnd } from "../../src/compile.js";
import { planOf } from "../../src/checks/plan.js";
import { runCheck } from "../../src/checks/run.js";
import { repoRoot } from "../helpers/cli.js";

const SEED = 20261207;
const COUNT = 12;

describe(`mutation fuzzing (seed ${SEED}, ${COUNT} mutants)`, () => {
  it("every mutant ends in a verdict or located diagnostics", { timeout: 120_000 }, async () => {
    const seeds = loadSeeds(repoRoot);
    const dir = mkdtempSync(join(tmpdir(), "vmaspec-fuzz-"));
    const findings: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const m = mutant(seeds, SEED, i);
      const f = await runMutant(m, dir);
      if (f) findings.push(`index ${i} (${m.seed}; ${m.mutations.join(", ")}): ${f.kind}: ${f.message}`);
    }
    expect(findings, `reproduce with: node dist/scripts/fuzz.js --seed ${SEED} --write INDEX`).toEqual([]);
  });
});

describe("findings of the long fuzzing run", () => {
  const spec = `spec A
var x: 0..1 = 0
invariant Small: x <= 1
action a { x = 1 - x }
check c { ignore Nope
  expect ok }
check d { expect violation Other }
`;

  it("locates a check's unknown ignored or expected name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vmaspec-fuzz-"));
    writeFileSync(join(dir, "a.vmaspec"), spec);
    const fe = frontEnd(join(dir, "a.vmaspec"));
    const spans = [];
    for (const check of fe.front!.table.checks) {
      const run = await runCheck(fe.front!, planOf(check, { consts: [] }));
      expect(run.diagnostics.map((d) => d.code)).toEqual(["N014"]);
      spans.push(run.diagnostics[0].span && [run.diagnostics[0].span.line, run.diagnostics[0].span.col]);
    }
    expect(spans).toEqual([
      [5, 18],
      [7, 28],
    ]);
  });
});
