// One analysis of an open spec, as the language server keeps it: the front end run on the editor's
// text (and the unsaved text of any other open file), the spec's diagnostics with the same codes
// and spans as `vmaspec parse`, and the index of its names. In: a path and the unsaved texts.
// Out: an Analysis, and the diagnostics converted to the protocol's form, by file.

import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic as LspDiagnostic } from "vscode-languageserver";
import { frontEnd, typeCheckConfiguration, type FrontEnd } from "../compile.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import type { LoadedProgram, LoadOptions } from "../resolve/load.js";
import { indexNames, type NameIndex } from "./names.js";
import { rangeOf } from "./positions.js";

export interface Analysis {
  path: string;
  /** The parsed files, when every one parsed. */
  program?: LoadedProgram;
  /** The resolved spec, when names resolved (what check blocks run on). */
  front?: FrontEnd;
  index?: NameIndex;
  diagnostics: Diagnostic[];
  /** The constants' values in the spec's default configuration, when it type-checks. */
  consts?: ReadonlyMap<string, number | boolean>;
  /** Source texts by the names diagnostics use. */
  texts: Map<string, string>;
}

/** Analyses the spec at `path` (absolute) as `vmaspec parse` would, on the unsaved texts; files
 *  unchanged since the last analysis are not parsed again. */
export function analyse(path: string, options: LoadOptions): Analysis {
  const fe = frontEnd(path, options);
  let diagnostics = fe.diagnostics;
  const typed = fe.front && typeCheckConfiguration(fe.front, []);
  if (typed) diagnostics = [...diagnostics, ...typed.diagnostics];
  const index = fe.program ? indexNames(fe.program) : undefined;
  const consts = typed?.spec?.consts;
  return { path, program: fe.program, front: fe.front, index, diagnostics, consts, texts: fe.texts };
}

/** The analysis's diagnostics in the protocol's form, by file URI (the spec's own always present). */
export function diagnosticsByUri(a: Analysis): Map<string, LspDiagnostic[]> {
  const out = new Map<string, LspDiagnostic[]>([[pathToFileURL(a.path).href, []]]);
  for (const d of a.diagnostics) {
    const file = d.span?.file ?? d.file ?? a.path;
    const uri = uriOfName(a, file);
    const text = a.texts.get(file) ?? "";
    const list = out.get(uri) ?? [];
    list.push({
      range: d.span
        ? rangeOf(text, d.span)
        : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: d.severity === "error" ? 1 : 2,
      code: d.code,
      source: "vmaspec",
      message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
      relatedInformation: d.related?.map((r) => ({
        location: { uri: uriOfName(a, r.span.file), range: rangeOf(a.texts.get(r.span.file) ?? "", r.span) },
        message: r.message,
      })),
    });
    out.set(uri, list);
  }
  return out;
}

/** The file URI of a name as diagnostics show it (absolute, or relative to the working folder). */
export function uriOfName(a: Analysis, name: string): string {
  const file = a.program?.files.find((f) => f.name === name);
  return pathToFileURL(file?.path ?? (isAbsolute(name) ? name : resolve(name))).href;
}

/** The text of the file at `path` in this analysis. */
export function textOf(a: Analysis, path: string): string | undefined {
  const file = a.program?.files.find((f) => f.path === path);
  return file?.text;
}

/** A span's location in the protocol's form. */
export function locationOf(a: Analysis, path: string, span: Span) {
  return { uri: pathToFileURL(path).href, range: rangeOf(textOf(a, path) ?? "", span) };
}
