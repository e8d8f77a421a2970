// Exit codes of the vmaspec command, shared by every command module and documented in each
// command's --help (only the codes that command can return) and in the README.
//
// 0 means proved: every check reached its expected verdict by a complete search (or found the
// violation it expected). A run that decided nothing (a search cut short by a command-line bound,
// the memory budget or bitstate's filter, a simulation that found no violation) is 4, inconclusive:
// a gate on the exit code must not turn green for it. A signal ends a run with the shell's code for
// it (130 SIGINT, 143 SIGTERM) after printing the statistics so far.

export const EXIT = {
  ok: 0,
  notMet: 1,
  usage: 2,
  internal: 3,
  inconclusive: 4,
  sigint: 130,
  sigterm: 143,
} as const;

type Command =
  | "program"
  | "check"
  | "simulate"
  | "compile"
  | "parse"
  | "replay"
  | "explore"
  | "fmt"
  | "lsp"
  | "litmus";

const LINES: Record<number, Partial<Record<Command, string>>> = {
  0: {
    program: "success (check: every check met by a complete search)",
    check: "every check met: proved by a complete search (or a check block's own bound)",
    simulate: "every check met: its expected violation found (or, with --accept-unproven, none found)",
    compile: "files written and every check met now",
    parse: "no errors",
    replay: "the trace fits the spec",
    explore: "the explorer ran and was stopped (Ctrl-C, SIGTERM)",
    fmt: "every file formatted (--check: every file already formatted)",
    lsp: "the client asked the server to exit after shutting it down",
    litmus:
      "every file got its verdict (Never or Sometimes; with --expect, the one its 'Result:' line announces)",
  },
  1: {
    program: "some check not met (replay: the trace does not fit the spec)",
    check: "some check not met (an unexpected violation, or a complete search without the expected one)",
    simulate: "some check not met (a walk found a violation other than the one expected)",
    compile: "files written, but some check is not met now (its test will fail)",
    replay: "the trace does not fit the spec",
    fmt: "--check: some file is not formatted (its name is printed)",
    lsp: "the client ended the connection without shutting the server down",
    litmus: "with --expect: some verdict differs from the file's 'Result:' line (or the file has none)",
  },
  2: {
    program: "bad input or usage (syntax, name or type errors, unreadable file, bad option)",
    check: "bad input or usage (syntax, name or type errors, unreadable file, bad option)",
    simulate: "bad input or usage (syntax, name or type errors, unreadable file, bad option)",
    compile: "bad input or usage, or a file in the way that compile did not write",
    parse: "errors in the spec, or bad usage",
    replay: "bad input or usage (an unreadable or malformed trace file, errors in the spec)",
    explore: "bad input or usage (errors in the spec, a bad trace file, a port in use)",
    fmt: "a file could not be read or has syntax errors (it is left as it is), or bad usage",
    litmus:
      "bad input or usage: an unreadable file, or a construct outside the supported subset (no verdict for that file; the others still run)",
  },
  3: {
    program: "internal error (a bug in vmaspec: please report it)",
    check: "internal error (a bug in vmaspec: please report it)",
    simulate: "internal error (a bug in vmaspec: please report it)",
    compile: "internal error (a bug in vmaspec: please report it)",
    parse: "internal error (a bug in vmaspec: please report it)",
    replay: "internal error (a bug in vmaspec: please report it)",
    explore: "internal error (a bug in vmaspec: please report it)",
    fmt: "internal error (a bug in vmaspec: please report it); no file is left half written",
    lsp: "internal error (a bug in vmaspec: please report it)",
    litmus: "internal error (a bug in vmaspec: please report it)",
  },
  4: {
    program: "inconclusive: a check decided nothing (bounded search, simulation without a proof)",
    check:
      "inconclusive: no check failed, but some search was cut short (--max-depth, --max-states, --max-memory, --bitstate, a skipped liveness phase) and proved nothing",
    simulate:
      "inconclusive: no check failed, but no walk found what a check expected (no walk proves ok: see --accept-unproven)",
    compile: "files written, but some check is inconclusive now (its test will fail)",
  },
  130: {
    program: "interrupted by SIGINT (143: SIGTERM), after printing the statistics so far",
    check: "interrupted by SIGINT (143: SIGTERM), after printing the statistics so far",
    simulate: "interrupted by SIGINT (143: SIGTERM), after printing the statistics so far",
  },
};

/** The "Exit codes:" help section of one command (or of the whole program). */
export function exitCodesHelp(command: Command): string {
  const rows = Object.entries(LINES).flatMap(([code, text]) => {
    const line = text[command];
    return line ? [`  ${code.padStart(3)}  ${wrap(line, 72).join(`\n${" ".repeat(7)}`)}`] : [];
  });
  return `\nExit codes:\n${rows.join("\n")}`;
}

/** Splits text into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** How bad each exit code is: the worst code a command reports is the one it exits with. */
const SEVERITY: Record<number, number> = { 0: 0, 4: 1, 1: 2, 2: 3, 3: 4, 130: 5, 143: 5 };

/** The worse of two exit codes: not met beats inconclusive, bad input beats both. */
export function worseExit(a: number, b: number): number {
  return (SEVERITY[b] ?? 5) > (SEVERITY[a] ?? 5) ? b : a;
}

/** How a command reports its exit code to main (the worst code reported wins). */
export type SetExit = (code: number) => void;
