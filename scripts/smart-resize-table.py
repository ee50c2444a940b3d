"""Test data for src/recipe/input-image.ts: sizes computed by the published smart_resize.

The algorithm is that of the Qwen2-VL image processor in Hugging Face transformers
(src/transformers/models/qwen2_vl/image_processing_qwen2_vl.py, `smart_resize`), which the
Qwen2-VL, Qwen2.5-VL and Qwen3-VL image processors call with factor = patch_size * merge_size.
Written here from its published description (Python's round, math.floor, math.ceil, math.sqrt),
so the TypeScript port is checked against Python's own arithmetic.

Run: python3 scripts/smart-resize-table.py > src/recipe/fixtures/smart-resize.json
"""

import json
import math
import random


def smart_resize(height, width, factor, min_pixels, max_pixels):
    if max(height, width) / min(height, width) > 200:
        return {"error": "aspect_ratio"}
    h_bar = round(height / factor) * factor
    w_bar = round(width / factor) * factor
    if h_bar * w_bar > max_pixels:
        beta = math.sqrt((height * width) / max_pixels)
        h_bar = max(factor, math.floor(height / beta / factor) * factor)
        w_bar = max(factor, math.floor(width / beta / factor) * factor)
    elif h_bar * w_bar < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h_bar = math.ceil(height * beta / factor) * factor
        w_bar = math.ceil(width * beta / factor) * factor
    return {"height": h_bar, "width": w_bar}


POLICIES = [
    # name, factor, min_pixels, max_pixels
    ("qwen2.5-vl", 28, 3136, 12845056),
    ("qwen2-vl", 28, 3136, 12845056),
    ("qwen3-vl", 32, 65536, 16777216),
    # Limits trainers set themselves (VLM-R1 / R1-V style configs).
    ("qwen2.5-vl", 28, 3136, 1003520),
    ("qwen2.5-vl", 28, 200704, 401408),
    ("qwen3-vl", 32, 4096, 1048576),
]

FIXED = [
    (1080, 1920), (720, 1280), (1440, 2560), (2160, 3840), (480, 640), (1000, 1000),
    (28, 28), (14, 14), (1, 1), (1, 200), (1, 201), (200, 1), (201, 1), (10, 2000), (10, 2001),
    (70, 70), (42, 98), (126, 182), (80, 112), (48, 80), (112, 144),  # halves: round to even
    (3584, 3584), (3585, 3583), (4000, 3000), (8192, 8192), (10000, 50), (50, 10000),
    (27, 27), (56, 56), (57, 55), (333, 777), (1023, 767), (1366, 768), (2532, 1170), (1179, 2556),
]


def main():
    rnd = random.Random(20251202)
    sizes = list(FIXED)
    for _ in range(400):
        sizes.append((rnd.randint(1, 8000), rnd.randint(1, 8000)))
    for _ in range(100):
        h = rnd.randint(1, 600)
        sizes.append((h, h * rnd.randint(150, 220) + rnd.randint(0, 3)))
    policies = []
    for name, factor, min_pixels, max_pixels in POLICIES:
        rows = []
        for height, width in sizes:
            out = smart_resize(height, width, factor, min_pixels, max_pixels)
            # [height, width, resized height, resized width], or null sizes for the aspect-ratio error
            rows.append([height, width, out.get("height"), out.get("width")])
        policies.append({
            "resize": name,
            "factor": factor,
            "minPixels": min_pixels,
            "maxPixels": max_pixels,
            "rows": rows,
        })
    print(json.dumps({"generator": "scripts/smart-resize-table.py", "policies": policies}, separators=(",", ":")))

main()
