/**
 * Model-judge and reward-model presets. They name no server: each endpoint's URL comes from
 * `--endpoint NAME=URL`, the environment variable `PLAUDIT_ENDPOINT_<NAME>`, or an `override`
 * of the reward's `endpoint.url`; the served model name can be overridden the same way.
 * @module
 */
import type { Preset } from "../schema.js";

const judge = (model: string) => ({ name: "judge", model, protocol: "openai-chat" as const });

const ENDPOINT_NOTE =
  "The endpoint is named `judge`: pass `--endpoint judge=http://HOST:PORT` (CLI and `serve`), set `PLAUDIT_ENDPOINT_JUDGE`, or override `endpoint.url`. The served model name is `UnifiedReward` (vLLM `--served-model-name UnifiedReward`, as the released `vllm_server.sh`); override `endpoint.model` if yours differs.";

const IMAGES_NOTE =
  "Images travel on the sample as `images: [{path}|{url}|{data}, role]` and are attached before the text as `image_url` data URLs. Paths are read only under `--allow-path` roots; URLs are passed on only with `--allow-urls`.";

/**
 * Judge and reward-model presets.
 * @example
 * judgePresets.map((p) => p.name).includes("pref-grpo"); // true
 */
export const judgePresets: Preset[] = [
  {
    name: "unified-reward/image-generation-pointwise",
    description:
      "UnifiedReward v1 image-generation score (`Final Score:` 1–5 → (s − 1)/4) over a vLLM chat judge.",
    source:
      "Unified Reward Model for Multimodal Understanding and Generation (arXiv 2503.05236); CodeGoat24/UnifiedReward@ff6f520: inference_qwen/image_generation/qwen_point_score_image_generation.py",
    notes: [
      ENDPOINT_NOTE,
      IMAGES_NOTE,
      "Normalisation: (s − 1)/4 into [0, 1] (verl-omni's reading); Flow-GRPO divides by 5 instead. A reply without `Final Score:` or with a score outside 1–5 is `null` + `judge_unparseable` (Flow-GRPO scores it 0.0). The raw score is kept in `details.judge.raw`.",
    ],
    recipe: {
      name: "unified-reward/image-generation-pointwise",
      rewards: [
        {
          name: "judge",
          type: "judge.pointwise",
          config: {
            endpoint: judge("UnifiedReward"),
            template: "unified-reward/image-generation-pointwise",
            images: ["output"],
          },
        },
      ],
      combine: { type: "sum" },
    },
  },
  {
    name: "unified-reward/image-generation-pairwise",
    description:
      "UnifiedReward pairwise rank of generated images within each group (both orders, ties ½) → win rate.",
    source:
      "Unified Reward Model for Multimodal Understanding and Generation (arXiv 2503.05236); CodeGoat24/UnifiedReward@ff6f520: inference_qwen/image_generation/qwen_pair_rank_image_generation.py",
    notes: [
      ENDPOINT_NOTE,
      IMAGES_NOTE,
      "Each sample's `output` image is compared with every other sample of its `group`, in both orders; the verdict phrase that appears last in the reply wins.",
    ],
    recipe: {
      name: "unified-reward/image-generation-pairwise",
      rewards: [
        {
          name: "judge",
          type: "judge.pairwise",
          config: { endpoint: judge("UnifiedReward"), template: "unified-reward/image-generation-pairwise" },
        },
      ],
      combine: { type: "sum" },
    },
  },
  {
    name: "unified-reward/image-understanding-pointwise",
    description: "UnifiedReward image-understanding score of an answer (`Final Score:` 0–100 → s/100).",
    source:
      "Unified Reward Model for Multimodal Understanding and Generation (arXiv 2503.05236); CodeGoat24/UnifiedReward@ff6f520: inference_qwen/image_understanding/qwen_point_score_image_understanding.py",
    notes: [ENDPOINT_NOTE, IMAGES_NOTE],
    recipe: {
      name: "unified-reward/image-understanding-pointwise",
      rewards: [
        {
          name: "judge",
          type: "judge.pointwise",
          config: {
            endpoint: judge("UnifiedReward"),
            template: "unified-reward/image-understanding-pointwise",
            images: ["input"],
          },
        },
      ],
      combine: { type: "sum" },
    },
  },
  {
    name: "unified-reward/image-understanding-pairwise",
    description:
      "UnifiedReward pairwise comparison of two answers about the same image ('Answer 1 is better') → win rate.",
    source:
      "Unified Reward Model for Multimodal Understanding and Generation (arXiv 2503.05236); CodeGoat24/UnifiedReward@ff6f520: inference_qwen/image_understanding/qwen_pair_rank_image_understanding.py",
    notes: [
      ENDPOINT_NOTE,
      IMAGES_NOTE,
      "The question's `input` image (from the first sample of the group) is attached once; the answers go in the text.",
    ],
    recipe: {
      name: "unified-reward/image-understanding-pairwise",
      rewards: [
        {
          name: "judge",
          type: "judge.pairwise",
          config: {
            endpoint: judge("UnifiedReward"),
            template: "unified-reward/image-understanding-pairwise",
            sharedImages: ["input"],
            pairImages: [],
          },
        },
      ],
      combine: { type: "sum" },
    },
  },
  {
    name: "unified-reward-think/pairwise",
    description:
      "UnifiedReward-Think CoT pairwise judge (verdict in <answer>, no tie) → win rate, both orders.",
    source:
      "UnifiedReward-Think: Unified Multimodal Chain-of-Thought Reward Model (arXiv 2505.03318); CodeGoat24/UnifiedReward@ff6f520: UnifiedReward-Think/inference_qwen/UnifiedReward-Think-qwen3-inference/qwen3_infer_cot_image_generation.py",
    notes: [
      ENDPOINT_NOTE,
      IMAGES_NOTE,
      "A reply without `<answer>…</answer>` is `judge_unparseable` and left out of both sides' win rates.",
    ],
    recipe: {
      name: "unified-reward-think/pairwise",
      rewards: [
        {
          name: "judge",
          type: "judge.pairwise",
          config: {
            endpoint: judge("UnifiedReward"),
            template: "unified-reward-think/image-generation-pairwise",
          },
        },
      ],
      combine: { type: "sum" },
    },
  },
  {
    name: "pref-grpo",
    description:
      "Pref-GRPO: UnifiedReward-Think pairwise win rate over all C(G,2) pairs (one order, 3 decimals) → win-rate advantage (z-score, clamp ±5).",
    source:
      "Pref-GRPO: Pairwise Preference Reward-based GRPO (arXiv 2508.20751); CodeGoat24/Pref-GRPO@3e787f6: fastvideo/rewards/unifiedreward_think.py, fastvideo/rewards/dispatcher.py:614, fastvideo/train_flux.py:723",
    notes: [
      ENDPOINT_NOTE,
      IMAGES_NOTE,
      "As released: each unordered pair once (i < j, images [img_i, img_j]), win rate rounded to 3 decimals, group z-score with unbiased std and eps 1e-8, clamped to ±5. Deviation: an unparseable verdict is left out of both sides' counts (the released code counts it as a tie, which hides judge outages); `override: { judge: { legacy: true } }` restores the tie. Set `bothOrders: true` to cancel position bias.",
    ],
    recipe: {
      name: "pref-grpo",
      rewards: [
        {
          name: "judge",
          type: "judge.pairwise",
          config: {
            endpoint: judge("UnifiedReward"),
            template: "unified-reward-think/image-generation-pairwise",
            bothOrders: false,
            round: 3,
          },
        },
      ],
      combine: { type: "sum" },
      advantage: { type: "win-rate", format: "reward", eps: 1e-8, clip: 5 },
    },
  },
  {
    name: "rewarddance/pointwise",
    description:
      'RewardDance-style P("yes") from the judge\'s first-token logprobs, normalised over yes/no variants.',
    source:
      "RewardDance: Reward Scaling in Visual Generation (arXiv 2509.08826); no released code: plaudit's documented template `rewarddance/pointwise-yes`",
    notes: [
      "The endpoint is named `judge`; the model name defaults to `judge` (override `endpoint.model`).",
      IMAGES_NOTE,
      "reward = Σ exp(lp) over `yes` variants ÷ Σ over `yes` ∪ `no` variants (case and surrounding whitespace ignored) of the first generated token's top-20 logprobs; vLLM's −9999 counts as probability 0. No label in the top 20 is `null` + `judge_label_missing`. The prompt wording is plaudit's (no released prompt): override `template` with your own. For a CoT judge set `position: verdict` and a larger `maxTokens`.",
    ],
    recipe: {
      name: "rewarddance/pointwise",
      rewards: [
        {
          name: "judge",
          type: "judge.logprob",
          config: { endpoint: judge("judge"), template: "rewarddance/pointwise-yes", images: ["output"] },
        },
      ],
      combine: { type: "sum" },
    },
  },
  {
    name: "mm-rlhf/critique-score",
    description:
      "MM-RLHF critique-then-score over a chat endpoint: the critic prompt, then a 0–10 score from the critique (→ s/10).",
    source:
      "MM-RLHF: The Next Step Forward in Multimodal LLM Alignment (arXiv 2502.10391); julyanghar/MM-RLHF@e103c40: llava/eval/eval_mm_reward_bench.py",
    notes: [
      "The endpoint is named `judge`; the model name defaults to `judge`.",
      IMAGES_NOTE,
      "Two calls per sample: the released critic prompt, then the critique returned as `[Evaluation]` with a request for `Score: X` (0–10). The released MM-RLHF-Reward model scores the critique with a reward head instead; serve it through the sidecar (`rm.scalar` with `protocol: sidecar`) to reproduce that stage exactly.",
    ],
    recipe: {
      name: "mm-rlhf/critique-score",
      rewards: [
        {
          name: "judge",
          type: "judge.pointwise",
          config: {
            endpoint: judge("judge"),
            template: "mm-rlhf/score-from-critique",
            critique: { template: "mm-rlhf/critique" },
            images: ["input"],
          },
        },
      ],
      combine: { type: "sum" },
    },
  },
  {
    name: "skywork-reward-v2",
    description: "Skywork-Reward-V2 Bradley-Terry score (raw logit) via vLLM /classify with chat messages.",
    source:
      "Skywork-Reward-V2: Scaling Preference Data Curation via Human-AI Synergy (arXiv 2507.01352); vllm-project/vllm docs/models/pooling_models/reward.md",
    notes: [
      "The endpoint is named `rm`: `--endpoint rm=http://HOST:PORT` or `PLAUDIT_ENDPOINT_RM`. Serve with `vllm serve Skywork/Skywork-Reward-V2-Llama-3.1-8B` (sequence classification is auto-detected).",
      "The prompt and completion are sent as chat `messages`, so the server applies the RM's own chat template; `use_activation: false` returns the raw logit `probs[0]`. Samples are sent one conversation per request (vLLM takes one `messages` list per request), up to the endpoint's `concurrency`.",
    ],
    recipe: {
      name: "skywork-reward-v2",
      rewards: [
        {
          name: "rm",
          type: "rm.scalar",
          config: {
            endpoint: {
              name: "rm",
              model: "Skywork/Skywork-Reward-V2-Llama-3.1-8B",
              protocol: "vllm-classify",
            },
          },
        },
      ],
      combine: { type: "sum" },
    },
  },
  {
    name: "qwen2.5-math-prm",
    description:
      "Qwen2.5-Math-PRM-style process reward: steps joined with <extra_0>, per-step P(positive), minimum over steps.",
    source:
      "The Lessons of Developing Process Reward Models in Mathematical Reasoning (arXiv 2501.07301); Qwen/Qwen2.5-Math-PRM-7B; vllm-project/vllm model_executor/models/qwen2_rm.py",
    notes: [
      "The endpoint is named `prm`: `--endpoint prm=http://HOST:PORT` or `PLAUDIT_ENDPOINT_PRM`. vLLM serves the model with the `token_classify` task and STEP pooling on `<extra_0>`; the request asks for the activation (softmax) so each step row is [p(negative), p(positive)].",
      "Steps are the completion split on blank lines; the reward is the minimum step score (override `aggregate`: mean, last, product). Per-step scores are kept in `details.prm.steps`.",
    ],
    recipe: {
      name: "qwen2.5-math-prm",
      rewards: [
        {
          name: "prm",
          type: "rm.process",
          config: {
            endpoint: {
              name: "prm",
              model: "Qwen/Qwen2.5-Math-PRM-7B",
              protocol: "vllm-pooling",
              extraBody: { task: "token_classify", use_activation: true },
            },
            separator: "\n\n",
            stepTag: "<extra_0>",
            index: 1,
            aggregate: "min",
          },
        },
      ],
      combine: { type: "sum" },
    },
  },
  {
    name: "hybrid/judge-rules",
    description:
      "Beyond Monolithic Rewards-style hybrid: a P(correct) judge + format + exact-match accuracy + a length penalty, weighted sum.",
    source:
      "Beyond Monolithic Rewards: Hybrid Multi-Aspect Reward Optimization (ACL Findings 2026); no released code: plaudit's documented reading",
    notes: [
      "The endpoint is named `judge`. Components: `judge` (judge.logprob with `plaudit/answer-correct-yes`, weight 1), `format` (format.think-answer, 0.5), `accuracy` (answer.exact against `reference`, 1) and `length` (length.penalty, linear over 1024 tokens beyond a 1024 target, 0.5; the token count comes from `meta.completion_tokens` or `meta.completion_ids`; without them the sample is broken data, `missing_required_meta`).",
      "The paper gives no code: the aspect set, the weights and the length-penalty shape are plaudit's choices, meant to be overridden. A judge outage makes `judge` null and the weighted sum skips it, so the rule components still count and the issue is reported.",
    ],
    recipe: {
      name: "hybrid/judge-rules",
      rewards: [
        {
          name: "judge",
          type: "judge.logprob",
          weight: 1,
          config: { endpoint: judge("judge"), template: "plaudit/answer-correct-yes" },
        },
        { name: "format", type: "format.think-answer", weight: 0.5 },
        { name: "accuracy", type: "answer.exact", weight: 1 },
        {
          name: "length",
          type: "length.penalty",
          weight: 0.5,
          config: { side: "over", target: 1024, scale: 1024 },
        },
      ],
      combine: { type: "weighted" },
    },
  },
  {
    name: "caprl",
    description:
      "CapRL caption reward: a text-only LLM answers the image's multiple-choice questions from the caption alone (8 draws, shuffled options + 'Can not answer') → fraction right.",
    source:
      "CapRL: Stimulating Dense Image Caption Capabilities via Reinforcement Learning (arXiv 2509.22647); InternLM/CapRL@6be7f28: CapRL++/train/verl/recipe/video_captionrl/serve_rm.py, reward_fn.py",
    notes: [
      "The endpoint is named `judge`; the model name defaults to `judge` (override `endpoint.model`). CapRL's answerer is a small text-only instruct LLM (the released start script's example is Qwen3-4B-Instruct) served by vLLM; no image is sent.",
      "Each sample carries its questions in `meta.questions` or `reference`: `[{question, options: [texts], answer: letter | index | text}]` (CapRL++'s `choices` works as `options`), or CapRL's own `[question, answer]` pairs whose question text holds the option lines (`'Q\\n   - A) …\\n   - B) …'`). Missing or invalid questions are broken data (null + `missing_required_meta` / `invalid_meta` / `reference_unparseable`), never 0.",
      "As released: 8 draws with replacement (`qa_num`), options shuffled per draw, 'F) Can not answer based on the caption' added, temperature 0.6, top_p 1, 10 tokens, the first capital A–I of the reply is the answer and a reply without one counts as wrong. Deviations: a failed call is null + `judge_error` (CapRL scores it 0); the draws are seeded from the question set, so every caption of the same image is asked the same questions in the same orders; a sample whose replies all lack a letter is null + `judge_unparseable`. `override: { qa: { draws: all, shuffle: false } }` asks every question once (CapRL's `all_qa`).",
    ],
    recipe: {
      name: "caprl",
      rewards: [{ name: "qa", type: "judge.caption-qa", config: { endpoint: judge("judge") } }],
      combine: { type: "sum" },
    },
  },
];
