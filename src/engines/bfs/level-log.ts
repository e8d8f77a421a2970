// The breadth-first queue and the record of every level. In: packed states, appended in the order
// the search finds them, and a mark where each level ends. Out: the state at a given index, and the
// index range of each level.
//
// Why this shape: a breadth-first search expands states in the order it found them, so one
// append-only log is both the frontier queue (the indices not yet expanded) and, with the level
// boundaries, all a counterexample needs: trace.ts walks back from the violating state, looking in
// each earlier level for a predecessor. So no state carries an id or a parent link, and the visited
// set (state-table.ts, bitstate.ts) stores only the states themselves.
//
// The log is kept in chunks of CHUNK_STATES states. A chunk the search has expanded is needed again
// only for a counterexample; once the chunks in memory exceed `keepBytes`, expanded chunks are
// written to an unlinked temporary file and dropped, as TLC keeps its trace on disk. Memory then
// holds the frontier alone, and a counterexample reads its levels back from the file.

import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The level log could not be written to the temporary folder: the search cannot go on. */
export class LevelLogSpillError extends Error {
  /** The statistics of the search when it stopped, when the engine knows them. */
  stats?: import("../result.js").CheckStats;

  constructor(
    /** The folder the log was being written to (TMPDIR, or the system default). */
    readonly directory: string,
    readonly reason: string,
  ) {
    super(`cannot write the level log to ${directory}: ${reason}`);
  }
}

/** States per chunk. */
export const CHUNK_STATES = 8192;
const DEFAULT_KEEP_BYTES = 4 << 20;

/** An append-only log of packed states, grouped into levels, partly on disk. */
export class LevelLog {
  private readonly chunks: (Uint32Array | null)[] = [];
  /** Whether chunk i has been written to the file. */
  private readonly written: boolean[] = [];
  private readonly chunkWords: number;
  private count = 0;
  /** Index of the first state of each level, and one past the last closed level. */
  private readonly starts: number[] = [0];
  private memoryBytes = 0;
  private fd = -1;
  private path = "";
  /** The chunk last read back from the file, and its number. */
  private readonly loaded: Uint32Array;
  private loadedChunk = -1;

  constructor(
    readonly packedWords: number,
    private readonly keepBytes = DEFAULT_KEEP_BYTES,
  ) {
    this.chunkWords = CHUNK_STATES * packedWords;
    this.loaded = new Uint32Array(this.chunkWords);
  }

  /** Number of states logged. */
  get size(): number {
    return this.count;
  }

  /** Number of levels closed by `endLevel`. */
  get levels(): number {
    return this.starts.length - 1;
  }

  /** Index of the first state of `level` (a closed level, or the one being appended). */
  levelStart(level: number): number {
    return this.starts[level];
  }

  /** One past the last index of `level`. */
  levelEnd(level: number): number {
    return level + 1 < this.starts.length ? this.starts[level + 1] : this.count;
  }

  /** Bytes of chunks held in memory. */
  get bytes(): number {
    return this.memoryBytes;
  }

  /** Appends the `packedWords` words of `key` from `offset` to the level being built. */
  append(key: Uint32Array, offset: number): void {
    const c = (this.count / CHUNK_STATES) | 0;
    let chunk = this.chunks[c];
    if (chunk === undefined) chunk = this.newChunk();
    const base = (this.count - c * CHUNK_STATES) * this.packedWords;
    for (let i = 0; i < this.packedWords; i++) chunk![base + i] = key[offset + i];
    this.count++;
  }

  /** Appends `count` states stored one after another in `keys` from `offset`. */
  appendMany(keys: Uint32Array, offset: number, count: number): void {
    const n = this.packedWords;
    while (count > 0) {
      const c = (this.count / CHUNK_STATES) | 0;
      const chunk = this.chunks[c] ?? this.newChunk();
      const at = this.count - c * CHUNK_STATES;
      const taken = Math.min(count, CHUNK_STATES - at);
      chunk.set(keys.subarray(offset, offset + taken * n), at * n);
      this.count += taken;
      offset += taken * n;
      count -= taken;
    }
  }

  /** Closes the level being built; later appends start the next level. */
  endLevel(): void {
    this.starts.push(this.count);
  }

  /** The words holding state `index`, which starts at `offsetOf(index)` in them. Valid until the next call. */
  wordsOf(index: number): Uint32Array {
    const c = (index / CHUNK_STATES) | 0;
    const chunk = this.chunks[c];
    if (chunk) return chunk;
    if (this.loadedChunk !== c) {
      const bytes = this.chunkWords * 4;
      readSync(this.fd, this.loaded, 0, bytes, c * bytes);
      this.loadedChunk = c;
    }
    return this.loaded;
  }

  /** Index in `wordsOf(index)` of the first word of state `index`. */
  offsetOf(index: number): number {
    return (index % CHUNK_STATES) * this.packedWords;
  }

  /**
   * Says that states before `index` have been expanded. Their chunks move to the file once the
   * chunks in memory exceed the bytes to keep.
   */
  release(index: number): void {
    const full = (index / CHUNK_STATES) | 0;
    for (let c = full - 1; c >= 0 && this.memoryBytes > this.keepBytes; c--) {
      const chunk = this.chunks[c];
      if (!chunk) break;
      if (!this.written[c]) this.writeChunk(c, chunk);
      this.chunks[c] = null;
      this.memoryBytes -= chunk.byteLength;
    }
  }

  /** Removes the temporary file, if one was made. */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    try {
      unlinkSync(this.path);
    } catch {
      // already unlinked when it was opened
    }
  }

  private newChunk(): Uint32Array {
    const chunk = new Uint32Array(this.chunkWords);
    this.chunks.push(chunk);
    this.written.push(false);
    this.memoryBytes += chunk.byteLength;
    return chunk;
  }

  private writeChunk(c: number, chunk: Uint32Array): void {
    try {
      this.writeChunkOrThrow(c, chunk);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const known: Record<string, string> = {
        ENOENT: "the folder does not exist",
        EACCES: "permission denied",
        EROFS: "the file system is read-only",
        ENOSPC: "no space left on the device",
        EDQUOT: "the disk quota is exhausted",
      };
      throw new LevelLogSpillError(tmpdir(), (err.code && known[err.code]) ?? err.message);
    }
  }

  private writeChunkOrThrow(c: number, chunk: Uint32Array): void {
    if (this.fd < 0) {
      this.path = join(tmpdir(), `vmaspec-levels-${process.pid}-${Date.now()}-${c}.bin`);
      this.fd = openSync(this.path, "w+");
      try {
        unlinkSync(this.path); // the open descriptor keeps the data; nothing is left behind on a crash
      } catch {
        // a platform that cannot unlink an open file: close() removes it
      }
    }
    const bytes = this.chunkWords * 4;
    // A full disk may take part of a chunk: only a whole chunk counts as written.
    const n = writeSync(this.fd, chunk, 0, bytes, c * bytes);
    if (n !== bytes) throw Object.assign(new Error("the disk is full"), { code: "ENOSPC" });
    this.written[c] = true;
  }
}
