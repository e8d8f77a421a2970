// Prints shown values compactly (`{1, 2}`, `[0 |-> none, 1 |-> 3]`, `[0..6 |-> none, 7 |-> some(2)]`,
// `{ refcnt: 1, phase: Detached }`) and finds what changed between two states, down to the record
// field or map entry that changed, so a trace step lists `vmas[2].refcnt: 1 -> 2` rather than a
// whole map.

import type { ShownValue } from "../model/model.js";
import { isTupleFields } from "../model/types.js";

/** A value as a person reads it. */
export function formatValue(v: ShownValue): string {
  switch (v.kind) {
    case "int":
      return String(v.value);
    case "bool":
      return String(v.value);
    case "enum":
    case "pc":
      return v.value;
    case "none":
      return "none";
    case "some":
      return `some(${formatValue(v.value)})`;
    case "set":
      return `{${v.elems.map(formatValue).join(", ")}}`;
    case "seq":
      return `[${v.elems.map(formatValue).join(", ")}]`;
    case "record":
      if (isTupleFields(v.fields.map(([k]) => k)))
        return `<<${v.fields.map(([, x]) => formatValue(x)).join(", ")}>>`;
      return `{ ${v.fields.map(([k, x]) => `${k}: ${formatValue(x)}`).join(", ")} }`;
    case "map":
      return `[${formatEntries(v.entries).join(", ")}]`;
  }
}

/** Map entries as `k |-> v`, with a run of three or more consecutive integer keys that map to the
 *  same value written once, `0..5 |-> none`, so a sparse map of a big domain stays on one line. */
function formatEntries(entries: [ShownValue, ShownValue][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < entries.length; ) {
    const [key, value] = entries[i];
    const text = formatValue(value);
    let j = i + 1;
    if (key.kind === "int") {
      while (j < entries.length) {
        const [k, x] = entries[j];
        if (k.kind !== "int" || k.value !== key.value + (j - i) || formatValue(x) !== text) break;
        j++;
      }
    }
    if (j - i >= 3) out.push(`${formatValue(key)}..${formatValue(entries[j - 1][0])} |-> ${text}`);
    else {
      j = i + 1;
      out.push(`${formatValue(key)} |-> ${text}`);
    }
    i = j;
  }
  return out;
}

export interface Change {
  path: string;
  before?: ShownValue;
  after: ShownValue;
}

/** The changes from `before` to `after` (both from Model.show of the same model). */
export function diffStates(
  before: [string, ShownValue][] | undefined,
  after: [string, ShownValue][],
): Change[] {
  const old = new Map(before ?? []);
  const out: Change[] = [];
  for (const [name, value] of after) {
    const prior = old.get(name);
    if (before === undefined || prior === undefined) out.push({ path: name, after: value });
    else diffValue(name, prior, value, out);
  }
  return out;
}

function diffValue(path: string, a: ShownValue, b: ShownValue, out: Change[]): void {
  if (sameValue(a, b)) return;
  // A tuple changes as a whole (`last: <<0, 0>> -> <<0, 1>>`); a record, field by field.
  const tuple = a.kind === "record" && isTupleFields(a.fields.map(([k]) => k));
  if (a.kind === "record" && b.kind === "record" && a.fields.length === b.fields.length && !tuple) {
    a.fields.forEach(([k, x], i) => diffValue(`${path}.${k}`, x, b.fields[i][1], out));
    return;
  }
  if (a.kind === "map" && b.kind === "map" && a.entries.length === b.entries.length) {
    a.entries.forEach(([k, x], i) => diffValue(`${path}[${formatValue(k)}]`, x, b.entries[i][1], out));
    return;
  }
  out.push({ path, before: a, after: b });
}

/** Structural equality of shown values. */
export function sameValue(a: ShownValue, b: ShownValue): boolean {
  return formatValue(a) === formatValue(b);
}
