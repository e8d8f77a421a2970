// The `vmaspec` program: commander with the commands registered, run on an argument vector, its
// outcome turned into an exit code (exit-codes.ts). main.ts runs it on the process's arguments;
// tests run it in-process (test/helpers/inprocess.ts).

import { Command, CommanderError } from "commander";
import { UsageError } from "./options.js";
import { exitCodesHelp, worseExit, type SetExit } from "./exit-codes.js";
import { COMMANDS } from "./commands.js";

/** Runs the command line `argv` (as process.argv: node, script, arguments); the exit code. */
export async function runCommandLine(argv: string[]): Promise<number> {
  let exit = 0;
  const setExit: SetExit = (code) => {
    exit = worseExit(exit, code);
  };
  const program = new Command();
  program
    .name("vmaspec")
    .description("Specify and model-check concurrency designs of the Linux memory manager.")
    .version("0.1.0")
    .addHelpText("after", exitCodesHelp("program"))
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  // `vmaspec check ...` and `vmaspec help check` load the check command alone; anything else (the
  // top-level help, an unknown command) needs only the names and summaries.
  const named = argv[2] === "help" ? argv[3] : argv[2];
  if (named !== undefined && Object.hasOwn(COMMANDS, named))
    (await COMMANDS[named].importRegister())(program, setExit);
  else for (const [name, c] of Object.entries(COMMANDS)) program.command(name).description(c.summary);

  try {
    // `--bitstate=SIZE` is the filter's size; a bare `--bitstate` never takes the next argument.
    await program.parseAsync(
      argv.flatMap((arg) => (arg.startsWith("--bitstate=") ? ["--bitstate-size", arg.slice(11)] : [arg])),
    );
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      return 2;
    }
    const { LevelLogSpillError } = await import("../engines/bfs/level-log.js");
    if (e instanceof LevelLogSpillError) {
      const { formatStats } = await import("./output.js");
      const so_far = e.stats ? `\n  statistics so far: ${formatStats(e.stats)}` : "";
      process.stderr.write(
        `vmaspec: the search stopped: ${e.message}${so_far}\n` +
          `  A large search writes the levels it has expanded to the temporary folder ${e.directory}; ` +
          `choose a folder with space with TMPDIR, e.g. TMPDIR=/var/tmp vmaspec ${argv.slice(2).join(" ")}\n`,
      );
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`vmaspec: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(
      `vmaspec: internal error: ${(e as Error).message ?? e}\n(this is a bug in vmaspec; please report it with the spec that triggered it)\n`,
    );
    if (process.env.VMASPEC_DEBUG) console.error(e);
    return 3;
  }
  return exit;
}
