/**
 * The options every door that scores gives model rewards: `--endpoint NAME=URL`,
 * `--allow-path DIR` and `--allow-urls`, turned into a model provider.
 * @module
 */
import { type Command, InvalidArgumentError } from "commander";
import { createModelProvider, type ModelProvider } from "../models/index.js";
import { createVisionRuntime } from "../vision/runtime.js";
import type { VisionRuntime } from "../vision/types.js";

/** The parsed model flags. */
export interface ModelFlags {
  endpoint: string[];
  allowPath: string[];
  allowUrls?: boolean;
  cacheDir?: string;
}

const ENDPOINT = /^([A-Za-z][A-Za-z0-9_-]*)=(https?:\/\/\S+)$/;

function collectEndpoint(value: string, previous: string[]): string[] {
  if (!ENDPOINT.test(value)) throw new InvalidArgumentError("expected NAME=http://HOST:PORT");
  return [...previous, value];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Adds the model options to a command.
 * @example
 * withModelOptions(new Command("score")); // --endpoint, --allow-path, --allow-urls
 */
export function withModelOptions(command: Command): Command {
  return command
    .option(
      "--endpoint <name=url>",
      "URL of a model endpoint named in the recipe (e.g. judge=http://127.0.0.1:8000); repeatable; wins over the recipe and PLAUDIT_ENDPOINT_<NAME>",
      collectEndpoint,
      [],
    )
    .option("--allow-path <dir>", "a directory sample image paths may be read from; repeatable", collect, [])
    .option("--allow-urls", "pass sample image URLs on to model servers (plaudit never downloads them)")
    .option("--cache-dir <dir>", "keep model replies on disk, so re-scoring sends no request twice");
}

/**
 * A model provider from the flags (endpoint URLs, image policy; keys from `apiKeyEnv` variables).
 * @example
 * const models = modelProviderFromFlags({ endpoint: ["judge=http://127.0.0.1:8000"], allowPath: [] });
 */
export function modelProviderFromFlags(flags: ModelFlags): ModelProvider {
  const endpoints: Record<string, string> = {};
  for (const value of flags.endpoint) {
    const match = ENDPOINT.exec(value)!;
    endpoints[match[1]!] = match[2]!;
  }
  return createModelProvider({
    endpoints,
    allowPaths: flags.allowPath,
    allowUrls: Boolean(flags.allowUrls),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
  });
}

/**
 * Local vision models for image rewards, reading sample image paths under the same `--allow-path`
 * roots. Its worker pool starts only when an image reward first runs.
 * @example
 * const vision = visionRuntimeFromFlags({ endpoint: [], allowPath: ["./images"] });
 */
export function visionRuntimeFromFlags(flags: ModelFlags): VisionRuntime {
  return createVisionRuntime({ allowPaths: flags.allowPath });
}
