// Writes an HTML report where the user asked, safely: a file that exists is replaced only when it
// is a vmaspec report itself (its first line is REPORT_MARKER), the convention `vmaspec compile`
// follows for its files, so a typo in `--html` never destroys a user's own page. The text goes to
// a temporary file beside the target first and is renamed over it, so a reader never sees half.

import { closeSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { REPORT_MARKER } from "./report-page.js";

/** Why `path` may not be written as a report, or undefined when it may (absent, or a report). */
export function reportTargetProblem(path: string): string | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? undefined : `cannot use ${path} for the report: ${plainReason(e)}`;
  }
  // Only a regular file is opened: opening a FIFO to read its first line would wait forever.
  if (stat.isDirectory()) return `cannot use ${path} for the report: it is a directory`;
  if (!stat.isFile()) return `cannot use ${path} for the report: it is not a regular file`;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    return `cannot use ${path} for the report: ${plainReason(e)}`;
  }
  try {
    const head = Buffer.alloc(REPORT_MARKER.length);
    const n = readSync(fd, head, 0, head.length, 0);
    if (head.subarray(0, n).toString("utf8") === REPORT_MARKER) return undefined;
    return `${path} exists and is not a vmaspec report: not overwritten (remove it or choose another file)`;
  } catch (e) {
    return `cannot use ${path} for the report: ${plainReason(e)}`;
  } finally {
    closeSync(fd);
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

/** Writes the page to `path` (checked with reportTargetProblem first); throws on an I/O error. */
export function writeReport(path: string, page: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, page, { flag: "wx" });
    renameSync(temporary, path);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw e;
  }
}
