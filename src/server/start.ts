/**
 * Serving the app on a socket, with graceful shutdown: stop accepting, let in-flight requests
 * finish (up to a grace period), close idle keep-alive connections, release the scorers.
 * @module
 */

import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { createService } from "./app.js";
import type { ServerOptions } from "./options.js";

/** {@link ServerOptions} plus where to listen. */
export interface StartOptions extends ServerOptions {
  /** Interface to bind. Default `127.0.0.1` (loopback only); pass `0.0.0.0` to expose the service. */
  host?: string;
  /**
   * After a response sent before its request body was read (413, 429, 503...), how many body
   * bytes are read and discarded so the client sees the response instead of a reset. Default 64 MiB.
   */
  drainBytes?: number;
  /** ...and for how long at most, in milliseconds. Default 10 000. */
  drainMs?: number;
  /** TCP port; 0 picks a free one. Default 8000. */
  port?: number;
  /** How long `close()` waits for in-flight requests before cutting connections. Default 30 000 ms. */
  shutdownGraceMs?: number;
}

/**
 * The port cannot be bound (in use, or privileged): the CLI prints the message alone and exits 2.
 * @example
 * try { await startServer({ recipes, port: 8000 }); } catch (e) { if (e instanceof PortInUseError) ... }
 */
export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
  constructor(
    readonly host: string,
    readonly port: number,
    reason: string,
  ) {
    super(`cannot listen on ${host.includes(":") ? `[${host}]` : host}:${port}: ${reason}`);
  }
}

/**
 * After a response has been written while its request body was still arriving, reads and
 * discards up to `limits.bytes` of the rest for at most `limits.ms`, then closes the socket if
 * the body still has not ended. Closing at once would make the kernel answer the client's next
 * bytes with a reset, which destroys the response it has not read yet (EPIPE / ECONNRESET
 * instead of the 413 or 429 and its Retry-After).
 */
function drainAfterResponse(incoming: IncomingMessage, limits: { bytes: number; ms: number }): void {
  // `complete`: every byte has arrived, so Node's own clean-up discards what is left unread.
  if (incoming.readableEnded || incoming.destroyed || incoming.complete) return;
  let seen = 0;
  const stop = () => {
    clearTimeout(timer);
    incoming.off("data", onData);
    incoming.off("end", stop);
    incoming.off("close", stop);
  };
  const cut = () => {
    stop();
    incoming.socket?.destroy();
  };
  const onData = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limits.bytes) cut();
  };
  const timer = setTimeout(cut, limits.ms);
  timer.unref();
  incoming.on("data", onData);
  incoming.on("end", stop);
  incoming.on("close", stop);
  incoming.resume();
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
  const host = options.host ?? "127.0.0.1";
  const service = createService({ ...options, host });
  // The body clean-up after early responses is ours (drainAfterResponse): @hono/node-server's
  // gives up after 500 ms, which resets slow clients before they read a 413 or 429.
  const server = createAdaptorServer({
    fetch: service.app.fetch,
    hostname: host,
    autoCleanupIncoming: false,
  }) as Server;
  const drain = { bytes: options.drainBytes ?? 64 * 1024 * 1024, ms: options.drainMs ?? 10_000 };
  server.on("request", (incoming: IncomingMessage, outgoing: ServerResponse) => {
    outgoing.once("finish", () => drainAfterResponse(incoming, drain));
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE")
        reject(
          new PortInUseError(
            host,
            options.port ?? 8000,
            "it is already in use (pick another --port, or stop the other server)",
          ),
        );
      else if (error.code === "EACCES")
        reject(
          new PortInUseError(
            host,
            options.port ?? 8000,
            "permission denied (ports below 1024 need privileges)",
          ),
        );
      else reject(error);
    });
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
