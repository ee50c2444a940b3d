/**
 * CapRL's question-answering prompt (Xing et al., "CapRL: Stimulating Dense Image Caption
 * Capabilities via Reinforcement Learning", arXiv 2509.22647): a text-only LLM answers a
 * multiple-choice question about an image from its caption alone. The wording is the image
 * prompt of the released reward code, in its chat-API form (the form that adds the one-line
 * output contract), with the caption as `{{completion}}` and the question block (question line,
 * then `   - A) …` option lines) as `{{question}}`.
 * @module
 */
import type { JudgeTemplate } from "./template.js";

/**
 * The CapRL templates.
 * @example
 * caprlTemplates[0]!.name; // "caprl/caption-qa"
 */
export const caprlTemplates: JudgeTemplate[] = [
  {
    name: "caprl/caption-qa",
    kind: "caption-qa",
    description:
      "CapRL: answer a multiple-choice question strictly from the caption (two worked examples, an 'E) Can not answer based on the caption' example), reply `The answer is X.`",
    source:
      "CapRL (arXiv 2509.22647); InternLM/CapRL@6be7f28: CapRL++/train/verl/recipe/video_captionrl/reward_fn.py (PROMPT_TEMPLATE, chat form) and serve_rm.py (PROMPT_IMAGE, stated there to match CapRL's reward_server/serve_rm.py image branch)",
    text: `You will be given an image caption describing the visual content.  
Your task is to answer the multiple-choice question **strictly based on the caption**, even if the answer may seem obvious from prior knowledge or question wording.

Ignore any external knowledge. Do not make assumptions beyond what the caption explicitly or implicitly states.

Example 1:
Caption: <Caption Start> A woman in a red coat is walking a black dog across a snowy park. <Caption End>  
Question: What color is the dog?
- A) Brown  
- B) White  
- C) Black  
- D) Gray
- E) Can not answer based on the caption

The answer is C.

Example 2:
Caption: <Caption Start> A child is waving a British flag during a parade. <Caption End>  
Question: What color is the flag?
- A) Red  
- B) Blue  
- C) Red, white, and blue  
- D) White
- E) Can not answer based on the caption

The answer is E.

Now, answer the question based on the following caption:

Caption: <Caption Start> {{completion}} <Caption End>  
Question: {{question}}  

You must output **exactly one line** in the format:
The answer is X.
where X is a single capital letter from A to F. Do not output anything else.`,
    maxTokens: 10,
  },
];
