/**
 * `plaudit serve`: the HTTP reward service.
 * @module
 */
import { Command, InvalidArgumentError } from "commander";
import { ConfigError } from "../core/index.js";
// The option defaults come from the server's small modules; the server itself (Hono and the
// routes) is imported when `serve` runs, so that other commands start without it.
import { DEFAULT_SPECIAL_TOKENS } from "../server/openrlhf.js";
import { isLoopbackHost, parseByteSize, SERVER_DEFAULTS } from "../server/options.js";
import { parseRecipeRef } from "../server/recipes.js";
import {
  type ModelFlags,
  modelProviderFromFlags,
  visionRuntimeFromFlags,
  withModelOptions,
} from "./model-options.js";

/** The inspector over `--ui`, with the first recipe's frames. */
async function inspectorApp(flags: ServeFlags) {
  const { createInspectApp, defaultUiDir, loadInspectSource, loadStaticAssets } = await import(
    "../inspect/index.js"
  );
  const source = loadInspectSource({
    file: flags.ui!,
    recipe: parseRecipeRef(flags.recipe[0]!).ref,
    ...(flags.uiSamples ? { samples: flags.uiSamples } : {}),
  });
  const uiDir = defaultUiDir();
  return createInspectApp({
    source,
    imageRoots: flags.uiImages,
    ...(uiDir ? { assets: loadStaticAssets(uiDir) } : {}),
  });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("expected a port number 0-65535");
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds");
  return n;
}

function finite(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError("expected a finite number");
  return n;
}

function byteSize(value: string): number {
  const n = parseByteSize(value);
  if (n === undefined) throw new InvalidArgumentError("expected a size such as 1048576, 512kb or 64mb");
  return n;
}

interface ServeFlags extends ModelFlags {
  recipe: string[];
  ui?: string;
  uiSamples?: string;
  uiImages: string[];
  host: string;
  port: number;
  token?: string;
  maxBody: number;
  timeout: number;
  maxInflight: number;
  maxBatch: number;
  maxQueue: number;
  allowHost: string[];
  strict?: boolean;
  nullReward: number;
  stripPrompt: boolean;
  specialToken: string[];
  keepSpecialTokens?: boolean;
  shutdownGrace: number;
  quiet?: boolean;
}

/**
 * Builds the `serve` command.
 * @example
 * program.addCommand(serveCommand());
 * // plaudit serve --recipe gui-g2 --recipe det=examples/grounding/recipe.yaml --port 8000
 */
