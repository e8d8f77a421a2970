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

/**
 * What a rejection of bad input lacks: exit code 2, the code, the located message, the caret line,
 * no stack trace. Empty when it has all of them; tests assert `toEqual([])`, which shows the output.
 */
export function badInputFindings(
  r: { code: number; stdout: string; stderr: string },
  code: string,
  where: RegExp,
): string[] {
  const missing: string[] = [];
  if (r.code !== 2) missing.push(`exit code ${r.code}, not 2`);
  if (!r.stderr.includes(`error[${code}]`)) missing.push(`no error[${code}]`);
  if (!where.test(r.stderr)) missing.push(`no line matching ${where}`);
  if (!r.stderr.includes("^")) missing.push("no caret line");
  if (/\n\s+at .*\(.*:\d+:\d+\)/.test(r.stderr + r.stdout)) missing.push("a stack trace");
  if (missing.length) missing.push(`stderr: ${r.stderr}`);
  return missing;
}

/** Asserts that `r` rejects bad input as badInputFindings requires. */
export function expectBadInput(
  r: { code: number; stdout: string; stderr: string },
  code: string,
  where: RegExp,
): void {
  expect(badInputFindings(r, code, where)).toEqual([]);
}

/** `vmaspec check s.vmaspec`, run in this process: its exit code and what it prints. */
export async function checkSpecText(spec: string) {
  const r = await checkFile(join(specDir({ "s.vmaspec": spec }), "s.vmaspec"));
  return { code: r.code, stdout: r.text, stderr: r.stderr };
}
