/**
 * Built-in GUI-agent presets: GUI-G1, GUI-G² and SSL's sweet-spot reward.
 * @module
 */
import type { Preset } from "../schema.js";

/**
 * GUI presets, shipped with the package.
 * @example
 * guiPresets.map((p) => p.name); // ["gui-g1", "gui-g2", "ssl"]
 */
export const guiPresets: Preset[] = [
  {
    name: "gui-g1",
    description:
      "GUI-G1: 0.25·inclusive-pixel IoU + centre hit + 0.125·box-closeness harmonic mean; `image` size required; advantage rate·(r − mean).",
    source:
      "GUI-G1: Understanding R1-Zero-Like Training for Visual Grounding in GUI Agents (arXiv 2505.15810); Yuqi-Zhou/GUI-G1@e581fe9: src/open-r1-multimodal/src/open_r1/grpo_rec.py",
    recipe: {
      name: "gui-g1",
      rewards: [
        { name: "iou", type: "gui.g1-iou" },
        { name: "hit", type: "gui.g1-hit" },
        { name: "box", type: "gui.g1-box" },
      ],
      combine: { type: "sum" },
      // The trainer's advantage is r − mean_G (std division commented out), and its loss weighs
      // each sample by the dataset's difficulty `rate`, which is the same as scaling the advantage.
      advantage: { type: "difficulty", key: "rate", base: { type: "dr-grpo" } },
    },
  },
  {
    name: "gui-g2",
    description:
      "GUI-G²: Gaussian point reward + Gaussian plane (Bhattacharyya) reward + bare integer-box format; pixel abs_box reference.",
    source:
      "GUI-G²: Gaussian Reward Modeling for GUI Grounding (arXiv 2507.15846); ZJU-REAL/GUI-G2@5c5c365: src/gui_g2/src/open_r1/gaussian_grpo.py",
    recipe: {
      name: "gui-g2",
      rewards: [
        { name: "gaussian_point", type: "gui.gaussian-point" },
        { name: "gaussian_plane", type: "gui.gaussian-plane" },
        { name: "format", type: "gui.g2-format" },
      ],
      combine: { type: "sum" },
      advantage: { type: "grpo", std: "unbiased", eps: 1e-4 },
    },
  },
  {
    name: "ssl",
    description:
      "SSL sweet spot (plaudit's reading, no released code): Gaussian proximity bucketised into 4 zones with tiers 0, ¼, ½, 1.",
    source:
      "Sweet Spot Learning (arXiv 2601.22491); no public code — formula and choices documented on gui.sweet-spot",
    recipe: {
      name: "ssl",
      rewards: [{ name: "sweet_spot", type: "gui.sweet-spot" }],
      combine: { type: "sum" },
      // Used as a drop-in reward for GRPO in the paper.
      advantage: { type: "grpo", std: "unbiased", eps: 1e-4 },
    },
  },
];
