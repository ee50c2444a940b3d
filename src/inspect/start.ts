/**
 * Starting the inspector: index the file (and the samples it joins), build the app, listen on
 * loopback.
 * @module
 */
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { loadRecipe } from "../recipe/node.js";
import { createInspectApp } from "./app.js";
import type { InspectSource } from "./detail.js";
import { geometrySpecs } from "./overlay.js";
import { buildRowIndex } from "./row-index.js";
import { defaultUiDir, hostCheck, loadStaticAssets } from "./static.js";

/** Options of {@link startInspector}. */
export interface InspectOptions {
  /** Scored JSONL (`plaudit score` output, optionally with the sample fields) or eval rows JSONL. */
  file: string;
  /** The rollouts the scored file came from, joined line by line (when the scored lines lack them). */
  samples?: string;
  /** The recipe the file was scored with (preset name or path): gives the geometry rewards' frames. */
  recipe?: string;
  /** Directories images may be read from. */
  images?: readonly string[];
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Built UI directory; default `dist/ui`. */
  uiDir?: string;
}

/** A running inspector. */
export interface RunningInspector {
  url: string;
  source: InspectSource;
  close(): Promise<void>;
}

/**
 * Builds the inspector's data source from files.
 * @example
 * const source = loadInspectSource({ file: "scored.jsonl", recipe: "gui-g2" });
 * source.index.count; // rows
 */
export function loadInspectSource(
  options: Pick<InspectOptions, "file" | "samples" | "recipe">,
): InspectSource {
  const index = buildRowIndex(options.file);
  const geometry = options.recipe
    ? geometrySpecs(
        loadRecipe(options.recipe).rewards.map((r) => ({ name: r.name, type: r.type, config: r.config })),
      )
    : geometrySpecs([{ name: "geometry", type: "grounding.iou" }]);
  if (!options.samples) return { index, geometry };
  const samples = buildRowIndex(options.samples);
  if (samples.count !== index.count) {
    throw new Error(
      `${options.samples} has ${samples.count} samples but ${options.file} has ${index.count} rows; --samples must be the file that was scored`,
    );
  }
  // `plaudit score` results carry no group: the samples' groups (and ids) are the rows' groups.
  if (!index.groups.length && samples.groups.length) {
    index.groups = samples.groups;
    index.groupOf = samples.groupOf;
  }
  index.ids = index.ids.map((id, row) => id ?? samples.ids[row] ?? null);
  return { index, geometry, samples };
}

/**
 * Indexes the file and serves the inspector on 127.0.0.1.
 * @example
 * const inspector = await startInspector({ file: "scored.jsonl", images: ["rollouts/"] });
 * console.log(inspector.url); // http://127.0.0.1:41234/
 * await inspector.close();
 */
export async function startInspector(options: InspectOptions): Promise<RunningInspector> {
  const source = loadInspectSource(options);
  const uiDir = options.uiDir ?? defaultUiDir();
  const inspect = createInspectApp({
    source,
    imageRoots: options.images ?? [],
    ...(uiDir ? { assets: loadStaticAssets(uiDir) } : {}),
  });
  const { Hono } = await import("hono");
  const app = new Hono();
  app.use(hostCheck(["localhost", "127.0.0.1", "[::1]"]));
  app.route("/", inspect);
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    source,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
