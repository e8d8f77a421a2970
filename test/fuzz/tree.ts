// The text tree a generated spec is built as, and the shrinker that works on it. In: nodes whose
// parts are strings and child nodes; a node may be droppable (a declaration, a statement, a list
// item whose removal leaves valid syntax) and may carry a simpler replacement of the same type (a
// literal for an expression). Out: the spec text, and a smaller tree that still shows a mismatch.
//
// Why a text tree and not an AST: the shrinker only needs to delete and replace pieces; whether a
// candidate is still well typed is for the type checker to say (a candidate it rejects is simply
// not taken), so the generator and the shrinker share no knowledge of the language.

/** A piece of spec text. */
export interface Node {
  parts: (string | Node)[];
  /** Whether the node may be left out (declarations, statements). */
  droppable?: boolean;
  /** A simpler node of the same type that may replace this one (an expression's literal). */
  simpler?: Node;
}

export function node(parts: (string | Node)[], extra: Omit<Node, "parts"> = {}): Node {
  return { parts, ...extra };
}

/** The spec text of a tree, with `removed` nodes left out and `replaced` ones swapped. */
export function render(
  n: Node,
  removed: ReadonlySet<Node> = new Set(),
  replaced: ReadonlyMap<Node, Node> = new Map(),
): string {
  if (removed.has(n)) return "";
  const r = replaced.get(n);
  if (r) return render(r, removed, replaced);
  let out = "";
  for (const p of n.parts) out += typeof p === "string" ? p : render(p, removed, replaced);
  return out;
}

/** The nodes of the tree as rendered (removed subtrees and replaced originals skipped), preorder. */
function liveNodes(
  n: Node,
  removed: ReadonlySet<Node>,
  replaced: ReadonlyMap<Node, Node>,
  out: Node[],
): Node[] {
  if (removed.has(n)) return out;
  const r = replaced.get(n);
  if (r) return liveNodes(r, removed, replaced, out);
  out.push(n);
  for (const p of n.parts) if (typeof p !== "string") liveNodes(p, removed, replaced, out);
  return out;
}

/**
 * Greedy shrinking: tries to drop every droppable node and to replace every node that has a simpler
 * form, keeping each change under which `stillFails(text)` holds; after a sweep that changed
 * something it sweeps again, until nothing changes or `budget` candidates were tried. Returns the
 * smallest failing text found.
 */
export async function shrink(
  root: Node,
  stillFails: (text: string) => Promise<boolean>,
  budget = 400,
): Promise<string> {
  const removed = new Set<Node>();
  const replaced = new Map<Node, Node>();
  let tries = 0;
  for (let sweep = true; sweep && tries < budget; ) {
    sweep = false;
    const tried = new Set<string>();
    const ids = new Map<Node, number>();
    const idOf = (n: Node) => ids.get(n) ?? (ids.set(n, ids.size), ids.size - 1);
    while (tries < budget) {
      const live = liveNodes(root, removed, replaced, []);
      let changed = false;
      let candidate = false;
      for (const n of live) {
        const key = `${idOf(n)}`;
        if (n.droppable && !tried.has(`d${key}`)) {
          tried.add(`d${key}`);
          candidate = true;
          tries++;
          removed.add(n);
          if (await stillFails(render(root, removed, replaced))) changed = true;
          else removed.delete(n);
          break;
        }
        if (n.simpler && !replaced.has(n) && !tried.has(`s${key}`)) {
          tried.add(`s${key}`);
          candidate = true;
          tries++;
          replaced.set(n, n.simpler);
          if (await stillFails(render(root, removed, replaced))) changed = true;
          else replaced.delete(n);
          break;
        }
      }
      if (changed) sweep = true;
      if (!candidate) break;
    }
  }
  return render(root, removed, replaced);
}
