// The three acceptance specs (copied in specs/) are written in the target syntax of the
// language design; they must parse without a single diagnostic, into the declarations they hold.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSource } from "../../src/ast/parse.js";
import { sexpr } from "./helpers.js";

const acceptance = path.resolve(import.meta.dirname, "../../specs");
const parseSpec = (name: string) => parseSource(name, readFileSync(path.join(acceptance, name), "utf8"));

describe("acceptance specs", () => {
  it.each(["diehard.vmaspec", "peterson.vmaspec", "vma_refcount.vmaspec"])(
    "parses %s with no diagnostics",
    (name) => {
      const { ast, diagnostics } = parseSpec(name);
      expect(diagnostics).toEqual([]);
      expect(ast?.header.kind).toBe("spec");
    },
  );

  it("reads the declarations of vma_refcount in source order", () => {
    const { ast } = parseSpec("vma_refcount.vmaspec");
    expect(ast?.decls.map((d) => `${d.kind} ${d.kind === "init" ? "" : d.name.name}`)).toEqual([
      "const READERS",
      "const CYCLES",
      "const LOCK_OFFSET",
      "const SKIP_SEQ_CHECK",
      "const FREE_EARLY",
      "var refcnt",
      "var mm_seq",
      "var vma_seq",
      "var in_tree",
      "var freed",
      "macro try_get",
      "process Reader",
      "process Writer",
      "invariant NoReadDuringWrite",
      "invariant NoRefOnFreed",
      "check correct",
      "check three",
      "check no_seq_check",
      "check free_early",
    ]);
  });

  it("reads Peterson's Mutex invariant as the negation of a conjunction of `at` tests", () => {
    const { ast } = parseSpec("peterson.vmaspec");
    const mutex = ast?.decls.find((d) => d.kind === "invariant");
    expect(mutex?.kind === "invariant" && sexpr(mutex.body)).toBe(
      "(! (&& (at ([] P 0) critical) (at ([] P 1) critical)))",
    );
  });

  it("reads the Die Hard checks' items", () => {
    const { ast } = parseSpec("diehard.vmaspec");
    const checks = ast?.decls.flatMap((d) => (d.kind === "check" ? [d.items.map((i) => i.kind)] : []));
    expect(checks).toEqual([["expectViolation"], ["ignore", "expect", "expectStates"]]);
  });
});
