/**
 * Serving the app on a socket, with graceful shutdown: stop accepting, let in-flight requests
 * finish (up to a grace period), close idle keep-alive connections, release the scorers.
 * @module
 */

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { createService } from "./app.js";
import type { ServerOptions } from "./options.js";

/** {@link ServerOptions} plus where to listen. */
export interface StartOptions extends ServerOptions {
  /** Interface to bind. Default `127.0.0.1` (loopback only); pass `0.0.0.0` to expose the service. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 8000. */
  port?: number;
  /** How long `close()` waits for in-flight requests before cutting connections. Default 30 000 ms. */
  shutdownGraceMs?: number;
}

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8000`. */
  url: string;
  port: number;
  host: string;
  /** Whether a bearer token is required. */
  authenticated: boolean;
  /** Names of the loaded recipes, the default first. */
  recipes: string[];
  /** Graceful shutdown; resolves once every connection is closed and scorers are released. */
  close(): Promise<void>;
}

/**
 * Starts the service. Keep-alive idles for 65 s, longer than aiohttp's and requests' 15 s client
 * idle time, so the server is never the side that closes a connection the client is about to reuse.
 * @example
 * const server = await startServer({ recipes: ["examples/grounding/recipe.yaml"], port: 0 });
 * await fetch(`${server.url}/healthz`);
 * await server.close();
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const service = createService(options);
  const host = options.host ?? "127.0.0.1";
  const server = createAdaptorServer({ fetch: service.app.fetch, hostname: host }) as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8000, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      service.state.shuttingDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const graceMs = options.shutdownGraceMs ?? 30_000;
      const deadline = Date.now() + graceMs;
      while (service.metrics.inflight > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        server.closeIdleConnections();
      }
      server.closeAllConnections();
      await closed;
      await service.options.recipes.close();
    })();
    return closing;
  };
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    recipes: service.options.recipes.names,
    authenticated: Boolean(service.options.token),
    close,
  };
}
