// Only grammar/chevrotain.ts loads chevrotain's code: it loads the single-file bundle, while a
// value imported from the package "chevrotain" pulls in its modules and hundreds of lodash-es
// files (a third of a second of every command's start-up). Type-only imports cost nothing.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => path.join(dir, f));
}

describe("chevrotain is loaded from its bundle", () => {
  it("has no value import of the chevrotain package outside grammar/chevrotain.ts", () => {
    const offenders: string[] = [];
    for (const file of [...sources("src"), ...sources("grammar")]) {
      if (file === path.join("grammar", "chevrotain.ts") || file === path.join("grammar", "generate.ts"))
        continue;
      const text = readFileSync(path.join(root, file), "utf8");
      for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+"(chevrotain|@chevrotain\/[^"]+)";/gms))
        if (!m[1]) offenders.push(`${file}: ${m[0].split("\n")[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
