// The texts the formatter's meaning tests run over: every .vmaspec file in the repository (specs,
// stdlib, test fixtures, benchmarks: whatever the grammar grows, the files using it are covered),
// the seeded spec generator of the differential fuzzer, and the seeded mutants of the mutation
// fuzzer (those that still parse).

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { generateSpec } from "../fuzz/generate.js";
import { render } from "../fuzz/tree.js";
import { loadSeeds, mutant } from "../../scripts/fuzz-core.js";
import { repoRoot } from "../helpers/cli.js";

export interface CorpusText {
  name: string;
  text: string;
}

const SKIPPED = new Set(["node_modules", "dist", "dist-fuzz", ".git"]);

/** Every .vmaspec file under the repository, by path relative to it. */
export function repositorySpecs(): CorpusText[] {
  const out: CorpusText[] = [];
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(e.name)) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.name.endsWith(".vmaspec"))
        out.push({ name: relative(repoRoot, full), text: readFileSync(full, "utf8") });
    }
  };
  visit(repoRoot);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** `count` specs of the differential fuzzer's generator, seeds from `seed` on. */
export function generatedSpecs(seed: number, count: number): CorpusText[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `generated spec, seed ${seed + i}`,
    text: render(generateSpec(seed + i).tree),
  }));
}

/** `count` mutants of the mutation fuzzer for base seed `seed`. */
export function mutants(seed: number, count: number): CorpusText[] {
  const seeds = loadSeeds(repoRoot);
  return Array.from({ length: count }, (_, i) => ({
    name: `mutant ${i} of seed ${seed}`,
    text: mutant(seeds, seed, i).text,
  }));
}
