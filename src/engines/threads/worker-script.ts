// Where a worker thread's script is. In: the URL of a module next to the script, and its file name.
// Out: a file URL Node can start a worker from.
//
// Why: worker threads run plain JavaScript. Built, a script sits beside the module that starts it
// (dist/src/...); but under vitest that module runs from its TypeScript source (src/...), and the
// worker must then start from the built copy, which the test suite's global setup compiles.

import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The compiled `file` (a .js name) next to the module at `moduleUrl`, in dist/ when it runs from src/
 *  (at most two folders deep in src/, as src/engines/parallel/). */
export function workerScriptUrl(moduleUrl: string, file: string): URL {
  const here = new URL(`./${file}`, moduleUrl);
  if (existsSync(fileURLToPath(here))) return here;
  const path = fileURLToPath(here);
  const built = path.replace(/([/\\])src([/\\])((?:[^/\\]+[/\\]){0,2}[^/\\]+\.js)$/, "$1dist$1src$2$3");
  if (built === path || !existsSync(built))
    throw new Error(`worker script ${path} is not built: run npm run build`);
  return pathToFileURL(built);
}
