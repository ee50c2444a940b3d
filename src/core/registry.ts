/**
 * The registry maps a reward `type` to its factory, config schema and description, so recipes,
 * the CLI, the server and the UI all build and describe rewards from JSON.
 * @module
 */
import { z } from "zod";
import { ConfigError } from "./errors.js";
import {
  type Reward,
  type RewardEnvironment,
  type RewardFactory,
  type RewardReads,
  rewardReads,
} from "./reward.js";

/** What the registry tells about one reward type. */
export interface RewardTypeInfo {
  type: string;
  description: string;
  /** JSON Schema of the config (with each field's description). */
  configSchema: unknown;
  /** Formula, fields read with the default config, deviations and `legacy`. */
  docs?: { formula: string; reads?: RewardReads; deviations: readonly string[]; legacy?: string };
}

/**
 * A set of reward types.
 * @example
 * const registry = createRegistry([iou, clickHit]);
 * const reward = registry.create("grounding.iou", { threshold: 0.5 });
 */
export class RewardRegistry {
  readonly #factories = new Map<string, RewardFactory>();

  constructor(factories: Iterable<RewardFactory> = []) {
    for (const f of factories) this.register(f);
  }

  /** Adds a reward type; a duplicate type is a programming error. */
  register(factory: RewardFactory): this {
    if (this.#factories.has(factory.type)) throw new Error(`reward type registered twice: ${factory.type}`);
    this.#factories.set(factory.type, factory);
    return this;
  }

  has(type: string): boolean {
    return this.#factories.has(type);
  }

  get(type: string): RewardFactory | undefined {
    return this.#factories.get(type);
  }

  /** All registered type names, sorted. */
  types(): string[] {
    return [...this.#factories.keys()].sort();
  }

  /**
   * Builds a reward from JSON. An unknown type or a bad config throws a {@link ConfigError}
   * located at `path` (e.g. `rewards[2]`); `env` carries the scorer's services (model clients).
   */
  create(type: string, config: unknown, path = "", env: RewardEnvironment = {}): Reward {
    const factory = this.#factories.get(type);
    if (!factory) {
      throw new ConfigError([
        {
          path: path ? `${path}.type` : "type",
          message: "unknown reward type",
          value: type,
          choices: this.types(),
        },
      ]);
    }
    return factory(config as never, path ? `${path}.config` : "config", env);
  }

  /** Describes every type (for `plaudit presets --json` and `GET /v1/recipes`). */
  describe(): RewardTypeInfo[] {
    return this.types().map((type) => {
      const f = this.#factories.get(type)!;
      let configSchema: unknown;
      try {
        configSchema = z.toJSONSchema(f.schema, { io: "input", unrepresentable: "any" });
      } catch {
        configSchema = {};
      }
      const info: RewardTypeInfo = { type, description: f.description, configSchema };
      if (f.docs) {
        let reads: RewardReads | undefined;
        try {
          reads = rewardReads(f, f.schema.parse({}));
        } catch {
          // A config with required keys has no default to describe the reads of.
          reads = typeof f.docs.reads === "function" ? undefined : f.docs.reads;
        }
        info.docs = {
          formula: f.docs.formula,
          ...(reads ? { reads } : {}),
          deviations: f.docs.deviations,
          ...(f.docs.legacy ? { legacy: f.docs.legacy } : {}),
        };
      }
      return info;
    });
  }
}

/**
 * Creates a registry holding the given reward factories.
 * @example
 * createRegistry(formatRewards).types();
 * // ["format.reasoning-steps", "format.tag-count", "format.think", "format.think-answer"]
 */
export function createRegistry(factories: Iterable<RewardFactory>): RewardRegistry {
  return new RewardRegistry(factories);
}
