// Trace files in the Informal Trace Format (ITF, Apalache ADR-015, also read and written by Quint
// and its VS Code trace viewer). In: a model and a counterexample (or the text of a file). Out: the
// ITF JSON object (or the decoded states, each a list of named values, for replay).
//
// Why ITF: it is the one trace format other tools already read, so a counterexample can be viewed,
// diffed and handed over without vmaspec. Our encoding of values:
//   integers        {"#bigint": "5"}             (plain JSON integers are accepted on reading)
//   booleans        true / false
//   enum members    "Detached"                   (strings, as Apalache writes its constants)
//   program counter "get", "done"                (strings; the variable is named `Proc[i].pc`)
//   optionals       {"tag": "Some", "value": v} and {"tag": "None", "value": {"#tup": []}}  (Quint's Option)
//   sets            {"#set": [...]}              maps  {"#map": [[k, v], ...]}
//   records         {"field": v, ...}            sequences  [...]   ({"#tup": [...]} is read as one)
// Variables keep the names the readable trace prints: `refcnt`, `Reader[1].pc`, `Writer.cycle`. A
// proc's parameters and locals exist only while it runs; in a state where it does not, they are
// written as {"#unserializable": "not running"} so that every state defines every variable.
// Each state's `#meta` names the step that led to it (process instance, step name, source line);
// the trace's `#meta` holds the check's name and the `--const` values, which replay needs.

import type { Model, ShownValue, Transition } from "../model/model.js";
import type { Trace, Violation } from "../engines/result.js";

/** A JSON value as it appears in an ITF file. */
export type ItfValue = boolean | number | string | ItfValue[] | { [key: string]: ItfValue };

/** An ITF trace object. */
export interface ItfTrace {
  "#meta": Record<string, unknown>;
  vars: string[];
  states: ({ "#meta": Record<string, unknown> } & Record<string, unknown>)[];
  loop?: number;
}

/** What a trace file records besides the states: where the trace came from and how to replay it. */
export interface ItfOrigin {
  /** The spec file as given on the command line. */
  source: string;
  check: string;
  /** The `--const` values of the run (check blocks' own constants are found again by the check's name). */
  consts: Record<string, number | boolean>;
  /** Every constant's value in that run, for the reader. */
  constants?: Record<string, number | boolean>;
  engine: "check" | "simulate";
  /** For a simulation: the seed that reproduces the walk with `--runs 1`. */
  seed?: number;
}

const NOT_RUNNING = { "#unserializable": "not running" };
const FORMAT_DESCRIPTION = "https://apalache-mc.org/docs/adr/015adr-trace.html";

/** A trace file that cannot be read: not JSON, or not ITF, or a value vmaspec cannot represent. */
export class ItfFormatError extends Error {}

/** The ITF form of a value. */
export function encodeValue(v: ShownValue): ItfValue {
  switch (v.kind) {
    case "int":
      return { "#bigint": String(v.value) };
    case "bool":
      return v.value;
    case "enum":
    case "pc":
      return v.value;
    case "none":
      return { tag: "None", value: { "#tup": [] } };
    case "some":
      return { tag: "Some", value: encodeValue(v.value) };
    case "set":
      return { "#set": v.elems.map(encodeValue) };
    case "seq":
      return v.elems.map(encodeValue);
    case "record":
      return Object.fromEntries(v.fields.map(([k, x]) => [k, encodeValue(x)]));
    case "map":
      return { "#map": v.entries.map(([k, x]) => [encodeValue(k), encodeValue(x)]) };
  }
}

/** Deeper than any value of a spec nests (a type nests at most as deep as the spec's own nesting,
 *  which the parser bounds): a file nesting deeper is not a trace of a spec. */
export const MAX_VALUE_DEPTH = 64;

