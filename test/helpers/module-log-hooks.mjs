// Module-loader hooks for test/cli/startup.test.ts: append the URL of every ES module the process
// loads (not only resolves) to the file named by VMASPEC_MODULE_LOG.
import { appendFileSync } from "node:fs";

export async function load(url, context, next) {
  if (process.env.VMASPEC_MODULE_LOG) appendFileSync(process.env.VMASPEC_MODULE_LOG, `${url}\n`);
  return next(url, context);
}
