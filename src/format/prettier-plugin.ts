// A prettier plugin for .vmaspec files, shipped as `vmaspec/prettier`: a project that lists it in
// its prettier configuration (`"plugins": ["vmaspec/prettier"]`) formats its specs with
// `prettier --write "**/*.vmaspec"`, in the layout `vmaspec fmt` gives. The parser runs the
// formatter and the printer prints its text: one layout, one implementation. Lines break at
// prettier's printWidth (prettier's default is 80; `vmaspec fmt`'s is 110, this repository's
// printWidth: set `"printWidth": 110` for *.vmaspec files to get the same layout from both).

import type { Parser, Plugin, Printer, SupportLanguage } from "prettier";
import { formatSource } from "./format.js";

interface Formatted {
  type: "vmaspec";
  text: string;
  end: number;
}

/** A syntax error as prettier reports it: a message and where. */
class VmaspecSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly loc: { start: { line: number; column: number } },
  ) {
    super(message);
  }
}

const languages: SupportLanguage[] = [
  { name: "vmaspec", parsers: ["vmaspec"], extensions: [".vmaspec"], vscodeLanguageIds: ["vmaspec"] },
];

const parser: Parser<Formatted> = {
  astFormat: "vmaspec",
  parse(text, options) {
    const result = formatSource(options.filepath ?? "input.vmaspec", text, { width: options.printWidth });
    if (result.text === undefined) {
      const first = result.diagnostics[0];
      const line = first?.span?.line ?? 1;
      const column = first?.span?.col ?? 1;
      throw new VmaspecSyntaxError(`${first?.code ?? "S002"}: ${first?.message ?? "syntax error"}`, {
        start: { line, column },
      });
    }
    return { type: "vmaspec", text: result.text, end: text.length };
  },
  locStart: () => 0,
  locEnd: (node: Formatted) => node.end,
};

const printer: Printer<Formatted> = {
  print: (path) => path.node.text,
};

export const parsers = { vmaspec: parser };
export const printers = { vmaspec: printer };
export { languages };

/** The plugin: the vmaspec language, its parser and its printer (also exported one by one). */
const plugin: Plugin<Formatted> = { languages, parsers, printers };
export default plugin;