/** The value an ITF expression stands for; `where` names it in errors, `pc` reads strings as program counters. */
export function decodeValue(x: unknown, where: string, pc = false, depth = 0): ShownValue {
  if (depth > MAX_VALUE_DEPTH)
    throw new ItfFormatError(`${where.slice(0, 80)}...: nested more than ${MAX_VALUE_DEPTH} levels deep`);
  const d = depth + 1;
  if (typeof x === "boolean") return { kind: "bool", value: x };
  if (typeof x === "string") return pc ? { kind: "pc", value: x } : { kind: "enum", value: x };
  if (typeof x === "number") {
    if (!Number.isSafeInteger(x)) throw new ItfFormatError(`${where}: ${x} is not an integer`);
    return { kind: "int", value: x };
  }
  if (Array.isArray(x))
    return { kind: "seq", elems: x.map((e, i) => decodeValue(e, `${where}[${i}]`, false, d)) };
  if (x === null || typeof x !== "object") throw new ItfFormatError(`${where}: null is not an ITF value`);
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0].startsWith("#")) return decodeTagged(keys[0], o[keys[0]], where, d);
  if (keys.length === 2 && "tag" in o && "value" in o && (o.tag === "None" || o.tag === "Some")) {
    return o.tag === "None"
      ? { kind: "none" }
      : { kind: "some", value: decodeValue(o.value, `${where}.value`, false, d) };
  }
  const bad = keys.find((k) => k.startsWith("#"));
  if (bad !== undefined) throw new ItfFormatError(`${where}: unknown ITF form '${bad}'`);
  return { kind: "record", fields: keys.map((k) => [k, decodeValue(o[k], `${where}.${k}`, false, d)]) };
}

function decodeTagged(tag: string, body: unknown, where: string, d: number): ShownValue {
  const list = (what: string): unknown[] => {
    if (!Array.isArray(body)) throw new ItfFormatError(`${where}: ${what} must hold an array`);
    return body;
  };
  switch (tag) {
    case "#bigint": {
      if (typeof body !== "string" || !/^-?\d+$/.test(body))
        throw new ItfFormatError(`${where}: #bigint must hold a string of digits`);
      const value = Number(body);
      if (!Number.isSafeInteger(value)) throw new ItfFormatError(`${where}: ${body} is too large`);
      return { kind: "int", value: value === 0 ? 0 : value };
    }
    case "#set":
      return { kind: "set", elems: list("#set").map((e, i) => decodeValue(e, `${where}{${i}}`, false, d)) };
    case "#tup":
      return { kind: "seq", elems: list("#tup").map((e, i) => decodeValue(e, `${where}[${i}]`, false, d)) };
    case "#map":
      return {
        kind: "map",
        entries: list("#map").map((pair, i) => {
          if (!Array.isArray(pair) || pair.length !== 2)
            throw new ItfFormatError(`${where}: #map entry ${i} must be a [key, value] pair`);
          return [
            decodeValue(pair[0], `${where} key ${i}`, false, d),
            decodeValue(pair[1], `${where}[key ${i}]`, false, d),
          ];
        }),
      };
    default:
      throw new ItfFormatError(`${where}: ${tag} values cannot be replayed`);
  }
}

/** The `#meta` of a state: the step that led to it, as a person and a tool read it. */
function stepMeta(model: Model, index: number, t: Transition | null): Record<string, unknown> {
  if (!t || t.step < 0) return { index, label: "initial state" };
  const info = model.steps[t.step];
  const meta: Record<string, unknown> = { index, label: model.describeTransition(t) };
  if (info.kind === "action") meta.action = info.name;
  else {
    meta.process = info.owner;
    if (info.indexed) meta.instance = t.instance;
    if (info.handler) meta.interrupt = info.proc;
    else if (info.proc) meta.proc = info.proc;
    meta.step = info.name;
  }
  if (t.choices.length) meta.choices = [...t.choices];
  meta.file = info.file;
  meta.line = info.line;
  return meta;
}

