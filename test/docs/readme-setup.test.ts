// The README's tutorial must say where to save the spec, or how to install the command, before
// it says `npx vmaspec`: run outside the clone, npx asks the public registry for a package.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/cli.js";

describe("README tutorial", () => {
  it("says where to save the file and how to install the command before running npx vmaspec", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const tutorial = readme.slice(readme.indexOf("## Tutorial"));
    const firstRun = tutorial.indexOf("```sh\nnpx vmaspec");
    const before = tutorial.slice(0, firstRun);
    expect(before).toMatch(/root of your clone/);
    expect(before).toMatch(/npm install -g \.|npm link/);
  });
});
