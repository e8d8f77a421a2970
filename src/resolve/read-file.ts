// Reads an input file (a spec, a module it imports, a trace) the careful way. Specs and traces are
// files people exchange: a name may lead to a FIFO that blocks forever, a device that never ends
// (/dev/zero), a symbolic-link loop or a file far too large to hold. In: a path and a size cap.
// Out: the bytes, or a sentence saying why not (the callers turn it into their diagnostic).

import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** The most `check` reads of one spec or module file. */
export const MAX_SPEC_BYTES = 16 * 1024 * 1024;
/** The most `replay` reads of a trace file. */
export const MAX_TRACE_BYTES = 256 * 1024 * 1024;

export type ReadResult =
  | { bytes: Buffer }
  | { why: string; kind: "missing" | "directory" | "special" | "too-large" | "unreadable" };

/** Reads a regular file of at most `maxBytes` bytes; never blocks on a FIFO or reads a device. */
export function readRegularFile(path: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return openFailure(e as NodeJS.ErrnoException);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { kind: "directory", why: "it is a directory" };
    if (!st.isFile()) return { kind: "special", why: `it is ${specialKind(st)}, not a regular file` };
    if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
    // Files under /proc report size 0: read until the end, but never past the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return tooLarge(total, maxBytes);
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { kind: "unreadable", why: (e as Error).message };
  } finally {
    closeSync(fd);
  }
}

function openFailure(e: NodeJS.ErrnoException): ReadResult {
  switch (e.code) {
    case "ENOENT":
      return { kind: "missing", why: "no such file" };
    case "ENOTDIR":
      return { kind: "missing", why: "no such file (a part of its path is not a folder)" };
    case "ELOOP":
      return { kind: "unreadable", why: "its symbolic links form a loop" };
    case "EACCES":
    case "EPERM":
      return { kind: "unreadable", why: "permission denied" };
    case "EISDIR":
      return { kind: "directory", why: "it is a directory" };
    case "ENAMETOOLONG":
      return { kind: "unreadable", why: "the file name is too long" };
    default:
      return { kind: "unreadable", why: e.message };
  }
}

function tooLarge(size: number, max: number): ReadResult {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB`;
  return {
    kind: "too-large",
    why: `it is larger than ${mib(max)} (${size.toLocaleString("en-US")} bytes or more)`,
  };
}

function specialKind(st: import("node:fs").Stats): string {
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "a special file";
}
