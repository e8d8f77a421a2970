// The one list of diagnostic codes. Every Diagnostic's `code` is a key of this table, so a
// misspelt code does not compile; docs/language.md's table of codes lists exactly these (a test
// compares them), and test/diagnostics/codes.test.ts produces each one from a small spec.
// Codes are stable and grouped by phase: S syntax, N names and imports, T types, E constants and
// overrides, C files and input, L litmus tests (`vmaspec litmus`), W weak memory (`memory lkmm`). A code once shipped is never reused for another meaning.
//
// To add a diagnostic: add its code and a one-line summary here, a row to the table in
// docs/language.md, and a case to test/diagnostics/codes.test.ts.

/** Every diagnostic code with a one-line summary of what it reports. */
export const DIAGNOSTIC_CODES = {
  S001: "unexpected character(s): text that starts no token",
  S002: "syntax error: an unexpected token, a missing one, or an unexpected end of file",
  S003: "unterminated string literal or block comment",
  S004: "ambiguous or mixed brace expression (`{a, f: b}`), or a malformed map literal",
  S005: "a construct the grammar reads but the language does not allow there (assigning to something that is not a variable, field or entry; an expression used as a statement; `e at s` where e is not `P` or `P[i]`; a type that is an expression)",
  S006: "a number literal too large to represent exactly",
  S007: "nesting too deep: about 80 nested brackets, quantifiers or ifs, or a tree deeper than 200 levels (a chain of 200 `+` or `else if`, or macros inlined into macros)",
  S008: "too many syntax errors: the file's first 50 are reported, then this note (a warning)",
  S099: "internal error in the parser (a bug: please report it)",
  N001: "unknown name",
  N002: "a name declared twice (both places shown)",
  N003: "duplicate step name",
  N004: "duplicate check name",
  N005: "`goto` to a step that does not exist",
  N006: "`P at s` with no step `s` in `P`",
  N007: "recursion among macros, fns or procs",
  N008: "`at` without a process instance",
  N010: "import cycle",
  N011: "missing import",
  N012: "unknown field or process local",
  N013: "an `override` with no imported declaration of that name and kind to replace",
  N014: "a check block names an invariant, property, step or action the spec does not have",
  N015: "an enum member name shared by several enums, where the context does not say which (write `E.member`)",
  N020: "an import of a file that is not a `.vmaspec` file, or a link to one that is not (never read, never quoted)",
  N031: "a `refines` declaration that cannot be checked: its file is not the named spec, the spec has processes, or the mapping names something the spec does not declare or leaves a variable out",
  T001: "type mismatch",
  T002: "unbounded type",
  T003: "empty type",
  T005: "wrong number of arguments",
  T006: "assignment to something that is not a location",
  T007: "assignment to a by-value macro parameter",
  T008: "set over more than 4096 possible elements (a set of sets or of records: more than 32; a set of sets: an inner universe of more than 5)",
  T009: "a construct used where it is not allowed (`return` outside a proc or macro, a macro in an invariant, ...)",
  T010: "a statement after `goto`, `call` or `return`",
  T011: "a type defined in terms of itself",
  T012: "a map key that is not bool, a range or an enum, or a set element that is not one of those, a set of them or a record of them",
  T013: "a domain that must be fixed before the search (process index, map literal) is not",
  T014: "a process used as a value",
  T015: "a spec or process with nothing to do",
  T016: "two calls of a proc with different result targets that return to the same step",
  T017: "`symmetric` on more than one array or type, on a single process, on more than 6 instances or values, or on a type that is not a range or an enum",
  T018: "a temporal formula outside the supported forms (`P ~> Q`, `always eventually P`, `eventually P`, `always P`, `eventually always P`, `always (P => always Q)`, `always (P => eventually Q)`, `P => eventually Q`, `P => always Q`, `always [A]_v`)",
  T019: "a constant index outside a process array's instances or a map's keys (`T[3]` with `T[1..2]`); an index that is not a constant is checked at run time",
  T020: "a size past what a state holds: more than 1,024 instances in a process array, or more than 65,536 slots in a state",
  T021: "a symmetric process array's index type or a symmetric type used in a way that tells its values apart (arithmetic, `<`, a literal id, a part of the type, conversion, `min`/`max`/`pick`/`fold` over ids)",
  T022: "`fair step` or `strong fair step` in a proc or an interrupt handler: a step's own fairness belongs to a process's steps (or to an action: `fair action`)",
  T023: "`each` on a parameter of an action that is not `fair` or `strong fair` (per-value fairness needs fairness)",
  T024: "`x'` (a value in the next state) outside the action of an action property `always [A]_v`, or inside another prime",
  E001: "an override of an unknown constant",
  E002: "an override of the wrong type",
  E003: "a constant expression that is not constant",
  E004: "a constant defined in terms of itself",
  E005: "a constant expression that divides by zero",
  C001: "a file that is missing",
  C002: "a file that is a directory",
  C003: "a file that cannot be read",
  C004: "a file that is not UTF-8 text",
  C005: "a file that is not a regular file (a device, FIFO or socket)",
  C006: "a file larger than the size read (16 MiB for a spec)",
  L001: "litmus test: text that does not parse as the kernel's C litmus format",
  L002: "litmus test: a construct the weak-memory model does not run (loops, pointers, plain shared accesses, unsupported primitives)",
  L003: "litmus test: an unknown register, location, process or function",
  W001: "`memory` names no memory model (`sc` or `lkmm`), or a spec declares its memory model twice",
  W002: "a construct `memory lkmm` does not run: a plain access to a shared variable in a process, a loop, `goto`, `either`, `choose`, `call`, an action, or a value that is not an integer or a bool",
} as const;

/** A diagnostic code: one of the registry's keys. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
