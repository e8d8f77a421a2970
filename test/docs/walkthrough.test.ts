// docs/walkthrough.md shows real commands with their real output. It is generated from
// docs/walkthrough.template.md by `npm run docs` (scripts/gen-walkthrough.ts); this test fails when
// the checked-in page differs from what the script would write now, e.g. after a change to a spec,
// the standard library, or the way traces are printed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalise, renderWalkthrough, repoRoot, walkthroughPath } from "../../scripts/gen-walkthrough.js";
import { vmaspecInProcess } from "../helpers/inprocess.js";

describe("docs/walkthrough.md", () => {
  it("is what `npm run docs` generates from its template (run it if this fails)", async () => {
    const root = repoRoot();
    // The commands run in this process (test/cli/exit-codes.test.ts shows it prints as the CLI does).
    const expected = await renderWalkthrough(root, (args) => vmaspecInProcess(args, root));
    const actual = readFileSync(path.join(root, walkthroughPath), "utf8");
    expect(actual).toBe(expected);
  });

  it("hides only the figures that change from run to run", () => {
    const line = "  213 distinct states, 434 generated, depth 8, 0.03 s, 7,057 states/s";
    expect(normalise(line)).toBe("  213 distinct states, 434 generated, depth 8, ‹time› s, ‹speed› states/s");
    expect(normalise("  check fixed: met (expected ok, 556 states)")).toBe(
      "  check fixed: met (expected ok, 556 states)",
    );
  });

  it("explains the v6 counterexample the review is about", () => {
    const text = readFileSync(path.join(repoRoot(), walkthroughPath), "utf8");
    expect(text).toContain("$ npx vmaspec check specs/vm_refcnt_v6.vmaspec --check free_on_zero_enomem");
    expect(text).toContain("Step 8: Munmap reattach_vmas");
    expect(text).toContain("$ npx vmaspec check specs/vm_refcnt_fixed.vmaspec");
    expect(text).not.toMatch(/\d s, [\d,]+ states\/s/);
  });
});
