// What the bad-input tests share: a small good spec to break, and the shape every rejection has.
import { join } from "node:path";
import { expect } from "vitest";
import { specDir } from "./cli.js";
import { checkFile } from "./inprocess.js";

/** A spec that checks fine; tests break one thing in it. */
export const GOOD = `spec Small
const N = 2
var x: 0..3 = 0
process P[i in 1..N] {
  step inc { if x < 3 { x += 1 } }
  step dec { if x > 0 { x -= 1 }; goto inc }
}
check ok { expect ok }
`;

/** Exit code 2, the code, the located message, the caret line, and no stack trace. */
export function expectBadInput(
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
export async function checkSpecText(spec: string) {
  const r = await checkFile(join(specDir({ "s.vmaspec": spec }), "s.vmaspec"));
  return { code: r.code, stdout: r.text, stderr: r.stderr };
}
