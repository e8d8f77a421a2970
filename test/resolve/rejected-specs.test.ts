// Name errors found while resolving a spec (declared twice, duplicate step or check names,
// recursion): each makes `vmaspec check` exit 2 with a located, one-line message and the source
// line with a caret, never a stack trace. Moved from test/cli/bad-input.test.ts; run in this
// process (test/helpers/inprocess.ts), rendered by the renderer the command uses.
import { describe, expect, it } from "vitest";
import { badInputFindings, checkSpecText, GOOD } from "../helpers/bad-input.js";

const check = checkSpecText;

describe("names a spec gets wrong", () => {
  it("reports a duplicate declaration with both places", async () => {
    const r = await check(GOOD.replace("const N = 2", "const N = 2\nconst N = 3"));
    expect(badInputFindings(r, "N002", /s\.vmaspec:3:7: error\[N002\]: 'N' is declared twice/)).toEqual([]);
    expect(r.stderr).toMatch(/s\.vmaspec:2:7: note/);
  });

  it("reports a duplicate step name", async () => {
    expect(
      badInputFindings(
        await check(GOOD.replace("step dec", "step inc")),
        "N003",
        /s\.vmaspec:6:8: error\[N003\]: duplicate step name 'inc'/,
      ),
    ).toEqual([]);
  });

  it("reports a duplicate check name", async () => {
    expect(
      badInputFindings(
        await check(GOOD + "check ok { expect ok }\n"),
        "N004",
        /s\.vmaspec:9:7: error\[N004\]: duplicate check name 'ok'/,
      ),
    ).toEqual([]);
  });

  it("reports recursion among macros", async () => {
    const spec = GOOD.replace("process P", "macro a() { b() }\nmacro b() { a() }\nprocess P");
    expect(
      badInputFindings(await check(spec), "N007", /error\[N007\]: recursion is not allowed: a -> b -> a/),
    ).toEqual([]);
  });

  it("reports recursion among procs", async () => {
    const spec = GOOD.replace("process P", "proc p() { step s { call p(); return } }\nprocess P");
    expect(
      badInputFindings(await check(spec), "N007", /error\[N007\]: recursion is not allowed: p -> p/),
    ).toEqual([]);
  });
});
