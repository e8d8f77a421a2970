// Exit codes of the vmaspec command, shared by every command module and documented in --help.

export const EXIT_CODES = `
Exit codes:
  0  every check met (parse: no errors; replay: the trace fits)
  1  some check not met (replay: the trace does not fit the spec)
  2  bad input or usage (syntax, name or type errors, unreadable file, bad option)
  3  internal error (a bug in vmaspec: please report it)`;

/** How a command reports its exit code to main (the highest code reported wins). */
export type SetExit = (code: number) => void;
