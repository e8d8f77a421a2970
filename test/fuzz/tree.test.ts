// The shrinker and the generator's determinism, on their own (no checker involved).

import { describe, expect, it } from "vitest";
import { generateSpec } from "./generate.js";
import { node, render, shrink } from "./tree.js";

describe("shrink", () => {
  it("drops every droppable node and takes every simpler form the failure survives", async () => {
    const expr = node(["(a + b)"], { simpler: node(["0"]) });
    const keep = node(["x = ", node(["bad"], { simpler: node(["ok"]) }), "; "], { droppable: true });
    const tree = node([
      "spec S\n",
      node(["var a = ", expr, "\n"], { droppable: true }),
      keep,
      node(["y = 1; "], { droppable: true }),
    ]);
    // The "mismatch" persists while the text still contains "bad".
    const shrunk = await shrink(tree, async (t) => t.includes("bad"));
    expect(shrunk).toBe("spec S\nx = bad; ");
  });

  it("stops after its budget of candidates", async () => {
    const items = Array.from({ length: 50 }, (_, i) => node([`s${i}; `], { droppable: true }));
    let tries = 0;
    await shrink(node(items), async () => (tries++, false), 10);
    expect(tries).toBe(10);
  });
});

describe("generateSpec", () => {
  it("gives the same spec for the same seed and different specs for different seeds", () => {
    const a = render(generateSpec(42).tree);
    expect(render(generateSpec(42).tree)).toBe(a);
    expect(render(generateSpec(43).tree)).not.toBe(a);
    expect(a.startsWith("spec Fuzz42\n")).toBe(true);
  });
});
