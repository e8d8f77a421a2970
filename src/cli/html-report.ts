// `--html FILE` of `check` and `simulate`: collects each check as it is reported and writes the
// HTML report (src/report/) when the command ends. The target is checked before any search runs,
// so a file that is not a vmaspec report stops the command at once (exit 2) instead of after an
// hour of search.

import type { ReportCheck } from "../report/report-data.js";
import { reportData } from "../report/report-data.js";
import { reportPage } from "../report/report-page.js";
import { reportTargetProblem, writeReplacing } from "../report/write-report.js";
import { UsageError } from "./options.js";

export class HtmlReportWriter {
  private readonly checks: ReportCheck[] = [];

  /** Throws a UsageError when `path` exists and is not a report vmaspec wrote. */
  constructor(
    private readonly path: string | undefined,
    private readonly command: "check" | "simulate",
    private readonly file: string,
  ) {
    const problem = path === undefined ? undefined : reportTargetProblem(path);
    if (problem) throw new UsageError(problem);
  }

  add(check: ReportCheck): void {
    if (this.path !== undefined) this.checks.push(check);
  }

  /** Writes the report (if `--html` was given); the line to tell the user, or null. */
  finish(sources: ReadonlyMap<string, string>): string | null {
    if (this.path === undefined) return null;
    const page = reportPage(
      reportData({ command: this.command, file: this.file, sources, checks: this.checks }),
    );
    try {
      writeReplacing(this.path, page);
    } catch (e) {
      throw new UsageError(`cannot write ${this.path}: ${(e as Error).message}`);
    }
    return `HTML report written to ${this.path} (${Math.ceil(page.length / 1024)} KiB, self-contained)`;
  }
}
