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

// The hint unknownNameHint gives when one stdlib module declares the name.
const ONE_IMPORT = /^add 'import (\w+)' \(the library module that declares [\w ]+ '(\w+)'\)$/;

/**
 * Folds the unknown names that one missing import explains into the first of them: a spec that
 * forgot `import locks` gets one error naming every such name, not one per use.
 */
export function mergeMissingImports(diagnostics: Diagnostic[]): Diagnostic[] {
  const byModule = new Map<string, { first: Diagnostic; names: string[] }>();
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const m = d.code === "N001" && d.hint ? ONE_IMPORT.exec(d.hint) : null;
    if (!m) {
      out.push(d);
      continue;
    }
    const group = byModule.get(m[1]);
    if (!group) {
      const first = { ...d };
      byModule.set(m[1], { first, names: [m[2]] });
      out.push(first);
    } else if (!group.names.includes(m[2])) group.names.push(m[2]);
  }
  for (const [module, { first, names }] of byModule) {
    if (names.length < 2) continue;
    first.message += `, and ${names.length - 1} more name${names.length > 2 ? "s" : ""} declared in module ${module}`;
    first.hint = `add 'import ${module}' (the library module that declares ${names.join(", ")})`;
  }
  return out;
}
