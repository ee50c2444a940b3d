/**
 * Presets of rewards from local vision models. They need the optional vision packages (a recipe
 * that uses one without them fails at load with the install command) and read images under
 * `--allow-path` roots or inline.
 * @module
 */
import type { Preset } from "../schema.js";

const IMAGES_NOTE =
  'Each sample carries its images: the generated one with `role: "output"`, the reference (identity photo, source image) with `role: "reference"`, e.g. `"images": [{"path": "gen/0.png", "role": "output"}, {"path": "ids/alice.jpg", "role": "reference"}]`. Paths are read only under `--allow-path` roots; `{"data": base64}` works anywhere; URLs are never downloaded.';

/**
 * Image presets.
 * @example
 * imagePresets.map((p) => p.name); // ["id-aligner/identity", "flow-grpo/ocr"]
 */
export const imagePresets: Preset[] = [
  {
    name: "id-aligner/identity",
    description:
      "ID-Aligner-style identity reward: cosine similarity of face descriptors of the generated face and the reference face (largest face each).",
    source:
      "ID-Aligner: Enhancing Identity-Preserving Text-to-Image Generation with Reward Feedback Learning (arXiv 2404.15449); face-api 128-d descriptors (@vladmandic/face-api 1.7.15) in place of the paper's face-recognition backbone; plaudit's documented reading",
    notes: [
      IMAGES_NOTE,
      "The paper rewards the cosine similarity of face-recognition embeddings of the generated and reference faces. plaudit uses face-api's shipped SSD MobileNet detector, 68-point landmarks and 128-d recognition net on the tfjs WebAssembly backend (CPU, no download), images downscaled to 640 px first. No face in the generated image is 0 + `no_face_found`; no face in the reference is a data error (`reference_no_face`, reward `null`). Override `faces: best-match` for group photos, or `mapping: linear` for `max(0, 1 − d/1.2)` of the Euclidean distance.",
      "Needs `npm install --save-exact @vladmandic/face-api@1.7.15 @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0 sharp@0.35.5` when the optional packages were not installed.",
    ],
    recipe: {
      name: "id-aligner/identity",
      rewards: [
        { name: "identity", type: "image.face-identity", config: { mapping: "cosine", faces: "largest" } },
      ],
      combine: { type: "sum" },
    },
  },
  {
    name: "flow-grpo/ocr",
    description:
      "Flow-GRPO OCR reward: PP-OCR reads the generated image; 1 − min(edit distance, |t|)/|t| against the prompt's quoted text t (spaces removed, lower-cased).",
    source:
      "Flow-GRPO: Training Flow Matching Models via Online RL (arXiv 2505.05470); yifan123/flow_grpo@ac4c86e: flow_grpo/ocr.py, flow_grpo/rewards.py:95",
    notes: [
      IMAGES_NOTE,
      "The target text is what the prompt quotes (`prompt.split('\"')[1]`, as released), or a string `reference` when the sample has one. PaddleOCR's PP-OCRv4 detection and recognition models run as ONNX on CPU (`@gutenye/ocr-node`); `override: { ocr: { engine: tesseract } }` switches to tesseract.js (faster on clean renders; see the README's measurements).",
      "Deviations from the released code, all toward visibility: an OCR failure is `null` + `model_error` (released: 0); a prompt without quotes is `null` + `reference_missing` (released: IndexError); an empty target is `null` + `reference_unparseable` (released: ZeroDivisionError).",
    ],
    recipe: {
      name: "flow-grpo/ocr",
      rewards: [{ name: "ocr", type: "image.ocr-text", config: { engine: "ppocr", target: "auto" } }],
      combine: { type: "sum" },
    },
  },
];
