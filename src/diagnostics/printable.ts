// File names as vmaspec prints them. A file name may hold any byte but '/' and NUL: a newline, an
// ANSI escape that retitles or clears the terminal, a bidirectional override that makes the line
// read differently. Every name a message, trace or report shows is made printable here once, where
// the file is loaded, so no output path can pass such a character to the terminal raw.

/** Control characters (C0, DEL, C1), line and paragraph separators, and bidirectional controls. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `name` with each unprintable character written as an escape (`\n`, `\x1b`, `\u202e`). */
export function printable(name: string): string {
  return name.replace(UNPRINTABLE, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** `word` as one word of a POSIX shell command line a user can paste: bare when it is plain,
 *  in single quotes otherwise, and as bash's $'...' with escapes when it holds unprintable characters. */
export function shellWord(word: string): string {
  if (/^[\w./+,:@%=-]+$/.test(word)) return word;
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  return `$'${printable(word.replace(/\\/g, "\\\\").replace(/'/g, "\\'"))}'`;
}
