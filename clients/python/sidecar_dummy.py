"""A dummy scoring function for the sidecar tests: the score is len(completion) + number of
image bytes / 1000; a completion "boom" makes the whole batch fail, "nan" returns NaN, and
"slow" holds the worker for 1.5 s (to show that requests arriving meanwhile share a batch)."""

import time

BATCH_SIZES = []


def score(batch):
    BATCH_SIZES.append(len(batch))
    if any(item["completion"] == "slow" for item in batch):
        time.sleep(1.5)
    if any(item["completion"] == "boom" for item in batch):
        raise RuntimeError("the model crashed")
    out = []
    for item in batch:
        if item["completion"] == "nan":
            out.append(float("nan"))
        else:
            out.append(len(item["completion"]) + sum(len(b) for b in item["images"]) / 1000)
    return out
