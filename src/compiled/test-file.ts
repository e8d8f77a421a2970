// Emits `<name>.test.ts`, the vitest file `vmaspec compile` writes: one test per check block, each
// running vmaspec/testing's runCheckPlan (the checker behind `vmaspec check`) on the generated state
// machine of its configuration. In: the check runs done at compile time and the module each imports.
// Out: unformatted TypeScript text (files.ts formats it). The expected values are the check block's
// own words, plus what only the checker knows: the length of the shortest counterexample.

import type { CheckRun } from "../checks/run.js";
import { describeExpectation } from "../checks/verdict.js";
import { traceLength } from "../engines/result.js";
import { literal, commentText } from "../codegen/literal.js";

/** One test to emit: a check run and the identifier its configuration's `spec` is imported as. */
export interface TestCase {
  run: CheckRun;
  specId: string;
  /** The check block as written in the spec, or undefined for the implicit check of a spec without any. */
  source?: string;
}

/** What the test file needs besides its tests. */
export interface TestFileInput {
  header: string;
  specName: string;
  file: string;
  imports: { specId: string; module: string }[];
  /** Constants set on the command line, as `K=V`; `expect states` pins are then not asserted. */
  cliConsts: string[];
  tests: TestCase[];
}

/** The text of the generated vitest file. */
export function emitTestFile(input: TestFileInput): string {
  const lines = [
    input.header,
    "// One test per check block: each runs the checker `vmaspec check` runs on the generated state",
    "// machine and asserts the verdict the block states; shortest-counterexample lengths are those",
    "// the checker found when this file was generated.",
  ];
  if (input.cliConsts.length)
    lines.push(
      `// Compiled with --const ${commentText(input.cliConsts.join(" --const "))}: \`expect states\` pins describe the`,
      "// spec's own configuration, so they are not asserted here.",
    );
  lines.push(
    "",
    'import { describe, expect, it } from "vitest";',
    'import { runCheckPlan } from "vmaspec/testing";',
    ...input.imports.map((i) =>
      i.specId === "spec"
        ? `import { spec } from ${literal(i.module)};`
        : `import { spec as ${i.specId} } from ${literal(i.module)};`,
    ),
    "",
    "/** An exhaustive check may take longer than vitest's default of 5 s. */",
    "const TIMEOUT_MS = 600_000;",
    "",
    `describe(${literal(`spec ${input.specName} (${input.file})`)}, { timeout: TIMEOUT_MS }, () => {`,
  );
  const comparable = input.cliConsts.length === 0;
  input.tests.forEach((t, i) => {
    if (i > 0) lines.push("");
    lines.push(...emitTest(t, comparable));
  });
  lines.push("});", "");
  return lines.join("\n");
}

function emitTest(t: TestCase, statesComparable: boolean): string[] {
  const plan = t.run.plan;
  const expectation = { ...plan.expect };
  if (!statesComparable) delete expectation.states;
  const expected = expectedViolation(t.run);
  const title = `check ${plan.name}: ${describeExpectation(expectation)}${expected?.length !== undefined ? `, shortest counterexample ${expected.length} steps` : ""}`;

  const planFields: string[] = [`name: ${literal(plan.name)}`];
  if (plan.ignore.length) planFields.push(`ignore: ${literal(plan.ignore)}`);
  if (plan.allowDeadlock) planFields.push("allowDeadlock: true");
  if (plan.maxDepth !== undefined) planFields.push(`maxDepth: ${plan.maxDepth}`);
  if (plan.maxStates !== undefined) planFields.push(`maxStates: ${plan.maxStates}`);
  planFields.push(`expect: ${objectLiteral(expectation)}`);

  const body: string[] = [];
  if (t.source !== undefined) {
    const where = `${t.run.compiled?.spec.file ?? ""}:${plan.line}`;
    body.push(
      `  // ${commentText(where)}`,
      ...t.source.split(/\r?\n/).map((l) => `  // ${commentText(l.trimEnd())}`),
    );
  } else body.push("  // The spec has no check blocks: it is checked once, expecting ok.");
  // Refinement needs the refined spec's model too, which a generated module does not carry.
  const refinement = (t.run.compiled?.spec.refinements ?? []).some((r) => r.name === plan.expect.target);
  if (refinement) {
    body.push(
      `  // The refinement of ${commentText(plan.expect.target ?? "")} is checked by \`vmaspec check\`, not by compiled tests.`,
      `  it.skip(${literal(title)}, () => {});`,
    );
    return body;
  }
  body.push(
    `  it(${literal(title)}, () => {`,
    `    const r = runCheckPlan(${t.specId}, { ${planFields.join(", ")} });`,
    "    expect(r.met, r.report).toBe(true);",
  );
  if (expectation.states !== undefined && expectation.verdict === "ok")
    body.push(`    expect(r.distinctStates).toBe(${expectation.states});`);
  if (expected) body.push(`    expect(r.violation).toMatchObject(${objectLiteral(expected)});`);
  body.push("  });");
  return body;
}

/** The violation a test asserts: the property the block names (or, when it names none, the one found),
 *  and the shortest counterexample's length when the checker found that violation at compile time. */
function expectedViolation(run: CheckRun): { kind: string; name?: string; length?: number } | undefined {
  const e = run.plan.expect;
  const v = run.result!.violation;
  if (e.verdict === "ok") return undefined;
  let wanted: { kind: string; name?: string };
  if (e.verdict === "deadlock") wanted = { kind: "deadlock" };
  else if (e.target === "assert" || e.target === "runtime") wanted = { kind: e.target };
  else if (e.target !== undefined) {
    const liveness = run.compiled!.spec.properties.some((p) => p.name === e.target);
    wanted = { kind: liveness ? "liveness" : "invariant", name: e.target };
  } else if (v) wanted = v.name !== undefined ? { kind: v.kind, name: v.name } : { kind: v.kind };
  else return undefined;
  const found = v && v.kind === wanted.kind && (wanted.name === undefined || v.name === wanted.name);
  return found ? { ...wanted, length: traceLength(v.trace) } : wanted;
}

/** A plain-data value as a TypeScript literal with unquoted keys (prettier lays it out). */
function objectLiteral(value: object): string {
  const fields = Object.entries(value)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => `${k}: ${literal(x)}`);
  return `{ ${fields.join(", ")} }`;
}
