// The `init` block runs after every variable and process local has its initial value (issue 20):
// it reads a local's initial value, sees the element an `in S` local was given, and its writes to
// a local stand. The order itself is in docs/language.md; test/fixtures/lang/init_order.vmaspec
// checks it against the reference interpreter.
import { describe, expect, it } from "vitest";
import { check } from "./run.js";

const reproducers: [string, string][] = [
  [
    "reads a process local's initial value",
    `spec InitReadsLocal
var g: 0..3 = 0
process P {
  var l: 0..3 = 2
  step s { g = g }
}
init { g = P.l }
invariant GIs2: g == 2
check c { allow deadlock; expect ok }
`,
  ],
  [
    "sees the element an 'in S' local was given",
    `spec InitReadsLocalIn
var g: 0..3 = 0
process P {
  var l: 0..1 in {0, 1}
  step s { assert g == P.l + 2 : "init saw the local" }
}
init { g = P.l + 2 }
check c { allow deadlock; expect ok }
`,
  ],
  [
    "writes a process local that keeps the value",
    `spec InitWritesLocal
process P {
  var l: 0..3 = 0
  step s { assert l == 3 : "init wrote l = 3" }
}
init { P.l = 3 }
check c { allow deadlock; expect ok }
`,
  ],
];

describe("the init block", () => {
  for (const [what, text] of reproducers)
    it(what, async () => {
      const { code, runs } = await check({ "main.vmaspec": text });
      expect(runs[0]).toMatchObject({ met: true, outcome: "ok" });
      expect(code).toBe(0);
    });
});
