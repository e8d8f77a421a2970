// Which standard library module declares a name, for the hint "add 'import locks'" when a spec
// uses `spin_lock` without importing the module. In: a name. Out: the stdlib modules whose own
// top-level declarations (or enum members) include it. The index is built from the files in
// stdlib/ the first time it is needed (only on the error path), so a module added there is known
// without a table to keep in step.

import { readdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseSource } from "../ast/parse.js";
import type { TypeExpr } from "../ast/ast.js";
import { readSourceText, stdlibDir } from "./load.js";

/** A declaration of a stdlib module: the module's name and the declaration's kind. */
export interface StdlibDecl {
  module: string;
  kind: string;
}

let index: Map<string, StdlibDecl[]> | undefined;

/** The stdlib modules that declare `name` themselves (not through their imports), sorted by module. */
export function stdlibDeclarations(name: string): StdlibDecl[] {
  return (index ??= buildIndex()).get(name) ?? [];
}

/** Every stdlib module's name (`locks`, `vma`, ...), for "did you mean" on a misspelled import. */
export function stdlibModules(): string[] {
  try {
    return readdirSync(stdlibDir())
      .filter((f) => f.endsWith(".vmaspec"))
      .map((f) => basename(f, ".vmaspec"))
      .sort();
  } catch {
    return [];
  }
}

function buildIndex(): Map<string, StdlibDecl[]> {
  const out = new Map<string, StdlibDecl[]>();
  const add = (name: string, decl: StdlibDecl) => {
    const list = out.get(name) ?? [];
    if (!list.some((d) => d.module === decl.module)) list.push(decl);
    out.set(name, list);
  };
  for (const module of stdlibModules()) {
    const path = resolve(stdlibDir(), `${module}.vmaspec`);
    const { text } = readSourceText(path, path);
    if (text === undefined) continue;
    const { ast } = parseSource(path, text);
    if (!ast) continue;
    for (const d of ast.decls) {
      if (d.kind === "check" || d.kind === "init" || d.kind === "memory") continue;
      add(d.name.name, { module, kind: d.kind });
      if (d.kind === "type" || d.kind === "var")
        enumMembers(d.type, (m) => add(m, { module, kind: "enum member" }));
    }
  }
  return out;
}

function enumMembers(t: TypeExpr, found: (name: string) => void): void {
  switch (t.kind) {
    case "enum":
      return t.members.forEach((m) => found(m.name));
    case "record":
      return t.fields.forEach((f) => enumMembers(f.type, found));
    case "map":
      enumMembers(t.key, found);
      return enumMembers(t.value, found);
    case "set":
    case "seq":
      return enumMembers(t.elem, found);
    case "option":
      return enumMembers(t.inner, found);
    default:
      return;
  }
}