/** The ITF form of a counterexample. */
export function traceToItf(model: Model, violation: Violation, origin: ItfOrigin): ItfTrace {
  const trace: Trace = violation.trace;
  const states = trace.initial ? [trace.initial, ...trace.steps.map((s) => s.state)] : [];
  const shown = states.map((s) => model.show(s));
  const vars: string[] = [];
  const seen = new Set<string>();
  for (const state of shown)
    for (const [name] of state)
      if (!seen.has(name)) {
        seen.add(name);
        vars.push(name);
      }
  const meta: Record<string, unknown> = {
    format: "ITF",
    "format-description": FORMAT_DESCRIPTION,
    source: origin.source,
    description: `Created by vmaspec (${origin.engine}, check ${origin.check})`,
    spec: model.name,
    check: origin.check,
    consts: origin.consts,
  };
  if (origin.constants) meta.constants = origin.constants;
  meta.engine = origin.engine;
  if (origin.seed !== undefined) meta.seed = origin.seed;
  meta.violation = { kind: violation.kind, name: violation.name, message: violation.message };
  if (trace.failingStep) meta.failingStep = stepMeta(model, states.length, trace.failingStep);
  const itf: ItfTrace = {
    "#meta": meta,
    vars,
    states: shown.map((state, i) => {
      const values = new Map(state);
      const out: ItfTrace["states"][number] = {
        "#meta": stepMeta(model, i, i === 0 ? null : trace.steps[i - 1].transition),
      };
      for (const name of vars) {
        const v = values.get(name);
        out[name] = v === undefined ? NOT_RUNNING : encodeValue(v);
      }
      return out;
    }),
  };
  if (trace.cycleStart !== undefined) itf.loop = Math.min(trace.cycleStart, states.length - 1);
  return itf;
}

/** One state of a trace file, decoded: its values by variable name and the label of its step. */
export interface DecodedState {
  values: [string, ShownValue][];
  label?: string;
}

/** A trace file, decoded. */
export interface DecodedTrace {
  meta: Record<string, unknown>;
  vars: string[];
  states: DecodedState[];
  loop?: number;
}

/** Reads the text of an ITF file; throws ItfFormatError with a message a person can act on. */
export function parseItf(text: string): DecodedTrace {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ItfFormatError(`not JSON: ${(e as Error).message.replace(/\s+/g, " ")}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw new ItfFormatError("an ITF trace is a JSON object with `vars` and `states`");
  const o = json as Record<string, unknown>;
  const metaOf = (x: unknown): Record<string, unknown> =>
    x !== null && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
  if (!Array.isArray(o.vars) || !o.vars.every((v) => typeof v === "string"))
    throw new ItfFormatError("`vars` must be an array of variable names");
  if (!Array.isArray(o.states) || o.states.length === 0)
    throw new ItfFormatError("`states` must be a non-empty array of states");
  const vars = o.vars as string[];
  const states = o.states.map((s, i): DecodedState => {
    if (s === null || typeof s !== "object" || Array.isArray(s))
      throw new ItfFormatError(`states[${i}] is not an object`);
    const state = s as Record<string, unknown>;
    const values: [string, ShownValue][] = [];
    for (const name of vars) {
      if (!(name in state)) throw new ItfFormatError(`states[${i}] has no value for variable '${name}'`);
      const x = state[name];
      if (x !== null && typeof x === "object" && "#unserializable" in x) continue;
      values.push([name, decodeValue(x, `states[${i}].${name}`, name.endsWith(".pc"))]);
    }
    const unlisted = Object.keys(state).find((k) => k !== "#meta" && !vars.includes(k));
    if (unlisted !== undefined)
      throw new ItfFormatError(`states[${i}] has a value for '${unlisted}', which \`vars\` does not list`);
    const meta = metaOf(state["#meta"]);
    return typeof meta.label === "string" ? { values, label: meta.label } : { values };
  });
  const trace: DecodedTrace = { meta: metaOf(o["#meta"]), vars, states };
  if (o.loop !== undefined) {
    if (!Number.isInteger(o.loop) || (o.loop as number) < 0 || (o.loop as number) >= states.length)
      throw new ItfFormatError("`loop` must be the index of a state");
    trace.loop = o.loop as number;
  }
  return trace;
}

/** The text of a trace file: one line per state, so that files diff well and are easy to edit by hand. */
export function itfToText(itf: ItfTrace): string {
  const lines = ["{"];
  lines.push(`  "#meta": ${JSON.stringify(itf["#meta"])},`);
  lines.push(`  "vars": ${JSON.stringify(itf.vars)},`);
  if (itf.loop !== undefined) lines.push(`  "loop": ${itf.loop},`);
  lines.push(`  "states": [`);
  itf.states.forEach((s, i) => lines.push(`    ${JSON.stringify(s)}${i + 1 < itf.states.length ? "," : ""}`));
  lines.push("  ]", "}", "");
  return lines.join("\n");
}
