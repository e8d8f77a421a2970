// Names: enum members are scoped per enum (two enums may share a member; the expected type picks
// one, `E.member` names one anywhere, and a bare shared member with no context is N015); an enum
// may have a member `none` beside optionals. (State counts: test/fixtures/lang/names.vmaspec.)

import { describe, expect, it } from "vitest";
import { diagnose, located } from "../helpers/inprocess.js";

const enums = "spec N\ntype A = enum { committed, aborted }\ntype B = enum { committed, open, none }\n";

describe("enum member names", () => {
  it("accepts a shared member where the expected type says which, and qualified anywhere", () => {
    const spec = `${enums}var a: A = committed\nvar b: B = B.committed\nvar o: A? = none\naction Go { a = aborted; b = none; o = some(A.committed) }\ninvariant I: (b == none) || (b == committed) || (a == A.committed)\n`;
    expect(located(diagnose(spec))).toEqual([]);
  });

  it("asks which enum a shared member belongs to where nothing says", () => {
    const spec = `${enums}var a: A = aborted\naction Go { a = committed }\ninvariant I: committed == committed\n`;
    expect(located(diagnose(spec))).toMatchObject([
      {
        code: "N015",
        line: 6,
        col: 14,
        message: "'committed' is a member of several enums (A, B): say which",
      },
      { code: "N015", line: 6, col: 27 },
    ]);
  });

  it("reports an unknown qualified member and a member declared twice in one enum", () => {
    const spec = `${enums}var a: A = A.comitted\naction Go { a = A.aborted }\n`;
    expect(located(diagnose(spec))).toMatchObject([
      { code: "N012", line: 4, col: 14, message: "enum A has no member 'comitted'" },
    ]);
    const twice = "spec N\ntype A = enum { x, y, x }\nvar a: A = x\naction Go { a = y }\n";
    expect(located(diagnose(twice))).toMatchObject([{ code: "N002", line: 2, col: 23 }]);
  });

  it("still reports a member that clashes with a declaration", () => {
    const spec = "spec N\nvar open: 0..1 = 0\ntype B = enum { open, shut }\naction Go { open = 1 }\n";
    expect(located(diagnose(spec))).toMatchObject([{ code: "N002", line: 3, col: 17 }]);
  });
});
