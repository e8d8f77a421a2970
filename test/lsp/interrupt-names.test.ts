// The language server's name index over an interrupt: a handler's `goto` names its own step, its
// body reads the process's locals, and `on P` names the process (src/lsp/names.ts).

import { describe, expect, it } from "vitest";
import { loadProgram } from "../../src/resolve/load.js";
import { indexNames } from "../../src/lsp/names.js";
import { writeSpec } from "../helpers/inprocess.js";

const text = `spec S
process Cpu {
  var mine: 0..1 = 0
  step top { mine = 1 }
}
interrupt Tick on Cpu {
  step top { mine = 0 }
  step bottom { goto top }
}
`;

describe("interrupt names", () => {
  it("places a handler's goto, its reads of the process's locals and its process", () => {
    const { program } = loadProgram(writeSpec(text));
    const index = indexNames(program!);
    const at = (line: number) =>
      index.occurrences
        .filter((o) => o.span.line === line && o.span.line !== o.definition.span.line)
        .map((o) => [
          o.definition.name,
          o.definition.kind,
          o.definition.container ?? "",
          o.definition.span.line,
        ]);
    expect(at(6)).toEqual([["Cpu", "process", "", 2]]);
    expect(at(7)).toEqual([["mine", "local", "Cpu", 3]]);
    expect(at(8)).toEqual([["top", "step", "Tick", 7]]);
  });
});
