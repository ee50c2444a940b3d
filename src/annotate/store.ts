/**
 * The annotation store: one SQLite file (better-sqlite3, write-ahead log, synchronous FULL).
 * Tasks are versioned by content; annotations are append-only — triggers refuse every UPDATE and
 * DELETE — and each row keeps the annotator, the time, the order the candidates were shown in and
 * the task version. A restart reopens the same file and loses nothing that was acknowledged.
 * @module
 */
import Database from "better-sqlite3";
import { type Task, taskHash } from "./tasks.js";

/** A pairwise verdict in candidate terms (0 or 1 = that candidate won). */
export type PairVerdict = 0 | 1 | "tie" | "both_bad";

/** What an annotator answered, in candidate terms (positions already mapped back). */
export type Answer =
  | { kind: "pairwise"; verdict: PairVerdict }
  | { kind: "ranking"; ranking: number[] }
  | { kind: "rating"; ratings: Record<string, number> };

/** A stored annotation. */
export interface Annotation {
  seq: number;
  taskId: string;
  taskVersion: number;
  annotator: string;
  createdAt: string;
  /** Candidate indices in the order shown (first = shown as A / on the left / on top). */
  presented: number[];
  answer: Answer;
  reason: string | null;
}

/** A task with its stored version and required annotation count. */
export interface StoredTask {
  task: Task;
  version: number;
  k: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tasks (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  hash TEXT NOT NULL,
  body TEXT NOT NULL,
  k INTEGER NOT NULL,
  position INTEGER NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE TABLE IF NOT EXISTS annotations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL,
  task_version INTEGER NOT NULL,
  annotator TEXT NOT NULL,
  created_at TEXT NOT NULL,
  presented TEXT NOT NULL,
  answer TEXT NOT NULL,
  reason TEXT,
  client_id TEXT UNIQUE,
  FOREIGN KEY (task_id, task_version) REFERENCES tasks (id, version)
);
CREATE INDEX IF NOT EXISTS annotations_by_task ON annotations (task_id, task_version);
CREATE INDEX IF NOT EXISTS annotations_by_annotator ON annotations (annotator);
CREATE TRIGGER IF NOT EXISTS annotations_append_only_update BEFORE UPDATE ON annotations
  BEGIN SELECT RAISE(ABORT, 'annotations are append-only'); END;
CREATE TRIGGER IF NOT EXISTS annotations_append_only_delete BEFORE DELETE ON annotations
  BEGIN SELECT RAISE(ABORT, 'annotations are append-only'); END;
CREATE TRIGGER IF NOT EXISTS tasks_append_only_update BEFORE UPDATE ON tasks
  BEGIN SELECT RAISE(ABORT, 'task versions are append-only'); END;
`;

interface AnnotationRow {
  seq: number;
  task_id: string;
  task_version: number;
  annotator: string;
  created_at: string;
  presented: string;
  answer: string;
  reason: string | null;
}

function toAnnotation(row: AnnotationRow): Annotation {
  return {
    seq: row.seq,
    taskId: row.task_id,
    taskVersion: row.task_version,
    annotator: row.annotator,
    createdAt: row.created_at,
    presented: JSON.parse(row.presented),
    answer: JSON.parse(row.answer),
    reason: row.reason,
  };
}

/**
 * Opens (or creates) the store.
 * @example
 * const store = new AnnotationStore("prefs.sqlite");
 * store.importTasks(readTaskFile("tasks.jsonl").tasks, 3);
 * store.close();
 */
export class AnnotationStore {
  readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(SCHEMA);
  }

  /**
   * Imports tasks: a new id or changed content gets a new version; an unchanged task is kept as is.
   * @returns how many versions were added and how many tasks were unchanged
   */
  importTasks(tasks: readonly Task[], defaultK: number): { added: number; unchanged: number } {
    const latest = this.db.prepare<[string], { version: number; hash: string }>(
      "SELECT version, hash FROM tasks WHERE id = ? ORDER BY version DESC LIMIT 1",
    );
    const insert = this.db.prepare(
      "INSERT INTO tasks (id, version, hash, body, k, position, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    let added = 0;
    let unchanged = 0;
    const now = new Date().toISOString();
    this.db.transaction(() => {
      tasks.forEach((task, position) => {
        const hash = taskHash(task);
        const current = latest.get(task.id);
        if (current?.hash === hash) {
          unchanged++;
          return;
        }
        insert.run(
          task.id,
          (current?.version ?? 0) + 1,
          hash,
          JSON.stringify(task),
          task.k ?? defaultK,
          position,
          now,
        );
        added++;
      });
    })();
    return { added, unchanged };
  }

  /** The current version of every task, in import order. */
  currentTasks(): StoredTask[] {
    const rows = this.db
      .prepare<[], { body: string; version: number; k: number }>(
        `SELECT t.body, t.version, t.k FROM tasks t
         WHERE t.version = (SELECT MAX(version) FROM tasks WHERE id = t.id)
         ORDER BY t.position, t.id`,
      )
      .all();
    return rows.map((r) => ({ task: JSON.parse(r.body) as Task, version: r.version, k: r.k }));
  }

  /** One version of a task. */
  task(id: string, version: number): StoredTask | null {
    const row = this.db
      .prepare<[string, number], { body: string; version: number; k: number }>(
        "SELECT body, version, k FROM tasks WHERE id = ? AND version = ?",
      )
      .get(id, version);
    return row ? { task: JSON.parse(row.body) as Task, version: row.version, k: row.k } : null;
  }

  /**
   * Appends an annotation. A repeated `clientId` (a retried POST) returns the stored one instead of
   * appending twice.
   */
  append(input: Omit<Annotation, "seq" | "createdAt"> & { clientId?: string }): {
    annotation: Annotation;
    duplicate: boolean;
  } {
    if (input.clientId) {
      const existing = this.db
        .prepare<[string], AnnotationRow>("SELECT * FROM annotations WHERE client_id = ?")
        .get(input.clientId);
      if (existing) return { annotation: toAnnotation(existing), duplicate: true };
    }
    const createdAt = new Date().toISOString();
    const info = this.db
      .prepare(
        "INSERT INTO annotations (task_id, task_version, annotator, created_at, presented, answer, reason, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        input.taskId,
        input.taskVersion,
        input.annotator,
        createdAt,
        JSON.stringify(input.presented),
        JSON.stringify(input.answer),
        input.reason,
        input.clientId ?? null,
      );
    return {
      annotation: { ...input, seq: Number(info.lastInsertRowid), createdAt },
      duplicate: false,
    };
  }

  /** Every annotation in append order (optionally one annotator's). */
  annotations(annotator?: string): Annotation[] {
    const rows = annotator
      ? this.db
          .prepare<[string], AnnotationRow>("SELECT * FROM annotations WHERE annotator = ? ORDER BY seq")
          .all(annotator)
      : this.db.prepare<[], AnnotationRow>("SELECT * FROM annotations ORDER BY seq").all();
    return rows.map(toAnnotation);
  }

  /** Annotation counts per (task, version), distinct annotators. */
  countsByTask(): Map<string, { annotators: Set<string> }> {
    const rows = this.db
      .prepare<[], { task_id: string; task_version: number; annotator: string }>(
        "SELECT DISTINCT task_id, task_version, annotator FROM annotations",
      )
      .all();
    const counts = new Map<string, { annotators: Set<string> }>();
    for (const r of rows) {
      const key = `${r.task_id}\u0000${r.task_version}`;
      let entry = counts.get(key);
      if (!entry) {
        entry = { annotators: new Set() };
        counts.set(key, entry);
      }
      entry.annotators.add(r.annotator);
    }
    return counts;
  }

  close(): void {
    this.db.close();
  }
}
