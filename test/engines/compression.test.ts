// Tree compression of the visited set (store/tree-table.ts) changes nothing a search reports: on
// every check of every spec in specs/ and test/fixtures/lang, and on generated specs, a search
// with the tree (planned after two states, so that small specs use it too) and one with states
// stored inline give the same verdict, the same counts and the same counterexample.

import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileConfiguration, frontEnd, modelOf } from "../../src/compile.js";
import { planOf } from "../../src/checks/plan.js";
import { searchBreadthFirst } from "../../src/engines/bfs/search.js";
import type { CheckOptions } from "../../src/engines/result.js";
import { generateSpec, AVOID_KNOWN_BUGS } from "../fuzz/generate.js";
import { render } from "../fuzz/tree.js";

const root = path.resolve(import.meta.dirname, "../..");
/** A bound that keeps the largest seed specs' checks short; both searches stop at the same state. */
const MAX_STATES = 30000;
const SEED = 20261207;
const GENERATED = 24;

/** Per check of the spec in `file`: what the search reports, with and without tree compression. */
function searchesOf(file: string): { name: string; words: number; inline: string; tree: string }[] {
  const { front } = frontEnd(file);
  if (!front) return [];
  const out = [];
  for (const check of [undefined, ...front.table.checks]) {
    const plan = planOf(check, { consts: [] });
    const { compiled } = compileConfiguration(front, plan.overrides);
    if (!compiled) continue;
    const model = modelOf(compiled, plan.ignore);
    const options: CheckOptions = {
      allowDeadlock: plan.allowDeadlock,
      maxDepth: plan.maxDepth,
      maxStates: Math.min(plan.maxStates ?? Infinity, MAX_STATES),
    };
    const report = (treeCompression: CheckOptions["treeCompression"]) => {
      const r = searchBreadthFirst(model, { ...options, treeCompression });
      const { distinctStates, statesGenerated, depth, queued } = r.stats;
      const trace = r.violation && {
        ...r.violation,
        trace: {
          initial: r.violation.trace.initial && Array.from(r.violation.trace.initial),
          steps: r.violation.trace.steps.map((s) =>
            JSON.stringify(s, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v)),
          ),
        },
      };
      return JSON.stringify({
        outcome: r.outcome,
        boundedBy: r.boundedBy,
        distinctStates,
        statesGenerated,
        depth,
        queued,
        trace,
      });
    };
    out.push({
      name: `${path.relative(root, file)}${check ? ` check ${check.name.name}` : ""}`,
      words: model.packedWords,
      inline: report(false),
      tree: report({ sampleStates: 2 }),
    });
  }
  return out;
}

const listed = (dir: string) =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith(".vmaspec"))
    .map((f) => path.join(root, dir, f));

describe("tree compression", () => {
  it(
    "changes no verdict, count or counterexample on the specs of specs/ and test/fixtures/lang",
    { timeout: 240_000 },
    () => {
      let wide = 0;
      for (const file of [...listed("specs"), ...listed("test/fixtures/lang")]) {
        for (const s of searchesOf(file)) {
          expect(s.tree, s.name).toBe(s.inline);
          if (s.words >= 3) wide++;
        }
      }
      // The comparison is not vacuous: enough checks have states of three words or more.
      expect(wide).toBeGreaterThan(10);
    },
  );

  it(
    `changes no verdict, count or counterexample on generated specs (seed ${SEED}, ${GENERATED} specs)`,
    { timeout: 120_000 },
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), "vmaspec-compression-"));
      for (let i = 0; i < GENERATED; i++) {
        const spec = generateSpec(SEED + i, AVOID_KNOWN_BUGS);
        const file = path.join(dir, `g${i}.vmaspec`);
        writeFileSync(file, render(spec.tree));
        for (const s of searchesOf(file)) expect(s.tree, `seed ${SEED + i}: ${s.name}`).toBe(s.inline);
      }
    },
  );
});
