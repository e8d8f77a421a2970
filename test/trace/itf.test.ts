// Trace files in the Informal Trace Format: every kind of value survives a round trip through
// JSON, a counterexample's file has the ITF layout with each step's process instance, step name
// and source line in its #meta, and malformed files are rejected with a message naming the place.

import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { compileConfiguration, frontEnd } from "../../src/compile.js";
import { searchBreadthFirst } from "../../src/engines/bfs/search.js";
import type { ShownValue } from "../../src/model/model.js";
import type { Violation } from "../../src/engines/result.js";
import { buildModel } from "../../src/runtime/build-model.js";
import {
  ItfFormatError,
  decodeValue,
  encodeValue,
  itfToText,
  parseItf,
  traceToItf,
} from "../../src/trace/itf.js";
import { acceptanceDir } from "../helpers/cli.js";

const int = (value: number): ShownValue => ({ kind: "int", value });
const en = (value: string): ShownValue => ({ kind: "enum", value });

/** Encodes, writes as JSON text, reads back and decodes. */
function roundTrip(v: ShownValue, pc = false): ShownValue {
  return decodeValue(JSON.parse(JSON.stringify(encodeValue(v))), "x", pc);
}

describe("ITF values", () => {
  const kinds: [string, ShownValue][] = [
    ["an integer", int(5)],
    ["a negative integer", int(-3)],
    ["a boolean", { kind: "bool", value: true }],
    ["an enum member", en("Detached")],
    ["none", { kind: "none" }],
    ["some value", { kind: "some", value: int(2) }],
    ["a set", { kind: "set", elems: [int(1), int(3)] }],
    ["an empty set", { kind: "set", elems: [] }],
    ["a sequence", { kind: "seq", elems: [en("A"), en("B")] }],
    [
      "a record",
      {
        kind: "record",
        fields: [
          ["refcnt", int(1)],
          ["phase", en("Freed")],
        ],
      },
    ],
    [
      "a map of records",
      {
        kind: "map",
        entries: [
          [int(0), { kind: "record", fields: [["v", { kind: "none" }]] }],
          [int(1), { kind: "record", fields: [["v", { kind: "some", value: en("Attached") }]] }],
        ],
      },
    ],
    ["a map with enum keys", { kind: "map", entries: [[en("A"), { kind: "set", elems: [en("B")] }]] }],
  ];
  for (const [what, v] of kinds) it(`round-trips ${what}`, () => expect(roundTrip(v)).toEqual(v));

  it("round-trips a program counter, read as one by the variable's name", () => {
    expect(roundTrip({ kind: "pc", value: "get" }, true)).toEqual({ kind: "pc", value: "get" });
  });

  it("writes integers as #bigint, sets, maps and options in the forms Apalache and Quint use", () => {
    expect(encodeValue(int(5))).toEqual({ "#bigint": "5" });
    expect(encodeValue({ kind: "set", elems: [int(1)] })).toEqual({ "#set": [{ "#bigint": "1" }] });
    expect(encodeValue({ kind: "map", entries: [[int(0), { kind: "bool", value: false }]] })).toEqual({
      "#map": [[{ "#bigint": "0" }, false]],
    });
    expect(encodeValue({ kind: "none" })).toEqual({ tag: "None", value: { "#tup": [] } });
    expect(encodeValue({ kind: "some", value: int(1) })).toEqual({ tag: "Some", value: { "#bigint": "1" } });
  });

  it("reads plain JSON integers and tuples, as other tools may write them", () => {
    expect(decodeValue(7, "x")).toEqual(int(7));
    expect(decodeValue({ "#tup": [1, true] }, "x")).toEqual({
      kind: "seq",
      elems: [int(1), { kind: "bool", value: true }],
    });
  });

  it("rejects what it cannot represent, naming where", () => {
    expect(() => decodeValue({ "#bigint": "1x" }, "states[2].refcnt")).toThrow(
      /states\[2\]\.refcnt: #bigint must hold a string of digits/,
    );
    expect(() => decodeValue(1.5, "y")).toThrow(/y: 1.5 is not an integer/);
    expect(() => decodeValue({ "#frob": 1 }, "z")).toThrow(/z: #frob values cannot be replayed/);
    expect(() => decodeValue(null, "w")).toThrow(ItfFormatError);
  });
});

describe("ITF trace files", () => {
  function freeEarly(): { model: ReturnType<typeof buildModel>; violation: Violation } {
    const fe = frontEnd(join(acceptanceDir, "vma_refcount.vmaspec"));
    const { compiled } = compileConfiguration(fe.front!, [
      { name: "FREE_EARLY", value: true, origin: "test" },
    ]);
    const model = buildModel(compiled!.generated);
    return { model, violation: searchBreadthFirst(model, { allowDeadlock: false }).violation! };
  }

  it("writes a counterexample with its vars, its states and each step's process, step and line", () => {
    const { model, violation } = freeEarly();
    const itf = traceToItf(model, violation, {
      source: "vma_refcount.vmaspec",
      check: "free_early",
      consts: { READERS: 2 },
      engine: "check",
    });
    expect(itf.vars).toEqual(model.show(violation.trace.initial!).map(([n]) => n));
    expect(itf.vars).toContain("Reader[1].pc");
    expect(itf.states).toHaveLength(17);
    expect(itf["#meta"]).toMatchObject({
      format: "ITF",
      check: "free_early",
      consts: { READERS: 2 },
      violation: { kind: "invariant", name: "NoRefOnFreed" },
    });
    expect(itf.states[0]["#meta"]).toEqual({ index: 0, label: "initial state" });
    expect(itf.states[1]["#meta"]).toMatchObject({
      index: 1,
      label: "Reader[1] lookup",
      process: "Reader",
      instance: 1,
      step: "lookup",
      line: 26,
    });
    expect(itf.states[16]["#meta"]).toMatchObject({ process: "Writer", step: "free", line: 43 });
    expect(itf.states[16].freed).toBe(true);
    expect(itf.states[16]["Writer.pc"]).toBe("done");
    expect(itf.states[0].refcnt).toEqual({ "#bigint": "1" });
  });

  it("reads its own files back to the values the model shows", () => {
    const { model, violation } = freeEarly();
    const text = itfToText(
      traceToItf(model, violation, { source: "s", check: "c", consts: {}, engine: "check" }),
    );
    expect(text.split("\n").length).toBe(17 + 7);
    const decoded = parseItf(text);
    const states = [violation.trace.initial!, ...violation.trace.steps.map((s) => s.state)];
    expect(decoded.states.map((s) => s.values)).toEqual(states.map((s) => model.show(s)));
    expect(decoded.states[16].label).toBe("Writer free");
    expect(decoded.meta.check).toBe("c");
  });

  it("leaves out a variable written as #unserializable (a proc's locals while it does not run)", () => {
    const decoded = parseItf(
      JSON.stringify({
        vars: ["x", "P.f.y"],
        states: [{ x: 1, "P.f.y": { "#unserializable": "not running" } }],
      }),
    );
    expect(decoded.states[0].values).toEqual([["x", int(1)]]);
  });

  it("rejects malformed files with a message that says what is wrong", () => {
    expect(() => parseItf("{")).toThrow(/^not JSON/);
    expect(() => parseItf("[]")).toThrow(/a JSON object with `vars` and `states`/);
    expect(() => parseItf(JSON.stringify({ vars: ["x"], states: [] }))).toThrow(/non-empty array of states/);
    expect(() => parseItf(JSON.stringify({ vars: ["x"], states: [{ y: 1 }] }))).toThrow(
      /states\[0\] has no value for variable 'x'/,
    );
    expect(() => parseItf(JSON.stringify({ vars: ["x"], states: [{ x: 1 }], loop: 3 }))).toThrow(/`loop`/);
  });
});
