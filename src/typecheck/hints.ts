// Hints for an unknown name: what the writer most likely meant. In: the name, the names that would
// have been accepted where it stands, and the kinds of declaration that fit there. Out: one hint,
// the first that applies of: a word from another language ("null" → none), a stdlib module that
// declares the name ("add 'import locks'"), a close spelling ("did you mean 'current'?").

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean, orList } from "../diagnostics/suggest.js";
import { stdlibDeclarations } from "../resolve/stdlib-index.js";

/** Words from other languages and what vmaspec writes instead. */
const FOREIGN: Record<string, string> = {
  null: "an absent optional value is 'none'",
  nil: "an absent optional value is 'none'",
  NULL: "an absent optional value is 'none'",
  undefined: "an absent optional value is 'none'",
  None: "an absent optional value is 'none'",
  this: "'self' is the running instance's index, 'current' the running instance as a task",
  and: "write '&&' for 'and'",
  not: "write '!e' for 'not e'",
  mod: "write 'a % b' for 'a mod b'",
  size: "the size of a set is card(S), the length of a sequence len(s)",
  length: "the size of a set is card(S), the length of a sequence len(s)",
  count: "the size of a set is card(S), the length of a sequence len(s)",
  Cardinality: "the size of a set is card(S)",
  Len: "the length of a sequence is len(s)",
  Append: "append(s, e) appends to a sequence",
  Head: "head(s) is a sequence's first element",
  Tail: "tail(s) is a sequence without its first element",
  CHOOSE: "'pick x in S: p' is TLA+'s CHOOSE",
  TRUE: "the booleans are 'true' and 'false'",
  FALSE: "the booleans are 'true' and 'false'",
};

/** The hint for an unknown `name`, given the names valid there and the declaration kinds that fit. */
export function unknownNameHint(
  name: string,
  candidates: Iterable<string>,
  kinds?: readonly string[],
): string | undefined {
  if (Object.prototype.hasOwnProperty.call(FOREIGN, name)) return FOREIGN[name];
  const lib = stdlibDeclarations(name).filter((d) => !kinds || kinds.includes(d.kind));
  if (lib.length) {
    const imports = orList(lib.map((d) => `'import ${d.module}'`));
    return `add ${imports} (the library module that declares ${lib[0].kind} '${name}')`;
  }
  return didYouMean(name, candidates);
}

// The hint unknownNameHint gives when stdlib modules declare the name: the modules, and the name.
const IMPORT_HINT =
  /^add ('import \w+'(?:(?:, | or )'import \w+')*) \(the library module that declares [\w ]+ '(\w+)'\)$/;

/** The modules and the name of an N001 diagnostic whose hint names stdlib imports. */
function missingImport(d: Diagnostic): { modules: string[]; name: string } | undefined {
  const m = d.code === "N001" && d.hint ? IMPORT_HINT.exec(d.hint) : null;
  if (!m) return undefined;
  return { modules: [...m[1].matchAll(/'import (\w+)'/g)].map((x) => x[1]), name: m[2] };
}

/**
 * Folds the unknown names that one missing import explains into the first of them: a spec that
 * forgot `import locks` gets one error naming every such name, not one per use. A name several
 * modules declare (`spin_lock`: locks and lkmm) joins the group of one of them that another name
 * needs anyway.
 */
export function mergeMissingImports(diagnostics: Diagnostic[]): Diagnostic[] {
  // The modules some name needs alone; a name of several modules joins one of these.
  const needed = new Set<string>();
  for (const d of diagnostics) {
    const m = missingImport(d);
    if (m?.modules.length === 1) needed.add(m.modules[0]);
  }
  const byModule = new Map<string, { first: Diagnostic; names: string[] }>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const m = missingImport(d);
    const module = m?.modules.find((x) => needed.has(x));
    if (!m || module === undefined) {
      out.push(d);
      continue;
    }
    const group = byModule.get(module);
    if (!group) {
      const first = { ...d };
      byModule.set(module, { first, names: [m.name] });
      out.push(first);
    } else if (!group.names.includes(m.name)) group.names.push(m.name);
  }
  for (const [module, { first, names }] of byModule) {
    if (names.length < 2) continue;
    first.message += `, and ${names.length - 1} more name${names.length > 2 ? "s" : ""} declared in module ${module}`;
    first.hint = `add 'import ${module}' (the library module that declares ${names.join(", ")})`;
  }
  return out;
}
