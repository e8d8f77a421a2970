// No behaviour that sequential consistency allows is missing from the weak-memory model: for every
// litmus fixture, each final state an interleaving of the threads' operations in program order
// reaches (computed here by a small independent interpreter) is also a final state of the model's
// complete search. LKMM allows every SC execution, so a missing one is a model bug that could turn
// a Sometimes into a wrong Never. (The interpreter runs a grace period as one step that waits for
// every reader to leave its read-side critical section.)

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseLitmus } from "../../src/litmus/parse.js";
import { repoRoot } from "../helpers/cli.js";
import { modelOutcomes, scOutcomes } from "./outcomes.js";

const dir = join(repoRoot, "test/fixtures/litmus");
const files = [
  ...readdirSync(dir).filter((f) => f.endsWith(".litmus")),
  ...readdirSync(join(dir, "more")).map((f) => `more/${f}`),
  ...readdirSync(join(dir, "vma")).map((f) => `vma/${f}`),
];

describe("every final state sequential consistency reaches, the model reaches", () => {
  for (const file of files)
    it(file, () => {
      const { test } = parseLitmus(file, readFileSync(join(dir, file), "utf8"));
      const program = test!.program;
      const reached = modelOutcomes(program);
      const sc = scOutcomes(program);
      expect(sc.size).toBeGreaterThan(0);
      expect([...sc].filter((o) => !reached.has(o))).toEqual([]);
    });
});
