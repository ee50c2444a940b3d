/**
 * The HTML report (placeholder module until the report lands in this branch).
 * @module
 */
import type { EvalRun } from "../run.js";

/** Writes the report. */
export async function writeReport(_path: string, _run: EvalRun): Promise<void> {
  throw new Error("--report is not available yet");
}
