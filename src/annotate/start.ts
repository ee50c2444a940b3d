/**
 * Starting the annotation service: open the store, import the tasks, listen (loopback by
 * default; a wider bind requires tokens).
 * @module
 */
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { Hono } from "hono";
import { defaultUiDir, hostCheck, loadStaticAssets } from "../inspect/static.js";
import { createAnnotateApp } from "./app.js";
import { AnnotationStore } from "./store.js";
import { readTaskFile, type TaskError } from "./tasks.js";

/** Options of {@link startAnnotate}. */
export interface AnnotateOptions {
  db: string;
  /** A JSONL task file to import first (new versions for changed tasks). */
  tasks?: string;
  /** Annotations wanted per task unless the task says; default 1. */
  k?: number;
  host?: string;
  port?: number;
  /** Annotator tokens, `name:token` each; required when `host` is not loopback. */
  tokens?: readonly string[];
  images?: readonly string[];
  uiDir?: string;
}

/** A running annotation service. */
export interface RunningAnnotate {
  url: string;
  store: AnnotationStore;
  imported: { added: number; unchanged: number; errors: TaskError[] };
  close(): Promise<void>;
}

const LOOPBACK = ["127.0.0.1", "localhost", "::1"];

/**
 * Parses `name:token` pairs into a token → name map.
 * @example
 * parseTokens(["alice:s3cret-a", "bob:s3cret-b"]).get("s3cret-a"); // "alice"
 */
export function parseTokens(pairs: readonly string[]): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf(":");
    const name = pair.slice(0, at);
    const token = pair.slice(at + 1);
    if (at < 1 || token.length < 8)
      throw new Error(`--token ${JSON.stringify(pair)}: expected name:token with a token of 8+ characters`);
    if (tokens.has(token)) throw new Error("two annotators share a token");
    tokens.set(token, name);
  }
  return tokens;
}

/**
 * Opens the store, imports the task file and serves the annotation app.
 * @example
 * const service = await startAnnotate({ db: "prefs.sqlite", tasks: "tasks.jsonl", k: 2 });
 * console.log(`${service.url}#/annotate`);
 * await service.close();
 */
export async function startAnnotate(options: AnnotateOptions): Promise<RunningAnnotate> {
  const host = options.host ?? "127.0.0.1";
  const tokens = parseTokens(options.tokens ?? []);
  if (!LOOPBACK.includes(host) && !tokens.size) {
    throw new Error(`binding ${host} (beyond loopback) requires annotator tokens (--token name:token)`);
  }
  const store = new AnnotationStore(options.db);
  let imported: RunningAnnotate["imported"] = { added: 0, unchanged: 0, errors: [] };
  if (options.tasks) {
    const { tasks, errors } = readTaskFile(options.tasks);
    if (errors.length) {
      store.close();
      const list = errors
        .slice(0, 10)
        .map((e) => `  line ${e.line}: ${e.message}`)
        .join("\n");
      throw new Error(
        `${options.tasks}: ${errors.length} lines are not tasks; nothing was imported\n${list}`,
      );
    }
    imported = { ...store.importTasks(tasks, options.k ?? 1), errors };
  }
  const uiDir = options.uiDir ?? defaultUiDir();
  const app = new Hono();
  if (LOOPBACK.includes(host)) app.use(hostCheck(["localhost", "127.0.0.1", "[::1]"]));
  app.route(
    "/",
    createAnnotateApp({
      store,
      tokens,
      imageRoots: options.images ?? [],
      ...(uiDir ? { assets: loadStaticAssets(uiDir) } : {}),
    }),
  );
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    store,
    imported,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
