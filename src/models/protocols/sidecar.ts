/**
 * The sidecar contract, for models that run only in their own Python code (InternLM-XComposer2.5-
 * Reward, MM-RLHF-Reward, HPS, PickScore, ImageReward). `clients/python/plaudit_sidecar.py` serves it.
 *
 * `POST /score` `{"model", "items": [{"prompt", "completion"?, "images": [base64], "meta"}]}` →
 * `{"scores": [number | null], "errors"?: [string | null]}` (same length as `items`; a `null`
 * score carries its error). `GET /health` → `{"ok": true}`.
 * @module
 */
import { z } from "zod";
import type { ModelOutcome, ScoreRows } from "../client.js";
import { checkReply, joinUrl, lengthMismatch, type ScoreProtocol } from "./protocol.js";

const SidecarReplySchema = z.looseObject({
  scores: z.array(z.number().nullable()),
  errors: z.array(z.string().nullable()).optional(),
});

/**
 * The sidecar protocol.
 * @example
 * sidecar.scoreBody([{ prompt: "a cat", images: ["iVBOR…"] }], "hps");
 * // { model: "hps", items: [{ prompt: "a cat", completion: "", images: ["iVBOR…"], meta: {} }] }
 */
export const sidecar: ScoreProtocol = {
  scoreUrl: (base) => joinUrl(base, "/score"),
  batchable: () => true,
  scoreBody(items, model) {
    return {
      model,
      items: items.map((item) => ({
        prompt: item.prompt ?? "",
        completion: item.completion ?? "",
        images: item.images ?? [],
        meta: item.meta ?? {},
      })),
    };
  },
  parseScore(json, count) {
    const checked = checkReply(SidecarReplySchema, json, "sidecar reply");
    if (!checked.ok) return checked;
    const { scores, errors } = checked.value;
    if (scores.length !== count) return lengthMismatch(count, scores.length);
    return {
      ok: true,
      value: scores.map((score, i): ModelOutcome<ScoreRows> => {
        if (score === null || !Number.isFinite(score)) {
          const reason = errors?.[i] ?? "no score and no error given";
          return { ok: false, code: "judge_error", message: `sidecar: ${reason.slice(0, 200)}` };
        }
        return { ok: true, value: [[score]] };
      }),
    };
  },
  healthUrl: (base) => joinUrl(base, "/health"),
};
