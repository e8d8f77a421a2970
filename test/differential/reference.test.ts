// Differential tests: every check block of every fixture spec (test/fixtures/lang) and of the
// acceptance specs (copied in specs/) runs through the production checker and through the
// independent reference interpreter (test/reference). Both must agree on the outcome and
// distinct-state count of a clean run, and on the kind, invariant name and shortest
// counterexample length of a violation. Each check's own `expect` must also hold under the
// reference interpreter, so that a wrong expectation in the corpus cannot hide a bug on both sides.

import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acceptanceSpecs } from "../helpers/cli.js";
import { checkCases, found, matchesExpectation, type CheckCase } from "./run-both.js";

const root = path.resolve(import.meta.dirname, "../..");
const fixtures = path.join(root, "test/fixtures/lang");
const acceptance = path.resolve(root, "specs");

const specsIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".vmaspec"))
    .sort()
    .map((f) => path.join(dir, f));

function compareBothWays(c: CheckCase): void {
  const { production, reference } = c.run();
  if (reference.outcome !== "violation") {
    expect(production).toEqual({ outcome: reference.outcome, distinctStates: reference.distinctStates });
    return;
  }
  // The reference keeps every violation of the level where its search stopped; the production
  // checker stops at the first it meets, which must be one of them.
  const expected = reference.violations.map(found);
  expect(production.violation, `production found none of ${JSON.stringify(expected)}`).toBeDefined();
  expect(expected).toContainEqual(production.violation);
}

function meetsOwnExpectation(c: CheckCase): void {
  const { reference } = c.run();
  const expectation = c.plan.expect;
  if (expectation.verdict === "ok") {
    expect(reference.violations.map(found)).toEqual([]);
    if (expectation.states !== undefined) expect(reference.distinctStates).toBe(expectation.states);
    return;
  }
  // Every violation of the stopping level must match, so the verdict cannot depend on search order.
  expect(reference.violations.length).toBeGreaterThan(0);
  for (const v of reference.violations)
    expect(matchesExpectation(expectation, found(v)), JSON.stringify(found(v))).toBe(true);
}

/** The spec's check cases, or a failing test that says why the spec could not be loaded. */
function casesOf(file: string): CheckCase[] {
  try {
    return checkCases(file);
  } catch (e) {
    it("loads the spec", () => {
      throw e;
    });
    return [];
  }
}

for (const file of [
  ...specsIn(fixtures),
  ...specsIn(acceptance).filter((f) => acceptanceSpecs.includes(path.basename(f))),
]) {
  describe(path.relative(root, file), () => {
    for (const c of casesOf(file)) {
      it(`check ${c.plan.name}: the production checker agrees with the reference interpreter`, () =>
        compareBothWays(c));
      it(`check ${c.plan.name}: the reference interpreter meets the check's own expectation`, () =>
        meetsOwnExpectation(c));
    }
  });
}
