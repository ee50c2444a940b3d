/**
 * The rollout inspector: a server-side index over scored JSONL, a query API, the geometry overlay
 * and the app `plaudit inspect` serves.
 * @module
 */
export * from "./app.js";
export * from "./detail.js";
export * from "./images.js";
export * from "./overlay.js";
export * from "./query.js";
export * from "./row-index.js";
export * from "./start.js";
export * from "./static.js";
