/**
 * Configuration errors: a bad recipe or reward config fails at load time with the field, the bad
 * value and the valid choices. Formatting for humans lives in {@link formatConfigError}; the data
 * stays structured so the CLI, the server and the UI can present it their own way.
 * @module
 */
import type { z } from "zod";
import { suggestChoice } from "./suggest.js";

/** One problem in a configuration, located by a dotted path such as `rewards[1].config.pred.frame`. */
export interface ConfigProblem {
  path: string;
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
  /** The valid choices, when the field takes one of a known set. */
  choices?: readonly string[];
  /** The closest valid choice to a misspelled `value` ("did you mean"); filled in automatically. */
  suggestion?: string;
}

function withSuggestion(problem: ConfigProblem): ConfigProblem {
  if (problem.suggestion !== undefined || typeof problem.value !== "string" || !problem.choices?.length)
    return problem;
  const suggestion = suggestChoice(problem.value, problem.choices);
  return suggestion === undefined ? problem : { ...problem, suggestion };
}

/**
 * Thrown when a recipe, a reward config, a preset name or a CLI option is invalid.
 * @example
 * try { loadRecipe({ rewards: [{ name: "x", type: "nope" }] }); }
 * catch (e) { if (e instanceof ConfigError) console.error(e.problems[0].choices); }
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const suggested = problems.map(withSuggestion);
    super(suggested.map(formatProblem).join("\n"));
    this.problems = suggested;
  }

  toJSON(): { error: "config_error"; problems: readonly ConfigProblem[] } {
    return { error: "config_error", problems: this.problems };
  }
}

/**
 * Joins path segments the way users write them: `a.b[2].c`.
 * @example
 * joinPath("rewards", [1, "config", "pred", "frame"]); // "rewards[1].config.pred.frame"
 */
export function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let out = base;
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

function showValue(value: unknown): string {
  if (value === undefined) return "undefined";
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

function formatProblem(problem: ConfigProblem): string {
  let line = problem.path ? `${problem.path}: ${problem.message}` : problem.message;
  if ("value" in problem) line += ` (got ${showValue(problem.value)})`;
  if (problem.suggestion !== undefined) line += `; did you mean "${problem.suggestion}"?`;
  if (problem.choices?.length) line += `; valid choices: ${problem.choices.join(", ")}`;
  return line;
}

/**
 * Formats a config error for a terminal, one problem per line.
 * @example
 * console.error(formatConfigError(err));
 */
export function formatConfigError(error: ConfigError): string {
  // Continuation lines (a YAML error's code frame) stay indented under their problem.
  return error.problems.map((p) => `  - ${formatProblem(p).replaceAll("\n", "\n    ")}`).join("\n");
}

function withKeySuggestion(key: string, known: readonly string[] | undefined): { suggestion?: string } {
  const suggestion = known && suggestChoice(key, known);
  return suggestion ? { suggestion } : {};
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cursor: unknown = input;
  for (const key of path) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<PropertyKey, unknown>)[key];
  }
  return cursor;
}

function objectKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  // Walk the schema along the path to list the keys an object accepts (for unrecognized keys).
  let node: unknown = schema;
  const unwrap = (s: unknown): unknown => {
    let cur = s as { def?: { innerType?: unknown; in?: unknown; type?: string } } | undefined;
    for (let i = 0; i < 8 && cur?.def; i++) {
      if (cur.def.innerType) cur = cur.def.innerType as typeof cur;
      else if (cur.def.type === "pipe" && cur.def.in) cur = cur.def.in as typeof cur;
      else break;
    }
    return cur;
  };
  for (const key of path) {
    const cur = unwrap(node) as { def?: { shape?: Record<string, unknown>; element?: unknown } } | undefined;
    if (typeof key === "number") node = cur?.def?.element;
    else node = cur?.def?.shape?.[String(key)];
    if (!node) return undefined;
  }
  const shape = (unwrap(node) as { def?: { shape?: Record<string, unknown> } } | undefined)?.def?.shape;
  return shape ? Object.keys(shape) : undefined;
}

/**
 * Converts a failed zod parse into a {@link ConfigError} whose problems carry path, value and choices.
 * @param error the zod error
 * @param input the value that was parsed (to report offending values)
 * @param schema the schema that was used (to list valid keys)
 * @param base a path prefix such as `rewards[0].config`
 * @example
 * const schema = z.strictObject({ threshold: z.number() });
 * const input = { threshold: 0.5, thresh: 0.5 };
 * configErrorFromZod(schema.safeParse(input).error!, input, schema, "rewards[0].config").problems[0];
 * // { path: "rewards[0].config.thresh", message: "unknown field", value: 0.5, choices: ["threshold"] }
 */
export function configErrorFromZod(
  error: z.ZodError,
  input: unknown,
  schema: z.ZodType,
  base = "",
): ConfigError {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const path = joinPath(base, issue.path);
    const raw = issue as unknown as { code: string; values?: unknown[]; keys?: string[]; expected?: string };
    if (raw.code === "unrecognized_keys" && raw.keys) {
      const known = objectKeys(schema, issue.path);
      for (const key of raw.keys) {
        problems.push({
          path: joinPath(path, [key]),
          message: "unknown field",
          value: valueAt(input, [...issue.path, key]),
          ...(known ? { choices: known } : {}),
          ...withKeySuggestion(key, known),
        });
      }
      continue;
    }
    const problem: ConfigProblem = { path, message: issue.message, value: valueAt(input, issue.path) };
    if (raw.code === "invalid_value" && raw.values) problem.choices = raw.values.map((v) => String(v));
    problems.push(problem);
  }
  return new ConfigError(problems);
}

/**
 * Parses a config with a zod schema, throwing a {@link ConfigError} on failure.
 * @example
 * const cfg = parseConfig(schema, { threshold: 0.5 }, "rewards[0].config");
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, base = ""): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw configErrorFromZod(result.error, input, schema, base);
}
