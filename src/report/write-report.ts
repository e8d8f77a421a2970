// Writes a file the user named on the command line, safely: a file that exists is replaced only
// when vmaspec wrote it (a report's first line is REPORT_MARKER; a trace's opening names vmaspec),
// the convention `vmaspec compile` follows for its files, so a typo in `--html` or `--out` never
// destroys a user's own file. Only a regular file is opened: opening a FIFO would wait forever.
// The text goes to a temporary file beside the target first and is renamed over it, so a reader
// never sees half. Shared by `--html` (cli/html-report.ts) and `--out` (cli/trace-file.ts).

import { closeSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { REPORT_MARKER } from "./report-page.js";

/**
 * Why `path` may not be written as `what` ("report", "trace"), or undefined when it may: absent,
 * or a file whose first bytes (up to 4 KiB) `wroteIt` recognises as vmaspec's own (`ours` names
 * such a file in the message).
 */
export function ownedFileProblem(
  path: string,
  what: string,
  ours: string,
  wroteIt: (head: string) => boolean,
): string | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? undefined : `cannot use ${path} for the ${what}: ${plainReason(e)}`;
  }
  if (stat.isDirectory()) return `cannot use ${path} for the ${what}: it is a directory`;
  if (!stat.isFile()) return `cannot use ${path} for the ${what}: it is not a regular file`;
  let head: string;
  try {
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.alloc(4096);
      head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return `cannot use ${path} for the ${what}: ${plainReason(e)}`;
  }
  if (wroteIt(head)) return undefined;
  return `${path} exists and is not ${ours}: not overwritten (remove it or choose another file)`;
}

/** Why `path` may not be written as a report, or undefined when it may (absent, or a report). */
export function reportTargetProblem(path: string): string | undefined {
  return ownedFileProblem(path, "report", "a vmaspec report", (head) => head.startsWith(REPORT_MARKER));
}

/** Writes `text` to a temporary file beside `path` and renames it over `path`; throws on an I/O error. */
export function writeReplacing(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: "wx" });
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}

/** An I/O error in words, without Node's "EACCES: ..., open 'path'" wrapping. */
function plainReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return "a folder on its path is a file";
  if (code === "ELOOP") return "too many symbolic links";
  return (e as Error).message;
}
