// Sequence operations: s[i] needs an integer index (1-based; checked at run time), subseq,
// remove_at and concat need sequences, concat of two element types is T001. (Values and state
// counts are checked against the reference interpreter by test/fixtures/lang/seq_ops.vmaspec.)

import { describe, expect, it } from "vitest";
import { checkFiles, diagnose, located } from "../helpers/inprocess.js";

const spec = (body: string) =>
  `spec S\nvar q: seq<0..3, 3> = [1, 2]\nvar b: seq<bool, 2> = []\naction A { ${body} }\n`;

describe("sequence operations", () => {
  it("accepts indexing, assignment to an element and the three operations", () => {
    const body = "q[1] = q[2]; q = concat(subseq(q, 1, 1), remove_at(q, 1))";
    expect(located(diagnose(spec(body)))).toEqual([]);
  });

  it("rejects a non-integer index, a non-sequence and a concat of two element types", () => {
    expect(located(diagnose(spec("q[true] = 1")))).toMatchObject([
      { code: "T001", line: 4, col: 14, message: "expected an integer, but this is bool" },
    ]);
    expect(located(diagnose(spec("q = remove_at(3, 1)")))).toMatchObject([
      { code: "T001", line: 4, col: 26, message: "remove_at needs a sequence first, not 3..3" },
    ]);
    expect(located(diagnose(spec("q = concat(q, b)")))).toMatchObject([
      {
        code: "T001",
        line: 4,
        col: 26,
        message: expect.stringContaining("concat needs sequences of one element type"),
      },
    ]);
    expect(located(diagnose(spec("q = subseq(q, 1)")))).toMatchObject([{ code: "T005", line: 4, col: 16 }]);
  });

  it("reports an index outside 1..len and a subseq past the end as runtime errors", async () => {
    for (const body of ["q[3] = 0", "q = subseq(q, 2, 3)", "q = remove_at(q, 0)"]) {
      const { runs } = await checkFiles({
        "main.vmaspec": spec(body) + "check c { expect violation runtime }\n",
      });
      expect(runs[0].violation, body).toMatchObject({ kind: "runtime", length: 1 });
    }
  });
});