export function serveCommand(): Command {
  return withModelOptions(new Command("serve"))
    .description(
      "Serve recipes over HTTP: POST /v1/score, POST /get_reward (OpenRLHF), GET /healthz, /metrics, /v1/recipes",
    )
    .option(
      "-r, --recipe <recipe>",
      "a preset or recipe file, or name=R to serve it under a name; repeatable, the first is the default",
      collect,
      [],
    )
    .option("--host <host>", "interface to bind (use 0.0.0.0 to expose beyond this machine)", "127.0.0.1")
    .option("-p, --port <port>", "TCP port (0 picks a free one)", port, 8000)
    .option(
      "--token <token>",
      "require Authorization: Bearer <token> on every route but /healthz (default: env PLAUDIT_TOKEN)",
    )
    .option(
      "--max-body <size>",
      "largest request body (413 above it)",
      byteSize,
      SERVER_DEFAULTS.maxBodyBytes,
    )
    .option(
      "--timeout <seconds>",
      "per-request deadline (503 deadline_exceeded past it)",
      seconds,
      SERVER_DEFAULTS.timeoutMs / 1000,
    )
    .option(
      "--max-inflight <n>",
      "scoring requests processed at once (429 + Retry-After above it)",
      positiveInt,
      SERVER_DEFAULTS.maxInflight,
    )
    .option(
      "--max-batch <n>",
      "samples one request may carry (413 batch_too_large above it)",
      positiveInt,
      SERVER_DEFAULTS.maxBatch,
    )
    .option(
      "--max-queue <n>",
      "samples queued for scoring across requests (429 queue_full + Retry-After above it; at least --max-batch)",
      positiveInt,
      SERVER_DEFAULTS.maxQueuedSamples,
    )
    .option(
      "--allow-host <name>",
      "a Host name accepted besides localhost/127.0.0.1/::1 (checked when bound to loopback without a token, or when given); '*' accepts any; repeatable",
      collect,
      [],
    )
    .option("--strict", "fail a request with 422 data_errors when a sample has a data error (any recipe)")
    .option("--null-reward <number>", "number sent to OpenRLHF for a null reward or component", finite, 0)
    .option("--no-strip-prompt", "/get_reward: score the whole query instead of removing the prompt prefix")
    .option(
      "--special-token <token>",
      "/get_reward: a token removed from responses; repeatable, replaces the defaults",
      collect,
      [],
    )
    .option("--keep-special-tokens", "/get_reward: remove no special tokens from responses")
    .option(
      "--shutdown-grace <seconds>",
      "on SIGINT/SIGTERM, how long in-flight requests may finish",
      seconds,
      30,
    )
    .option("--ui <scored.jsonl>", "also serve the inspector over this scored file at /ui/")
    .option("--ui-samples <file>", "with --ui: the rollouts that were scored, joined line by line")
    .option("--ui-images <dir>", "with --ui: a directory images may be read from (repeatable)", collect, [])
    .option("-q, --quiet", "no startup line on stderr")
    .addHelpText(
      "after",
      `
Routes:
  POST /v1/score     {"recipe"?: name, "samples": [sample, ...]} -> {"recipe", "results", "stats"}
  POST /get_reward   OpenRLHF: {"query", "prompts", "labels"} -> {"rewards", "scores", "extra_logs"}
                     (?recipe=name selects a recipe; labels may be objects carrying reference/image/input_image)
  GET  /healthz      liveness (never needs the token)
  GET  /metrics      Prometheus text
  GET  /v1/recipes   loaded recipes, their components and the sample JSON Schema
  POST bodies must be Content-Type: application/json (415 otherwise).

Status codes: 200 scored; 400 bad JSON or envelope; 401 token; 403 Host not allowed; 404 route or
recipe; 413 body or batch too large; 415 not JSON; 422 data errors (strict mode); 429 too many
requests or samples queued (Retry-After); 503 deadline or shutting down (Retry-After).

Exit status: 0 after SIGINT/SIGTERM; 2 bad recipe, bad flag, or the port cannot be bound.

Default special tokens removed from OpenRLHF responses: ${DEFAULT_SPECIAL_TOKENS.join(" ")}

Examples:
  plaudit serve --recipe gui-g2
  plaudit serve --recipe examples/grounding/recipe.yaml --recipe strict=my-recipe.yaml --port 8000
  PLAUDIT_TOKEN=s3cret plaudit serve --recipe gui-g2 --host 0.0.0.0 --max-inflight 256
  # OpenRLHF: --remote_rm_url http://127.0.0.1:8000/get_reward   (newer: --reward.remote_url ...)`,
    )
    .action(async (flags: ServeFlags) => {
      if (flags.recipe.length === 0) {
        throw new ConfigError([
          { path: "--recipe", message: "at least one --recipe is required (a preset name or a file)" },
        ]);
      }
      const specialTokens = flags.keepSpecialTokens
        ? []
        : flags.specialToken.length
          ? flags.specialToken
          : DEFAULT_SPECIAL_TOKENS;
      const models = modelProviderFromFlags(flags);
      const vision = visionRuntimeFromFlags(flags);
      const { PortInUseError, startServer } = await import("../server/start.js");
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer({
          env: { models, vision },
          ...(flags.ui ? { mounts: [{ path: "/ui", app: await inspectorApp(flags) }] } : {}),
          recipes: flags.recipe,
          host: flags.host,
          port: flags.port,
          token: flags.token ?? process.env.PLAUDIT_TOKEN,
          maxBodyBytes: flags.maxBody,
          timeoutMs: flags.timeout * 1000,
          maxInflight: flags.maxInflight,
          maxBatch: flags.maxBatch,
          maxQueuedSamples: flags.maxQueue,
          ...(flags.allowHost.length ? { allowedHosts: flags.allowHost } : {}),
          strict: Boolean(flags.strict),
          shutdownGraceMs: flags.shutdownGrace * 1000,
          openrlhf: { nullReward: flags.nullReward, stripPrompt: flags.stripPrompt, specialTokens },
        });
      } catch (error) {
        if (!(error instanceof PortInUseError)) throw error;
        // One line, no stack: the usual cause is a second copy of the server.
        process.stderr.write(`plaudit: ${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      const loopback = isLoopbackHost(flags.host);
      if (!loopback && !server.authenticated) {
        process.stderr.write(
          `plaudit: warning: listening on ${flags.host} without a token; anyone who can reach it can use it (set --token or PLAUDIT_TOKEN)\n`,
        );
      }
      if (!flags.quiet) {
        process.stderr.write(
          `plaudit: serving ${server.recipes.join(", ")} (default ${server.recipes[0]}) on ${server.url}\n`,
        );
        if (flags.ui) {
          const signIn = server.authenticated
            ? " (with the token: open /ui/?token=<token> once in the browser)"
            : "";
          process.stderr.write(`plaudit: inspector at ${server.url}/ui/${signIn}\n`);
        }
      }
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          if (!flags.quiet) process.stderr.write(`plaudit: ${signal}: finishing in-flight requests\n`);
          // A second signal during the grace period ends the process at once.
          process.once(signal, () => process.exit(130));
          server
            .close()
            .then(() => models.close?.())
            .then(() => vision.close())
            .then(resolve, resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
