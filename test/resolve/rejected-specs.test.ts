// Name errors found while resolving a spec (declared twice, duplicate step or check names,
// recursion): each makes `vmaspec check` exit 2 with a located, one-line message and the source
// line with a caret, never a stack trace. Moved from test/cli/bad-input.test.ts; run in this
// process (test/helpers/inprocess.ts), rendered by the renderer the command uses.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { specDir } from "../helpers/cli.js";
import { checkFile } from "../helpers/inprocess.js";

const GOOD = `spec Small
const N = 2
var x: 0..3 = 0
process P[i in 1..N] {
  step inc { if x < 3 { x += 1 } }
  step dec { if x > 0 { x -= 1 }; goto inc }
}
check ok { expect ok }
`;

/** Exit code 2, the code, the located message, the caret line, and no stack trace. */
function expectBadInput(
  r: { code: number; stdout: string; stderr: string },
  code: string,
  where: RegExp,
): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`error[${code}]`);
  expect(r.stderr).toMatch(where);
  expect(r.stderr).toContain("^");
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
}

/** `vmaspec check s.vmaspec`, run in this process: its exit code and what it prints. */
async function check(spec: string) {
  const r = await checkFile(join(specDir({ "s.vmaspec": spec }), "s.vmaspec"));
  return { code: r.code, stdout: r.text, stderr: r.stderr };
}

describe("names a spec gets wrong", () => {
  it("reports a duplicate declaration with both places", async () => {
    const r = await check(GOOD.replace("const N = 2", "const N = 2\nconst N = 3"));
    expectBadInput(r, "N002", /s\.vmaspec:3:7: error\[N002\]: 'N' is declared twice/);
    expect(r.stderr).toMatch(/s\.vmaspec:2:7: note/);
  });

  it("reports a duplicate step name", async () => {
    expectBadInput(
      await check(GOOD.replace("step dec", "step inc")),
      "N003",
      /s\.vmaspec:6:8: error\[N003\]: duplicate step name 'inc'/,
    );
  });

  it("reports a duplicate check name", async () => {
    expectBadInput(
      await check(GOOD + "check ok { expect ok }\n"),
      "N004",
      /s\.vmaspec:9:7: error\[N004\]: duplicate check name 'ok'/,
    );
  });

  it("reports recursion among macros", async () => {
    const spec = GOOD.replace("process P", "macro a() { b() }\nmacro b() { a() }\nprocess P");
    expectBadInput(await check(spec), "N007", /error\[N007\]: recursion is not allowed: a -> b -> a/);
  });

  it("reports recursion among procs", async () => {
    const spec = GOOD.replace("process P", "proc p() { step s { call p(); return } }\nprocess P");
    expectBadInput(await check(spec), "N007", /error\[N007\]: recursion is not allowed: p -> p/);
  });
});
