// `--trace lanes`: a counterexample as columns, one per process instance that moved, in the
// spec's order; plain ASCII within 100 characters, every step numbered in its own column, the
// violation at the bottom. VMASPEC_TRACE makes it the default.

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, specDir, vmaspec } from "../helpers/cli.js";

const FOUR_LANES = `spec FourLanes
var a: 0..3 = 0
var very_long_variable_name_for_wrapping_tests: 0..3 = 0
process P[i in 1..4] {
  step first_step_with_a_name_too_long_for_a_column_of_thirty { a = (a + 1) % 4 }
  step second { very_long_variable_name_for_wrapping_tests = i - 1 }
}
invariant NotAll: a < 3
check four { expect violation NotAll }
`;

describe("counterexamples in lanes", () => {
  it("draws one column per instance, ASCII, at most 100 characters wide", () => {
    const r = vmaspec(["check", "--trace", "lanes", "four.vmaspec"], specDir({ "four.vmaspec": FOUR_LANES }));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    for (const line of lines) {
      expect(line.length, line).toBeLessThanOrEqual(100);
      expect(line, "plain ASCII").toMatch(/^[\x20-\x7e]*$/);
    }
    const header = lines.findIndex((l) => /^\s+-+( {2}-+)*$/.test(l)) - 1;
    const lanes = lines[header].trim().split(/\s{2,}/);
    // Three steps of three instances reach a == 3; the columns are in instance order.
    expect(lanes).toHaveLength(3);
    expect(lanes).toEqual([...lanes].sort());
    expect(lines[header + 1]).toMatch(/^\s+-+( {2}-+){2}$/);
    for (const step of ["1", "2", "3"]) expect(lines.some((l) => l.startsWith(`  ${step} `))).toBe(true);
    // A long step name wraps inside its column: its first part and the rest, once per step.
    const diagram = lines.slice(
      header + 2,
      lines.findIndex((l) => /^\s+=+$/.test(l)),
    );
    expect(diagram.filter((l) => l.includes("first_step_with_a_name_too"))).toHaveLength(3);
    expect(diagram.filter((l) => /_thirty/.test(l))).toHaveLength(3);
    const bar = lines.findIndex((l) => /^\s+=+$/.test(l));
    expect(lines[bar + 1]).toBe("  invariant NotAll is violated");
  });

  it("draws the simulator's counterexamples too", () => {
    const dir = specDir({ "four.vmaspec": FOUR_LANES });
    const r = vmaspec(["simulate", "--trace", "lanes", "--seed", "7", "four.vmaspec"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\s+-+( {2}-+)*$/m);
    expect(r.stdout).toMatch(/^ {2}=+\n {2}invariant NotAll is violated$/m);
  });

  it("takes its default from VMASPEC_TRACE and rejects an unknown style", () => {
    const dir = specDir({ "four.vmaspec": FOUR_LANES });
    const lanes = vmaspec(["check", "four.vmaspec"], dir, { VMASPEC_TRACE: "lanes" });
    expect(lanes.stdout).toMatch(/^\s+=+$/m);
    const bad = vmaspec(["check", "--trace", "columns", "four.vmaspec"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--trace must be 'steps' or 'lanes', not 'columns'");
  });

  it("is shown in the README as the command prints it", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const shown = /### A counterexample in lanes[\s\S]*?```text\n([\s\S]*?)\n```/.exec(readme)![1];
    const r = vmaspec(["check", "--trace", "lanes", "specs/vma_refcount.vmaspec", "--check", "no_seq_check"]);
    expect(r.stdout).toContain(shown);
  });
});
