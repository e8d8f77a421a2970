// The commands of the command line, by name: the summary the top-level --help lists, and an importer
// of the module that registers the command. main.ts imports only the command being run.

import type { Command } from "commander";
import type { SetExit } from "./exit-codes.js";

export type Register = (program: Command, setExit: SetExit) => void;

/**
 * The commands, each with the summary the top-level --help lists and an importer of its module.
 * Only the command being run is loaded: the parser, the compiler and the engines behind a command
 * cost most of a second to load, which `vmaspec --help` has no need for. test/cli/startup.test.ts
 * checks that each summary is the one its module registers.
 */
export const COMMANDS: Record<string, { summary: string; importRegister: () => Promise<Register> }> = {
  check: {
    summary: "check a spec: run every check block (or one) and report each as met or not met",
    importRegister: async () => (await import("./check-command.js")).registerCheck,
  },
  compile: {
    summary: "compile a spec into TypeScript state machines and a vitest file with one test per check",
    importRegister: async () => (await import("./compile-command.js")).registerCompile,
  },
  parse: {
    summary: "parse, resolve and type-check a spec; print its diagnostics only",
    importRegister: async () => (await import("./parse-command.js")).registerParse,
  },
  simulate: {
    summary: "run seeded random walks over a spec's check blocks (or one) to look for violations",
    importRegister: async () => (await import("./simulate-command.js")).registerSimulate,
  },
  explore: {
    summary: "explore a spec's states in the browser: take steps by hand, see invariants, walk a trace",
    importRegister: async () => (await import("./explore-command.js")).registerExplore,
  },
  fmt: {
    summary: "format spec files in the canonical layout (--check: list the files that would change)",
    importRegister: async () => (await import("./fmt-command.js")).registerFmt,
  },
  lsp: {
    summary: "run the language server for editors (LSP over standard input and output)",
    importRegister: async () => (await import("./lsp-command.js")).registerLsp,
  },
  replay: {
    summary: "check that a trace file (ITF) is a behaviour of the spec, and print it readably",
    importRegister: async () => (await import("./replay-command.js")).registerReplay,
  },
  litmus: {
    summary:
      "run litmus tests in the kernel's C format under the Linux kernel memory model (herd7's verdicts)",
    importRegister: async () => (await import("./litmus-command.js")).registerLitmus,
  },
};
