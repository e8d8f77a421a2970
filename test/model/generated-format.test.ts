// The generated-module format is versioned: a module generated in another format is refused on
// load with a message naming both versions and the fix, never run with tables it misreads.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileConfiguration, frontEnd } from "../../src/compile.js";
import { GENERATED_FORMAT_VERSION } from "../../src/model/generated.js";
import { buildModel } from "../../src/runtime/build-model.js";
import { searchBreadthFirst } from "../../src/engines/bfs/search.js";

const spec = path.resolve(import.meta.dirname, "../../specs/vma_refcount.vmaspec");

function generated() {
  const front = frontEnd(spec).front!;
  return compileConfiguration(front, []).compiled!;
}

describe("the generated-module format", () => {
  it("is carried by every generated module, in both languages", () => {
    const compiled = generated();
    expect(compiled.generated.formatVersion).toBe(GENERATED_FORMAT_VERSION);
    expect(compiled.source).toContain(`formatVersion: ${GENERATED_FORMAT_VERSION},`);
    expect(buildModel(compiled.generated).slotCount).toBe(compiled.layout.slotCount);
  });

  it("refuses a module generated in another format", () => {
    const other = { ...generated().generated, formatVersion: GENERATED_FORMAT_VERSION + 1 };
    expect(() => buildModel(other)).toThrow(
      `has format ${GENERATED_FORMAT_VERSION + 1}, but this vmaspec reads format ${GENERATED_FORMAT_VERSION}: run vmaspec compile again`,
    );
  });

  it("refuses a module generated before format versions existed", () => {
    const { formatVersion: _, ...old } = generated().generated;
    expect(() => buildModel(old as never)).toThrow("has no format version (it predates them)");
  });
});

describe("the model buildModel makes", () => {
  it("keeps its functions in a copy made by spreading it, as test/fuzz/differential.ts does", () => {
    const model = buildModel(generated().generated);
    const copy = { ...model, canonicalize: undefined };
    const a = searchBreadthFirst(model, { allowDeadlock: true });
    const b = searchBreadthFirst(copy, { allowDeadlock: true });
    expect(b.stats.distinctStates).toBe(a.stats.distinctStates);
    expect(b.stats.distinctStates).toBeGreaterThan(1);
  });
});
