// The commands of the command line, by name: the summary the top-level --help lists, and a loader
// of the module that registers the command. main.ts loads only the command being run.

import type { Command } from "commander";
import type { SetExit } from "./exit-codes.js";

export type Register = (program: Command, setExit: SetExit) => void;

/**
 * The commands, each with the summary the top-level --help lists and a loader of its module.
 * Only the command being run is loaded: the parser, the compiler and the engines behind a command
 * cost most of a second to load, which `vmaspec --help` has no need for. test/cli/startup.test.ts
 * checks that each summary is the one its module registers.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<Register> }> = {
  check: {
    summary: "check a spec: run every check block (or one) and report each as met or not met",
    load: async () => (await import("./check-command.js")).registerCheck,
  },
  compile: {
    summary: "compile a spec into TypeScript state machines and a vitest file with one test per check",
    load: async () => (await import("./compile-command.js")).registerCompile,
  },
  parse: {
    summary: "parse, resolve and type-check a spec; print its diagnostics only",
    load: async () => (await import("./parse-command.js")).registerParse,
  },
  simulate: {
    summary: "run seeded random walks over a spec's check blocks (or one) to look for violations",
    load: async () => (await import("./simulate-command.js")).registerSimulate,
  },
  replay: {
    summary: "check that a trace file (ITF) is a behaviour of the spec, and print it readably",
    load: async () => (await import("./replay-command.js")).registerReplay,
  },
};
