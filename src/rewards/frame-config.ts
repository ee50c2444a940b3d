/**
 * The `pred` / `ref` coordinate-frame field shared by every box and point reward's config.
 * @module
 */
import { z } from "zod";
import { FRAMES } from "../parse/index.js";

/**
 * A `{ frame }` config field, `pixel` by default, with its JSON Schema description.
 * @example
 * const Config = z.strictObject({ pred: frameField("Frame of the prediction.") });
 * Config.parse({}); // { pred: { frame: "pixel" } }
 */
export function frameField(description: string) {
  return z
    .strictObject({ frame: z.enum(FRAMES).default("pixel") })
    .default({ frame: "pixel" })
    .describe(description);
}
