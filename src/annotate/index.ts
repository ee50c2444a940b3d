/**
 * Preference collection: tasks, the SQLite store, queues, exports, agreement and the service.
 * @module
 */
export * from "./agreement.js";
export * from "./app.js";
export * from "./export.js";
export * from "./queue.js";
export * from "./start.js";
export * from "./store.js";
export * from "./tasks.js";
