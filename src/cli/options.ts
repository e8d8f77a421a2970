// Parses command-line values: `--const K=V` (an integer or true/false) and positive counts.
// Bad values become a UsageError, which the CLI reports with exit code 2.

import type { ConstOverride } from "../typecheck/consts.js";

export class UsageError extends Error {}

/** `K=V` → an override; V is a decimal or hex integer (optionally negative) or true/false. */
export function parseConstOption(text: string): ConstOverride {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
  if (!m) throw new UsageError(`--const expects NAME=VALUE, not '${text}'`);
  const raw = m[2].trim();
  let value: number | boolean;
  if (raw === "true" || raw === "false") value = raw === "true";
  else if (/^-?(0x[0-9a-fA-F]+|\d+)$/.test(raw))
    value = raw.startsWith("-") ? -Number(raw.slice(1)) : Number(raw);
  else throw new UsageError(`--const ${m[1]}: '${raw}' is neither an integer nor true/false`);
  return { name: m[1], value, origin: "--const" };
}

/** A non-negative integer option such as --max-depth. */
export function parseCount(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${name} expects a non-negative integer, not '${text}'`);
  return Number(text);
}

/**
 * A bound such as --max-depth or --max-states: a positive integer. 0 would stop before any state
 * is explored and report nothing, so it is a usage error rather than a silent empty search.
 */
export function parseBound(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${name} expects a positive integer, not '${text}'`);
  return Number(text);
}

/** `--progress SECONDS`: seconds between progress lines (a decimal); 0 turns them off. */
export function parseSeconds(name: string, text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`${name} expects a number of seconds, not '${text}'`);
  return Number(text);
}

/** `--memory MODEL`: sc or lkmm (absent: the check's or the spec's own). */
export function parseMemory(text: string | undefined): "sc" | "lkmm" | undefined {
  if (text === undefined) return undefined;
  if (text !== "sc" && text !== "lkmm") throw new UsageError(`--memory expects sc or lkmm, not '${text}'`);
  return text;
}

/** `--workers N`: a number of threads, 1 to MAX_WORKERS. */
export function parseWorkers(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_WORKERS)
    throw new UsageError(`--workers expects a number of threads from 1 to ${MAX_WORKERS}, not '${text}'`);
  return Number(text);
}

/** More threads than this only slow a search down on any machine we know. */
export const MAX_WORKERS = 64;

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A size in bytes: a number with an optional K, M or G suffix (powers of 1024). */
export function parseSize(name: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)i?B?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${name} expects a size such as 512M or 8G, not '${text}'`);
  const scale = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase() as "" | "K" | "M" | "G"];
  const bytes = Math.floor(Number(m[1]) * scale);
  if (bytes < 1)
    throw new UsageError(`${name} expects a size of at least 1 byte, such as 512M, not '${text}'`);
  return bytes;
}

/** The `--trace` option of the commands that print counterexamples: flags and help text. */
export const TRACE_OPTION = [
  "--trace <style>",
  "print counterexamples as 'steps' or as 'lanes', one column per process (default: $VMASPEC_TRACE or steps)",
] as const;

/** `--trace STYLE`, or the user's default in VMASPEC_TRACE, or `steps`. */
export function parseTraceStyle(text: string | undefined): "steps" | "lanes" {
  const value = text ?? process.env.VMASPEC_TRACE ?? "steps";
  if (value === "steps" || value === "lanes") return value;
  const from = text === undefined ? "VMASPEC_TRACE" : "--trace";
  throw new UsageError(`${from} must be 'steps' or 'lanes', not '${value}'`);
}

/** The `--html` option of `check` and `simulate`: flags and help text. */
export const HTML_OPTION = [
  "--html <file>",
  "write a self-contained HTML report (lanes diagram, states, why, source) to this file; replaces only a vmaspec report",
] as const;
