#!/usr/bin/python3
"""Writes the tiny CLIP-shaped model folder the image-embedding tests load through
transformers.js: test/fixtures/vision/tiny-clip/ in the Hugging Face layout.

  - onnx/vision_model.onnx: pixel_values [B,3,H,W] -> mean over H,W -> MatMul W [3,4] -> image_embeds [B,4]
  - onnx/text_model.onnx:   input_ids [B,L] -> Gather E [V,4] -> mean over L -> text_embeds [B,4]
  - a WordPiece tokenizer.json ([CLS] $A [SEP]), config.json (model_type clip),
    preprocessor_config.json (CLIPImageProcessor, 8x8, mean = std = 0.5)
  - weights.json: W, E and the vocabulary, so tests compute the expected embeddings themselves.

Run with Debian's python3 and python3-onnx (apt-get install -y python3-onnx):
  /usr/bin/python3 scripts/make-tiny-onnx.py
"""
import json
import os

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "vision", "tiny-clip")
VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "photo", "of", "red", "green", "blue", "cat"]
# Vision projection: mean R, G, B (each in [-1, 1] after normalisation) -> 4 dims.
W = [[1.0, 0.0, 0.5, 0.0], [0.0, 1.0, 0.5, 0.0], [0.0, 0.0, -0.5, 1.0]]
# Token embeddings; [PAD], [CLS] and [SEP] are zero, so they scale the mean but not its direction.
E = [
    [0.0, 0.0, 0.0, 0.0],
    [0.1, 0.1, 0.1, 0.1],
    [0.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 0.0, 0.0],
    [0.05, 0.0, 0.0, 0.05],
    [0.0, 0.1, 0.0, 0.0],
    [0.0, 0.0, 0.05, 0.0],
    [1.0, -1.0, 0.0, -1.0],
    [-1.0, 1.0, 0.0, -1.0],
    [-1.0, -1.0, -0.5, 1.0],
    [0.2, 0.3, -0.4, 0.1],
]


def save(model, name):
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, "onnx", name))


def vision_model():
    pixels = helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3, "height", "width"])
    embeds = helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", 4])
    w = helper.make_tensor("W", TensorProto.FLOAT, [3, 4], [v for row in W for v in row])
    nodes = [
        helper.make_node("ReduceMean", ["pixel_values"], ["channel_means"], axes=[2, 3], keepdims=0),
        helper.make_node("MatMul", ["channel_means", "W"], ["image_embeds"]),
    ]
    graph = helper.make_graph(nodes, "tiny_clip_vision", [pixels], [embeds], [w])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="plaudit")


def text_model():
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"])
    embeds = helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch", 4])
    e = helper.make_tensor("E", TensorProto.FLOAT, [len(E), 4], [v for row in E for v in row])
    nodes = [
        helper.make_node("Gather", ["E", "input_ids"], ["token_embeds"], axis=0),
        helper.make_node("ReduceMean", ["token_embeds"], ["text_embeds"], axes=[1], keepdims=0),
    ]
    graph = helper.make_graph(nodes, "tiny_clip_text", [ids], [embeds], [e])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="plaudit")


def special(token):
    return {"id": VOCAB.index(token), "content": token, "single_word": False, "lstrip": False,
            "rstrip": False, "normalized": False, "special": True}


def tokenizer():
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(t) for t in ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [VOCAB.index(t)], "tokens": [t]} for t in ["[CLS]", "[SEP]"]},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(VOCAB)}},
    }


def write_json(name, value):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def main():
    os.makedirs(os.path.join(OUT, "onnx"), exist_ok=True)
    save(vision_model(), "vision_model.onnx")
    save(text_model(), "text_model.onnx")
    write_json("tokenizer.json", tokenizer())
    write_json("tokenizer_config.json", {"tokenizer_class": "BertTokenizer", "do_lower_case": True,
                                         "model_max_length": 77, "cls_token": "[CLS]", "sep_token": "[SEP]",
                                         "pad_token": "[PAD]", "unk_token": "[UNK]"})
    write_json("config.json", {
        "model_type": "clip", "architectures": ["CLIPModel"], "projection_dim": 4,
        "text_config": {"model_type": "clip_text_model", "hidden_size": 4, "vocab_size": len(VOCAB),
                        "max_position_embeddings": 77},
        "vision_config": {"model_type": "clip_vision_model", "hidden_size": 4, "image_size": 8, "patch_size": 8},
    })
    write_json("preprocessor_config.json", {
        "image_processor_type": "CLIPImageProcessor", "do_resize": True, "size": {"shortest_edge": 8},
        "resample": 3, "do_center_crop": True, "crop_size": {"height": 8, "width": 8}, "do_rescale": True,
        "rescale_factor": 1 / 255, "do_normalize": True, "image_mean": [0.5, 0.5, 0.5],
        "image_std": [0.5, 0.5, 0.5], "do_convert_rgb": True,
    })
    write_json("weights.json", {"vocab": VOCAB, "W": W, "E": E, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5]})


if __name__ == "__main__":
    main()
