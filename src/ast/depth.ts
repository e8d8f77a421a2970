// How deeply a syntax tree nests, measured without recursion. Every later phase (names, types,
// macro inlining, code generation, the TypeScript transpiler) walks expressions and statements
// recursively, so a left-deep chain of a few thousand `+` or `&&` terms, or a few hundred
// `else if`s, overflowed their stacks and ended in an internal error. The parser rejects a tree
// deeper than MAX_NESTING here, at the node where it gets too deep, with a located S007.

import type { Span } from "../diagnostics/diagnostic.js";

/** The deepest nesting of syntax nodes (expressions, statements, blocks) a spec may have. A chain
 *  `a + b + c` nests one level per operator, an `else if` one level per branch. */
export const MAX_NESTING = 200;

/** The span of the first node nested more than `limit` syntax nodes deep, or undefined. */
export function tooDeep(root: object, limit = MAX_NESTING): Span | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (const v of value) stack.push([v, depth]);
      continue;
    }
    const node = value as Record<string, unknown>;
    const isNode = isSpan(node.span);
    const d = isNode ? depth + 1 : depth;
    if (d > limit) return node.span as Span;
    for (const [key, v] of Object.entries(node)) if (key !== "span") stack.push([v, d]);
  }
  return undefined;
}

function isSpan(x: unknown): x is Span {
  return typeof x === "object" && x !== null && typeof (x as Span).line === "number";
}
