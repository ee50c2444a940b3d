/**
 * Clients for model servers (judges, reward models, sidecars): the `ModelClient` interface, the
 * endpoint schema and the Node provider. Node-only code of plaudit lives here.
 * @module
 */
export * from "./client.js";
export * from "./endpoint.js";
export { retryAfterMs } from "./http.js";
export { type ImagePolicy, imageLoader, imageMime } from "./images.js";
export { createModelProvider, type ModelProviderCounters, type ModelProviderOptions } from "./provider.js";
