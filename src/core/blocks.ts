/**
 * Typed configuration blocks (`combine:` and `advantage:` in a recipe): a `type` plus
 * type-specific keys, validated by the definition's zod schema. Shared by the combination and
 * advantage registries so both report bad blocks the same way.
 * @module
 */
import { z } from "zod";
import { ConfigError, parseConfig } from "./errors.js";

/** A definition of one block type. `create` receives the validated config and build-time context. */
export interface BlockDefinition<S extends z.ZodType, Env, Out> {
  type: string;
  description: string;
  config: S;
  create(config: z.output<S>, env: Env): Out;
}

/** Describes a block type for listings. */
export interface BlockTypeInfo {
  type: string;
  description: string;
  /** JSON Schema of the block's config (with each field's description). */
  configSchema?: unknown;
}

/**
 * A registry of block definitions of one kind ("combine" or "advantage").
 * @example
 * const combiners = new BlockRegistry<CombineEnv, Combiner>("combine", [sum, weighted]);
 * combiners.create({ type: "weighted" }, env, "combine");
 */
export class BlockRegistry<Env, Out> {
  readonly kind: string;
  // Definitions of differing schemas live together; each validates its own config.
  readonly #defs = new Map<string, BlockDefinition<z.ZodType, Env, Out>>();

  constructor(kind: string, definitions: Iterable<BlockDefinition<z.ZodType, Env, Out>> = []) {
    this.kind = kind;
    for (const d of definitions) this.register(d);
  }

  register(definition: BlockDefinition<z.ZodType, Env, Out>): this {
    if (this.#defs.has(definition.type))
      throw new Error(`${this.kind} type registered twice: ${definition.type}`);
    this.#defs.set(definition.type, definition);
    return this;
  }

  types(): string[] {
    return [...this.#defs.keys()].sort();
  }

  describe(): BlockTypeInfo[] {
    return this.types().map((type) => {
      const def = this.#defs.get(type)!;
      let configSchema: unknown;
      try {
        configSchema = z.toJSONSchema(def.config, { io: "input", unrepresentable: "any" });
      } catch {
        configSchema = {};
      }
      return { type, description: def.description, configSchema };
    });
  }

  /** Validates `block` (its `type` and the other keys) and builds it. */
  create(block: { type: string; [key: string]: unknown }, env: Env, path: string): Out {
    const def = this.#defs.get(block.type);
    if (!def) {
      throw new ConfigError([
        {
          path: `${path}.type`,
          message: `unknown ${this.kind} type`,
          value: block.type,
          choices: this.types(),
        },
      ]);
    }
    const { type: _type, ...rest } = block;
    return def.create(parseConfig(def.config, rest, path), env);
  }
}

/**
 * Builds a {@link BlockDefinition} whose built value carries its `type` and validated `config`
 * next to the parts `create` returns (the shape of combiners and advantage estimators).
 * @example
 * const sum = defineBlock<CombineEnv, Combiner, typeof schema>({ type: "sum", description: "…", config: schema,
 *   create: () => ({ combineRow: (values) => … }) });
 */
export function defineBlock<
  Env,
  Out extends { type: string; config: unknown },
  S extends z.ZodType,
>(definition: {
  type: string;
  description: string;
  config: S;
  create(config: z.output<S>, env: Env): Omit<Out, "type" | "config">;
}): BlockDefinition<z.ZodType, Env, Out> {
  return {
    type: definition.type,
    description: definition.description,
    config: definition.config,
    create: (config, env) =>
      ({ type: definition.type, config, ...definition.create(config as z.output<S>, env) }) as Out,
  };
}

/**
 * The statistics a scheme needs: within each group (`group`: normalisation, Pareto sets, win
 * rates, GRPO) or over the whole batch (`batch`: batch whitening, per-batch dual steps). The
 * scorer reports `group_of_one` for samples whose group (or batch) is smaller than the recipe
 * expects, instead of letting such a scheme score them 0.
 * @example
 * const scope: GroupScope = "group";
 */
export type GroupScope = "group" | "batch";
